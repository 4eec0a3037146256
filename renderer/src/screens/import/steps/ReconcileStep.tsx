// 核对合计: the sheet's own 合计 and 小计 rows against the sum of the rows above them, and each row's 总投资
// against the sum of its sources, so a clerk sees a mistyped figure before it reaches the ledger.
import { Alert, Table, Typography } from 'antd';
import type { ImportPreview, ReconcileEntry } from '../../../../../shared/api-import';
import { formatYuanWithUnit } from '../../../../../shared/money';
import { bareMessage, splitReconcile } from '../common';

export function ReconcileStep({ preview }: { preview: ImportPreview }) {
  const rowTotals = preview.warnings.filter((w) => w.row !== null && w.field === 'total');
  const { agreeing, differences } = splitReconcile(preview.reconcile);
  return (
    <div data-testid="import-reconcile">
      <Typography.Title level={5}>表中的合计、小计与各行之和</Typography.Title>
      {preview.reconcile.length === 0 ? (
        <Alert type="info" showIcon className="imp-alert" title="表中没有合计或小计行可供核对" data-testid="import-reconcile-none" />
      ) : differences.length === 0 ? (
        <Alert type="success" showIcon className="imp-alert" title={`全部 ${agreeing} 项合计一致`} data-testid="import-reconcile-ok" />
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            className="imp-alert"
            title={`${differences.length} 项合计与各行之和不一致${agreeing > 0 ? `，其余 ${agreeing} 项一致` : ''}`}
            data-testid="import-reconcile-summary"
          />
          <Table<ReconcileEntry>
            size="small"
            bordered
            pagination={false}
            rowKey={(e) => `${e.row}:${e.column}`}
            dataSource={differences}
            data-testid="import-reconcile-table"
            columns={[
              { key: 'row', title: '合计行', dataIndex: 'row', width: 80, render: (r: number) => `第 ${r} 行` },
              { key: 'label', title: '列', dataIndex: 'label', width: 140 },
              { key: 'stated', title: '表中写的', dataIndex: 'statedFen', align: 'right', render: formatYuanWithUnit },
              { key: 'sum', title: '各行相加', dataIndex: 'sumFen', align: 'right', render: formatYuanWithUnit },
              { key: 'imported', title: '将导入的行相加', dataIndex: 'importedFen', align: 'right', render: formatYuanWithUnit },
              { key: 'ok', title: '核对', width: 380, render: (_: unknown, e) => <span className="imp-reconcile-bad">{e.message ?? '不一致'}</span> },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} className="imp-section">
        各行的总投资与各资金来源之和
      </Typography.Title>
      {rowTotals.length === 0 ? (
        <Alert
          type={preview.kind === 'projects' ? 'success' : 'info'}
          showIcon
          className="imp-alert"
          title={preview.kind === 'projects' ? '每一行的总投资都等于各来源之和（或表中只有一项）' : '本类表格没有分项合计需要核对'}
        />
      ) : (
        <ul className="imp-list">
          {rowTotals.map((w) => (
            <li key={`${w.row}:${w.message}`}>
              第 {w.row} 行：{bareMessage(w)}
            </li>
          ))}
        </ul>
      )}
      {preview.kind === 'projects' ? (
        <Alert type="info" showIcon className="imp-alert" title="导入的是各资金来源（分项），不是表中写的合计；不一致时请按上面的提示核对原表。" />
      ) : null}
    </div>
  );
}
