// 调整所属乡镇: a village moves to another township and takes a code under it (prefilled, editable).
import { App as AntApp, Alert, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DivisionRow } from '../../../../shared/api';
import { checkDivisionCode } from '../../../../shared/divisions';
import { call } from '../../api/client';
import { showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { townshipOptions } from './DivisionForm';
import { LatestRequest } from '../../lib/latestRequest';

interface Values {
  newParentId?: number;
  newCode: string;
}

const FIELDS = ['newParentId', 'newCode'];

interface Props {
  village: DivisionRow | null;
  divisions: readonly DivisionRow[];
  onClose: () => void;
  onSaved: (row: DivisionRow) => void;
}

export function MoveVillageModal({ village, divisions, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [suggesting, setSuggesting] = useState(false);
  const suggestions = useRef(new LatestRequest()).current;
  const byId = useMemo(() => new Map(divisions.map((d) => [d.id, d])), [divisions]);
  const current = village?.parentId ? byId.get(village.parentId) : undefined;

  useEffect(() => {
    if (village) form.resetFields();
  }, [village, form]);

  const pick = (townshipId: number) =>
    suggestions.run(() => call('divisions.suggestCode', { parentId: townshipId }), {
      value: ({ code }) => {
        form.setFieldValue('newCode', code);
        void form.validateFields(['newCode']).catch(() => undefined);
      },
      error: (error) => showCallError(error, message, form, FIELDS, { parentId: 'newParentId' }),
      busy: setSuggesting,
    });

  const submit = async (values: Values) => {
    if (!village || !values.newParentId) return;
    setSaving(true);
    try {
      const row = await call('divisions.move', { id: village.id, newParentId: values.newParentId, newCode: values.newCode.trim() });
      message.success(`“${row.name}”已调整到“${byId.get(values.newParentId)?.name ?? ''}”，新代码 ${row.code}`);
      onSaved(row);
    } catch (error) {
      showCallError(error, message, form, FIELDS);
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), village !== null);

  return (
    <Modal
      open={village !== null}
      title={village ? `调整所属乡镇：${village.name}` : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="调整"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'move-submit', disabled: suggesting } as ButtonProps}
      mask={{ closable: false }}
      width={540}
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '96px' }}
        wrapperCol={{ flex: 'auto' }}
        onFinish={(values) => void submit(values)}
        onKeyDownCapture={enterMovesToNext(() => form.submit())}
        style={{ marginTop: 12 }}
      >
        <Form.Item label="现属乡镇">
          <span>
            {current?.name ?? '—'} <span className="mono field-hint">（村代码 {village?.code}）</span>
          </span>
        </Form.Item>
        <Form.Item name="newParentId" label="调整到" rules={[{ required: true, message: '请选择新的所属乡镇' }]}>
          <Select
            placeholder="选择乡镇"
            options={townshipOptions(divisions, village?.parentId)}
            onChange={(value: number) => void pick(value)}
            data-testid="move-township"
          />
        </Form.Item>
        <Form.Item
          name="newCode"
          label="新区划代码"
          required
          validateTrigger="onChange"
          dependencies={['newParentId']}
          extra="选定乡镇后按该乡镇代码自动编号，可以修改"
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const text = (value ?? '').trim();
                if (!text) throw new Error('请填写村在新乡镇下的 12 位区划代码');
                const parentId = form.getFieldValue('newParentId') as number | undefined;
                const problem = checkDivisionCode(text, 'village', parentId ? byId.get(parentId)?.code : null);
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input maxLength={12} className="mono" placeholder="12 位数字" data-testid="move-code" />
        </Form.Item>
        <Alert type="info" showIcon title="该村的项目、资产、问题整改和受益户记录将一并改属新乡镇，操作记入修改记录。" />
      </Form>
    </Modal>
  );
}
