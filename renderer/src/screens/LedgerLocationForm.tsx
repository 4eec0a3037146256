// 设置 → 数据存放: 本机文件 (default) or 办公室服务器 with the server's fields; 测试连接 shows what the app finds
// there in one sentence; 保存 records the choice, which takes effect at the next start. Only a 管理员 may test
// and change it; everyone sees it.
import { ApiOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Radio, Space, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import {
  DEFAULT_OFFICE_PORT,
  LEDGER_LOCATION_LABEL,
  TLS_LABEL,
  TLS_MODES,
  type LedgerLocation,
  type LedgerLocationView,
  type OfficeCheckResult,
  type OfficeServerInput,
} from '../../../shared/api-office';
import { call } from '../api/client';
import { NEEDS_ROLE_HINT, useCan } from '../lib/appState';
import { errorText, showCallError } from '../lib/errors';
import { LedgerTransfer } from './LedgerTransfer';

interface Values extends OfficeServerInput {
  location: LedgerLocation;
}

const FIELDS = ['host', 'port', 'database', 'user', 'password', 'tls'] as const;
const FIELD_MAP: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [`server.${f}`, f]));

function initialValues(view: LedgerLocationView): Values {
  const server = view.server ?? { host: '', port: DEFAULT_OFFICE_PORT, database: 'fupin', user: '', tls: 'on' as const };
  return { location: view.location, ...server, password: '' };
}

function serverInput(values: Values): OfficeServerInput {
  const { host, port, database, user, tls, password } = values;
  return { host: host ?? '', port: port ?? DEFAULT_OFFICE_PORT, database: database ?? '', user: user ?? '', tls, ...(password ? { password } : {}) };
}

export function LedgerLocationForm() {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [view, setView] = useState<LedgerLocationView | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<OfficeCheckResult | null>(null);
  const mayChange = useCan()('ledgerLocation.save');
  const location = Form.useWatch('location', form);

  useEffect(() => {
    let live = true;
    call('ledgerLocation.get', {})
      .then((value) => {
        if (!live) return;
        setView(value);
        form.setFieldsValue(initialValues(value));
      })
      .catch((error: unknown) => message.error(errorText(error), 6));
    return () => {
      live = false;
    };
  }, [form, message]);

  const test = async () => {
    setResult(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setChecking(true);
    try {
      setResult(await call('ledgerLocation.test', serverInput(values)));
    } catch (error) {
      showCallError(error, message, form, FIELDS, FIELD_MAP);
    } finally {
      setChecking(false);
    }
  };

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await call('ledgerLocation.save', values.location === 'office' ? { location: 'office', server: serverInput(values) } : { location: 'local' });
      setView(saved);
      form.setFieldsValue({ password: '' });
      message.success(`已保存：台账存放在${LEDGER_LOCATION_LABEL[saved.location]}。重新启动扶贫台账后生效。`, 6);
    } catch (error) {
      showCallError(error, message, form, FIELDS, FIELD_MAP);
    } finally {
      setSaving(false);
    }
  };

  const serverForTransfer = async (): Promise<OfficeServerInput | null> => {
    try {
      return serverInput(await form.validateFields());
    } catch {
      return null;
    }
  };

  const office = location === 'office';
  const passwordHint = !view
    ? undefined
    : !view.passwordStorable
      ? '这里不能保存密码（只有桌面版能用系统的加密功能保存）；测试连接使用这里输入的密码。'
      : view.hasPassword
        ? '密码已加密保存在这台电脑上；不修改请留空。'
        : '密码由系统加密后保存在这台电脑上，不会以明文保存。';

  return (
    <div data-testid="ledger-location">
      {view?.startupNotice ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={view.startupNotice} data-testid="ledger-location-notice" /> : null}
      {view?.givenAtStart ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="这次启动时用 --pg（或环境变量）指定了办公室服务器，台账就在下面这台服务器上。在这里保存的选择，只在不带 --pg 启动时生效。"
          data-testid="ledger-location-given"
        />
      ) : null}
      <Form<Values> form={form} layout="horizontal" labelCol={{ flex: '110px' }} wrapperCol={{ flex: 'auto' }} onFinish={(v) => void save(v)} disabled={!view || !mayChange}>
        <Form.Item name="location" label="台账存放在" extra="一个人记账用本机文件；几个人共用一个台账时，用办公室的服务器（PostgreSQL 数据库）。">
          <Radio.Group data-testid="ledger-location-choice">
            <Radio value="local" data-testid="ledger-location-local">
              {LEDGER_LOCATION_LABEL.local}（默认）
            </Radio>
            <Radio value="office" data-testid="ledger-location-office">
              {LEDGER_LOCATION_LABEL.office}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {office ? (
          <>
            <Form.Item label="服务器地址" required style={{ marginBottom: 0 }}>
              <Space.Compact>
                <Form.Item name="host" rules={[{ required: true, whitespace: true, message: '请填写服务器地址' }]} style={{ width: 280 }}>
                  <Input placeholder="IP 地址或计算机名，例如 192.168.1.20" data-testid="office-host" />
                </Form.Item>
                <Form.Item name="port" rules={[{ required: true, message: '请填写端口' }]}>
                  <InputNumber min={1} max={65535} precision={0} addonBefore="端口" style={{ width: 150 }} data-testid="office-port" />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
            <Form.Item name="database" label="数据库名" rules={[{ required: true, whitespace: true, message: '请填写数据库名' }]}>
              <Input style={{ width: 280 }} data-testid="office-database" />
            </Form.Item>
            <Form.Item name="user" label="用户名" rules={[{ required: true, whitespace: true, message: '请填写数据库用户名' }]}>
              <Input style={{ width: 280 }} autoComplete="off" data-testid="office-user" />
            </Form.Item>
            <Form.Item name="password" label="密码" extra={passwordHint}>
              <Input.Password style={{ width: 280 }} autoComplete="new-password" placeholder={view?.hasPassword ? '已保存（不修改请留空）' : ''} data-testid="office-password" />
            </Form.Item>
            <Form.Item name="tls" label="加密连接">
              <Radio.Group data-testid="office-tls">
                {TLS_MODES.map((mode) => (
                  <Radio key={mode} value={mode} data-testid={`office-tls-${mode}`}>
                    {TLS_LABEL[mode]}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          </>
        ) : null}
        {result ? (
          <Form.Item label=" " colon={false}>
            <Alert type={result.ok ? 'success' : 'error'} showIcon message={result.ok ? '连接成功' : '连接失败'} description={result.message} data-testid="office-test-result" />
          </Form.Item>
        ) : null}
        <Form.Item label=" " colon={false} style={{ marginBottom: 0 }} extra="保存后，重新启动扶贫台账时生效。">
          <Tooltip title={mayChange ? undefined : NEEDS_ROLE_HINT.admin}>
            <Space>
              {office ? (
                <Button icon={<ApiOutlined />} loading={checking} onClick={() => void test()} data-testid="office-test">
                  测试连接
                </Button>
              ) : null}
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="ledger-location-save">
                保存
              </Button>
            </Space>
          </Tooltip>
        </Form.Item>
        {office ? (
          <Form.Item
            label="迁移与备份"
            style={{ marginTop: 16, marginBottom: 0 }}
            extra="迁移、恢复只写入新建的空数据库；导出和备份在这台电脑上新建文件。每次复制后逐表核对行数和金额合计。"
          >
            <LedgerTransfer server={serverForTransfer} disabled={!view || !mayChange} />
          </Form.Item>
        ) : null}
      </Form>
    </div>
  );
}
