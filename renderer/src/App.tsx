import { AccountBookOutlined, ApartmentOutlined, AuditOutlined, FileProtectOutlined, DatabaseOutlined, HomeOutlined, ProjectOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Result, Spin, type MenuProps } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SettingsValue } from '../../shared/api';
import { formatChineseDate, localToday } from '../../shared/dates';
import { call } from './api/client';
import { AppStateContext, type AppState } from './lib/appState';
import { errorText } from './lib/errors';
import { navigate, SCREEN_TITLE, useRoute, type Screen } from './lib/nav';
import { AssetsScreen } from './screens/assets/AssetsScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { DivisionsScreen } from './screens/Divisions';
import { FundsScreen } from './screens/funds/Funds';
import { HomeScreen } from './screens/Home';
import { ProjectsScreen } from './screens/projects/ProjectsScreen';
import { SettingsScreen } from './screens/Settings';
import { SupervisionScreen } from './screens/supervision/Supervision';
import { WelcomeModal } from './screens/WelcomeModal';

const { Sider, Header, Content } = Layout;

const MENU_ITEMS: MenuProps['items'] = [
  { key: 'home', icon: <HomeOutlined />, label: '首页', 'data-testid': 'nav-home' },
  { key: 'projects', icon: <ProjectOutlined />, label: '项目库', 'data-testid': 'nav-projects' },
  { key: 'funds', icon: <AccountBookOutlined />, label: '资金', 'data-testid': 'nav-funds' },
  { key: 'assets', icon: <DatabaseOutlined />, label: '资产', 'data-testid': 'nav-assets' },
  { key: 'supervision', icon: <AuditOutlined />, label: '督导检查与问题整改', 'data-testid': 'nav-supervision' },
  { key: 'divisions', icon: <ApartmentOutlined />, label: '区划与单位', 'data-testid': 'nav-divisions' },
  { key: 'audit', icon: <FileProtectOutlined />, label: '审计日志', 'data-testid': 'nav-audit' },
  { key: 'settings', icon: <SettingOutlined />, label: '设置', 'data-testid': 'nav-settings' },
];

function screenElement(screen: Screen, sub: string) {
  switch (screen) {
    case 'home':
      return <HomeScreen />;
    case 'projects':
      return <ProjectsScreen />;
    case 'assets':
      return <AssetsScreen />;
    case 'funds':
      return <FundsScreen sub={sub} />;
    case 'supervision':
      return <SupervisionScreen sub={sub} />;
    case 'divisions':
      return <DivisionsScreen tab={sub} />;
    case 'audit':
      return <AuditScreen />;
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

  const load = useCallback(async () => {
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

  const state = useMemo<AppState>(() => ({ settings, setSettings, dataVersion, refreshAll }), [settings, dataVersion, refreshAll]);

  const title = SCREEN_TITLE[route.screen];
  useEffect(() => {
    document.title = `${title} - 扶贫台账`;
  }, [title]);

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
            items={MENU_ITEMS}
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
                <UserOutlined /> 操作员：{settings.operatorName || '未设置'}
              </span>
            </span>
          </Header>
          <Content className="app-content">{screenElement(route.screen, route.sub)}</Content>
        </Layout>
      </Layout>
      <WelcomeModal open={welcomeOpen} onDone={refreshAll} />
    </AppStateContext.Provider>
  );
}
