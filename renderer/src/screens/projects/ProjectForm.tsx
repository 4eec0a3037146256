// The project form: a wide drawer with every field of a project, grouped as a clerk reads a 项目库 sheet
// (基本信息, 资金规模与来源, 受益对象, 绩效目标与联农带农, 进度). Rules a clerk meets while typing are checked
// here for instant feedback (the 入库 fields, whole-fen money, end not before start, 脱贫户 not above 受益户);
// the service checks them all again and its refusal is shown at the field it names. A status step back
// asks for a reason; delete is soft and asks for one too. Below the form: the project's money (下达,
// 拨付) and its assets.
import { DateInput } from '../../components/DateInput';
import { officeDay, officeYear } from '../../../../shared/dates';
import { DeleteOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Button,
  Cascader,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  type FormInstance,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetRow, ChannelInput, ProjectDetail } from '../../../../shared/api';
import {
  AssetKind,
  AssetStatus,
  CONSTRUCTION_NATURES,
  FARMER_LINKAGES,
  FundLevel,
  PaymentType,
  ProjectStatus,
  projectStatusRank,
  UnitKind,
} from '../../../../shared/enums';
import { formatFen, formatMoney, formatPercent, formatWanRounded, type MoneyUnit, writtenUnit } from '../../../../shared/money';
import { entersBank, incompleteText, isBankedStatus, missingForBank, type BankFacts } from '../../../../shared/projects';
import { PROJECT_FIELD, projectFieldMax, projectFormLabel, tooLongText, type ProjectFieldKey } from '../../../../shared/projects/fields';
import { DATE_ORDER, dateOrderRefusal, partAboveWholeRefusal, type BeneficiaryPart, type DateOrderEnd } from '../../../../shared/projects/rules';
import { call, LedgerCallError } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { convertMoneyText, dateRule, fenToText, moneyRule, normaliseDateText, ReasonModal, textToFen, typeCascaderOptions, typeCascaderSearch, UnitSwitch, type ReasonRequest, type ReferenceData } from './common';
import { LatestRequest } from '../../lib/latestRequest';

export type ProjectDrawerTarget = { kind: 'new'; year: number } | { kind: 'edit'; id: number };

interface Values {
  year: number | null;
  code: string;
  name: string;
  category: number[] | null;
  constructionNature: string;
  township: number | null;
  village: number | null;
  location: string;
  content: string;
  department: number | null;
  implementer: number | null;
  responsiblePerson: string;
  status: ProjectStatus;
  fundCentral: string;
  fundProvincial: string;
  fundMunicipal: string;
  fundCounty: string;
  fundOther: string;
  fundOtherNote: string;
  financingMethod: string;
  villages: number | null;
  households: number | null;
  people: number | null;
  povertyHouseholds: number | null;
  povertyPeople: number | null;
  monitoredHouseholds: number | null;
  monitoredPeople: number | null;
  performanceTarget: string;
  farmerLinkage: string[];
  farmerLinkageNote: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
  remark: string;
}

const FUND_FIELDS = ['fundCentral', 'fundProvincial', 'fundMunicipal', 'fundCounty', 'fundOther'] as const;
/** The words and limits of each field: the project field table (shared/projects/fields.ts). */
const labelOf = projectFormLabel;
/** A text's length limit, in the contract's words. */
const maxRule = (key: ProjectFieldKey) => ({ max: projectFieldMax(key), message: tooLongText(PROJECT_FIELD[key].label, projectFieldMax(key)) });

/** The service's field names → the form's. */
const SERVICE_FIELD: Record<string, keyof Values> = {
  townshipId: 'township',
  villageId: 'village',
  categoryId: 'category',
  subcategoryId: 'category',
  departmentId: 'department',
  implementerId: 'implementer',
  fundCentralFen: 'fundCentral',
  fundProvincialFen: 'fundProvincial',
  fundMunicipalFen: 'fundMunicipal',
  fundCountyFen: 'fundCounty',
  fundOtherFen: 'fundOther',
  beneficiaryVillages: 'villages',
  beneficiaryHouseholds: 'households',
  beneficiaryPeople: 'people',
};

