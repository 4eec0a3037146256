// Below the project form: the project's money (资金规模, 已下达, 已拨付, 支出进度, with the allocations and
// payments behind them) and the assets it formed.
import { Table, Tag } from 'antd';
import type { AssetRow, ProjectDetail } from '../../../../shared/api';
import { AssetKind, AssetStatus, FundLevel, PaymentType } from '../../../../shared/enums';
import { formatFen, formatMoney, formatPercent, formatWanRounded, writtenUnit } from '../../../../shared/money';

/** 资金执行: what allocations assigned to the project and what was paid, with the rows behind them. */
export function ProjectMoney({ detail }: { detail: ProjectDetail }) {
  const remaining = detail.totalFen - detail.paidFen;
  // The project's figures exactly, in the unit the office writes them (万元 while whole 元, else 元).
  const unit = writtenUnit([detail.totalFen, detail.allocatedFen, detail.paidFen]);
  const unitLabel = unit === 'wan' ? '万元' : '元';
  const money = (fen: number) => formatMoney(fen, unit);
  return (
    <div data-testid="project-money">
      <div className="section-title">资金下达与拨付</div>
      <div className="money-strip">
        <div>
          <span>资金规模</span>
          <b>{money(detail.totalFen)}</b> {unitLabel}
        </div>
        <div>
          <span>已下达</span>
          <b>{money(detail.allocatedFen)}</b> {unitLabel}
        </div>
        <div>
          <span>已拨付</span>
          <b>{money(detail.paidFen)}</b> {unitLabel}
          {detail.overAllocation ? (
            <Tag color="red" style={{ marginLeft: 6 }}>
              拨付超下达
            </Tag>
          ) : null}
        </div>
        <div>
          <span>支出进度</span>
          <b>{formatPercent(detail.paidFen, detail.totalFen) ?? '—'}</b>
        </div>
        <div>
          <span>未拨付</span>
          <b>{money(remaining)}</b> {unitLabel}
        </div>
      </div>
      <div className="drawer-tables">
        <div>
          <div className="sub-title">资金下达（{detail.splits.length} 笔）</div>
          <Table
            size="small"
            bordered
            rowKey="allocationId"
            pagination={false}
            dataSource={detail.splits}
            scroll={{ y: 180 }}
            locale={{ emptyText: '还没有下达到本项目的资金' }}
            columns={[
              { title: '文号', dataIndex: 'docNumber', ellipsis: true },
              { title: '级次', dataIndex: 'level', width: 60, render: (l: keyof typeof FundLevel.label) => FundLevel.label[l] },
              { title: '下达日期', dataIndex: 'date', width: 96, render: (d: string) => <span className="mono">{d}</span> },
              { title: '金额（元）', dataIndex: 'amountFen', width: 120, align: 'right', render: (f: number) => <span className="money">{formatFen(f, 'yuan')}</span> },
            ]}
          />
        </div>
        <div>
          <div className="sub-title">拨付记录（{detail.payments.length} 笔）</div>
          <Table
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            dataSource={detail.payments}
            scroll={{ y: 180 }}
            locale={{ emptyText: '还没有拨付记录' }}
            columns={[
              { title: '支付日期', dataIndex: 'date', width: 96, render: (d: string) => <span className="mono">{d}</span> },
              { title: '金额（元）', dataIndex: 'amountFen', width: 120, align: 'right', render: (f: number) => <span className="money">{formatFen(f, 'yuan')}</span> },
              { title: '收款单位', dataIndex: 'payee', ellipsis: true },
              { title: '类型', dataIndex: 'paymentType', width: 64, render: (t: keyof typeof PaymentType.label | null) => (t ? PaymentType.label[t] : '') },
              { title: '凭证号', dataIndex: 'voucher', width: 96, ellipsis: true },
            ]}
          />
        </div>
      </div>
    </div>
  );
}

/** The assets the project formed. */
export function ProjectAssets({ assets }: { assets: { rows: AssetRow[]; total: number } }) {
  return (
    <div data-testid="project-assets">
      <div className="section-title">项目形成的资产（{assets.total} 项）</div>
      <Table<AssetRow>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        dataSource={assets.rows}
        scroll={{ y: 200 }}
        locale={{ emptyText: '本项目还没有登记资产（在“资产”中新增时选择来源项目）' }}
        columns={[
          { title: '资产编号', dataIndex: 'code', width: 150, render: (c: string | null) => <span className="mono">{c}</span> },
          { title: '名称', dataIndex: 'name', ellipsis: true },
          { title: '类型', dataIndex: 'kind', width: 72, render: (k: AssetKind) => AssetKind.label[k] },
          { title: '原值（万元）', dataIndex: 'originalValueFen', width: 110, align: 'right', render: (f: number) => <span className="money">{formatWanRounded(f)}</span> },
          { title: '状态', dataIndex: 'status', width: 72, render: (s: AssetStatus) => AssetStatus.label[s] },
          {
            title: '最近年收益（万元）',
            key: 'income',
            width: 150,
            align: 'right',
            render: (_: unknown, a: AssetRow) =>
              a.incomeFen === null ? (
                <span className="cell-muted">—</span>
              ) : (
                <span className="money">
                  {formatWanRounded(a.incomeFen)}
                  <span className="cell-muted">（{a.incomeYear}）</span>
                </span>
              ),
          },
          {
            title: '收益率',
            key: 'rate',
            width: 110,
            render: (_: unknown, a: AssetRow) =>
              a.returnRatePercent === null ? (
                ''
              ) : (
                <span className={a.belowMinimum ? 'rate-low' : 'money'}>
                  {a.returnRatePercent.toFixed(2)}%{a.belowMinimum ? ' 偏低' : ''}
                </span>
              ),
          },
        ]}
      />
    </div>
  );
}
