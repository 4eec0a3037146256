// 登录: shown instead of the whole window while multi-user mode is on and this window has not signed in.
// Only the name and password are asked; a wrong pair gets one message that does not say which was wrong.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { SessionState } from '../../../../shared/api';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { enterMovesToNext } from '../../lib/shortcuts';

interface Props {
  onSignedIn: (session: SessionState) => void;
}

interface Values {
  name: string;
  password: string;
}

export function SignInScreen({ onSignedIn }: Props) {
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
          本台账已开启多人模式，请登录。
          <br />
          姓名和密码由管理员在“设置 → 操作员”中分配。
        </Typography.Paragraph>
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