const EMPTY: Values = {
  year: null,
  code: '',
  name: '',
  category: null,
  constructionNature: '',
  township: null,
  village: null,
  location: '',
  content: '',
  department: null,
  implementer: null,
  responsiblePerson: '',
  status: 'planning',
  fundCentral: '',
  fundProvincial: '',
  fundMunicipal: '',
  fundCounty: '',
  fundOther: '',
  fundOtherNote: '',
  financingMethod: '',
  villages: null,
  households: null,
  people: null,
  povertyHouseholds: null,
  povertyPeople: null,
  monitoredHouseholds: null,
  monitoredPeople: null,
  performanceTarget: '',
  farmerLinkage: [],
  farmerLinkageNote: '',
  plannedStart: '',
  plannedEnd: '',
  actualStart: '',
  actualEnd: '',
  remark: '',
};
const FORM_FIELDS = Object.keys(EMPTY) as Array<keyof Values>;

function valuesOf(d: ProjectDetail, unit: MoneyUnit): Values {
  return {
    year: d.year,
    code: d.code ?? '',
    name: d.name,
    category: d.categoryId ? (d.subcategoryId ? [d.categoryId, d.subcategoryId] : [d.categoryId]) : null,
    constructionNature: d.constructionNature ?? '',
    township: d.townshipId,
    village: d.villageId,
    location: d.location ?? '',
    content: d.content ?? '',
    department: d.departmentId,
    implementer: d.implementerId,
    responsiblePerson: d.responsiblePerson ?? '',
    status: d.status,
    fundCentral: fenToText(d.fundsFen.central, unit),
    fundProvincial: fenToText(d.fundsFen.provincial, unit),
    fundMunicipal: fenToText(d.fundsFen.municipal, unit),
    fundCounty: fenToText(d.fundsFen.county, unit),
    fundOther: fenToText(d.fundsFen.other, unit),
    fundOtherNote: d.fundOtherNote ?? '',
    financingMethod: d.financingMethod ?? '',
    villages: d.beneficiaryVillages,
    households: d.beneficiaryHouseholds,
    people: d.beneficiaryPeople,
    povertyHouseholds: d.povertyHouseholds,
    povertyPeople: d.povertyPeople,
    monitoredHouseholds: d.monitoredHouseholds,
    monitoredPeople: d.monitoredPeople,
    performanceTarget: d.performanceTarget ?? '',
    farmerLinkage: d.farmerLinkage,
    farmerLinkageNote: d.farmerLinkageNote ?? '',
    plannedStart: d.plannedStart ?? '',
    plannedEnd: d.plannedEnd ?? '',
    actualStart: d.actualStart ?? '',
    actualEnd: d.actualEnd ?? '',
    remark: d.remark ?? '',
  };
}

const textOrNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const dateOrNull = (v: string | undefined | null) => textOrNull(normaliseDateText(v));
const countOrNull = (v: number | null | undefined) => (v === undefined || v === null ? null : v);

/** What the service gets: every field (money parsed exactly in the chosen unit; empty money is 0). */
function inputOf(v: Values, unit: MoneyUnit): Required<ChannelInput<'projects.create'>> {
  const fen = (text: string) => textToFen(text, unit) ?? 0;
  return {
    year: v.year ?? officeYear(),
    code: textOrNull(v.code),
    name: v.name.trim(),
    categoryId: v.category?.[0] ?? null,
    subcategoryId: v.category?.[1] ?? null,
    constructionNature: textOrNull(v.constructionNature),
    townshipId: v.township ?? null,
    villageId: v.village ?? null,
    location: textOrNull(v.location),
    content: textOrNull(v.content),
    plannedStart: dateOrNull(v.plannedStart),
    plannedEnd: dateOrNull(v.plannedEnd),
    actualStart: dateOrNull(v.actualStart),
    actualEnd: dateOrNull(v.actualEnd),
    departmentId: v.department ?? null,
    implementerId: v.implementer ?? null,
    responsiblePerson: textOrNull(v.responsiblePerson),
    fundCentralFen: fen(v.fundCentral),
    fundProvincialFen: fen(v.fundProvincial),
    fundMunicipalFen: fen(v.fundMunicipal),
    fundCountyFen: fen(v.fundCounty),
    fundOtherFen: fen(v.fundOther),
    fundOtherNote: textOrNull(v.fundOtherNote),
    financingMethod: textOrNull(v.financingMethod),
    beneficiaryVillages: countOrNull(v.villages),
    beneficiaryHouseholds: countOrNull(v.households),
    beneficiaryPeople: countOrNull(v.people),
    povertyHouseholds: countOrNull(v.povertyHouseholds),
    povertyPeople: countOrNull(v.povertyPeople),
    monitoredHouseholds: countOrNull(v.monitoredHouseholds),
    monitoredPeople: countOrNull(v.monitoredPeople),
    performanceTarget: textOrNull(v.performanceTarget),
    farmerLinkage: v.farmerLinkage && v.farmerLinkage.length > 0 ? (v.farmerLinkage as Array<(typeof FARMER_LINKAGES)[number]>) : null,
    farmerLinkageNote: textOrNull(v.farmerLinkageNote),
    status: v.status,
    remark: textOrNull(v.remark),
  };
}

