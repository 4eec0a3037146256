// First run: the ledger has no county yet. The clerk either loads a demo county to learn the program, or
// starts blank by naming the county and its 12-digit 统计用区划代码.
import { App as AntApp, Button, Form, Input, Modal, Progress, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../../shared/api';
import { checkDivisionCode } from '../../../../shared/divisions';
import { call, onProgress } from '../../api/client';
import { showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { NEEDS_ROLE_HINT, useCan } from '../../lib/appState';

interface Props {
  open: boolean;
  onDone: () => Promise<void>;
}

type Step = 'choose' | 'demo' | 'blank';

interface BlankValues {
  name: string;
  code: string;
}

export function WelcomeModal({ open, onDone }: Props) {
  const { message } = AntApp.useApp();
  const [step, setStep] = useState<Step>('choose');
  const [saving, setSaving] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [form] = Form.useForm<BlankValues>();
  // Loading a demo county or naming the county shapes the whole ledger: 管理员's.
  const mayStart = useCan()('county.setup');

  useEffect(() => {
    if (open) {
      setStep('choose');
      setProgress(null);
    }
  }, [open]);

  const loadDemo = async () => {
    setStep('demo');
    setProgress(null);
    const stop = onProgress((event) => setProgress(event));
    try {
      const result = await call('demo.load', { scale: 1 });
      message.success(`示例数据已载入：${result.townships} 个乡镇、${result.villages} 个村、${result.projects} 个项目`);
      await onDone();
    } catch (error) {
      showCallError(error, message);
      setStep('choose');
    } finally {
      stop();
    }
  };

  const setupBlank = async (values: BlankValues) => {
    setSaving(true);
    try {
      const county = await call('county.setup', { name: values.name.trim(), code: values.code.trim() });
      message.success(`已建立“${county.name}”，请在“区划与单位”中添加乡镇和村`);
      form.resetFields();
      await onDone();
    } catch (error) {
      showCallError(error, message, form, ['name', 'code']);
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), open && step === 'blank');

  const footer =
    step === 'blank'
      ? [
          <Button key="back" onClick={() => setStep('choose')} disabled={saving}>
            返回
          </Button>,
          <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="welcome-submit">
            建立台账
          </Button>,
        ]
      : null;

  return (
    <Modal
      open={open}
      title="欢迎使用扶贫台账"
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      footer={footer}
      width={620}
      destroyOnHidden
      wrapProps={{ 'data-testid': 'welcome-modal' }}
    >
      {step === 'choose' && (
        <>
          <p style={{ marginTop: 4, color: '#5b6675' }}>这个台账还是空的。请选择开始的方式：</p>
          <div className="welcome-choice">
            <div className="welcome-option">
              <h4>载入示例数据</h4>
              <p>生成一个虚构的示例县，含乡镇、村、单位、项目、资金下达与拨付、督导问题，便于先熟悉各项功能。</p>
              <Button type="primary" onClick={() => void loadDemo()} disabled={!mayStart} title={mayStart ? undefined : NEEDS_ROLE_HINT.admin} data-testid="welcome-demo">
                载入示例数据
              </Button>
            </div>
            <div className="welcome-option">
              <h4>从空白开始</h4>
              <p>填写本县名称和县级区划代码，建立正式台账，然后添加乡镇、村和单位，或导入各乡镇报来的表格。</p>
              <Button onClick={() => setStep('blank')} disabled={!mayStart} title={mayStart ? undefined : NEEDS_ROLE_HINT.admin} data-testid="welcome-blank">
                从空白开始
              </Button>
            </div>
          </div>
        </>
      )}
      {step === 'demo' && (
        <div style={{ padding: '32px 0', textAlign: 'center' }} data-testid="welcome-demo-loading">
          <Spin size="large" />
          <div style={{ marginTop: 16 }}>正在生成示例数据…</div>
          {progress && progress.total > 0 ? (
            <div style={{ width: 360, margin: '12px auto 0' }}>
              <Progress percent={Math.floor((progress.done / progress.total) * 100)} size="small" />
              <div className="field-hint">{progress.label}</div>
            </div>
          ) : null}
        </div>
      )}
      {step === 'blank' && (
        <Form<BlankValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void setupBlank(values)}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          requiredMark={false}
          style={{ marginTop: 8 }}
        >
          <Form.Item name="name" label="县名" rules={[{ required: true, whitespace: true, message: '请填写县名，例如 青山县' }]}>
            <Input placeholder="例如 青山县" maxLength={30} autoFocus data-testid="welcome-county-name" />
          </Form.Item>
          <Form.Item
            name="code"
            label="县级区划代码（12 位统计用区划代码）"
            required
            validateTrigger="onChange"
            extra="前 6 位为县的代码，后 6 位为 000000，例如 522633000000。"
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  const code = (value ?? '').trim();
                  if (!code) throw new Error('请填写县级区划代码');
                  const problem = checkDivisionCode(code, 'county');
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input placeholder="12 位数字" maxLength={12} className="mono" data-testid="welcome-county-code" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
