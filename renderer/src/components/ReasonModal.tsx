// 删除原因: every soft delete asks why; the reason lands in the audit trail with the record's last state.
import { Form, Input, Modal, type ButtonProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { enterMovesToNext } from '../lib/shortcuts';

export interface ReasonModalProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  okText?: string;
  /** An example reason for this kind of record. */
  placeholder?: string;
  onCancel: () => void;
  /** Resolve to close; throw to keep the dialog open (the caller shows the error). */
  onConfirm: (reason: string) => Promise<void>;
}

/** 删除 with a 删除原因 (soft delete: the record and the reason stay in the audit trail). */
export function ReasonModal({ open, title, description, okText = '删除', placeholder = '例如 重复录入', onCancel, onConfirm }: ReasonModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } catch {
      // the caller reported it
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={okText}
      okButtonProps={{ danger: true, 'data-testid': 'delete-confirm' } as ButtonProps}
      confirmLoading={busy}
      width={480}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {description ? <div style={{ marginBottom: 10, color: '#5b6675' }}>{description}</div> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} onKeyDownCapture={enterMovesToNext(() => form.submit())}>
        <Form.Item name="reason" label="删除原因" rules={[{ required: true, whitespace: true, message: '请填写删除原因' }]} style={{ marginBottom: 4 }}>
          <Input maxLength={200} placeholder={placeholder} autoFocus data-testid="delete-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