/** What the 入库 rule (shared/projects.ts) reads, from the form's values as the service would get them. */
function factsOf(v: Partial<Values>, unit: MoneyUnit): BankFacts {
  return inputOf({ ...EMPTY, ...v }, unit);
}

/**
 * A field rule of the 入库 requirement: it applies only when this save moves the project into the bank
 * (`entering` reads the stored status and the chosen one). A project already in the bank is never refused
 * for it — its gaps show as 资料不全.
 */
function bankRule(entering: (status: ProjectStatus) => boolean, message: string, ok: (value: unknown, get: FormInstance<Values>['getFieldValue']) => boolean) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: unknown) => {
      if (entering(getFieldValue('status') as ProjectStatus) && !ok(value, getFieldValue)) throw new Error(message);
    },
  });
}
const hasText = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** A part not above its whole (其中脱贫户 ≤ 受益户), by the shared rule; `whole` is the form's field. */
function notAbove(part: BeneficiaryPart, whole: keyof Values) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: number | null | undefined) => {
      const refusal = partAboveWholeRefusal(part, value ?? null, (getFieldValue(whole) as number | null | undefined) ?? null);
      if (refusal) throw new Error(refusal);
    },
  });
}

/** End not before start, by the shared rule. */
function notBefore(end: DateOrderEnd) {
  return ({ getFieldValue }: { getFieldValue: FormInstance<Values>['getFieldValue'] }) => ({
    validator: async (_: unknown, value: string | undefined) => {
      const refusal = dateOrderRefusal(end, normaliseDateText(getFieldValue(DATE_ORDER[end].start) as string | undefined), normaliseDateText(value));
      if (refusal) throw new Error(refusal);
    },
  });
}

interface Props {
  target: ProjectDrawerTarget | null;
  reference: ReferenceData;
  onClose: () => void;
  /** After a save or delete; the id of the saved project (null after delete). */
  onSaved: (id: number | null) => void;
}

