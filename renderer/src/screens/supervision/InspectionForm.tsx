// 新增/编辑检查: 名称, 类型/问题来源, 来源文号 (normalised to 〔〕 as it is typed), 检查组, 组长, 起止日期 and
// 对象 — townships picked from 区划 and/or county departments (from 单位, or typed). Refusals of the
// service land at their field; the dialog stays open.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { App as AntApp, Col, Form, Input, Modal, Row, Select, Spin, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import type { InspectionDetail } from '../../../../shared/api';
import { normaliseDocNumber } from '../../../../shared/doc-number';
import { InspectionSource } from '../../../../shared/enums';
import { INSPECTION_FIELD as I, inspectionFieldMax } from '../../../../shared/supervision/fields';
import { inspectionEndBeforeStart } from '../../../../shared/supervision/findings';
import { call } from '../../api/client';
import { showCallError } from '../../lib/errors';
import { withKeysHint } from '../../components/FormKeysHint';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useChannel } from '../../lib/useChannel';
import { afterStaleSave, StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { useSupervision } from './common';

export type InspectionTarget = { kind: 'new' } | { kind: 'edit'; id: number } | null;

interface Values {
  name: string;
  source?: InspectionSource;
  sourceDocNumber?: string;
  team?: string;
  leader?: string;
  startDate?: string | null;
  endDate?: string | null;
  townshipIds?: number[];
  departments?: string[];
  remark?: string;
}

const FIELDS = ['name', 'source', 'sourceDocNumber', 'team', 'leader', 'startDate', 'endDate', 'townshipIds', 'departments', 'remark'];

interface Props {
  target: InspectionTarget;
  onClose: () => void;
  onSaved: (detail: InspectionDetail) => void;
}

export function InspectionFormModal({ target, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const { reference } = useSupervision();
  const [form] = Form.useForm<Values>();
  const { data: record, setData: setRecord, loading, run: read, drop: dropRead, reset: resetRead } = useChannel<InspectionDetail>();
  const [saving, setSaving] = useState(false);
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard(form);
  const [stale, setStale] = useState<StaleSave | null>(null);

  useEffect(() => {
    if (!target) {
      dropRead();
      return undefined;
    }
    form.resetFields();
    resetRead();
    setStale(null);
    if (target.kind === 'new') {
      form.setFieldsValue({ source: 'supervision', townshipIds: [], departments: [] });
      markClean();
      return undefined;
    }
    void read(
      () => call('inspections.get', { id: target.id }),
      (d) => {
        form.setFieldsValue({
          name: d.name,
          source: d.source,
          sourceDocNumber: d.sourceDocNumber ?? '',
          team: d.team ?? '',
          leader: d.leader ?? '',
          startDate: d.startDate ?? null,
          endDate: d.endDate ?? null,
          townshipIds: d.townshipIds,
          departments: d.departments,
          remark: d.remark ?? '',
        });
        markClean();
      },
      () => onClose(),
    );
    return undefined;
  }, [target, form, message, onClose, markClean]);

  const save = async (values: Values) => {
    const startDate = dateValue(values.startDate, 'day');
    if (!values.source || !startDate) return;
    const input = {
      name: values.name.trim(),
      source: values.source,
      sourceDocNumber: values.sourceDocNumber?.trim() ? normaliseDocNumber(values.sourceDocNumber) : null,
      team: values.team?.trim() || null,
      leader: values.leader?.trim() || null,
      startDate,
      endDate: dateValue(values.endDate, 'day'),
      townshipIds: values.townshipIds ?? [],
      departments: (values.departments ?? []).map((d) => d.trim()).filter(Boolean),
      remark: values.remark?.trim() || null,
    };
    setSaving(true);
    try {
      const saved = record === null ? await call('inspections.create', input) : await call('inspections.update', { id: record.id, version: record.version, ...input });
      message.success(record === null ? `已新增检查“${saved.name}”` : `已保存检查“${saved.name}”`);
      onSaved(saved);
      onClose();
    } catch (error) {
      // Another clerk saved this 检查 first: show theirs, keep what was typed; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'inspection', record, (r) => call('inspections.get', { id: r.id }));
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

  const departmentOptions = reference.units
    .filter((u) => u.kind === 'department')
    .map((u) => ({ value: u.name, label: u.name }));

  return (
    <Modal
      open={open}
      title={record ? `编辑检查：${record.name}` : target?.kind === 'edit' ? '编辑检查' : '新增检查'}
      onCancel={() => guard(onClose)}
      onOk={() => form.submit()}
      okText="保存"
      footer={withKeysHint}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'inspection-save', disabled: loading } as ButtonProps}
      mask={{ closable: false }}
      width={820}
      destroyOnHidden
      styles={{ body: { paddingTop: 8 } }}
    >
      <Spin spinning={loading}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '84px' }}
          wrapperCol={{ flex: '1 1 0' }}
          onFinish={(values) => void save(values)}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          data-testid="inspection-form"
          className="sv-form"
        >
          {stale ? <StaleSaveBanner stale={stale} testId="inspection-stale" /> : null}
          <Form.Item name="name" label={I.name.label} rules={[{ required: true, whitespace: true, message: `请填写${I.name.label}` }]}>
            <Input maxLength={inspectionFieldMax('name')} placeholder="例如 2024年第三季度巩固脱贫成果督导检查" autoFocus data-testid="inspection-field-name" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="source" label={I.source.label} rules={[{ required: true, message: `请选择检查类型/${I.source.label}` }]}>
                <Select<InspectionSource> options={InspectionSource.options} placeholder="督导检查、专项督查、暗访…" data-testid="inspection-field-source" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="sourceDocNumber"
                label={I.sourceDocNumber.label}
                normalize={(v: string) => normaliseDocNumber(v ?? '')}
                extra="方括号、【】会自动改为〔〕"
              >
                <Input maxLength={inspectionFieldMax('sourceDocNumber')} placeholder="例如 青乡振督〔2024〕12号" data-testid="inspection-field-sourceDocNumber" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="team" label={I.team.label}>
                <Input maxLength={inspectionFieldMax('team')} placeholder="例如 县委督查室第二督导组" data-testid="inspection-field-team" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="leader" label={I.leader.label}>
                <Input maxLength={inspectionFieldMax('leader')} placeholder="姓名" data-testid="inspection-field-leader" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="startDate" label={I.startDate.label} rules={[{ required: true, message: `请填写${I.startDate.label}` }, dateRule(I.startDate.label, 'day')]}>
                <DateInput precision="day" placeholder="例如 2024-09-02" testId="inspection-field-startDate" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="endDate"
                label={I.endDate.label}
                dependencies={['startDate']}
                extra="“立行立改”的整改时限从结束日期起算"
                rules={[
                  dateRule(I.endDate.label, 'day'),
                  ({ getFieldValue }) => ({
                    validator: async (_: unknown, value: string | null | undefined) => {
                      const start = dateValue(getFieldValue('startDate') as string | null | undefined, 'day');
                      const endFirst = inspectionEndBeforeStart(start, dateValue(value, 'day'));
                      if (endFirst) throw new Error(endFirst);
                    },
                  }),
                ]}
              >
                <DateInput precision="day" placeholder="可不填，如 2024-09-10" testId="inspection-field-endDate" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="townshipIds" label={I.townshipIds.label} extra="检查对象：被检查的乡镇（可多选），县直部门填在下一栏">
            <Select<number[]>
              mode="multiple"
              allowClear
              options={reference.townships.map((t) => ({ value: t.id, label: t.name }))}
              placeholder="选择乡镇"
              maxTagCount={12}
              data-testid="inspection-field-townshipIds"
            />
          </Form.Item>
          <Form.Item name="departments" label={I.departments.label}>
            <Select<string[]>
              mode="tags"
              allowClear
              options={departmentOptions}
              placeholder="选择或输入县直部门名称，回车确认"
              tokenSeparators={['、', '，', ',']}
              data-testid="inspection-field-departments"
            />
          </Form.Item>
          <Form.Item name="remark" label={I.remark.label} style={{ marginBottom: 0 }}>
            <Input.TextArea maxLength={inspectionFieldMax('remark')} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="inspection-field-remark" />
          </Form.Item>
        </Form>
      </Spin>
    </Modal>
  );
}
