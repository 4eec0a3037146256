// An asset's 年度收益: the row where a year's income is typed (assetIncomes.upsert keeps one record a year, so
// typing a recorded year again corrects it), and the table of recorded years with the 收益率 against the
// configured minimum.
import { EditOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space, Table, Tag, type FormInstance } from 'antd';
import type { AssetDetail, AssetIncomeRow } from '../../../../shared/api';
import { ASSET_FIELD } from '../../../../shared/assets/fields';
import { formatFen, type MoneyUnit } from '../../../../shared/money';
import { enterMovesToNext } from '../../lib/shortcuts';
import { fenToText, moneyRule, UnitSwitch } from '../projects/common';
import type { IncomeValues } from './assetValues';

export interface AssetIncomesProps {
  detail: AssetDetail;
  form: FormInstance<IncomeValues>;
  saving: boolean;
  onSave: (v: IncomeValues) => void;
  unit: MoneyUnit;
  unitNow: () => MoneyUnit;
  onUnit: (next: MoneyUnit) => void;
}

export function AssetIncomes({ detail, form, saving, onSave, unit, unitNow, onUnit }: AssetIncomesProps) {
  const edit = (row: AssetIncomeRow) => {
    form.setFieldsValue({
      year: row.year,
      income: fenToText(row.incomeFen, unitNow()) || '0',
      distribution: row.distribution ?? '',
      remark: row.remark ?? '',
    });
  };
  return (
    <div data-testid="asset-incomes">
      <div className="section-title section-with-tools">
        <span>年度收益</span>
        <span className="section-tools">
          <span className="field-hint">
            收益率 = 年收益 ÷ 原值；经营性资产低于最低收益率时标红
          </span>
        </span>
      </div>
      <Form
        form={form}
        name="assetIncome"
        layout="inline"
        colon={false}
        className="income-editor"
        onFinish={onSave}
        onKeyDownCapture={enterMovesToNext(() => form.submit())}
        data-testid="asset-income-form"
      >
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }, { type: 'number', min: 2000, max: 2100, message: '年度应在 2000 至 2100 年之间' }]}>
          <InputNumber<number> min={2000} max={2100} precision={0} controls={false} style={{ width: 80 }} data-testid="asset-income-year" />
        </Form.Item>
        <Form.Item name="income" label={ASSET_FIELD.income.label} rules={[{ required: true, whitespace: true, message: `请填写${ASSET_FIELD.income.label}（没有收益填 0）` }, moneyRule(ASSET_FIELD.income.label, unitNow)]}>
          <Input
            inputMode="decimal"
            autoComplete="off"
            className="mono money-input"
            style={{ width: 140 }}
            suffix={<span className="unit-suffix">{unit === 'wan' ? '万元' : '元'}</span>}
            data-testid="asset-income-amount"
          />
        </Form.Item>
        <Form.Item>
          <UnitSwitch value={unit} onChange={onUnit} testId="asset-income-unit-switch" />
        </Form.Item>
        <Form.Item name="distribution" label="分配情况" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
          <Input maxLength={500} style={{ width: 170 }} placeholder="如 分红 80 户" data-testid="asset-income-distribution" />
        </Form.Item>
        <Form.Item name="remark" label="备注" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
          <Input maxLength={500} style={{ width: 110 }} data-testid="asset-income-remark" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" ghost htmlType="submit" loading={saving} data-testid="asset-income-save">
            记录收益
          </Button>
        </Form.Item>
      </Form>
      <IncomeTable incomes={detail.incomes} onEdit={edit} />
    </div>
  );
}

function IncomeTable({ incomes, onEdit }: { incomes: AssetIncomeRow[]; onEdit: (row: AssetIncomeRow) => void }) {
  return (
    <Table<AssetIncomeRow>
      size="small"
      bordered
      rowKey="year"
      pagination={false}
      dataSource={[...incomes].sort((a, b) => b.year - a.year)}
      scroll={{ y: 240 }}
      locale={{ emptyText: '还没有收益记录' }}
      columns={[
        { title: '年度', dataIndex: 'year', width: 70, align: 'center' },
        { title: '年收益（元）', dataIndex: 'incomeFen', width: 140, align: 'right', render: (f: number) => <span className="money">{formatFen(f, 'yuan')}</span> },
        {
          title: '收益率',
          key: 'rate',
          width: 190,
          render: (_: unknown, r) => <RateCell percent={r.returnRatePercent} below={r.belowMinimum} />,
        },
        { title: '分配情况', dataIndex: 'distribution', ellipsis: true },
        { title: '备注', dataIndex: 'remark', ellipsis: true, width: 160 },
        {
          title: '操作',
          key: 'actions',
          width: 70,
          align: 'center',
          render: (_: unknown, r) => (
            <a onClick={() => onEdit(r)} data-testid="asset-income-edit">
              <EditOutlined /> 修改
            </a>
          ),
        },
      ]}
    />
  );
}

/** 收益率 with the red flag below the configured minimum. */
export function RateCell({ percent, below }: { percent: number | null; below: boolean }) {
  if (percent === null) return <span className="cell-muted">—</span>;
  return (
    <Space size={4}>
      <span className={below ? 'rate-low' : 'money'}>{percent.toFixed(2)}%</span>
      {below ? (
        <Tag color="red" variant="solid" className="status-tag">
          低于最低收益率
        </Tag>
      ) : null}
    </Space>
  );
}
