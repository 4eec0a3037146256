// 新增乡镇 / 新增村 / 编辑: the code is prefilled from divisions.suggestCode and checked as it is typed with
// the same rule the service applies (shared/divisions); the service's own refusals land at their field.
import { App as AntApp, Checkbox, Form, Input, InputNumber, Modal, Select, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DivisionRow } from '../../../../shared/api';
import { checkDivisionCode, DIVISION_LEVEL_LABEL, type DivisionLevel } from '../../../../shared/divisions';
import { call } from '../../api/client';
import { divisionKindLabel } from '../../lib/divisionTree';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { LatestRequest } from '../../lib/latestRequest';

export type DivisionFormMode =
  | { kind: 'create'; level: 'township' | 'village'; parentId: number | null }
  | { kind: 'edit'; row: DivisionRow };

interface Values {
  parentId?: number | null;
  name: string;
  code: string;
  isPovertyVillage?: boolean;
  exitYear?: number | null;
}

const FIELDS = ['parentId', 'name', 'code', 'isPovertyVillage', 'exitYear'];

interface Props {
  mode: DivisionFormMode | null;
  divisions: readonly DivisionRow[];
  onClose: () => void;
  onSaved: (row: DivisionRow) => void;
}

export function townshipOptions(divisions: readonly DivisionRow[], exceptId?: number | null) {
  return divisions
    .filter((d) => d.level === 'township' && d.id !== exceptId)
    .map((d) => ({ value: d.id, label: d.name, code: d.code }));
}

