// The asset form: every field of a 扶贫项目资产 (DOMAIN.md) in a drawer, money typed in 元 or 万元 and parsed
// exactly, and the asset's yearly income records (one per year, assetIncomes.upsert) with the 收益率 against
// the configured minimum. The service's refusals are shown at the field they name.
import { DateInput } from '../../components/DateInput';
import { officeYear } from '../../../../shared/dates';
import { DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Form, Input, InputNumber, Select, Space, Spin, Table, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AssetDetail, AssetIncomeRow, ChannelInput, ProjectSearchRow } from '../../../../shared/api';
import { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../../../shared/enums';
import { formatFen, formatMoney, type MoneyUnit, writtenUnit } from '../../../../shared/money';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { call, LedgerCallError } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { convertMoneyText, dateRule, endBeforeStart, fenToText, moneyRule, normaliseDateText, ReasonModal, textToFen, UnitSwitch, type ReasonRequest, type ReferenceData } from '../projects/common';
import '../projects/projects.css';
import { RemoteSelect, type RemoteChoice } from '../../components/RemoteSelect';
import { searchProjectRows } from '../projects/search';

export type AssetDrawerTarget = { kind: 'new' } | { kind: 'edit'; id: number };

interface Values {
  code: string;
  name: string;
  kind: AssetKind | null;
  project: number | null;
  originalValue: string;
  formedDate: string;
  township: number | null;
  village: number | null;
  owner: string;
  rightsLevel: AssetRightsLevel | null;
  handoverDate: string;
  manager: string;
  operationMode: AssetOperationMode | null;
  contractStart: string;
  contractEnd: string;
  status: AssetStatus;
  remark: string;
}

const EMPTY: Values = {
  code: '',
  name: '',
  kind: null,
  project: null,
  originalValue: '',
  formedDate: '',
  township: null,
  village: null,
  owner: '',
  rightsLevel: null,
  handoverDate: '',
  manager: '',
  operationMode: null,
  contractStart: '',
  contractEnd: '',
  status: 'normal',
  remark: '',
};
const FORM_FIELDS = Object.keys(EMPTY) as Array<keyof Values>;
const SERVICE_FIELD: Record<string, keyof Values> = {
  projectId: 'project',
  originalValueFen: 'originalValue',
  townshipId: 'township',
  villageId: 'village',
};

const textOrNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const dateOrNull = (v: string | undefined | null) => textOrNull(normaliseDateText(v));

function valuesOf(a: AssetDetail, unit: MoneyUnit): Values {
  return {
    code: a.code ?? '',
    name: a.name,
    kind: a.kind,
    project: a.projectId,
    originalValue: fenToText(a.originalValueFen, unit),
    formedDate: a.formedDate ?? '',
    township: a.townshipId,
    village: a.villageId,
    owner: a.owner ?? '',
    rightsLevel: a.rightsLevel,
    handoverDate: a.handoverDate ?? '',
    manager: a.manager ?? '',
    operationMode: a.operationMode,
    contractStart: a.contractStart ?? '',
    contractEnd: a.contractEnd ?? '',
    status: a.status,
    remark: a.remark ?? '',
  };
}

function inputOf(v: Values, unit: MoneyUnit): ChannelInput<'assets.create'> {
  return {
    code: textOrNull(v.code),
    name: v.name.trim(),
    kind: v.kind ?? 'operating',
    projectId: v.project ?? null,
    originalValueFen: textToFen(v.originalValue, unit) ?? 0,
    formedDate: dateOrNull(v.formedDate),
    townshipId: v.township ?? null,
    villageId: v.village ?? null,
    owner: textOrNull(v.owner),
    rightsLevel: v.rightsLevel ?? null,
    handoverDate: dateOrNull(v.handoverDate),
    manager: textOrNull(v.manager),
    operationMode: v.operationMode ?? null,
    contractStart: dateOrNull(v.contractStart),
    contractEnd: dateOrNull(v.contractEnd),
    status: v.status,
    remark: textOrNull(v.remark),
  };
}

/** 来源项目: searched in 项目库 as the clerk types (name, code or pinyin initials). */
async function searchSourceProjects(keyword: string): Promise<RemoteChoice<ProjectSearchRow>[]> {
  return (await searchProjectRows(keyword)).map((r) => ({ id: r.id, label: `${r.code ? `${r.code} ` : ''}${r.name}`, row: r }));
}

function ProjectPicker({
  value,
  onChange,
  initial,
  onPicked,
  id,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  initial: { id: number; label: string } | null;
  onPicked: (place: { townshipId: number | null; villageId: number | null }) => void;
  id?: string;
}) {
  return (
    <RemoteSelect<ProjectSearchRow>
      id={id}
      value={value ?? null}
      known={initial ? [initial] : []}
      search={searchSourceProjects}
      placeholder="输入项目名称、编号或拼音首字母查找"
      notFound="没有找到项目"
      onChange={(v, choice) => {
        onChange?.(v);
        if (choice?.row) onPicked({ townshipId: choice.row.townshipId, villageId: choice.row.villageId });
      }}
      popupWidth={{ min: 320, max: 600 }}
      testId="asset-field-project"
    />
  );
}

interface Props {
  target: AssetDrawerTarget | null;
  reference: ReferenceData;
  onClose: () => void;
  /** After a save, an income record or a delete: the list shows the change. */
  onChanged: () => void;
}

export function AssetDrawer({ target, reference, onClose, onChanged }: Props) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [incomeForm] = Form.useForm<{ year: number | null; income: string; distribution: string; remark: string }>();
  const [detail, setDetail] = useState<AssetDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savingIncome, setSavingIncome] = useState(false);
  const [unit, setUnit] = useState<MoneyUnit>('wan');
  const unitRef = useRef<MoneyUnit>('wan');
  const [incomeUnit, setIncomeUnit] = useState<MoneyUnit>('yuan');
  const incomeUnitRef = useRef<MoneyUnit>('yuan');
  const [reason, setReason] = useState<ReasonRequest | null>(null);
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard([form, incomeForm]);
  const close = () => guard(onClose);

  const township = Form.useWatch('township', form);

  useEffect(() => {
    if (!target) return undefined;
    let live = true;
    form.resetFields();
    incomeForm.resetFields();
    setDetail(null);
    unitRef.current = 'wan';
    setUnit('wan');
    if (target.kind === 'new') {
      form.setFieldsValue(EMPTY);
      markClean();
      return undefined;
    }
    setLoading(true);
    call('assets.get', { id: target.id })
      .then((a) => {
        if (!live) return;
        setDetail(a);
        // 原值 in the unit the office writes it: 万元 while whole 元, else 元.
        const shown = writtenUnit([a.originalValueFen]);
        unitRef.current = shown;
        setUnit(shown);
        form.setFieldsValue(valuesOf(a, shown));
        incomeForm.setFieldsValue({ year: officeYear() - 1, income: '', distribution: '', remark: '' });
        markClean();
      })
      .catch((error: unknown) => {
        if (!live) return;
        message.error(errorText(error), 6);
        onClose();
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
    // Only when the drawer opens on a target.
  }, [target]);

  const fieldMap = (error: unknown): Record<string, string> => {
    const field = error instanceof LedgerCallError ? error.field : undefined;
    if (!field) return SERVICE_FIELD;
    const base = field.split('.')[0] ?? field;
    return { ...SERVICE_FIELD, [field]: SERVICE_FIELD[base] ?? base };
  };

  const save = async (v: Values) => {
    if (!target) return;
    setSaving(true);
    try {
      const input = inputOf(v, unitRef.current);
      const saved = target.kind === 'new' ? await call('assets.create', input) : await call('assets.update', { id: target.id, ...input });
      message.success(target.kind === 'new' ? `已新增资产“${saved.name}”` : `已保存“${saved.name}”`);
      onChanged();
      onClose();
    } catch (error) {
      showCallError(error, message, form, FORM_FIELDS, fieldMap(error));
    } finally {
      setSaving(false);
    }
  };

  const saveIncome = async (v: { year: number | null; income: string; distribution: string; remark: string }) => {
    if (!detail || v.year === null) return;
    setSavingIncome(true);
    try {
      const updated = await call('assetIncomes.upsert', {
        assetId: detail.id,
        year: v.year,
        incomeFen: textToFen(v.income, incomeUnitRef.current) ?? 0,
        distribution: textOrNull(v.distribution),
        remark: textOrNull(v.remark),
      });
      setDetail(updated);
      message.success(`已记录 ${v.year} 年收益`);
      incomeForm.setFieldsValue({ income: '', distribution: '', remark: '' });
      markClean(incomeForm);
      onChanged();
    } catch (error) {
      showCallError(error, message, incomeForm, ['year', 'income', 'distribution', 'remark'], { incomeFen: 'income' });
    } finally {
      setSavingIncome(false);
    }
  };

  const editIncome = (row: AssetIncomeRow) => {
    incomeForm.setFieldsValue({
      year: row.year,
      income: fenToText(row.incomeFen, incomeUnitRef.current) || '0',
      distribution: row.distribution ?? '',
      remark: row.remark ?? '',
    });
  };

  const switchUnit = (next: MoneyUnit) => {
    const text = form.getFieldValue('originalValue') as string | undefined;
    form.setFieldValue('originalValue', convertMoneyText(text, unitRef.current, next));
    unitRef.current = next;
    setUnit(next);
    void form.validateFields(['originalValue']).catch(() => undefined);
  };
  const switchIncomeUnit = (next: MoneyUnit) => {
    const text = incomeForm.getFieldValue('income') as string | undefined;
    incomeForm.setFieldValue('income', convertMoneyText(text, incomeUnitRef.current, next));
    incomeUnitRef.current = next;
    setIncomeUnit(next);
  };

  const askDelete = () => {
    if (!detail) return;
    setReason({
      title: `删除资产“${detail.name}”`,
      description: '删除后资产不再出现在资产台账中，操作记录保留删除前的全部内容。请填写删除原因：',
      okText: '删除',
      danger: true,
      run: async (text) => {
        await call('assets.delete', { id: detail.id, reason: text });
        message.success(`已删除资产“${detail.name}”`);
        onChanged();
        onClose();
      },
    });
  };

  useShortcut('s', () => form.submit(), open && reason === null);

  const originalFen = textToFen(Form.useWatch('originalValue', form), unit);

  return (
    <Drawer
      open={open}
      title={!target ? '' : target.kind === 'new' ? '新增资产' : detail ? `编辑资产：${detail.name}` : '编辑资产'}
      size={980}
      onClose={close}
      mask={{ closable: false }}
      destroyOnHidden
      className="project-drawer"
      footer={
        <div className="drawer-footer">
          {detail ? (
            <Button danger icon={<DeleteOutlined />} onClick={askDelete} data-testid="asset-delete">
              删除资产
            </Button>
          ) : null}
          <span className="spacer" />
          <span className="field-hint">Enter 下一项 · Ctrl+S 保存</span>
          <Button onClick={close} data-testid="asset-cancel">
            取消
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={loading} onClick={() => form.submit()} data-testid="asset-save">
            保存
          </Button>
        </div>
      }
    >
      <Spin spinning={loading}>
        <Form<Values>
          form={form}
          name="asset"
          layout="horizontal"
          labelCol={{ flex: '100px' }}
          wrapperCol={{ flex: 'auto' }}
          labelWrap
          colon={false}
          initialValues={EMPTY}
          onFinish={(v) => void save(v)}
          onFinishFailed={({ errorFields }) => {
            const first = errorFields[0];
            if (first) form.scrollToField(first.name, { block: 'center' });
          }}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          data-testid="asset-form"
        >
          <div className="section-title section-with-tools">
            <span>资产信息</span>
            <span className="section-tools">
              <span className="field-hint">金额单位</span>
              <UnitSwitch value={unit} onChange={switchUnit} testId="asset-unit-switch" />
            </span>
          </div>
          <div className="form-grid">
            <Form.Item name="code" label="资产编号" rules={[{ max: 40, message: '资产编号不能超过 40 个字' }]}>
              <Input maxLength={40} className="mono" placeholder="如 青山ZC-2024-0001" data-testid="asset-field-code" />
            </Form.Item>
            <Form.Item
              name="name"
              label="资产名称"
              className="span-2"
              rules={[
                { required: true, whitespace: true, message: '请填写资产名称' },
                { max: 100, message: '资产名称不能超过 100 个字' },
              ]}
            >
              <Input maxLength={100} autoFocus={target?.kind === 'new'} placeholder="如 前进村光伏电站" data-testid="asset-field-name" />
            </Form.Item>
            <Form.Item name="kind" label="资产类型" rules={[{ required: true, message: '请选择资产类型' }]}>
              <Select<AssetKind> options={AssetKind.options} placeholder="经营性/公益性/到户类" data-testid="asset-field-kind" />
            </Form.Item>
            <Form.Item name="project" label="来源项目" className="span-2">
              <ProjectPicker
                initial={detail?.projectId ? { id: detail.projectId, label: detail.project ?? `项目 ${detail.projectId}` } : null}
                onPicked={(place) => {
                  // The asset sits where its project was built, unless the clerk already chose a place.
                  if (!form.getFieldValue('township') && place.townshipId) form.setFieldsValue({ township: place.townshipId, village: place.villageId });
                }}
              />
            </Form.Item>
            <Form.Item name="originalValue" label="资产原值" rules={[moneyRule('资产原值', () => unitRef.current)]}>
              <Input
                inputMode="decimal"
                autoComplete="off"
                className="mono money-input"
                suffix={<span className="unit-suffix">{unit === 'wan' ? '万元' : '元'}</span>}
                placeholder="0"
                data-testid="asset-field-originalValue"
              />
            </Form.Item>
            <Form.Item name="formedDate" label="形成时间" rules={[dateRule('形成时间')]}>
              <DateInput testId="asset-field-formedDate" />
            </Form.Item>
            <Form.Item label="原值折合">
              <span className="cell-muted" style={{ lineHeight: '30px' }}>
                {originalFen === null ? '金额未填对' : unit === 'wan' ? `${formatMoney(originalFen, 'yuan')} 元` : `${formatMoney(originalFen, 'wan')} 万元`}
              </span>
            </Form.Item>
            <Form.Item name="township" label="乡镇">
              <Select<number | null>
                allowClear
                options={reference.townships.map((t) => ({ value: t.id, label: t.name }))}
                placeholder="选择乡镇"
                onChange={(t) => {
                  const village = form.getFieldValue('village') as number | null;
                  if (village && !reference.villagesOf(t).some((v) => v.id === village)) form.setFieldValue('village', null);
                }}
                data-testid="asset-field-township"
              />
            </Form.Item>
            <Form.Item name="village" label="村">
              <Select<number | null>
                allowClear
                options={reference.villagesOf(township).map((v) => ({ value: v.id, label: v.name }))}
                disabled={!township}
                placeholder={township ? '选择村' : '先选乡镇'}
                data-testid="asset-field-village"
              />
            </Form.Item>
            <Form.Item name="status" label="资产状态" rules={[{ required: true, message: '请选择资产状态' }]}>
              <Select<AssetStatus> options={AssetStatus.options} data-testid="asset-field-status" />
            </Form.Item>
          </div>

          <div className="section-title">确权与管护</div>
          <div className="form-grid">
            <Form.Item name="owner" label="所有权人" rules={[{ max: 100, message: '不能超过 100 个字' }]}>
              <Input maxLength={100} placeholder="如 前进村股份经济合作社" data-testid="asset-field-owner" />
            </Form.Item>
            <Form.Item name="rightsLevel" label="确权层级">
              <Select<AssetRightsLevel | null> allowClear options={AssetRightsLevel.options} placeholder="县/乡/村/户" data-testid="asset-field-rightsLevel" />
            </Form.Item>
            <Form.Item name="handoverDate" label="移交日期" rules={[dateRule('移交日期')]}>
              <DateInput testId="asset-field-handoverDate" />
            </Form.Item>
            <Form.Item name="manager" label="经营/管护主体" className="span-2" rules={[{ max: 100, message: '不能超过 100 个字' }]}>
              <Input maxLength={100} data-testid="asset-field-manager" />
            </Form.Item>
            <Form.Item name="operationMode" label="经营方式">
              <Select<AssetOperationMode | null> allowClear options={AssetOperationMode.options} placeholder="自营/出租/入股/托管" data-testid="asset-field-operationMode" />
            </Form.Item>
            <Form.Item name="contractStart" label="合同开始" rules={[dateRule('合同开始日期')]}>
              <DateInput testId="asset-field-contractStart" />
            </Form.Item>
            <Form.Item
              name="contractEnd"
              label="合同结束"
              dependencies={['contractStart']}
              rules={[
                dateRule('合同结束日期'),
                ({ getFieldValue }) => ({
                  validator: async (_: unknown, value: string | undefined) => {
                    const start = normaliseDateText(getFieldValue('contractStart') as string | undefined);
                    const end = normaliseDateText(value);
                    if (endBeforeStart(start, end)) throw new Error(`合同结束日期 ${end} 早于合同开始日期 ${start}，请检查`);
                  },
                }),
              ]}
            >
              <DateInput testId="asset-field-contractEnd" />
            </Form.Item>
            <span />
            <Form.Item name="remark" label="备注" className="span-3" rules={[{ max: 1000, message: '备注不能超过 1000 个字' }]}>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="asset-field-remark" />
            </Form.Item>
          </div>
        </Form>

        {detail ? (
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
              form={incomeForm}
              name="assetIncome"
              layout="inline"
              colon={false}
              className="income-editor"
              onFinish={(v) => void saveIncome(v)}
              onKeyDownCapture={enterMovesToNext(() => incomeForm.submit())}
              data-testid="asset-income-form"
            >
              <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }, { type: 'number', min: 2000, max: 2100, message: '年度应在 2000 至 2100 年之间' }]}>
                <InputNumber<number> min={2000} max={2100} precision={0} controls={false} style={{ width: 80 }} data-testid="asset-income-year" />
              </Form.Item>
              <Form.Item
                name="income"
                label="年收益"
                rules={[{ required: true, whitespace: true, message: '请填写年收益（没有收益填 0）' }, moneyRule('年收益', () => incomeUnitRef.current)]}
              >
                <Input
                  inputMode="decimal"
                  autoComplete="off"
                  className="mono money-input"
                  style={{ width: 140 }}
                  suffix={<span className="unit-suffix">{incomeUnit === 'wan' ? '万元' : '元'}</span>}
                  data-testid="asset-income-amount"
                />
              </Form.Item>
              <Form.Item>
                <UnitSwitch value={incomeUnit} onChange={switchIncomeUnit} testId="asset-income-unit-switch" />
              </Form.Item>
              <Form.Item name="distribution" label="分配情况" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
                <Input maxLength={500} style={{ width: 170 }} placeholder="如 分红 80 户" data-testid="asset-income-distribution" />
              </Form.Item>
              <Form.Item name="remark" label="备注" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
                <Input maxLength={500} style={{ width: 110 }} data-testid="asset-income-remark" />
              </Form.Item>
              <Form.Item>
                <Button type="primary" ghost htmlType="submit" loading={savingIncome} data-testid="asset-income-save">
                  记录收益
                </Button>
              </Form.Item>
            </Form>
            <Table<AssetIncomeRow>
              size="small"
              bordered
              rowKey="year"
              pagination={false}
              dataSource={[...detail.incomes].sort((a, b) => b.year - a.year)}
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
                    <a onClick={() => editIncome(r)} data-testid="asset-income-edit">
                      <EditOutlined /> 修改
                    </a>
                  ),
                },
              ]}
            />
          </div>
        ) : null}
      </Spin>
      <ReasonModal request={reason} onClose={() => setReason(null)} />
    </Drawer>
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
