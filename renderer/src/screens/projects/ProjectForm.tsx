// The project form: a wide drawer with every field of a project, grouped as a clerk reads a 项目库 sheet,
// one component per section (ProjectBasicSection: 基本信息; ProjectFundsSection: 资金规模与来源;
// ProjectBenefitSection: 受益对象, 绩效目标与联农带农; ProjectScheduleSection: 进度). Rules a clerk meets while
// typing are checked there for instant feedback (the 入库 fields, whole-fen money, end not before start,
// 脱贫户 not above 受益户; projectFormValues.ts); the service checks them all again and its refusal is shown at
// the field it names. This file holds the drawer: opening, saving, the banners of the 入库 rule, a status
// step back (asks for a reason), delete (soft, with a reason) and a save refused because another clerk saved the
// project meanwhile (ProjectConflict: the newer values beside what this clerk typed). Below the form: ProjectMoney.
import { officeDay } from '../../../../shared/dates';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Form, Space, Spin, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssetRow, ProjectDetail } from '../../../../shared/api';
import { ProjectStatus, projectStatusRank } from '../../../../shared/enums';
import { type MoneyUnit, writtenUnit } from '../../../../shared/money';
import { entersBank, incompleteText } from '../../../../shared/projects';
import { call, LedgerCallError } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { LatestRequest } from '../../lib/latestRequest';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { convertMoneyText, ReasonModal, type ReasonRequest, type ReferenceData } from './common';
import { ProjectBankBanners } from './ProjectBankBanners';
import { ProjectBasicSection } from './ProjectBasicSection';
import { ProjectBenefitSection } from './ProjectBenefitSection';
import { projectConflict, ProjectConflictBanner, type ProjectConflictState } from './ProjectConflict';
import { ProjectFundsSection } from './ProjectFundsSection';
import { ProjectAssets, ProjectMoney } from './ProjectMoney';
import { ProjectScheduleSection } from './ProjectScheduleSection';
import { PlainSection } from './PlainFields';
import { PLAIN_FORM_SECTIONS } from '../../../../shared/projects/fields';
import { EMPTY, FORM_FIELDS, FUND_FIELDS, inputOf, SERVICE_FIELD, valuesOf, type Values } from './projectFormValues';

export type ProjectDrawerTarget = { kind: 'new'; year: number } | { kind: 'edit'; id: number };

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
  const [conflict, setConflict] = useState<ProjectConflictState | null>(null);
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
    setConflict(null);
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

  const currentUnit = useCallback(() => unitRef.current, []);
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
    // An edit saves from the record the form loaded, naming its version.
    const loaded = target.kind === 'edit' ? detail : null;
    if (target.kind === 'edit' && !loaded) return;
    setSaving(true);
    try {
      const input = inputOf(v, unitRef.current);
      const saved =
        loaded === null
          ? await call('projects.create', input)
          : await call('projects.update', { id: loaded.id, version: loaded.version, ...input, ...(stepBackReason ? { reason: stepBackReason } : {}) });
      message.success(target.kind === 'new' ? `已新增项目“${saved.name}”（${saved.code ?? '无编号'}）` : `已保存“${saved.name}”`);
      onSaved(saved.id);
      onClose();
    } catch (error) {
      if (error instanceof LedgerCallError && error.field === 'reason' && !stepBackReason) {
        askReason(v);
        return;
      }
      if (error instanceof LedgerCallError && error.code === 'STALE' && target.kind === 'edit') {
        await showNewer(error.message, target.id);
        return;
      }
      throw error;
    } finally {
      setSaving(false);
    }
  };

  /**
   * Another clerk saved the project after this form loaded it: read the saved project (its version is what the
   * next save sends), keep what this clerk typed in the inputs and list where the two differ.
   */
  const showNewer = async (refusal: string, id: number) => {
    setReason(null);
    const saved = await call('projects.get', { id });
    setDetail(saved);
    setConflict(projectConflict(refusal, form.getFieldsValue(true) as Values, saved, unitRef.current));
  };

  const takeSaved = () => {
    if (!conflict) return;
    form.setFieldsValue(conflict.savedValues);
    setConflict(null);
    markClean();
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
          {conflict ? <ProjectConflictBanner conflict={conflict} onTakeSaved={takeSaved} /> : null}
          <ProjectBankBanners bank={bank} unit={unit} />
          <ProjectBasicSection bank={bank} enteringBank={enteringBank} reference={reference} detail={detail} editing={editing} suggestCode={suggestCode} />
          <ProjectFundsSection bank={bank} enteringBank={enteringBank} unit={unit} currentUnit={currentUnit} switchUnit={switchUnit} />
          <ProjectBenefitSection bank={bank} enteringBank={enteringBank} unit={unit} />
          <ProjectScheduleSection bank={bank} enteringBank={enteringBank} />
          {PLAIN_FORM_SECTIONS.map((s) => (
            <PlainSection key={s.key} section={s.key} title={s.title} {...(s.hint ? { hint: s.hint } : {})} bank={bank} enteringBank={enteringBank} unit={unit} />
          ))}
        </Form>

        {detail ? <ProjectMoney detail={detail} /> : null}
        {detail && assets ? <ProjectAssets assets={assets} /> : null}
      </Spin>
      <ReasonModal request={reason} onClose={() => setReason(null)} />
    </Drawer>
  );
}
