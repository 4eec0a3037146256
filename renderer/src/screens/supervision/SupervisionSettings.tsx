// 整改设置 (supervisionSettings): how many days "立行立改" allows after the inspection, the size limit of one
// evidence file and the file types accepted. Refusals land at their field.
import { App as AntApp, Checkbox, Form, InputNumber, Modal, Spin, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import type { SupervisionSettingsValue } from '../../../../shared/api';
import { ATTACHMENT_MAX_BYTES_CEILING, ATTACHMENT_TYPES, MB, type AttachmentType } from '../../../../shared/attachment-types';
import { call } from '../../api/client';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { NEEDS_ROLE_HINT, useCan } from '../../lib/appState';

interface Values {
  immediateDays?: number;
  attachmentMaxMb?: number;
  attachmentTypes?: string[];
}

export function SupervisionSettingsModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [value, setValue] = useState<SupervisionSettingsValue | null>(null);
  const [saving, setSaving] = useState(false);
  const mayEdit = useCan()('supervisionSettings.update');

  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    setValue(null);
    call('supervisionSettings.get', {})
      .then((v) => {
        if (!live) return;
        setValue(v);
        form.setFieldsValue({ immediateDays: v.immediateDays, attachmentMaxMb: Math.round((v.attachmentMaxBytes / MB) * 10) / 10, attachmentTypes: v.attachmentTypes });
      })
      .catch((e: unknown) => {
        message.error(errorText(e), 6);
        onClose();
      });
    return () => {
      live = false;
    };
  }, [open, form, message, onClose]);

  const save = async (v: Values) => {
    setSaving(true);
    try {
      await call('supervisionSettings.update', {
        ...(v.immediateDays !== undefined ? { immediateDays: v.immediateDays } : {}),
        ...(v.attachmentMaxMb !== undefined ? { attachmentMaxBytes: Math.round(v.attachmentMaxMb * MB) } : {}),
        ...(v.attachmentTypes ? { attachmentTypes: v.attachmentTypes } : {}),
      });
      message.success('整改设置已保存');
      onSaved();
      onClose();
    } catch (error) {
      showCallError(error, message, form, ['immediateDays', 'attachmentMaxMb', 'attachmentTypes'], { attachmentMaxBytes: 'attachmentMaxMb' });
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  return (
    <Modal
      open={open}
      title="整改设置"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ disabled: !value || !mayEdit, title: mayEdit ? undefined : NEEDS_ROLE_HINT.admin, 'data-testid': 'supervision-settings-save' } as ButtonProps}
      mask={{ closable: false }}
      width={620}
      destroyOnHidden
    >
      <Spin spinning={!value}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '120px' }}
          wrapperCol={{ flex: '1 1 0' }}
          onFinish={(v) => void save(v)}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          className="sv-form"
        >
          <Form.Item
            name="immediateDays"
            label="立行立改天数"
            extra="“立行立改”的整改时限 = 检查结束日期（无结束日期时为开始日期）+ 此天数；修改后只影响以后计算的时限"
            rules={[{ required: true, message: '请填写立行立改天数' }]}
          >
            <InputNumber min={1} max={365} precision={0} suffix="天" style={{ width: 160 }} data-testid="supervision-immediateDays" />
          </Form.Item>
          <Form.Item name="attachmentMaxMb" label="单个附件上限" rules={[{ required: true, message: '请填写单个附件的大小上限' }]}>
            <InputNumber min={0.1} max={ATTACHMENT_MAX_BYTES_CEILING / MB} step={1} suffix="MB" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="attachmentTypes" label="可上传的类型" rules={[{ required: true, type: 'array', min: 1, message: '至少允许一种文件类型' }]}>
            <Checkbox.Group
              className="sv-type-grid"
              options={(value?.knownAttachmentTypes ?? []).map((t) => ({ value: t, label: `.${t}（${ATTACHMENT_TYPES[t as AttachmentType]?.label ?? t}）` }))}
            />
          </Form.Item>
        </Form>
      </Spin>
    </Modal>
  );
}
