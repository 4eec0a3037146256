// 登录: shown instead of the whole window while multi-user mode is on and this window has not signed in.
// Only the name and password are asked; a wrong pair gets one message that does not say which was wrong.
// A new ledger on the office server has nobody to sign in as: there the screen offers 创建第一个管理员 once
// (the service refuses it as soon as any PC has created one).
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/api-operators';
import { useState } from 'react';
import type { SessionState } from '../../../../shared/api';
import { call, LedgerCallError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { enterMovesToNext } from '../../lib/shortcuts';
import { confirmRule, passwordRules } from './passwordRules';

interface Props {
  /** This window's session as session.current answered it (officeServer, firstAdminNeeded). */
  session: SessionState;
  onSignedIn: (session: SessionState) => void;
}

interface Values {
  name: string;
  password: string;
}

interface FirstAdminValues extends Values {
  confirm: string;
}

export function SignInScreen({ session, onSignedIn }: Props) {
  // Set when another PC created the first 管理员 while this one was typing: sign in instead, told why.
  const [taken, setTaken] = useState<string | null>(null);
  if (session.firstAdminNeeded && taken === null) return <FirstAdminForm onSignedIn={onSignedIn} onTaken={setTaken} />;
  return <SignInForm session={session} onSignedIn={onSignedIn} notice={taken} />;
}

function SignInForm({ session, onSignedIn, notice }: Props & { notice: string | null }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await call('session.signIn', { name: values.name.trim(), password: values.password }));
    } catch (error) {
      setProblem(errorText(error));
      form.setFieldValue('password', '');
      form.focusField('password');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page" data-testid="sign-in-screen">
      <Card className="sign-in-card">
        <div className="sign-in-title">扶贫台账</div>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 20 }}>
          {session.officeServer ? '台账在办公室服务器上，几台电脑共用，请登录。' : '本台账已开启多人模式，请登录。'}
          <br />
          姓名和密码由管理员在“设置 → 操作员”中分配。
        </Typography.Paragraph>
        {notice ? <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="sign-in-notice" /> : null}
        {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="sign-in-error" /> : null}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} onKeyDownCapture={enterMovesToNext(() => form.submit())} requiredMark={false}>
          <Form.Item name="name" label="操作员姓名" rules={[{ required: true, whitespace: true, message: '请填写操作员姓名' }]}>
            <Input prefix={<UserOutlined />} maxLength={30} autoFocus autoComplete="username" data-testid="sign-in-name" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
            <Input.Password prefix={<LockOutlined />} maxLength={128} autoComplete="current-password" data-testid="sign-in-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          忘记密码请找管理员重设；连续输错 5 次需等 30 秒再试。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

/** 创建第一个管理员: the new 管理员 is signed in at once; if another PC was quicker, the refusal says to sign in. */
function FirstAdminForm({ onSignedIn, onTaken }: Pick<Props, 'onSignedIn'> & { onTaken: (message: string) => void }) {
  const [form] = Form.useForm<FirstAdminValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: FirstAdminValues) => {
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await call('session.createFirstAdmin', { name: values.name.trim(), password: values.password }));
    } catch (error) {
      if (error instanceof LedgerCallError && error.code === 'CONFLICT' && !error.field) onTaken(error.message);
      else setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page" data-testid="sign-in-screen">
      <Card className="sign-in-card">
        <div className="sign-in-title">扶贫台账</div>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 20 }} data-testid="first-admin-intro">
          办公室服务器上的这个台账还没有操作员。
          <br />
          请创建第一个管理员：他可以在“设置 → 操作员”中为其他人分配姓名和密码。
        </Typography.Paragraph>
        {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="sign-in-error" /> : null}
        <Form<FirstAdminValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} onKeyDownCapture={enterMovesToNext(() => form.submit())} requiredMark={false}>
          <Form.Item name="name" label="管理员姓名" rules={[{ required: true, whitespace: true, message: '请填写管理员姓名' }]}>
            <Input prefix={<UserOutlined />} maxLength={30} autoFocus autoComplete="username" data-testid="first-admin-name" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={passwordRules(true)} extra={`至少 ${PASSWORD_MIN_LENGTH} 个字符`}>
            <Input.Password prefix={<LockOutlined />} maxLength={128} autoComplete="new-password" data-testid="first-admin-password" />
          </Form.Item>
          <Form.Item name="confirm" label="再输入一次密码" dependencies={['password']} rules={[{ required: true, message: '请再输入一次密码' }, confirmRule]}>
            <Input.Password prefix={<LockOutlined />} maxLength={128} autoComplete="new-password" data-testid="first-admin-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="first-admin-submit">
            创建第一个管理员并登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
