// 新增/编辑资金下达: 文号 normalised to 〔〕 as it is typed, 级次, 下达日期, 金额 in 元 or 万元, 资金名称, 下达对象,
// and the split across projects. The allocation is saved first, then its split; a refusal of either lands
// at its field (the split's under the split editor), and the dialog stays open on the saved record.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { Alert, App as AntApp, Col, Form, Input, Modal, Row, Select, Spin, type ButtonProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AllocationDetail } from '../../../../shared/api';
import { localToday, officeYear } from '../../../../shared/dates';
import { isCanonicalDocNumber, normaliseDocNumber } from '../../../../shared/doc-number';
import { ALLOCATION_FIELD as F, allocationFieldMax } from '../../../../shared/funds/fields';
import { FundLevel } from '../../../../shared/enums';
import { formatFen, formatWanRounded, type MoneyUnit, parseMoneyToFen, writtenUnit } from '../../../../shared/money';
import { useChannel } from '../../lib/useChannel';
import { afterStaleSave, StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { call, LedgerCallError } from '../../api/client';
import { withKeysHint } from '../../components/FormKeysHint';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { fenToText, MoneyInput, moneyRule, projectLabel, tryParseFen, yearOptions, type MoneyValue, type ProjectChoice } from './common';
import { checkSplitLines, newSplitLine, SplitEditor, type SplitLine } from './SplitEditor';

export type AllocationTarget = { kind: 'new' } | { kind: 'edit'; id: number } | null;

interface Values {
  docNumber: string;
  level?: FundLevel;
  date?: string | null;
  year?: number | null;
  amount?: MoneyValue;
  fundName?: string;
  recipient?: string;
  remark?: string;
  splits?: SplitLine[];
}

const FIELDS = ['docNumber', 'level', 'date', 'year', 'amount', 'fundName', 'recipient', 'remark', 'splits'];
const FIELD_MAP: Record<string, string> = { amountFen: 'amount' };

interface Props {
  target: AllocationTarget;
  onClose: () => void;
  /** After anything was written (the list reloads). */
  onSaved: (detail: AllocationDetail) => void;
}

function sameSplits(a: ReadonlyArray<{ projectId: number; amountFen: number }>, b: ReadonlyArray<{ projectId: number; amountFen: number }>): boolean {
  if (a.length !== b.length) return false;
  const key = (x: { projectId: number; amountFen: number }) => `${x.projectId}:${x.amountFen}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

export function AllocationFormModal({ target, onClose, onSaved }: Props) {
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const { data: record, setData: setRecord, loading, run: read, drop: dropRead, reset: resetRead } = useChannel<AllocationDetail>();
  const [saving, setSaving] = useState(false);
  const [badRows, setBadRows] = useState<number[]>([]);
  const [known, setKnown] = useState<ProjectChoice[]>([]);
  const unitRef = useRef<MoneyUnit>('wan');
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard(form);
  const [stale, setStale] = useState<StaleSave | null>(null);

  const amount = Form.useWatch('amount', form);
  const docNumber = Form.useWatch('docNumber', form);
  const unit: MoneyUnit = amount?.unit ?? 'wan';

  // Fill the form when it opens: blank for 新增, the record and its split for 编辑.
  useEffect(() => {
    if (!target) {
      dropRead();
      return undefined;
    }
    form.resetFields();
    setBadRows([]);
    setStale(null);
    resetRead();
    unitRef.current = 'wan';
    if (target.kind === 'new') {
      setKnown([]);
      form.setFieldsValue({ date: localToday(), amount: { text: '', unit: 'wan' }, splits: [] });
      markClean();
      return undefined;
    }
    void read(
      () => call('allocations.get', { id: target.id }),
      (detail) => {
        setKnown(detail.splits.map((s) => ({ id: s.projectId, label: projectLabel({ name: s.project, code: s.projectCode, township: s.township }) })));
        // In the unit the office writes these amounts: 万元 while all are whole 元, else 元.
        const shown = writtenUnit([detail.amountFen, ...detail.splits.map((s) => s.amountFen)]);
        unitRef.current = shown;
        form.setFieldsValue({
          docNumber: detail.docNumber,
          level: detail.level,
          date: detail.date,
          year: detail.year,
          amount: { text: fenToText(detail.amountFen, shown), unit: shown },
          fundName: detail.fundName ?? '',
          recipient: detail.recipient ?? '',
          remark: detail.remark ?? '',
          splits: detail.splits.map((s) => newSplitLine(s.projectId, fenToText(s.amountFen, shown))),
        });
        markClean();
      },
      () => onClose(),
    );
    return undefined;
  }, [target, form, message, onClose]);

  // The split amounts follow the amount's unit: switching 万元 → 元 rewrites them in 元, the sums unchanged.
  const onValuesChange = (changed: Partial<Values>) => {
    if (changed.amount && changed.amount.unit !== unitRef.current) {
      const from = unitRef.current;
      const to = changed.amount.unit;
      unitRef.current = to;
      const lines = form.getFieldValue('splits') as SplitLine[] | undefined;
      if (lines?.length) {
        form.setFieldValue(
          'splits',
          lines.map((l) => {
            try {
              return l.amountText.trim() ? { ...l, amountText: fenToText(parseMoneyToFen(l.amountText, from), to) } : l;
            } catch {
              return l;
            }
          }),
        );
      }
    }
    if (changed.splits) {
      setBadRows([]);
      form.setFields([{ name: 'splits', errors: [] }]);
    }
  };

  const save = async (values: Values) => {
    const amountFen = tryParseFen(values.amount);
    if (amountFen === null || !values.level || !dateValue(values.date, 'day')) return;
    const lines = values.splits ?? [];
    const { splits, problems } = checkSplitLines(lines, unit);
    if (problems.length > 0) {
      setBadRows(problems.map((p) => p.index));
      form.setFields([{ name: 'splits', errors: problems.map((p) => p.message) }]);
      return;
    }
    const input = {
      docNumber: normaliseDocNumber(values.docNumber),
      level: values.level,
      date: dateValue(values.date, 'day') ?? '',
      ...(values.year ? { year: values.year } : {}),
      amountFen,
      fundName: values.fundName?.trim() || null,
      recipient: values.recipient?.trim() || null,
      remark: values.remark?.trim() || null,
    };
    setSaving(true);
    let saved: AllocationDetail | null = record;
    let stage: 'allocation' | 'splits' = 'allocation';
    let wrote = false;
    try {
      const splitsChanged = !sameSplits(splits, record?.splits ?? []);
      // Lowering the amount below the current split: the split has to shrink first.
      const splitFirst = record !== null && splitsChanged && amountFen < record.splitFen;
      if (splitFirst && record) {
        stage = 'splits';
        saved = await call('allocationSplits.set', { allocationId: record.id, version: record.version, splits, replace: true });
        wrote = true;
        setRecord(saved);
        stage = 'allocation';
      }
      // The version the splits' save just moved it to, when they went first.
      saved = saved === null ? await call('allocations.create', input) : await call('allocations.update', { id: saved.id, version: saved.version, ...input });
      wrote = true;
      setRecord(saved);
      if (!splitFirst && splitsChanged) {
        stage = 'splits';
        saved = await call('allocationSplits.set', { allocationId: saved.id, version: saved.version, splits, replace: true });
        setRecord(saved);
      }
      message.success(
        record === null
          ? `已新增下达记录 ${saved.docNumber}${saved.splits.length ? `，分配到 ${saved.splits.length} 个项目` : ''}`
          : `已保存 ${saved.docNumber}`,
      );
      onSaved(saved);
      onClose();
    } catch (error) {
      if (wrote && saved) onSaved(saved);
      // Another clerk saved this 下达 or its split first: show theirs, keep what was typed; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'allocation', saved, (r) => call('allocations.get', { id: r.id }));
      if (refused) {
        setStale(refused.stale);
        setRecord(refused.newer);
      } else if (stage === 'splits') {
        const text = errorText(error);
        const field = error instanceof LedgerCallError ? (error.field ?? '') : '';
        const row = /^splits\.(\d+)\./.exec(field);
        // splits are sent in the order of the complete lines; map back to the editor's row.
        if (row) {
          const sentIndex = Number(row[1]);
          const sent = splits[sentIndex];
          const lineIndex = sent ? lines.findIndex((l) => l.projectId === sent.projectId) : -1;
          setBadRows(lineIndex >= 0 ? [lineIndex] : []);
        }
        form.setFields([{ name: 'splits', errors: [text] }]);
        if (record === null && saved) message.warning('下达记录已保存，但分配明细没有保存，请按提示调整后再保存', 6);
      } else {
        showCallError(error, message, form, FIELDS, FIELD_MAP);
      }
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  // Enter from the last field saves the form, as in every form; here the last field is usually the last
  // 分配金额, where Enter more often means "next project" than "done". So when money is left unassigned,
  // Enter asks first, and the safe answer (Enter again, or Esc) goes on to the next split line.
  const submitFromEnter = () => {
    const allocationFen = tryParseFen(form.getFieldValue('amount') as MoneyValue | undefined);
    const lines = (form.getFieldValue('splits') as SplitLine[] | undefined) ?? [];
    const { splits } = checkSplitLines(lines, unit);
    const splitFen = splits.reduce((sum, x) => sum + x.amountFen, 0);
    const remaining = allocationFen === null ? 0 : allocationFen - splitFen;
    if (remaining <= 0) {
      form.submit();
      return;
    }
    const unitLabel = unit === 'wan' ? '万元' : '元';
    const money = (fen: number) => `${formatFen(fen, unit)} ${unitLabel}`;
    let continueAt: number | null = null;
    modal.confirm({
      title: `还有 ${money(remaining)}未分配到项目`,
      content:
        splitFen === 0
          ? `下达金额 ${money(remaining)} 尚未分配到任何项目。可以先保存，以后再分配；也可以现在添加项目。`
          : `下达金额 ${money(allocationFen ?? 0)}，已分配 ${money(splitFen)}，剩余 ${money(remaining)}。保存后剩余部分留待以后分配。`,
      okText: '仍然保存',
      cancelText: '继续分配',
      autoFocusButton: 'cancel',
      zIndex: 1100,
      okButtonProps: { 'data-testid': 'allocation-remainder-save' } as ButtonProps,
      cancelButtonProps: { 'data-testid': 'allocation-remainder-continue' } as ButtonProps,
      onOk: () => form.submit(),
      onCancel: () => {
        // The next line to fill: an incomplete one if there is, else a new one.
        const current = (form.getFieldValue('splits') as SplitLine[] | undefined) ?? [];
        const incomplete = current.findIndex((l) => l.projectId === null);
        if (incomplete < 0) form.setFieldValue('splits', [...current, newSplitLine()]);
        continueAt = incomplete < 0 ? current.length : incomplete;
      },
      // Once the question is gone (it gives the focus back to where Enter was pressed), the project box.
      afterClose: () => {
        if (continueAt !== null) document.querySelector<HTMLInputElement>(`[data-testid="split-project-${continueAt}"] input`)?.focus();
      },
    });
  };

  const docHint =
    docNumber && docNumber.trim() && !isCanonicalDocNumber(docNumber) ? '文号一般写作 机关代字〔年份〕序号号，例如 青财农字〔2023〕505号' : null;

  return (
    <Modal
      open={open}
      title={record ? `编辑资金下达：${record.docNumber}` : target?.kind === 'edit' ? '编辑资金下达' : '新增资金下达'}
      onCancel={() => guard(onClose)}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'allocation-save', disabled: loading } as ButtonProps}
      footer={withKeysHint}
      mask={{ closable: false }}
      width={880}
      styles={{ body: { paddingTop: 8 } }}
    >
      <Spin spinning={loading}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '84px' }}
          wrapperCol={{ flex: '1 1 0' }}
          onFinish={(values) => void save(values)}
          onValuesChange={onValuesChange}
          onKeyDownCapture={enterMovesToNext(submitFromEnter)}
          data-testid="allocation-form"
          className="funds-form"
        >
          {stale ? <StaleSaveBanner stale={stale} testId="allocation-stale" /> : null}
          <Form.Item
            name="docNumber"
            label={F.docNumber.label}
            normalize={(v: string) => normaliseDocNumber(v ?? '')}
            rules={[{ required: true, whitespace: true, message: `请填写${F.docNumber.label}` }]}
            extra={docHint ?? '方括号、【】会自动改为〔〕，例如 青财农字[2023]505号 → 青财农字〔2023〕505号'}
          >
            <Input maxLength={allocationFieldMax('docNumber')} placeholder="例如 青财农字〔2023〕505号" autoFocus data-testid="allocation-field-docNumber" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="level" label={F.level.label} rules={[{ required: true, message: `请选择${F.level.label}` }]}>
                <Select<FundLevel> options={FundLevel.options} placeholder="中央/省级/市级/县级/其他" data-testid="allocation-field-level" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="date" label={F.date.label} rules={[{ required: true, message: `请填写${F.date.label}` }, dateRule(F.date.label, 'day')]}>
                <DateInput precision="day" placeholder="例如 2024-03-05" testId="allocation-field-date" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="amount" label={F.amount.label} required rules={[moneyRule(F.amount.label, { required: true })]} validateFirst>
                <MoneyInput testId="allocation-field-amount" hint />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="year" label={F.year.label} extra="不填则取下达日期的年份（提前下达的资金填下一年度）">
                <Select<number> allowClear options={yearOptions(officeYear())} placeholder="同下达日期" data-testid="allocation-field-year" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="fundName" label={F.fundName.label}>
            <Input maxLength={allocationFieldMax('fundName')} placeholder="例如 2024年中央财政衔接推进乡村振兴补助资金" data-testid="allocation-field-fundName" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="recipient" label={F.recipient.label}>
                <Input maxLength={allocationFieldMax('recipient')} placeholder="例如 县乡村振兴局、各乡镇" data-testid="allocation-field-recipient" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="remark" label={F.remark.label}>
                <Input maxLength={allocationFieldMax('remark')} data-testid="allocation-field-remark" />
              </Form.Item>
            </Col>
          </Row>

          <div className="section-title" style={{ margin: '4px 0 8px' }}>
            分配到项目
          </div>
          {record && record.paidFen > 0 ? (
            <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`已有拨付记录使用本文号，合计 ${formatWanRounded(record.paidFen)} 万元；删除本下达记录前须先处理这些拨付。`} />
          ) : null}
          <Form.Item name="splits" wrapperCol={{ span: 24 }} style={{ marginBottom: 0 }}>
            <SplitEditor unit={unit} allocationFen={tryParseFen(amount)} known={known} badRows={badRows} />
          </Form.Item>
        </Form>
      </Spin>
    </Modal>
  );
}
