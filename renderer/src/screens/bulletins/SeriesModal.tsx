// 简报设置: the series' name (masthead), 编发单位, default 报/送/发 recipients (one unit a line), 共印 N 份, 密级.
// New drafts take these; a draft's own recipients are edited in the editor.
import { App as AntApp, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { BulletinSeriesRow } from '../../../../shared/api';
import { call } from '../../api/client';
import { showCallError } from '../../lib/errors';

interface Values {
  name: string;
  issuer: string;
  report: string;
  send: string;
  distribute: string;
  copies: number | null;
  classification: string;
}

export const linesOf = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

export function SeriesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [series, setSeries] = useState<BulletinSeriesRow | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    call('bulletins.series.list', {})
      .then(([first]) => {
        if (!first) return;
        setSeries(first);
        form.setFieldsValue({
          name: first.name,
          issuer: first.issuer,
          report: first.recipients.report.join('\n'),
          send: first.recipients.send.join('\n'),
          distribute: first.recipients.distribute.join('\n'),
          copies: first.copies,
          classification: first.classification ?? '',
        });
      })
      .catch((error: unknown) => showCallError(error, message));
  }, [open, form, message]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await call('bulletins.series.save', {
        ...(series ? { id: series.id } : {}),
        name: v.name,
        issuer: v.issuer,
        recipients: { report: linesOf(v.report), send: linesOf(v.send), distribute: linesOf(v.distribute) },
        copies: v.copies ?? null,
        classification: v.classification || null,
      });
      message.success('简报设置已保存，新起草的简报将使用这些设置');
      onClose();
    } catch (error) {
      showCallError(error, message, form, ['name', 'issuer', 'copies', 'classification']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title="简报设置" okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} destroyOnHidden width={600}>
      <Form form={form} layout="vertical" data-testid="series-form">
        <Form.Item name="name" label="简报名称（报头）" rules={[{ required: true, message: '请填写简报名称' }]}>
          <Input maxLength={30} placeholder="脱贫攻坚督导简报" />
        </Form.Item>
        <Form.Item name="issuer" label="编发单位（报头左下）" rules={[{ required: true, message: '请填写编发单位' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="classification" label="密级或标注（报头左上，可空）">
          <Input maxLength={30} placeholder="如：内部资料 注意保存" />
        </Form.Item>
        <Form.Item name="report" label="报（每行一个单位）">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="send" label="送（每行一个单位）">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="distribute" label="发（每行一个单位）">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="copies" label="共印（份）">
          <InputNumber min={1} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
