// 新增/编辑拨付: project (searchable), 资金文号 (the allocations split to the project first), 支付日期, 金额,
// 收款单位, 凭证号, 支付类型. The project's money is shown as it stands (资金规模 / 已下达 / 已拨付 / 尚可拨付);
// the service refuses a payment above the project's funds with a message naming both sums, shown at 金额.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { App as AntApp, Col, Form, Input, Modal, Row, Select, Spin, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PaymentRow, PaymentWriteResult, ProjectDetail } from '../../../../shared/api';
import { localToday } from '../../../../shared/dates';
import { FundLevel, PaymentType } from '../../../../shared/enums';
import { PAYMENT_FIELD as F, paymentFieldMax } from '../../../../shared/funds/fields';
import { call } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { optionMatchesTyped } from '../../lib/selectSearch';
import { withKeysHint } from '../../components/FormKeysHint';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { formatWanRounded, formatYuanWithUnit } from '../../../../shared/money';
import { useChannel } from '../../lib/useChannel';
import { afterStaleSave, StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { fenToText, MoneyInput, moneyRule, ProjectSelect, projectLabel, tryParseFen, type MoneyValue, type ProjectChoice } from './common';
import { LatestRequest } from '../../lib/latestRequest';

export type PaymentTarget = { kind: 'new'; projectId?: number | null } | { kind: 'edit'; id: number } | null;

interface Values {
  projectId?: number | null;
  allocationId?: number | null;
  date?: string | null;
  amount?: MoneyValue;
  payee?: string;
  voucher?: string;
  paymentType?: PaymentType | null;
  remark?: string;
}

const FIELDS = ['projectId', 'allocationId', 'date', 'amount', 'payee', 'voucher', 'paymentType', 'remark'];
const FIELD_MAP: Record<string, string> = { amountFen: 'amount' };

interface AllocationOption {
  value: number;
  label: string;
  group: 'project' | 'other';
}

interface Props {
  target: PaymentTarget;
  onClose: () => void;
  onSaved: (result: PaymentWriteResult) => void;
}

export function PaymentFormModal({ target, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const { data: record, setData: setRecord, loading, run: read, drop: dropRead, reset: resetRead } = useChannel<PaymentRow>();
  const [project, setProject] = useState<ProjectDetail | null>(null);
  const [projectLoading, setProjectLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [known, setKnown] = useState<ProjectChoice[]>([]);
  const [otherAllocations, setOtherAllocations] = useState<AllocationOption[]>([]);
  const allocationSearches = useRef(new LatestRequest()).current;
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard(form);
  const [stale, setStale] = useState<StaleSave | null>(null);

  const projectId = Form.useWatch('projectId', form);
  const amount = Form.useWatch('amount', form);

  useEffect(() => {
    if (!target) {
      dropRead();
      return undefined;
    }
    form.resetFields();
    resetRead();
    setStale(null);
    setProject(null);
    setOtherAllocations([]);
    if (target.kind === 'new') {
      form.setFieldsValue({ projectId: target.projectId ?? null, date: localToday(), amount: { text: '', unit: 'yuan' }, allocationId: null, paymentType: null });
      markClean();
      return undefined;
    }
    void read(
      () => call('payments.get', { id: target.id }),
      (row) => {
        setKnown([{ id: row.projectId, label: projectLabel({ name: row.project, code: row.projectCode, township: null }) }]);
        if (row.allocationId !== null && row.docNumber) {
          setOtherAllocations([{ value: row.allocationId, label: `${row.docNumber}${row.allocationLevel ? `（${FundLevel.label[row.allocationLevel]}）` : ''}`, group: 'other' }]);
        }
        form.setFieldsValue({
          projectId: row.projectId,
          allocationId: row.allocationId,
          date: row.date,
          amount: { text: fenToText(row.amountFen, 'yuan'), unit: 'yuan' },
          payee: row.payee ?? '',
          voucher: row.voucher ?? '',
          paymentType: row.paymentType,
          remark: row.remark ?? '',
        });
        markClean();
      },
      () => onClose(),
    );
    return undefined;
  }, [target, form, message, onClose]);

  // The chosen project's money and the allocations split to it.
  useEffect(() => {
    if (!open || !projectId) {
      setProject(null);
      return undefined;
    }
    let live = true;
    setProjectLoading(true);
    call('projects.get', { id: projectId })
      .then((detail) => {
        if (!live) return;
        setProject(detail);
        setKnown((k) => [...k.filter((c) => c.id !== detail.id), { id: detail.id, label: projectLabel(detail) }]);
      })
      .catch((error: unknown) => {
        if (live) form.setFields([{ name: 'projectId', errors: [errorText(error)] }]);
      })
      .finally(() => {
        if (live) setProjectLoading(false);
      });
    return () => {
      live = false;
    };
  }, [open, projectId, form]);

  const searchAllocations = (keyword: string) => {
    const kw = keyword.trim().slice(0, 50);
    if (!kw) {
      allocationSearches.drop();
      return;
    }
    void allocationSearches.run(() => call('allocations.list', { keyword: kw, limit: 20 }), {
      value: (page) =>
        setOtherAllocations(
          page.rows.map((a) => ({ value: a.id, label: `${a.docNumber}（${FundLevel.label[a.level]}，${a.year} 年，${formatWanRounded(a.amountFen)} 万元）`, group: 'other' as const })),
        ),
      // A failed look-up leaves the list as it was; the clerk can type again.
      error: () => undefined,
      busy: () => undefined,
    });
  };

  const allocationOptions = useMemo(() => {
    const mine: AllocationOption[] = (project?.splits ?? []).map((s) => ({
      value: s.allocationId,
      label: `${s.docNumber}（${FundLevel.label[s.level]}，分配本项目 ${formatWanRounded(s.amountFen)} 万元）`,
      group: 'project',
    }));
    const mineIds = new Set(mine.map((o) => o.value));
    const others = otherAllocations.filter((o) => !mineIds.has(o.value));
    const groups = [];
    if (mine.length) groups.push({ label: '已分配给本项目的文号', title: 'project', options: mine });
    if (others.length) groups.push({ label: '其他文号', title: 'other', options: others });
    return groups;
  }, [project, otherAllocations]);

  const save = async (values: Values) => {
    const amountFen = tryParseFen(values.amount);
    if (amountFen === null || !values.projectId || !dateValue(values.date, 'day')) return;
    const input = {
      projectId: values.projectId,
      allocationId: values.allocationId ?? null,
      date: dateValue(values.date, 'day') ?? '',
      amountFen,
      payee: values.payee?.trim() || null,
      voucher: values.voucher?.trim() || null,
      paymentType: values.paymentType ?? null,
      remark: values.remark?.trim() || null,
    };
    setSaving(true);
    try {
      const result = record === null ? await call('payments.create', input) : await call('payments.update', { id: record.id, version: record.version, ...input });
      if (!result.overAllocation) message.success(record === null ? `已录入拨付 ${formatYuanWithUnit(amountFen)}` : '拨付记录已保存');
      onSaved(result);
      onClose();
    } catch (error) {
      // Another clerk saved this 拨付 first: show theirs, keep what was typed; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'payment', record, (r) => call('payments.get', { id: r.id }));
      if (refused) {
        setStale(refused.stale);
        setRecord(refused.newer);
      } else {
        showCallError(error, message, form, FIELDS, FIELD_MAP);
      }
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  // 尚可拨付: the project's funds less what is paid (this payment's old amount not counted when editing).
  const paidOthers = project ? project.paidFen - (record && record.projectId === project.id ? record.amountFen : 0) : 0;
  const room = project ? project.totalFen - paidOthers : null;
  const typed = tryParseFen(amount);

  return (
    <Modal
      open={open}
      title={record ? `编辑拨付记录（${record.date} ${record.project}）` : target?.kind === 'edit' ? '编辑拨付记录' : '新增拨付'}
      onCancel={() => guard(onClose)}
      onOk={() => form.submit()}
      okText="保存"
      footer={withKeysHint}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'payment-save', disabled: loading } as ButtonProps}
      mask={{ closable: false }}
      width={760}
      styles={{ body: { paddingTop: 8 } }}
    >
      <Spin spinning={loading}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '84px' }}
          wrapperCol={{ flex: '1 1 0' }}
          onFinish={(values) => void save(values)}
          onValuesChange={(changed: Partial<Values>) => {
            if ('projectId' in changed) form.setFields([{ name: 'amount', errors: [] }]);
          }}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          data-testid="payment-form"
          className="funds-form"
        >
          {stale ? <StaleSaveBanner stale={stale} testId="payment-stale" /> : null}
          <Form.Item name="projectId" label="项目" rules={[{ required: true, message: '请选择项目' }]}>
            <ProjectSelect known={known} testId="payment-field-project" autoFocus={target?.kind === 'new' && !target.projectId} />
          </Form.Item>
          <div className="funds-project-money" data-testid="payment-project-money">
            {projectLoading ? (
              '正在读取项目资金…'
            ) : project ? (
              <>
                <span>
                  资金规模 <b>{formatWanRounded(project.totalFen)}</b> 万元
                </span>
                <span>
                  已下达 <b>{formatWanRounded(project.allocatedFen)}</b> 万元
                </span>
                <span>
                  已拨付 <b>{formatWanRounded(paidOthers)}</b> 万元{record && record.projectId === project.id ? '（不含本笔）' : ''}
                </span>
                <span>
                  尚可拨付 <b className={room !== null && typed !== null && typed > room ? 'funds-bad' : 'funds-ok'}>{formatWanRounded(Math.max(0, room ?? 0))}</b> 万元
                </span>
                {project.overAllocation ? <span className="funds-bad">已拨付超下达</span> : null}
              </>
            ) : (
              '选择项目后显示其资金规模、已下达和已拨付。'
            )}
          </div>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="date" label={F.date.label} rules={[{ required: true, message: `请填写${F.date.label}` }, dateRule(F.date.label, 'day')]}>
                <DateInput precision="day" placeholder="例如 2024-03-05" testId="payment-field-date" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="amount" label={F.amount.label} required rules={[moneyRule(F.amount.label, { required: true, positive: true })]} validateFirst>
                <MoneyInput testId="payment-field-amount" hint />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="allocationId" label={F.docNumber.label} extra="本笔资金来自哪个下达文件；可输入文号查找其他文件，不清楚可不填。">
            <Select<number | null>
              allowClear
              showSearch={{ filterOption: optionMatchesTyped, onSearch: searchAllocations }}
              options={allocationOptions}
              placeholder={project && project.splits.length === 0 ? '本项目尚无资金下达分配，可输入文号查找' : '选择下达文号'}
              notFoundContent="没有匹配的文号"
              data-testid="payment-field-allocation"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="payee" label={F.payee.label}>
                <Input maxLength={paymentFieldMax('payee')} data-testid="payment-field-payee" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="voucher" label={F.voucher.label}>
                <Input maxLength={paymentFieldMax('voucher')} className="mono" placeholder="例如 记-2024-03-0125" data-testid="payment-field-voucher" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="paymentType" label={F.paymentType.label}>
                <Select<PaymentType | null> allowClear options={PaymentType.options} placeholder="预拨/进度款/结算/质保金" data-testid="payment-field-type" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="remark" label={F.remark.label}>
                <Input maxLength={paymentFieldMax('remark')} data-testid="payment-field-remark" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Spin>
    </Modal>
  );
}
