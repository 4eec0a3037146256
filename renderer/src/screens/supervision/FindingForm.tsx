// 新增/编辑问题: every field of DOMAIN.md — 类别, 问题描述, 乡镇/村 (villages of the chosen township only),
// 涉及项目/资产 (searchable), 牵头单位, 责任单位, 责任领导, 责任人, 整改目标, 整改措施 and 整改时限 as the clerk
// writes it, with the date it means previewed live by the service (findings.previewDeadline):
// "2024年底前 → 2024年12月31日", "立行立改 → …", "长期坚持 → 无期限". Refusals land at their field.
import { Alert, App as AntApp, AutoComplete, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Spin, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeadlinePreview, FindingDetail } from '../../../../shared/api';
import { formatChineseDate, localToday, officeYear } from '../../../../shared/dates';
import { FindingCategory } from '../../../../shared/enums';
import { matchesTyped } from '../../../../shared/pinyin';
import { FINDING_FIELD as F, findingFieldMax } from '../../../../shared/supervision/fields';
import { call, LedgerCallError } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useChannel } from '../../lib/useChannel';
import { afterStaleSave, StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { CATEGORY_OPTIONS, useSupervision } from './common';
import { AssetPicker, ProjectPicker, type PickChoice } from './pickers';

export type FindingFormTarget =
  | { kind: 'new'; inspectionId: number; inspectionName: string }
  | { kind: 'edit'; id: number }
  | null;

interface Values {
  seq?: number | null;
  category?: FindingCategory;
  description?: string;
  townshipId?: number | null;
  villageId?: number | null;
  projectId?: number | null;
  assetId?: number | null;
  leadUnit?: string;
  responsibleUnit?: string;
  responsibleLeader?: string;
  responsiblePerson?: string;
  goal?: string;
  measures?: string;
  deadline?: string;
}

const FIELDS = [
  'seq',
  'category',
  'description',
  'townshipId',
  'villageId',
  'projectId',
  'assetId',
  'leadUnit',
  'responsibleUnit',
  'responsibleLeader',
  'responsiblePerson',
  'goal',
  'measures',
  'deadline',
];

/** Words a clerk often writes, one click away. */
const DEADLINE_WORDS = ['立行立改', '长期坚持', `${officeYear()}年底前`];

type PreviewState = { state: 'empty' } | { state: 'busy' } | { state: 'ok'; value: DeadlinePreview } | { state: 'error'; message: string };

/** "2024年底前 → 2024年12月31日" / "长期坚持 → 无期限". */
export function previewText(p: DeadlinePreview): string {
  const words = p.text ?? '';
  const target = p.date ? formatChineseDate(p.date) : '无期限';
  return words && words !== p.date ? `${words} → ${target}` : target;
}

interface Props {
  target: FindingFormTarget;
  onClose: () => void;
  onSaved: (detail: FindingDetail, andNext: boolean) => void;
}

export function FindingFormModal({ target, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const { reference } = useSupervision();
  const [form] = Form.useForm<Values>();
  const { data: record, setData: setRecord, loading, run: read, drop: dropRead, reset: resetRead } = useChannel<FindingDetail>();
  const [stale, setStale] = useState<StaleSave | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<PreviewState>({ state: 'empty' });
  const [knownProject, setKnownProject] = useState<PickChoice | null>(null);
  const [knownAsset, setKnownAsset] = useState<PickChoice | null>(null);
  const andNext = useRef(false);
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard(form);
  const close = () => guard(onClose);
  const inspectionId = target?.kind === 'new' ? target.inspectionId : (record?.inspectionId ?? null);
  const inspectionName = target?.kind === 'new' ? target.inspectionName : (record?.inspection ?? '');

  const townshipId = Form.useWatch('townshipId', form);
  const deadline = Form.useWatch('deadline', form);

  useEffect(() => {
    if (!target) {
      dropRead();
      return undefined;
    }
    form.resetFields();
    resetRead();
    setStale(null);
    setPreview({ state: 'empty' });
    setKnownProject(null);
    setKnownAsset(null);
    if (target.kind === 'new') {
      markClean();
      return undefined;
    }
    void read(
      () => call('findings.get', { id: target.id }),
      (d) => {
        setKnownProject(d.projectId && d.project ? { id: d.projectId, label: d.project } : null);
        setKnownAsset(d.assetId && d.asset ? { id: d.assetId, label: d.asset } : null);
        form.setFieldsValue({
          seq: d.seq,
          category: d.category,
          description: d.description,
          townshipId: d.townshipId,
          villageId: d.villageId,
          projectId: d.projectId,
          assetId: d.assetId,
          leadUnit: d.leadUnit ?? '',
          responsibleUnit: d.responsibleUnit ?? '',
          responsibleLeader: d.responsibleLeader ?? '',
          responsiblePerson: d.responsiblePerson ?? '',
          goal: d.goal ?? '',
          measures: d.measures ?? '',
          deadline: d.deadlineText ?? d.deadlineDate ?? '',
        });
        markClean();
      },
      () => onClose(),
    );
    return undefined;
  }, [target, form, message, onClose]);

  // The live preview of 整改时限: asked of the service a moment after typing stops.
  useEffect(() => {
    if (!open || inspectionId === null) return undefined;
    const words = (deadline ?? '').trim();
    if (!words) {
      setPreview({ state: 'empty' });
      return undefined;
    }
    let live = true;
    setPreview((p) => (p.state === 'ok' || p.state === 'error' ? p : { state: 'busy' }));
    const t = window.setTimeout(() => {
      call('findings.previewDeadline', { inspectionId, deadline: words.slice(0, 60) })
        .then((value) => {
          if (live) setPreview({ state: 'ok', value });
        })
        .catch((error: unknown) => {
          if (live) setPreview({ state: 'error', message: error instanceof LedgerCallError ? error.message : errorText(error) });
        });
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [deadline, inspectionId, open]);

  const villages = reference.villagesOf(townshipId ?? null);
  const unitOptions = useMemo(() => reference.units.map((u) => ({ value: u.name })), [reference.units]);
  // Suggestions by part of the name or its pinyin initials (xxczxj → 县乡村振兴局), as in every list.
  const filterUnits = (input: string, option?: { value: string }) => matchesTyped(option?.value ?? '', input);

  const save = async (values: Values) => {
    if (!values.category || inspectionId === null) return;
    const input = {
      seq: values.seq ?? null,
      category: values.category,
      description: (values.description ?? '').trim(),
      townshipId: values.townshipId ?? null,
      villageId: values.villageId ?? null,
      projectId: values.projectId ?? null,
      assetId: values.assetId ?? null,
      leadUnit: values.leadUnit?.trim() || null,
      responsibleUnit: values.responsibleUnit?.trim() || null,
      responsibleLeader: values.responsibleLeader?.trim() || null,
      responsiblePerson: values.responsiblePerson?.trim() || null,
      goal: values.goal?.trim() || null,
      measures: values.measures?.trim() || null,
      deadline: values.deadline?.trim() || null,
    };
    const next = andNext.current;
    andNext.current = false;
    setSaving(true);
    try {
      const saved = record === null ? await call('findings.create', { inspectionId, ...input }) : await call('findings.update', { id: record.id, version: record.version, ...input });
      message.success(record === null ? `已新增问题（序号 ${saved.seq ?? '—'}）` : `已保存问题（序号 ${saved.seq ?? '—'}）`);
      onSaved(saved, next && record === null);
      if (next && record === null) {
        // 保存并新增下一条: the place, units and time limit usually repeat; the problem itself does not.
        form.setFieldsValue({ seq: null, description: '', villageId: null, projectId: null, assetId: null, goal: '', measures: '', responsiblePerson: '' });
        markClean();
        form.getFieldInstance('description')?.focus?.();
      } else {
        onClose();
      }
    } catch (error) {
      // Another clerk saved this 问题 first: show theirs, keep what was typed; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'finding', record, (r) => call('findings.get', { id: r.id }));
      if (refused) {
        setStale(refused.stale);
        setRecord(refused.newer);
      } else {
        showCallError(error, message, form, FIELDS);
      }
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  const closed = record?.status === 'closed';
  const previewPast = preview.state === 'ok' && preview.value.date !== null && preview.value.date < localToday();

  return (
    <Modal
      open={open}
      title={record ? `编辑问题（序号 ${record.seq ?? '—'}）` : target?.kind === 'edit' ? '编辑问题' : '新增问题'}
      onCancel={close}
      mask={{ closable: false }}
      width={900}
      destroyOnHidden
      styles={{ body: { paddingTop: 8 } }}
      footer={
        <Space>
          <span className="field-hint">Enter 下一项 · Ctrl+S 保存</span>
          <Button onClick={close} data-testid="finding-cancel">
            取消
          </Button>
          {record === null ? (
            <Button
              loading={saving}
              disabled={loading}
              onClick={() => {
                andNext.current = true;
                form.submit();
              }}
              data-testid="finding-save-next"
            >
              保存并新增下一条
            </Button>
          ) : null}
          <Button type="primary" loading={saving} disabled={loading || closed} onClick={() => form.submit()} data-testid="finding-save">
            保存
          </Button>
        </Space>
      }
    >
      <Spin spinning={loading}>
        <div className="sv-form-context">
          检查：<b>{inspectionName || '—'}</b>
        </div>
        {closed ? <Alert type="warning" showIcon style={{ marginBottom: 10 }} title="问题已销号，不能再修改；如确需修改，请先在整改进展中退回（须填写原因）。" /> : null}
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '84px' }}
          wrapperCol={{ flex: '1 1 0' }}
          onFinish={(values) => void save(values)}
          onValuesChange={(changed: Partial<Values>) => {
            if ('townshipId' in changed) form.setFieldValue('villageId', null);
          }}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          data-testid="finding-form"
          className="sv-form"
          disabled={closed}
        >
          {stale ? <StaleSaveBanner stale={stale} testId="finding-stale" /> : null}
          <Row gutter={16}>
            <Col span={16}>
              <Form.Item name="category" label={F.category.label} rules={[{ required: true, message: `请选择${F.category.label}` }]}>
                <Select<FindingCategory>
                  options={CATEGORY_OPTIONS}
                  placeholder="三落实、三精准、四保障、项目资金管理…"
                  autoFocus
                  data-testid="finding-field-category"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="seq" label={F.seq.label} extra="不填则自动编号">
                <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} placeholder="自动" data-testid="finding-field-seq" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={F.description.label} rules={[{ required: true, whitespace: true, message: `请填写${F.description.label}` }]}>
            <Input.TextArea maxLength={findingFieldMax('description')} autoSize={{ minRows: 2, maxRows: 6 }} placeholder="照检查反馈原文填写" data-testid="finding-field-description" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="townshipId" label={F.township.label} extra="县直部门的问题可不填">
                <Select<number | null>
                  allowClear
                  options={reference.townships.map((t) => ({ value: t.id, label: t.name }))}
                  placeholder="选择乡镇"
                  data-testid="finding-field-township"
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="villageId" label={F.village.label}>
                <Select<number | null>
                  allowClear
                  disabled={!townshipId}
                  options={villages.map((v) => ({ value: v.id, label: v.name }))}
                  placeholder={townshipId ? '选择村（可不填）' : '先选乡镇'}
                  notFoundContent="该乡镇下没有村"
                  data-testid="finding-field-village"
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="projectId" label={F.project.label}>
                <ProjectPicker known={knownProject} testId="finding-field-project" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="assetId" label={F.asset.label}>
                <AssetPicker known={knownAsset} testId="finding-field-asset" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="leadUnit" label={F.leadUnit.label}>
                <AutoComplete options={unitOptions} filterOption={filterUnits} placeholder="例如 县乡村振兴局" maxLength={findingFieldMax('leadUnit')} data-testid="finding-field-leadUnit" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="responsibleUnit" label={F.responsibleUnit.label}>
                <AutoComplete options={unitOptions} filterOption={filterUnits} placeholder="例如 桦树镇人民政府" maxLength={findingFieldMax('responsibleUnit')} data-testid="finding-field-responsibleUnit" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="responsibleLeader" label={F.responsibleLeader.label}>
                <Input maxLength={findingFieldMax('responsibleLeader')} placeholder="姓名（职务）" data-testid="finding-field-responsibleLeader" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="responsiblePerson" label={F.responsiblePerson.label}>
                <Input maxLength={findingFieldMax('responsiblePerson')} placeholder="姓名" data-testid="finding-field-responsiblePerson" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="goal" label={F.goal.label}>
            <Input.TextArea maxLength={findingFieldMax('goal')} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="finding-field-goal" />
          </Form.Item>
          <Form.Item name="measures" label={F.measures.label}>
            <Input.TextArea maxLength={findingFieldMax('measures')} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="finding-field-measures" />
          </Form.Item>
          <Form.Item label={F.deadline.label} style={{ marginBottom: 0 }}>
            <div className="sv-deadline-row">
              <Form.Item name="deadline" noStyle>
                <Input
                  maxLength={findingFieldMax('deadline')}
                  placeholder="照原文写：2024年10月31日前、2024年底前、立行立改、长期坚持或日期"
                  style={{ flex: 1 }}
                  data-testid="finding-field-deadline"
                />
              </Form.Item>
              <span className="sv-deadline-chips">
                {DEADLINE_WORDS.map((w) => (
                  <Tag.CheckableTag key={w} checked={deadline === w} onChange={() => form.setFieldValue('deadline', w)}>
                    {w}
                  </Tag.CheckableTag>
                ))}
              </span>
            </div>
            <div className={`sv-deadline-preview${preview.state === 'error' || previewPast ? ' sv-red' : ''}`} data-testid="finding-deadline-preview">
              {preview.state === 'empty' ? (
                <span className="field-hint">不填则没有整改时限；“立行立改”按检查结束日期加设定天数计算，“长期坚持”不计逾期</span>
              ) : preview.state === 'busy' ? (
                <span className="field-hint">正在识别…</span>
              ) : preview.state === 'error' ? (
                <span>{preview.message}</span>
              ) : (
                <>
                  <b>{previewText(preview.value)}</b>
                  {preview.value.explanation && preview.value.kind !== 'date' ? <span className="field-hint">{'\u3000'}{preview.value.explanation}</span> : null}
                  {previewPast ? <span>{'\u3000'}已早于今天，保存后即为逾期</span> : null}
                </>
              )}
            </div>
          </Form.Item>
        </Form>
      </Spin>
    </Modal>
  );
}
