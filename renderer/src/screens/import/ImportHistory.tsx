// 导入记录: every batch (file, who, when, counts, status), 查看记录 (its ledger filtered to the batch) and 撤销, after a confirmation that
// says what will be removed and restored (import.undoPreview) and refuses when later work depends on it.
import { officeDateTime } from '../../../../shared/dates';
import { Alert, App as AntApp, Button, Checkbox, Input, Modal, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ImportBatchRow, UndoPreview } from '../../../../shared/api-import';
import { ImportKind } from '../../../../shared/enums';
import { formatFen } from '../../../../shared/money';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { LEDGER_OF_KIND, openBatchLedger } from './common';

function when(iso: string | null): string {
  return iso ? officeDateTime(iso) : '';
}

const kindLabel = (k: string) => (ImportKind.values as readonly string[]).includes(k) ? ImportKind.label[k as ImportKind] : k;

export function ImportHistory({ version }: { version: number }) {
  const { message } = AntApp.useApp();
  const { refreshAll } = useAppState();
  const [rows, setRows] = useState<ImportBatchRow[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [confirm, setConfirm] = useState<UndoPreview | null>(null);
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState('');
  const [undoing, setUndoing] = useState(false);
  const pageSize = 50;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const value = await call('import.batches', { limit: pageSize, offset: (page - 1) * pageSize });
      setRows(value.rows);
      setTotal(value.total);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setLoading(false);
    }
  }, [page, message]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const ask = async (batchId: number) => {
    try {
      setForce(false);
      setReason('');
      setConfirm(await call('import.undoPreview', { batchId }));
    } catch (error) {
      message.error(errorText(error), 6);
    }
  };

  const undo = async () => {
    if (!confirm) return;
    setUndoing(true);
    try {
      const r = await call('import.undo', { batchId: confirm.batchId, force, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      message.success(`已撤销导入批次 #${r.batchId}：删除 ${r.removed} 条，恢复 ${r.restored} 条`);
      setConfirm(null);
      await load();
      void refreshAll();
    } catch (error) {
      message.error(errorText(error), 8);
    } finally {
      setUndoing(false);
    }
  };

  const blocked = confirm ? confirm.blocking.length > 0 || (confirm.editedLater > 0 && !force) : true;

  return (
    <div data-testid="import-history">
      <Table<ImportBatchRow>
        size="small"
        bordered
        rowKey="id"
        loading={loading}
        dataSource={rows}
        // The fixed widths below and 文件 at its least (1280×720 scrolls sideways rather than cut the name).
        scroll={{ x: 1150 }}
        pagination={{ current: page, pageSize, total, onChange: setPage, showTotal: (t) => `共 ${t} 批` }}
        columns={[
          { key: 'id', title: '批次', dataIndex: 'id', width: 56, render: (id: number) => `#${id}` },
          { key: 'file', title: '文件', dataIndex: 'fileName', minWidth: 160, render: (f: string, r) => <span title={r.sheetName ? `工作表：${r.sheetName}` : undefined}>{f}</span> },
          { key: 'kind', title: '种类', dataIndex: 'kind', width: 72, render: kindLabel },
          { key: 'operator', title: '操作员', dataIndex: 'operator', width: 84 },
          { key: 'at', title: '导入时间', dataIndex: 'createdAt', width: 136, render: when },
          { key: 'read', title: '读取', dataIndex: 'rowsRead', width: 56, align: 'right' },
          { key: 'imported', title: '新增', dataIndex: 'imported', width: 56, align: 'right' },
          { key: 'updated', title: '更新', dataIndex: 'updated', width: 56, align: 'right' },
          { key: 'skipped', title: '跳过', dataIndex: 'skipped', width: 56, align: 'right' },
          { key: 'amount', title: '金额（元）', dataIndex: 'totalFen', width: 116, align: 'right', render: (f: number) => formatFen(f, 'yuan') },
          {
            key: 'status',
            title: '状态',
            dataIndex: 'status',
            width: 128,
            render: (s: ImportBatchRow['status'], r) => (s === 'done' ? <Tag color="green">已导入</Tag> : <Tag title={when(r.undoneAt)}>已撤销 {when(r.undoneAt).slice(5)}</Tag>),
          },
          {
            key: 'op',
            title: '操作',
            width: 140,
            render: (_: unknown, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {r.status === 'done' && LEDGER_OF_KIND[r.kind as ImportKind] ? (
                  <Button size="small" type="link" onClick={() => openBatchLedger(r.kind, r.id)} title={`到${LEDGER_OF_KIND[r.kind as ImportKind]?.label ?? '台账'}查看这一批的记录`} data-testid={`import-view-${r.id}`}>
                    查看记录
                  </Button>
                ) : null}
                {r.status === 'done' ? (
                  <Button size="small" danger type="link" onClick={() => void ask(r.id)} data-testid={`import-undo-${r.id}`}>
                    撤销
                  </Button>
                ) : null}
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={confirm !== null}
        title={confirm ? `撤销导入批次 #${confirm.batchId}（${confirm.fileName}）` : ''}
        okText="撤销这一批"
        okButtonProps={{ danger: true, disabled: blocked, loading: undoing, 'data-testid': 'import-undo-ok' } as never}
        cancelText="不撤销"
        onOk={() => void undo()}
        onCancel={() => setConfirm(null)}
        destroyOnHidden
      >
        {confirm ? (
          <div data-testid="import-undo-confirm">
            <p>撤销一次完成（要么全部撤销，要么什么都不改），每一步都记入审计日志：</p>
            <ul className="imp-list">
              {confirm.remove.map((e) => (
                <li key={`r-${e.entity}`}>
                  删除本批次新增的{e.label} <b>{e.count}</b> 条
                </li>
              ))}
              {confirm.restore.map((e) => (
                <li key={`u-${e.entity}`}>
                  把本批次更新过的{e.label} <b>{e.count}</b> 条恢复为导入前的内容
                </li>
              ))}
              {confirm.remove.length === 0 && confirm.restore.length === 0 ? <li>这一批没有写入任何记录。</li> : null}
            </ul>
            {confirm.blocking.length > 0 ? (
              <Alert type="error" showIcon message="现在不能撤销" description={`${confirm.blocking.join('；')}。请先撤销或删除这些记录。`} />
            ) : null}
            {confirm.editedLater > 0 ? (
              <Alert
                type="warning"
                showIcon
                message={`有 ${confirm.editedLater} 条记录在导入后又被修改过`}
                description={
                  <Checkbox checked={force} onChange={(e) => setForce(e.target.checked)}>
                    仍然撤销（这些后来的修改会丢失，审计日志中仍保留）
                  </Checkbox>
                }
              />
            ) : null}
            <Input className="imp-reason" placeholder="撤销原因（选填）" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        ) : null}
      </Modal>
    </div>
  );
}
