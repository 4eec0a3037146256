import { AccountBookOutlined, ApartmentOutlined, AuditOutlined, DatabaseOutlined, FileProtectOutlined, FileTextOutlined, HomeOutlined, ImportOutlined, LogoutOutlined, ProjectOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Result, Spin, Tag, Tooltip, type MenuProps } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionState, SettingsValue } from '../../shared/api';
import { canUse } from '../../shared/permissions';
import { formatChineseDate, localToday } from '../../shared/dates';
import { call } from './api/client';
import { AppStateContext, NEEDS_ROLE_HINT, type AppState } from './lib/appState';
import { errorText } from './lib/errors';
import { navigate, SCREEN_TITLE, useRoute, type Screen } from './lib/nav';
import { AssetsScreen } from './screens/assets/AssetsScreen';
import { BulletinsScreen } from './screens/bulletins/Bulletins';
import { AuditScreen } from './screens/audit/AuditScreen';
import { DivisionsScreen } from './screens/divisions/Divisions';
import { FundsScreen } from './screens/funds/Funds';
import { HomeScreen } from './screens/home/Home';
import { ImportScreen } from './screens/import/ImportScreen';
import { ProjectsScreen } from './screens/projects/ProjectsScreen';
import { SettingsScreen } from './screens/Settings';
import { SignInScreen } from './screens/operators/SignInScreen';
import { SupervisionScreen } from './screens/supervision/Supervision';
import { WelcomeModal } from './screens/divisions/WelcomeModal';
import { DEFAULT_OPERATOR_NAME } from '../../shared/api-operators';

/**
 * Who is recorded in the trail: the signed-in operator (多人模式), or single-user mode's name from 设置. Until a
 * name is set that is only the placeholder "操作员", so the header says 单人模式 and offers to set a name.
 */
function OperatorLabel({ signedIn, singleUserName }: { signedIn: string | null; singleUserName: string | undefined }) {
  if (signedIn) return <>操作员：{signedIn}</>;
  const name = (singleUserName ?? '').trim();
  if (name && name !== DEFAULT_OPERATOR_NAME) return <>操作员：{name}（单人模式）</>;
  return (
    <>
      单人模式
      <Tooltip title="操作记录里的操作员暂记为“操作员”；在“设置”中填写本机使用人的姓名">
        <Button type="link" size="small" onClick={() => navigate('settings')} data-testid="operator-set-name" style={{ paddingInline: 4, height: 'auto' }}>
          设置姓名
        </Button>
      </Tooltip>
    </>
  );
}

const { Sider, Header, Content } = Layout;

type MenuItem = NonNullable<MenuProps['items']>[number] & { key: string };

const MENU_ITEMS: MenuItem[] = [
  { key: 'home', icon: <HomeOutlined />, label: '首页', 'data-testid': 'nav-home' },
  { key: 'projects', icon: <ProjectOutlined />, label: '项目库', 'data-testid': 'nav-projects' },
  { key: 'funds', icon: <AccountBookOutlined />, label: '资金', 'data-testid': 'nav-funds' },
  { key: 'assets', icon: <DatabaseOutlined />, label: '资产', 'data-testid': 'nav-assets' },
  { key: 'supervision', icon: <AuditOutlined />, label: '督导检查与问题整改', 'data-testid': 'nav-supervision' },
  { key: 'bulletins', icon: <FileTextOutlined />, label: '简报', 'data-testid': 'nav-bulletins' },
  { key: 'import', icon: <ImportOutlined />, label: '导入', 'data-testid': 'nav-import' },
  { key: 'divisions', icon: <ApartmentOutlined />, label: '区划与单位', 'data-testid': 'nav-divisions' },
  { key: 'audit', icon: <FileProtectOutlined />, label: '审计日志', 'data-testid': 'nav-audit' },
  { key: 'settings', icon: <SettingOutlined />, label: '设置', 'data-testid': 'nav-settings' },
];

function screenElement(screen: Screen, sub: string) {
  switch (screen) {
    case 'home':
      return <HomeScreen />;
    case 'projects':
      return <ProjectsScreen sub={sub} />;
    case 'assets':
      return <AssetsScreen />;
    case 'funds':
      return <FundsScreen sub={sub} />;
    case 'supervision':
      return <SupervisionScreen sub={sub} />;
    case 'bulletins':
      return <BulletinsScreen sub={sub} />;
    case 'import':
      return <ImportScreen sub={sub} />;
    case 'divisions':
      return <DivisionsScreen tab={sub} />;
    case 'audit':
      return <AuditScreen sub={sub} />;
    case 'settings':
      return <SettingsScreen />;
  }
}