export function ProjectDrawer({ target, reference, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [detail, setDetail] = useState<ProjectDetail | null>(null);
  const [assets, setAssets] = useState<{ rows: AssetRow[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [unit, setUnit] = useState<MoneyUnit>('wan');
  const unitRef = useRef<MoneyUnit>('wan');
  const [reason, setReason] = useState<ReasonRequest | null>(null);
  const suggested = useRef<string | null>(null);
  const suggestions = useRef(new LatestRequest()).current;
  const open = target !== null;
  const editing = target?.kind === 'edit';

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const status = values?.status;
  // The status stored before this save (null for a new project): the 入库 fields are asked for only when
  // the save moves the project into the bank.
  const storedStatus = target?.kind === 'edit' ? (detail?.status ?? null) : null;
  const storedRef = useRef<ProjectStatus | null>(null);
  storedRef.current = storedStatus;
  const enteringBank = useCallback((s: ProjectStatus | undefined) => s !== undefined && entersBank(storedRef.current, s), []);
  const bank = enteringBank(status);
  const { guard, markClean } = useUnsavedGuard(form);
  const close = () => guard(onClose);

  const suggestCode = useCallback(
    (year: number, force: boolean) =>
      suggestions.run(() => call('projects.suggestCode', { year }), {
        value: ({ code }) => {
          const current = (form.getFieldValue('code') as string | undefined) ?? '';
          // Replace the number only when the clerk has not typed one of their own.
          if (force || current === '' || current === suggested.current) form.setFieldValue('code', code);
          suggested.current = code;
        },
        error: (error) => showCallError(error, message, form, FORM_FIELDS, { year: 'code' }),
        busy: () => undefined,
      }),
    [form, message, suggestions],
  );

  // Open: a new project starts from defaults and a suggested number; an existing one is read afresh.
  useEffect(() => {
    if (!target) return undefined;
    let live = true;
    form.resetFields();
    setDetail(null);
    setAssets(null);
    unitRef.current = 'wan';
    setUnit('wan');
    suggested.current = null;
    if (target.kind === 'new') {
      form.setFieldsValue({ ...EMPTY, year: target.year });
      markClean();
      void suggestCode(target.year, true);
      return undefined;
    }
    setLoading(true);
    Promise.all([call('projects.get', { id: target.id }), call('assets.list', { projectId: target.id, limit: 200 })])
      .then(([d, a]) => {
        if (!live) return;
        setDetail(d);
        setAssets(a);
        // Amounts in the unit the office writes them: 万元 while all are whole 元, else 元 (455616.50).
        const shownUnit = writtenUnit(Object.values(d.fundsFen));
        unitRef.current = shownUnit;
        setUnit(shownUnit);
        form.setFieldsValue(valuesOf(d, shownUnit));
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

  const switchUnit = (next: MoneyUnit) => {
    const from = unitRef.current;
    if (next === from) return;
    const patch: Partial<Values> = {};
    for (const f of FUND_FIELDS) patch[f] = convertMoneyText(form.getFieldValue(f) as string | undefined, from, next);
    unitRef.current = next;
    setUnit(next);
    form.setFieldsValue(patch);
    void form.validateFields([...FUND_FIELDS]).catch(() => undefined);
  };

  const fieldMapFor = (field: string | undefined): Record<string, string> => {
    if (!field) return SERVICE_FIELD;
    const base = field.split('.')[0] ?? field;
    return { ...SERVICE_FIELD, [field]: SERVICE_FIELD[base] ?? base };
  };

  /** Show a refusal at its field; true when it landed on one. */
  const showRefusal = (error: unknown): boolean =>
    showCallError(error, message, form, FORM_FIELDS, fieldMapFor(error instanceof LedgerCallError ? error.field : undefined));

  const save = async (v: Values, stepBackReason?: string) => {
    if (!target) return;
    setSaving(true);
    try {
      const input = inputOf(v, unitRef.current);
      const saved =
        target.kind === 'new'
          ? await call('projects.create', input)
          : await call('projects.update', { id: target.id, ...input, ...(stepBackReason ? { reason: stepBackReason } : {}) });
      message.success(target.kind === 'new' ? `已新增项目“${saved.name}”（${saved.code ?? '无编号'}）` : `已保存“${saved.name}”`);
      onSaved(saved.id);
      onClose();
    } catch (error) {
      if (error instanceof LedgerCallError && error.field === 'reason' && !stepBackReason) {
        askReason(v);
        return;
      }
      throw error;
    } finally {
      setSaving(false);
    }
  };

  const askReason = (v: Values) => {
    const from = detail ? ProjectStatus.label[detail.status] : '';
    setReason({
      title: '项目状态退回',
      description: `项目状态从“${from}”退回到“${ProjectStatus.label[v.status]}”，请填写退回原因（记入操作记录）。`,
      okText: '退回并保存',
      run: async (text) => {
        try {
          await save(v, text);
        } catch (error) {
          // A refusal that belongs to a field of the form goes there; the rest stays in the dialog.
          if (error instanceof LedgerCallError && error.field && error.field !== 'reason') {
            setReason(null);
            showRefusal(error);
            return;
          }
          throw error;
        }
      },
    });
  };

  const onFinish = (v: Values) => {
    if (detail && projectStatusRank(v.status) < projectStatusRank(detail.status)) {
      askReason(v);
      return;
    }
    save(v).catch((error: unknown) => showRefusal(error));
  };

  const askDelete = () => {
    if (!detail) return;
    setReason({
      title: `删除项目“${detail.name}”`,
      description: '删除后项目不再出现在项目库中，操作记录保留删除前的全部内容。已有拨付记录的项目不能删除。请填写删除原因：',
      okText: '删除',
      danger: true,
      run: async (text) => {
        await call('projects.delete', { id: detail.id, reason: text });
        message.success(`已删除项目“${detail.name}”`);
        onSaved(null);
        onClose();
      },
    });
  };

  useShortcut('s', () => form.submit(), open && reason === null);

  // ---- option lists ----
  const townshipOptions = reference.townships.map((t) => ({ value: t.id, label: t.name }));
  const villageOptions = reference.villagesOf(values?.township).map((v) => ({ value: v.id, label: v.name }));
  const departmentOptions = useMemo(() => {
    const list = reference.departments.map((u) => ({ value: u.id, label: u.name }));
    // A project may name a unit of another kind as 主管部门 (imports): keep it visible.
    const current = detail?.departmentId;
    if (current && !list.some((o) => o.value === current)) list.push({ value: current, label: detail?.department ?? `单位 ${current}` });
    return list;
  }, [reference.departments, detail]);
  const implementerOptions = useMemo(
    () =>
      UnitKind.values
        .map((kind) => ({
          label: UnitKind.label[kind],
          options: reference.units.filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: u.name })),
        }))
        .filter((g) => g.options.length > 0),
    [reference.units],
  );
  const statusOptions = ProjectStatus.values.map((s, i) => ({
    value: s,
    label: `${i + 1}. ${ProjectStatus.label[s]}`,
  }));

  // ---- live figures ----
  const fundsFen = FUND_FIELDS.map((f) => textToFen(values?.[f], unit));
  const totalFen = fundsFen.reduce<number>((sum, fen) => sum + (fen ?? 0), 0);
  const badMoney = fundsFen.some((fen) => fen === null);
  const missing = values ? missingForBank(factsOf(values, unit)) : [];
  // 资料不全: already in the bank (stored so, and staying there) with 入库 fields still empty.
  const incomplete = values && status && isBankedStatus(status) && !bank ? missing : [];

  const title = !target ? '' : target.kind === 'new' ? '新增项目' : detail ? `编辑项目：${detail.name}` : '编辑项目';

  return (
    <Drawer
      open={open}
      title={title}
      size={1060}
      onClose={close}
      mask={{ closable: false }}
      destroyOnHidden
      className="project-drawer"
      extra={
        detail ? (
          <Space size={6}>
            <Tag color="blue">{detail.statusLabel}</Tag>
            {detail.incompleteFields.length > 0 ? (
              <Tag color="orange" title={incompleteText(detail.incompleteFields)} data-testid="project-incomplete-flag">
                资料不全
              </Tag>
            ) : null}
            <span className="cell-muted">更新于 {officeDay(detail.updatedAt)}</span>
          </Space>
        ) : null
      }
      footer={
        <div className="drawer-footer">
          {editing && detail ? (
            <Button danger icon={<DeleteOutlined />} onClick={askDelete} data-testid="project-delete">
              删除项目
            </Button>
          ) : null}
          <span className="spacer" />
          <span className="field-hint">Enter 下一项 · Ctrl+S 保存</span>
          <Button onClick={close} data-testid="project-cancel">
            取消
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={loading} onClick={() => form.submit()} data-testid="project-save">
            保存
          </Button>
        </div>
      }
    >
      <Spin spinning={loading}>
        <Form<Values>
          form={form}
          name="project"
          layout="horizontal"
          labelCol={{ flex: '104px' }}
          wrapperCol={{ flex: 'auto' }}
          labelWrap
          colon={false}
          onFinish={onFinish}
          onFinishFailed={({ errorFields }) => {
            const first = errorFields[0];
            if (first) form.scrollToField(first.name, { block: 'center' });
          }}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          initialValues={EMPTY}
          className="project-form"
          data-testid="project-form"
        >
          {status && !isBankedStatus(status) && values && missing.length > 0 && missing.length < 11 ? (
            <Alert
              type="info"
              showIcon
              className="form-banner"
              title={`进入“入库”及以后的状态前还需填写：${missing.join('、')}`}
              data-testid="project-missing-for-bank"
            />
          ) : null}
          {bank && missing.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              className="form-banner"
              title={`改为“${ProjectStatus.label[status as ProjectStatus]}”即进入项目库，保存前须填写：${missing.join('、')}`}
              data-testid="project-entering-bank"
            />
          ) : null}
          {incomplete.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              className="form-banner"
              title={`${incompleteText(incomplete)}`}
              description="项目已在项目库中，可以照常修改保存；补齐这些资料后“资料不全”标记自动消失。"
              data-testid="project-incomplete"
            />
          ) : null}

          <div className="section-title">基本信息</div>
          <div className="form-grid">
            <Form.Item name="year" label={labelOf('year')} rules={[{ required: true, message: '请填写年度' }, { type: 'number', min: 2000, max: 2100, message: '年度应在 2000 至 2100 年之间' }]}>
              <InputNumber<number>
                min={2000}
                max={2100}
                precision={0}
                controls={false}
                style={{ width: '100%' }}
                onBlur={() => {
                  const y = form.getFieldValue('year') as number | null;
                  if (!editing && y && y >= 2000 && y <= 2100) void suggestCode(y, false);
                }}
                data-testid="project-field-year"
              />
            </Form.Item>
            <Form.Item name="code" label={labelOf('code')} extra={editing ? undefined : '按年度自动编号，可修改'}>
              <Input
                maxLength={projectFieldMax('code')}
                className="mono"
                suffix={
                  <a
                    title="按年度重新生成编号"
                    onClick={() => {
                      const y = form.getFieldValue('year') as number | null;
                      if (y) void suggestCode(y, true);
                    }}
                    data-testid="project-code-suggest"
                  >
                    <ReloadOutlined />
                  </a>
                }
                data-testid="project-field-code"
              />
            </Form.Item>
            <Form.Item name="status" label={labelOf('status')} rules={[{ required: true, message: '请选择项目状态' }]}>
              <Select<ProjectStatus> options={statusOptions} data-testid="project-field-status" />
            </Form.Item>
            <Form.Item
              name="name"
              label={labelOf('name')}
              className="span-3"
              rules={[{ required: true, whitespace: true, message: `请填写${labelOf('name')}` }, maxRule('name')]}
            >
              <Input maxLength={projectFieldMax('name')} showCount placeholder="例如 青山镇前进村2024年高标准农田建设项目" autoFocus={!editing} data-testid="project-field-name" />
            </Form.Item>
            <Form.Item
              name="category"
              label={labelOf('category')}
              className="span-2"
              required={bank}
              dependencies={['status']}
              rules={[bankRule(enteringBank, '入库项目须选择项目类型', (v) => Array.isArray(v) && v.length > 0)]}
            >
              <Cascader
                options={typeCascaderOptions(reference.types)}
                changeOnSelect
                showSearch={typeCascaderSearch}
                placeholder="类型 / 子类型"
                displayRender={(labels) => labels.join(' / ')}
                data-testid="project-field-category"
              />
            </Form.Item>
            <Form.Item
              name="constructionNature"
              label={labelOf('nature')}
              required={bank}
              dependencies={['status']}
              rules={[bankRule(enteringBank, '入库项目须填写建设性质', hasText), maxRule('nature')]}
            >
              <AutoComplete
                options={CONSTRUCTION_NATURES.map((n) => ({ value: n }))}
                placeholder="新建/续建/改建…"
                maxLength={projectFieldMax('nature')}
                data-testid="project-field-constructionNature"
              />
            </Form.Item>
            <Form.Item
              name="township"
              label={labelOf('township')}
              required={bank}
              dependencies={['status', 'location']}
              rules={[bankRule(enteringBank, '入库项目须选择乡镇或填写实施地点', (v, get) => Boolean(v) || hasText(get('location')))]}
            >
              <Select<number | null>
                allowClear
                options={townshipOptions}
                placeholder="选择乡镇"
                onChange={(t) => {
                  const village = form.getFieldValue('village') as number | null;
                  if (village && !reference.villagesOf(t).some((v) => v.id === village)) form.setFieldValue('village', null);
                }}
                data-testid="project-field-township"
              />
            </Form.Item>
            <Form.Item name="village" label={labelOf('village')}>
              <Select<number | null>
                allowClear
                options={villageOptions}
                placeholder={values?.township ? '选择村（乡镇级项目可不选）' : '先选乡镇'}
                disabled={!values?.township}
                data-testid="project-field-village"
              />
            </Form.Item>
            <Form.Item name="location" label={labelOf('location')} rules={[maxRule('location')]}>
              <Input maxLength={projectFieldMax('location')} placeholder="如 前进村二组" data-testid="project-field-location" />
            </Form.Item>
            <Form.Item
              name="content"
              label={labelOf('content')}
              className="span-3"
              required={bank}
              dependencies={['status']}
              rules={[bankRule(enteringBank, '入库项目须填写建设内容及规模', hasText), maxRule('content')]}
            >
              <Input.TextArea maxLength={projectFieldMax('content')} autoSize={{ minRows: 2, maxRows: 5 }} placeholder="建设任务、规模、主要工程量" data-testid="project-field-content" />
            </Form.Item>
            <Form.Item
              name="department"
              label={labelOf('department')}
              required={bank}
              dependencies={['status', 'implementer']}
              rules={[bankRule(enteringBank, '入库项目须选择主管部门或实施单位', (v, get) => Boolean(v) || Boolean(get('implementer')))]}
            >
              <Select<number | null>
                allowClear
                options={departmentOptions}
                placeholder="选择部门"
                popupMatchSelectWidth={false}
                data-testid="project-field-department"
              />
            </Form.Item>
            <Form.Item name="implementer" label={labelOf('implementer')}>
              <Select<number | null>
                allowClear
                options={implementerOptions}
                placeholder="项目业主/实施单位"
                popupMatchSelectWidth={false}
                data-testid="project-field-implementer"
              />
            </Form.Item>
            <Form.Item name="responsiblePerson" label={labelOf('responsiblePerson')} rules={[maxRule('responsiblePerson')]}>
              <Input maxLength={projectFieldMax('responsiblePerson')} data-testid="project-field-responsiblePerson" />
            </Form.Item>
          </div>

          <div className="section-title section-with-tools">
            <span>资金规模与来源</span>
            <span className="section-tools">
              <span className="field-hint">金额单位</span>
              <UnitSwitch value={unit} onChange={switchUnit} testId="project-unit-switch" />
            </span>
          </div>
          <div className="form-grid">
            {FUND_FIELDS.map((f, i) => (
              <Form.Item
                key={f}
                name={f}
                label={labelOf(f)}
                required={bank && i === 0}
                dependencies={i === 0 ? ['status', ...FUND_FIELDS.slice(1)] : undefined}
                rules={[
                  moneyRule(labelOf(f), () => unitRef.current),
                  ...(i === 0
                    ? [
                        bankRule(enteringBank, '入库项目须填写资金规模（各级资金合计大于 0）', (_v, get) =>
                          FUND_FIELDS.some((g) => (textToFen(get(g) as string | undefined, unitRef.current) ?? 0) > 0),
                        ),
                      ]
                    : []),
                ]}
              >
                <Input
                  inputMode="decimal"
                  autoComplete="off"
                  className="mono money-input"
                  suffix={<span className="unit-suffix">{unit === 'wan' ? '万元' : '元'}</span>}
                  placeholder="0"
                  data-testid={`project-field-${f}`}
                />
              </Form.Item>
            ))}
            <Form.Item label="资金规模合计">
              <div className="fund-total" data-testid="project-fund-total">
                <b className="mono">{formatMoney(totalFen, unit)}</b> {unit === 'wan' ? '万元' : '元'}
                <span className="cell-muted"> 合 {unit === 'wan' ? `${formatMoney(totalFen, 'yuan')} 元` : `${formatMoney(totalFen, 'wan')} 万元`}</span>
                {badMoney ? <span className="warn-text">有金额未填对</span> : null}
              </div>
            </Form.Item>
            <Form.Item name="fundOtherNote" label={labelOf('fundOtherNote')} className="span-2" rules={[maxRule('fundOtherNote')]}>
              <Input maxLength={projectFieldMax('fundOtherNote')} placeholder="整合资金、东西部协作、定点帮扶、社会捐赠、群众自筹…" data-testid="project-field-fundOtherNote" />
            </Form.Item>
            <Form.Item name="financingMethod" label={labelOf('financingMethod')} rules={[maxRule('financingMethod')]}>
              <Input maxLength={projectFieldMax('financingMethod')} placeholder="如 财政衔接资金+群众自筹" data-testid="project-field-financingMethod" />
            </Form.Item>
          </div>

          <div className="section-title">受益对象</div>
          <div className="form-grid form-grid-4">
            <CountItem
              name="villages"
              label={labelOf('beneficiaryVillages')}
              unitLabel="村"
              required={bank}
              rules={[bankRule(enteringBank, '入库项目须填写受益对象（受益村数、户数或人数）', (v, get) => (Number(v) || 0) > 0 || (Number(get('households')) || 0) > 0 || (Number(get('people')) || 0) > 0)]}
              dependencies={['status', 'households', 'people']}
            />
            <CountItem name="households" label={labelOf('households')} unitLabel="户" />
            <CountItem name="povertyHouseholds" label={labelOf('povertyHouseholds')} unitLabel="户" dependencies={['households']} rules={[notAbove('povertyHouseholds', 'households')]} />
            <CountItem name="monitoredHouseholds" label={labelOf('monitoredHouseholds')} unitLabel="户" dependencies={['households']} rules={[notAbove('monitoredHouseholds', 'households')]} />
            <span />
            <CountItem name="people" label={labelOf('people')} unitLabel="人" />
            <CountItem name="povertyPeople" label={labelOf('povertyPeople')} unitLabel="人" dependencies={['people']} rules={[notAbove('povertyPeople', 'people')]} />
            <CountItem name="monitoredPeople" label={labelOf('monitoredPeople')} unitLabel="人" dependencies={['people']} rules={[notAbove('monitoredPeople', 'people')]} />
          </div>

          <div className="section-title">绩效目标与联农带农</div>
          <div className="form-grid">
            <Form.Item
              name="performanceTarget"
              label={labelOf('performanceTarget')}
              className="span-3"
              required={bank}
              dependencies={['status']}
              rules={[bankRule(enteringBank, '入库项目须填写绩效目标', hasText), maxRule('performanceTarget')]}
            >
              <Input.TextArea maxLength={projectFieldMax('performanceTarget')} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="产出、效益、满意度指标" data-testid="project-field-performanceTarget" />
            </Form.Item>
            <Form.Item
              name="farmerLinkage"
              label={labelOf('farmerLinkage')}
              className="span-2"
              required={bank}
              dependencies={['status', 'farmerLinkageNote']}
              rules={[bankRule(enteringBank, '入库项目须选择联农带农方式（或填写说明）', (v, get) => (Array.isArray(v) && v.length > 0) || hasText(get('farmerLinkageNote')))]}
            >
              <Select<string[]>
                mode="multiple"
                allowClear
                options={FARMER_LINKAGES.map((w) => ({ value: w, label: w }))}
                placeholder="可多选"
                data-testid="project-field-farmerLinkage"
              />
            </Form.Item>
            <Form.Item name="farmerLinkageNote" label={labelOf('farmerLinkageNote')} rules={[maxRule('farmerLinkageNote')]}>
              <Input maxLength={projectFieldMax('farmerLinkageNote')} placeholder="如 带动 50 户务工增收" data-testid="project-field-farmerLinkageNote" />
            </Form.Item>
          </div>

          <div className="section-title section-with-tools">
            <span>进度</span>
            <span className="section-tools field-hint">日期按 2024-03-05 填写，只知道月份时填 2024-03；2024/3/5、2024年3月5日 也可</span>
          </div>
          <div className="form-grid form-grid-4">
            <Form.Item
              name="plannedStart"
              label={labelOf('plannedStart')}
              required={bank}
              dependencies={['status']}
              rules={[dateRule(PROJECT_FIELD.plannedStart.label), bankRule(enteringBank, '入库项目须填写计划开工日期', hasText)]}
            >
              <DateInput testId="project-field-plannedStart" />
            </Form.Item>
            <Form.Item
              name="plannedEnd"
              label={labelOf('plannedEnd')}
              required={bank}
              dependencies={['status', 'plannedStart']}
              rules={[dateRule(PROJECT_FIELD.plannedEnd.label), bankRule(enteringBank, '入库项目须填写计划完工日期', hasText), notBefore('plannedEnd')]}
            >
              <DateInput testId="project-field-plannedEnd" />
            </Form.Item>
            <Form.Item name="actualStart" label={labelOf('actualStart')} rules={[dateRule(PROJECT_FIELD.actualStart.label)]}>
              <DateInput testId="project-field-actualStart" />
            </Form.Item>
            <Form.Item
              name="actualEnd"
              label={labelOf('actualEnd')}
              dependencies={['actualStart']}
              rules={[dateRule(PROJECT_FIELD.actualEnd.label), notBefore('actualEnd')]}
            >
              <DateInput testId="project-field-actualEnd" />
            </Form.Item>
          </div>
          <div className="form-grid">
            <Form.Item name="remark" label={labelOf('remark')} className="span-3" rules={[maxRule('remark')]}>
              <Input.TextArea maxLength={projectFieldMax('remark')} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="project-field-remark" />
            </Form.Item>
          </div>
        </Form>

        {detail ? <ProjectMoney detail={detail} /> : null}
        {detail && assets ? <ProjectAssets assets={assets} /> : null}
      </Spin>
      <ReasonModal request={reason} onClose={() => setReason(null)} />
    </Drawer>
  );
}

function CountItem({
  name,
  label,
  unitLabel,
  rules = [],
  dependencies,
  required,
}: {
  name: keyof Values;
  label: string;
  unitLabel: string;
  rules?: Array<ReturnType<typeof notAbove> | ReturnType<typeof bankRule>>;
  dependencies?: Array<keyof Values>;
  required?: boolean;
}) {
  return (
    <Form.Item
      name={name}
      label={label}
      dependencies={dependencies}
      required={required}
      rules={[{ type: 'number', min: 0, max: 10_000_000, message: `${label}应在 0 到 1000 万之间` }, ...rules]}
    >
      <InputNumber<number> min={0} max={10_000_000} precision={0} controls={false} suffix={unitLabel} style={{ width: '100%' }} data-testid={`project-field-${name}`} />
    </Form.Item>
  );
}

/** 资金执行: what allocations assigned to the project and what was paid, with the rows behind them. */
function ProjectMoney({ detail }: { detail: ProjectDetail }) {
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
function ProjectAssets({ assets }: { assets: { rows: AssetRow[]; total: number } }) {
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
