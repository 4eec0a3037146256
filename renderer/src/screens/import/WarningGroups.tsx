// 提醒, one line per kind: the kind's sentence, how many, the first rows; "查看全部" opens the kind's full
// list a page at a time through import.warnings (a sheet can carry 100 000 of one kind: the renderer never
// receives them all). And the confirmation an import needs when amounts or dates the mapping missed would
// be left empty (item 19): which columns, how many rows, and an explicit "照此导入".
import { Alert, Button, Checkbox, Modal, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { ImportIssue, ImportMissingValues, ImportWarningsPage } from '../../../../shared/api-import';
import type { ImportWarningGroup } from '../../../../shared/import/warnings';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';

const PAGE = 50;

function location(w: ImportIssue): string {
  if (w.row === null) return '全表';
  return w.column ? `第 ${w.row} 行 ${w.column} 列` : `第 ${w.row} 行`;
}

function bare(w: ImportIssue): string {
  return w.message.replace(/^第\d+行(?:[A-Z]+列(?:「[^」]*」)?)?：/, '');
}

function FullList({ sessionId, warningsId, group, onClose }: { sessionId: string; warningsId: string; group: ImportWarningGroup; onClose(): void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ImportWarningsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    call('import.warnings', { sessionId, warningsId, kind: group.kind, offset: (page - 1) * PAGE, limit: PAGE })
      .then((value) => live && (setData(value), setError(null)))
      .catch((e: unknown) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [sessionId, warningsId, group.kind, page]);
  return (
    <Modal open width={900} title={`${group.message}（共 ${group.count} 处）`} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>}>
      <div data-testid="import-warning-list">
      {error ? <Alert type="error" showIcon message={error} className="imp-alert" /> : null}
      <Table<ImportIssue>
        size="small"
        bordered
        loading={loading}
        rowKey={(w) => `${w.row ?? 0}:${w.column ?? ''}:${w.message}`}
        dataSource={data?.rows ?? []}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? group.count, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 处` }}
        columns={[
          { key: 'where', title: '位置', width: 130, render: (_: unknown, w) => location(w) },
          { key: 'message', title: '提醒', render: (_: unknown, w) => bare(w) },
        ]}
      />
      </div>
    </Modal>
  );
}

/** The warnings of a preview or an import, one group per kind. */
export function WarningGroups({ sessionId, warningsId, groups }: { sessionId: string | null; warningsId: string | null; groups: ImportWarningGroup[] }) {
  const [open, setOpen] = useState<ImportWarningGroup | null>(null);
  if (groups.length === 0) return null;
  return (
    <div className="imp-warning-groups" data-testid="import-warning-groups">
      {groups.map((g) => (
        <div key={g.kind} className="imp-warning-group" data-testid={`import-warning-group-${g.kind}`}>
          <div className="imp-warning-head">
            <Tag color="gold">提醒</Tag>
            <span className="imp-warning-title">{g.message}</span>
            <span className="imp-warning-count">{g.count} 处</span>
            {g.count > g.rows.length && sessionId && warningsId ? (
              <Button size="small" type="link" onClick={() => setOpen(g)} data-testid={`import-warning-all-${g.kind}`}>
                查看全部 {g.count} 处
              </Button>
            ) : null}
          </div>
          <ul className="imp-warning-rows">
            {g.rows.slice(0, 3).map((w) => (
              <li key={`${w.row ?? 0}:${w.column ?? ''}:${w.message}`}>
                <span className="imp-muted">{location(w)}</span> {bare(w)}
              </li>
            ))}
            {g.count > 3 ? <li className="imp-muted">……等 {g.count} 处</li> : null}
          </ul>
        </div>
      ))}
      {open && sessionId && warningsId ? <FullList sessionId={sessionId} warningsId={warningsId} group={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

/** Amounts or dates that would stay empty: said plainly, and imported only after an explicit confirmation. */
export function MissingValuesConfirm({ missing, allowed, onAllow }: { missing: ImportMissingValues[]; allowed: boolean; onAllow(allow: boolean): void }) {
  if (missing.length === 0) return null;
  const money = missing.some((m) => m.type === 'money');
  const dates = missing.some((m) => m.type === 'date');
  const what = money && dates ? '金额和日期' : money ? '金额' : '日期';
  return (
    <Alert
      type={allowed ? 'warning' : 'error'}
      showIcon
      className="imp-alert"
      data-testid="import-missing-values"
      message={`有${what}没有对应上：照现在的对应关系导入，${missing.map((m) => `${m.rows} 行的${m.type === 'money' ? '金额' : '日期'}`).join('、')}将为空`}
      description={
        <div>
          <ul className="imp-list">
            {missing.map((m) => (
              <li key={m.type}>
                {m.columns.map((c) => `${c.letter} 列「${c.header || '无列名'}」（${c.rows} 行）`).join('、')}写着{m.type === 'money' ? '数字' : '日期'}，没有对应到任何字段；
                {m.fields.map((f) => `“${f}”`).join('、')}将为空。
              </li>
            ))}
          </ul>
          <div>请在“字段对应”中把这些列对应到{what}字段。如果这些确实不是{what}，请确认后再导入：</div>
          <Checkbox checked={allowed} onChange={(e) => onAllow(e.target.checked)} data-testid="import-allow-missing">
            我已核对，照此导入（这些行的{what}留空）
          </Checkbox>
        </div>
      }
    />
  );
}