export function App() {
  const route = useRoute();
  const [settings, setSettings] = useState<SettingsValue | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [welcomeOpen, setWelcomeOpen] = useState(false);
  const [dataVersion, setDataVersion] = useState(0);
  const [session, setSession] = useState<SessionState | null>(null);

  const load = useCallback(async () => {
    const current = await call('session.current', {});
    setSession(current);
    // Multi-user mode and nobody signed in: the sign-in screen comes first, nothing else may be read.
    if (current.multiUser && !current.operator) return;
    const [value, summary] = await Promise.all([call('settings.get', {}), call('dashboard.summary', {})]);
    setSettings(value);
    setWelcomeOpen(summary.isEmpty);
  }, []);

  const start = useCallback(() => {
    setLoadError(null);
    load().catch((error: unknown) => setLoadError(errorText(error)));
  }, [load]);

  useEffect(start, [start]);

  const refreshAll = useCallback(async () => {
    try {
      await load();
    } catch (error) {
      setLoadError(errorText(error));
    }
    setDataVersion((v) => v + 1);
  }, [load]);

  const state = useMemo<AppState>(
    () => ({ settings, setSettings, dataVersion, refreshAll, session, setSession }),
    [settings, dataVersion, refreshAll, session],
  );

  const signOut = useCallback(async () => {
    try {
      setSession(await call('session.signOut', {}));
      setSettings(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, []);

  const title = SCREEN_TITLE[route.screen];
  useEffect(() => {
    document.title = `${title} - 扶贫台账`;
  }, [title]);

  if (session && session.multiUser && !session.operator) {
    return <SignInScreen session={session} onSignedIn={(value) => { setSession(value); void refreshAll(); }} />;
  }
  if (loadError && !settings) {
    return (
      <Result
        status="warning"
        title="无法读取台账"
        subTitle={loadError}
        extra={
          <Button type="primary" onClick={start}>
            重试
          </Button>
        }
      />
    );
  }
  if (!settings) {
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" description="正在打开台账…" />
      </div>
    );
  }

  const officeLine = settings.officeName || settings.countyName;
  const role = session?.role ?? null;
  // 设置 holds what only a 管理员 may change (the office, operators, multi-user mode).
  const menuItems = MENU_ITEMS.map((item) =>
    item.key === 'settings' && !canUse(role, 'settings.update')
      ? { ...item, disabled: true, label: <Tooltip title={NEEDS_ROLE_HINT.admin} placement="right">设置</Tooltip> }
      : item,
  );

  return (
    <AppStateContext.Provider value={state}>
      <Layout style={{ height: '100vh' }}>
        <Sider width={200} className="app-sider">
          <div className="app-masthead">
            <div className="app-masthead-title">扶贫台账</div>
            <div className="app-masthead-office" data-testid="office-name">
              {officeLine || '（未设置单位名称）'}
              {settings.officeName && settings.countyName && !settings.officeName.includes(settings.countyName) ? (
                <div>{settings.countyName}</div>
              ) : null}
            </div>
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[route.screen]}
            items={menuItems}
            onClick={({ key }) => navigate(key as Screen)}
            style={{ borderInlineEnd: 'none', paddingTop: 6 }}
          />
        </Sider>
        <Layout>
          <Header className="app-header">
            <span className="app-header-title" data-testid="screen-title">
              {title}
            </span>
            <span className="app-header-meta">
              <span>{formatChineseDate(localToday())}</span>
              <span data-testid="operator-name">
                <UserOutlined /> <OperatorLabel signedIn={session?.operator?.name ?? null} singleUserName={settings.operatorName} />
                {session?.operator ? (
                  <Tag color={session.operator.role === 'admin' ? 'red' : session.operator.role === 'reviewer' ? 'gold' : 'blue'} style={{ marginLeft: 6 }} data-testid="operator-role">
                    {session.operator.roleLabel}
                  </Tag>
                ) : null}
              </span>
              {session?.multiUser ? (
                <Button size="small" type="text" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out" style={{ color: 'inherit' }}>
                  退出登录
                </Button>
              ) : null}
            </span>
          </Header>
          <Content className="app-content">{screenElement(route.screen, route.sub)}</Content>
        </Layout>
      </Layout>
      <WelcomeModal open={welcomeOpen} onDone={refreshAll} />
    </AppStateContext.Provider>
  );
}