export function DivisionFormModal({ mode, divisions, onClose, onSaved }: Props) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [suggesting, setSuggesting] = useState(false);
  const suggestions = useRef(new LatestRequest()).current;
  const open = mode !== null;
  const { guard, markClean } = useUnsavedGuard(form);

  const level: DivisionLevel = mode ? (mode.kind === 'create' ? mode.level : mode.row.level) : 'township';
  const editing = mode?.kind === 'edit' ? mode.row : null;
  const byId = useMemo(() => new Map(divisions.map((d) => [d.id, d])), [divisions]);
  const county = useMemo(() => divisions.find((d) => d.level === 'county') ?? null, [divisions]);

  const parentIdValue = Form.useWatch('parentId', form);
  const codeValue = Form.useWatch('code', form);
  const povertyValue = Form.useWatch('isPovertyVillage', form);

  const parentOf = (parentId: number | null | undefined): DivisionRow | null => {
    if (editing) return editing.parentId === null ? null : (byId.get(editing.parentId) ?? null);
    if (level === 'township') return county;
    return parentId ? (byId.get(parentId) ?? null) : null;
  };
  const parent = parentOf(parentIdValue);
  const hasChildren = editing !== null && editing.level !== 'village' && divisions.some((d) => d.parentId === editing.id);

  const suggest = (parentId: number) =>
    suggestions.run(() => call('divisions.suggestCode', { parentId }), {
      value: ({ code }) => {
        form.setFieldValue('code', code);
        void form.validateFields(['code']).catch(() => undefined);
      },
      error: (error) => showCallError(error, message, form, FIELDS, { parentId: 'code' }),
      busy: setSuggesting,
    });

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.kind === 'edit') {
      form.setFieldsValue({
        name: mode.row.name,
        code: mode.row.code,
        isPovertyVillage: mode.row.isPovertyVillage,
        exitYear: mode.row.exitYear,
      });
      markClean();
      return;
    }
    const parentId = mode.level === 'township' ? (county?.id ?? null) : mode.parentId;
    form.setFieldsValue({ parentId: mode.level === 'village' ? parentId : undefined, name: '', code: '', isPovertyVillage: false, exitYear: null });
    markClean();
    if (parentId) void suggest(parentId);
    // Only when the modal opens: suggest and form are stable enough for that moment.
  }, [mode]);

  const submit = async (values: Values) => {
    if (!mode) return;
    setSaving(true);
    try {
      const poverty = level === 'village' ? Boolean(values.isPovertyVillage) : false;
      const exitYear = poverty ? (values.exitYear ?? null) : null;
      let row: DivisionRow;
      if (mode.kind === 'create') {
        const parentId = mode.level === 'township' ? county?.id : values.parentId;
        if (!parentId) {
          form.setFields([{ name: 'parentId', errors: ['请选择所属乡镇'] }]);
          return;
        }
        row = await call('divisions.create', {
          level: mode.level,
          parentId,
          name: values.name.trim(),
          code: values.code.trim(),
          isPovertyVillage: poverty,
          exitYear,
        });
        message.success(`已新增${DIVISION_LEVEL_LABEL[mode.level]}“${row.name}”`);
      } else {
        row = await call('divisions.update', {
          id: mode.row.id,
          name: values.name.trim(),
          code: values.code.trim(),
          ...(mode.row.level === 'village' ? { isPovertyVillage: poverty, exitYear } : {}),
        });
        message.success(`已保存“${row.name}”`);
      }
      onSaved(row);
    } catch (error) {
      showCallError(error, message, form, FIELDS, mode.kind === 'create' && mode.level === 'township' ? { parentId: 'code' } : {});
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  const title = !mode
    ? ''
    : mode.kind === 'create'
      ? mode.level === 'township'
        ? '新增乡镇'
        : '新增村'
      : `编辑${DIVISION_LEVEL_LABEL[mode.row.level]}：${mode.row.name}`;

  const code = typeof codeValue === 'string' ? codeValue.trim() : '';
  const kindHint = /^\d{12}$/.test(code) && !checkDivisionCode(code, level, parent?.code) ? `按代码为：${divisionKindLabel({ level, code })}` : null;
  const codeHelp =
    level === 'county'
      ? '12 位，后 6 位为 000000'
      : level === 'township'
        ? '12 位，前 6 位同县代码，第 7–9 位：001–099 街道，100–199 镇，200–399 乡，后 3 位 000'
        : '12 位，前 9 位同所属乡镇代码，后 3 位：001–199 居委会，200–399 村委会';

  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => guard(onClose)}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'division-submit', disabled: suggesting } as ButtonProps}
      cancelButtonProps={{ 'data-testid': 'division-cancel' } as ButtonProps}
      mask={{ closable: false }}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '96px' }}
        wrapperCol={{ flex: 'auto' }}
        onFinish={(values) => void submit(values)}
        onKeyDownCapture={enterMovesToNext(() => form.submit())}
        style={{ marginTop: 12 }}
        data-testid="division-form"
      >
        {mode?.kind === 'create' && mode.level === 'village' ? (
          <Form.Item name="parentId" label="所属乡镇" rules={[{ required: true, message: '请选择所属乡镇' }]}>
            <Select
              placeholder="选择乡镇"
              options={townshipOptions(divisions)}
              onChange={(value: number) => void suggest(value)}
              data-testid="division-parent"
            />
          </Form.Item>
        ) : (
          <Form.Item label={level === 'county' ? '级别' : '所属上级'}>
            <span data-testid="division-parent-name">{level === 'county' ? '县（台账的根）' : (parent?.name ?? '—')}</span>
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, whitespace: true, message: `请填写${DIVISION_LEVEL_LABEL[level]}名称` }]}
        >
          <Input
            maxLength={40}
            placeholder={level === 'township' ? '例如 青山镇' : level === 'village' ? '例如 前进村' : '例如 青山县'}
            autoFocus
            data-testid="division-name"
          />
        </Form.Item>
        <Form.Item
          name="code"
          label="区划代码"
          required
          validateTrigger="onChange"
          dependencies={['parentId']}
          extra={hasChildren ? '已有下级区划按此代码编号，不能修改代码' : (kindHint ?? codeHelp)}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const text = (value ?? '').trim();
                if (!text) throw new Error('请填写 12 位区划代码');
                const problem = checkDivisionCode(text, level, level === 'county' ? null : (parentOf(form.getFieldValue('parentId') as number | undefined)?.code ?? null));
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input maxLength={12} placeholder="12 位数字" className="mono" disabled={hasChildren} data-testid="division-code" />
        </Form.Item>
        {level === 'village' ? (
          <Form.Item label="贫困村" style={{ marginBottom: 0 }}>
            <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
              <Form.Item name="isPovertyVillage" valuePropName="checked" noStyle>
                <Checkbox
                  data-testid="division-poverty"
                  onChange={(e) => {
                    if (!e.target.checked) form.setFieldValue('exitYear', null);
                  }}
                >原建档立卡贫困村（脱贫村）</Checkbox>
              </Form.Item>
              <Form.Item
                name="exitYear"
                label="出列年份"
                style={{ marginBottom: 12 }}
                rules={[{ type: 'number', min: 2000, max: 2100, message: '出列年份应在 2000 至 2100 年之间' }]}
              >
                <InputNumber<number>
                  min={2000}
                  max={2100}
                  precision={0}
                  controls={false}
                  placeholder="如 2019"
                  onChange={(value) => {
                    // Entering a year says the village was a poverty village.
                    if (value !== null && !povertyValue) form.setFieldValue('isPovertyVillage', true);
                  }}
                  style={{ width: 100 }}
                  data-testid="division-exitYear"
                />
              </Form.Item>
            </div>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
