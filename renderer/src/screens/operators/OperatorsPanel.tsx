// 设置 → 操作员 (管理员 only): the operators with their roles, passwords set by the 管理员, 停用 instead of
// delete (the audit trail keeps their names), and the switch between single-user mode (no sign-in, the
// default) and multi-user mode (everyone signs in; turning it on names a 管理员 who is signed in at once). On the
// office server sign-in is always on, and 当前连接 shows who is connected.
import { KeyOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { OperatorRow, OperatorsList } from '../../../../shared/api';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/api-operators';
import { ConnectedSessions } from './ConnectedSessions';
import { confirmRule, passwordRules } from './passwordRules';
import { OperatorRole } from '../../../../shared/enums';
import { call } from '../../api/client';
import { useAppState, useCan } from '../../lib/appState';
import { errorText, showCallError } from '../../lib/errors';
import { useUnsavedGuard } from '../../lib/unsavedChanges';

type Editing = { kind: 'create' } | { kind: 'edit'; row: OperatorRow } | { kind: 'password'; row: OperatorRow } | { kind: 'multiUser' } | null;

interface FormValues {
  name: string;
  role: OperatorRow['role'];
  password: string;
  confirm: string;
}

const ROLE_HELP: Record<OperatorRow['role'], string> = {
  clerk: '录入和修改项目、资金、资产、督导问题等台账',
  reviewer: '录入员能做的，加上问题销号、签发简报',
  admin: '全部，加上设置、操作员管理、恢复备份',
};

const ROLE_COLOR: Record<OperatorRow['role'], string> = { clerk: 'blue', reviewer: 'gold', admin: 'red' };

export function OperatorsPanel() {
  const { message } = AntApp.useApp();
  const { session, setSession, refreshAll } = useAppState();
  const can = useCan();
  const [list, setList] = useState<OperatorsList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const allowed = can('operators.list');

  const load = useCallback(async () => {
    try {
      setList(await call('operators.list', {}));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, []);

  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);

  const { guard, markClean } = useUnsavedGuard(form);
  useEffect(() => {
    form.resetFields();
    if (editing?.kind === 'edit') form.setFieldsValue({ name: editing.row.name, role: editing.row.role });
    if (editing?.kind === 'create') form.setFieldsValue({ role: 'clerk' });
    if (editing?.kind === 'multiUser') form.setFieldsValue({ name: session?.operatorName ?? '' });
    markClean();
  }, [editing, form, session?.operatorName, markClean]);

  if (!allowed) {
    return <Alert type="info" showIcon title="操作员管理需要管理员权限。" data-testid="operators-forbidden" />;
  }

  const submit = async (values: FormValues) => {
    if (!editing) return;
    setSaving(true);
    try {
      if (editing.kind === 'create') {
        const row = await call('operators.create', { name: values.name, role: values.role, password: values.password });
        message.success(`已添加操作员“${row.name}”（${row.roleLabel}）`);
      } else if (editing.kind === 'edit') {
        const row = await call('operators.update', { id: editing.row.id, name: values.name, role: values.role });
        message.success(`已保存“${row.name}”`);
      } else if (editing.kind === 'password') {
        await call('operators.setPassword', { id: editing.row.id, password: values.password });
        message.success(`已为“${editing.row.name}”设置新密码`);
      } else {
        const state = await call('operators.setMultiUser', { enabled: true, adminName: values.name, password: values.password });
        setSession(state);
        message.success(`已开启多人模式，当前以管理员“${state.operator?.name ?? ''}”登录`);
        await refreshAll();
      }
      setEditing(null);
      await load();
    } catch (error) {
      showCallError(error, message, form, ['name', 'role', 'password'], { adminName: 'name' });
    } finally {
      setSaving(false);
    }
  };

  const toggleDisabled = async (row: OperatorRow) => {
    try {
      await call('operators.disable', { id: row.id, disabled: !row.disabled });
      message.success(row.disabled ? `已启用“${row.name}”` : `已停用“${row.name}”，该操作员不能再登录`);
      await load();
    } catch (error) {
      message.error(errorText(error), 6);
    }
  };

  const turnOff = async () => {
    try {
      setSession(await call('operators.setMultiUser', { enabled: false }));
      message.success('已关闭多人模式：本机不再需要登录');
      await load();
      await refreshAll();
    } catch (error) {
      message.error(errorText(error), 6);
    }
  };

  const multiUser = list?.multiUser ?? false;
  const title =
    editing?.kind === 'create'
      ? '添加操作员'
      : editing?.kind === 'edit'
        ? `修改操作员：${editing.row.name}`
        : editing?.kind === 'password'
          ? `重设密码：${editing.row.name}`
          : '开启多人模式';

  return (
    <div data-testid="operators-panel">
      <Alert
        type="info"
        showIcon
        icon={<TeamOutlined />}
        style={{ marginBottom: 12 }}
        title={
          multiUser ? (
            <span>
              <Tag color="green">已开启</Tag>多人模式：每个窗口都要用操作员姓名和密码登录，权限按角色区分。
            </span>
          ) : (
            '单人模式（默认）：本机不需要登录，所有修改记在“操作员姓名”名下。'
          )
        }
        description={
          session?.officeServer
            ? '台账在办公室服务器上，几台电脑共用，必须按操作员登录（不能改为单人模式）。命令行需加 --operator 姓名 --password-env 环境变量名。'
            : multiUser
            ? '命令行需加 --operator 姓名 --password-env 环境变量名。'
            : '几个人共用台账、需要分清谁能销号和改设置时，开启多人模式。开启时须指定一名管理员并设置密码，开启后立即以该管理员登录。'
        }
        action={
          session?.officeServer ? null : multiUser ? (
            <Popconfirm title="关闭多人模式？" description="关闭后任何人打开台账都不需要登录，并拥有全部权限。" okText="关闭" cancelText="取消" onConfirm={() => void turnOff()}>
              <Button data-testid="multi-user-off">关闭多人模式</Button>
            </Popconfirm>
          ) : (
            <Button type="primary" onClick={() => setEditing({ kind: 'multiUser' })} data-testid="multi-user-on">
              开启多人模式
            </Button>
          )
        }
        data-testid="multi-user-state"
      />
      {loadError ? <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} /> : null}
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'create' })} data-testid="operator-add">
          添加操作员
        </Button>
        <Typography.Text type="secondary">操作员不能删除，只能停用：审计日志里仍保留其姓名。</Typography.Text>
      </Space>
      <div className="operator-roles-legend" data-testid="operator-roles-legend">
        {OperatorRole.values.map((r) => (
          <span key={r}>
            <Tag color={ROLE_COLOR[r]}>{OperatorRole.label[r]}</Tag>
            {ROLE_HELP[r]}
          </span>
        ))}
      </div>
      <Table<OperatorRow>
        size="small"
        rowKey="id"
        loading={!list && !loadError}
        dataSource={list?.rows ?? []}
        pagination={false}
        locale={{ emptyText: '还没有操作员' }}
        data-testid="operators-table"
        columns={[
          { title: '姓名', dataIndex: 'name', width: 180 },
          { title: '角色', dataIndex: 'role', width: 120, render: (_: unknown, row) => <Tag color={ROLE_COLOR[row.role]}>{row.roleLabel}</Tag> },
          { title: '密码', dataIndex: 'hasPassword', width: 100, render: (v: boolean) => (v ? '已设置' : <Tag color="orange">未设置</Tag>) },
          { title: '状态', dataIndex: 'disabled', width: 100, render: (v: boolean) => (v ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>) },
          {
            title: '操作',
            key: 'actions',
            width: 230,
            render: (_: unknown, row) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing({ kind: 'edit', row })} data-testid={`operator-edit-${row.id}`}>
                  修改
                </Button>
                <Button size="small" type="link" icon={<KeyOutlined />} onClick={() => setEditing({ kind: 'password', row })} data-testid={`operator-password-${row.id}`}>
                  重设密码
                </Button>
                <Popconfirm
                  title={row.disabled ? `启用“${row.name}”？` : `停用“${row.name}”？`}
                  description={row.disabled ? undefined : '停用后不能再登录，已登录的窗口在下一次操作时退出。'}
                  okText={row.disabled ? '启用' : '停用'}
                  cancelText="取消"
                  onConfirm={() => void toggleDisabled(row)}
                >
                  <Button size="small" type="link" danger={!row.disabled} disabled={session?.operator?.id === row.id && !row.disabled} data-testid={`operator-disable-${row.id}`}>
                    {row.disabled ? '启用' : '停用'}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {session?.officeServer ? <ConnectedSessions /> : null}
      <Modal
        open={editing !== null}
        title={title}
        okText={editing?.kind === 'multiUser' ? '开启并登录' : '保存'}
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => guard(() => setEditing(null))}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'operator-submit' } as Record<string, string>}
      >
        {editing?.kind === 'multiUser' ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="请填写一名管理员：已有的管理员填其姓名和密码；填新姓名则新建这名管理员。请记住密码——忘记了只能由另一名管理员重设。"
          />
        ) : null}
        <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} preserve={false}>
          {editing?.kind !== 'password' ? (
            <Form.Item name="name" label={editing?.kind === 'multiUser' ? '管理员姓名' : '姓名'} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={30} autoFocus data-testid="operator-form-name" />
            </Form.Item>
          ) : null}
          {editing?.kind === 'create' || editing?.kind === 'edit' ? (
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Radio.Group data-testid="operator-role">
                {OperatorRole.options.map((o) => (
                  <Radio key={o.value} value={o.value} data-testid={`operator-role-${o.value}`}>
                    {o.label}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          ) : null}
          {editing?.kind !== 'edit' ? (
            <>
              <Form.Item name="password" label="密码" rules={passwordRules(true)} extra={`至少 ${PASSWORD_MIN_LENGTH} 个字符；保存的是加密后的摘要，任何人都看不到原文。`}>
                <Input.Password maxLength={128} autoComplete="new-password" data-testid="operator-password" />
              </Form.Item>
              <Form.Item name="confirm" label="再输入一次密码" dependencies={['password']} rules={[{ required: true, message: '请再输入一次密码' }, confirmRule]}>
                <Input.Password maxLength={128} autoComplete="new-password" data-testid="operator-confirm" />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
