// 起草简报: from one inspection (its findings) or from a period (the inspections that started in it); 增刊
// is numbered separately; 印发日期 defaults to today. The service drafts the text and the tables.
import { App as AntApp, Checkbox, Col, Form, Modal, Radio, Row, Select } from 'antd';
import { localToday } from '../../../../shared/dates';
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { useEffect, useRef, useState } from 'react';
import type { InspectionRow } from '../../../../shared/api';
import { call } from '../../api/client';
import { showCallError } from '../../lib/errors';

interface Values {
  kind: 'inspection' | 'period';
  inspectionId?: number;
  periodStart?: string;
  periodEnd?: string;
  isSupplement: boolean;
  issueDate: string;
}

export function ComposeModal({ open, onClose, onComposed }: { open: boolean; onClose: () => void; onComposed: (id: number) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [inspections, setInspections] = useState<InspectionRow[]>([]);
  const [saving, setSaving] = useState(false);
  // 起草 waits for the list of inspections: a click before it arrives would race the default choice below.
  const [loaded, setLoaded] = useState(false);
  const kind = Form.useWatch('kind', form);
  const messageRef = useRef(message);
  messageRef.current = message;

  // Defaults are set once per opening, never again while the dialog is open: a re-run would overwrite what
  // the clerk chose and change the values under a validation in progress (which antd then drops unseen).
  useEffect(() => {
    if (!open) return;
    let current = true;
    setLoaded(false);
    form.setFieldsValue({ kind: 'inspection', isSupplement: false, issueDate: localToday(), periodStart: `${localToday().slice(0, 4)}-01-01`, periodEnd: localToday() });
    call('inspections.list', { limit: 1000 })
      .then((page) => {
        if (!current) return;
        setInspections(page.rows);
        if (page.rows[0] && form.getFieldValue('inspectionId') === undefined) form.setFieldValue('inspectionId', page.rows[0].id);
      })
      .catch((error: unknown) => showCallError(error, messageRef.current))
      .finally(() => {
        if (current) setLoaded(true);
      });
    return () => {
      current = false;
    };
  }, [open, form]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch (failure) {
      // antd rejects with no field errors when a value changed during validation ("outOfDate"): validate the
      // values as they are now instead of letting the click do nothing. Real field errors show at the fields.
      if (!isOutOfDate(failure)) return;
      v = await form.validateFields();
    }
    setSaving(true);
    try {
      const source =
        v.kind === 'inspection'
          ? { kind: 'inspection' as const, inspectionId: v.inspectionId! }
          : { kind: 'period' as const, start: dateValue(v.periodStart, 'day') ?? '', end: dateValue(v.periodEnd, 'day') ?? '' };
      const created = await call('bulletins.compose', { source, isSupplement: v.isSupplement, issueDate: dateValue(v.issueDate, 'day') ?? '' });
      message.success(`已起草 ${created.year}年${created.label}`);
      onClose();
      onComposed(created.id);
    } catch (error) {
      showCallError(error, message, form, ['issueDate']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title="起草简报" okText="起草" cancelText="取消" onOk={() => void submit().catch(() => undefined)} onCancel={onClose} confirmLoading={saving} okButtonProps={{ disabled: !loaded }} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" data-testid="compose-form">
        <Form.Item name="kind" label="起草依据">
          <Radio.Group
            options={[
              { value: 'inspection', label: '一次检查' },
              { value: 'period', label: '一个期间' },
            ]}
            optionType="button"
          />
        </Form.Item>
        {kind === 'period' ? (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="periodStart" label="期间起（检查开始日期在此期间内）" rules={[{ required: true, message: '请填写起始日期' }, dateRule('起始日期', 'day')]}>
                <DateInput precision="day" testId="compose-period-start" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="periodEnd"
                label="期间止"
                dependencies={['periodStart']}
                rules={[
                  { required: true, message: '请填写截止日期' },
                  dateRule('截止日期', 'day'),
                  ({ getFieldValue }) => ({
                    validator: async (_: unknown, value: string | undefined) => {
                      const start = dateValue(getFieldValue('periodStart') as string | undefined, 'day');
                      const end = dateValue(value, 'day');
                      if (start && end && end < start) throw new Error('截止日期不能早于起始日期');
                    },
                  }),
                ]}
              >
                <DateInput precision="day" testId="compose-period-end" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Form.Item name="inspectionId" label="检查" rules={[{ required: true, message: '请选择一次检查' }]}>
            <Select
              placeholder="选择检查"
              options={inspections.map((i) => ({ value: i.id, label: `${i.name}（问题 ${i.findingCount} 个）` }))}
              data-testid="compose-inspection"
            />
          </Form.Item>
        )}
        <Form.Item name="issueDate" label="印发日期" rules={[{ required: true, message: '请填写印发日期' }, dateRule('印发日期', 'day')]}>
          <DateInput precision="day" testId="compose-issue-date" />
        </Form.Item>
        <Form.Item name="isSupplement" valuePropName="checked">
          <Checkbox>增刊（单独编号）</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function isOutOfDate(failure: unknown): boolean {
  if (typeof failure !== 'object' || failure === null) return false;
  const { outOfDate, errorFields } = failure as { outOfDate?: unknown; errorFields?: unknown };
  return outOfDate === true && Array.isArray(errorFields) && errorFields.length === 0;
}
