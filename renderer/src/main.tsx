import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { fixedOptionsSearch } from './lib/selectSearch';
import './styles.css';
import { appTheme } from './theme';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('页面缺少 #root 元素');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={appTheme} componentSize="middle" button={{ autoInsertSpace: false }} select={{ showSearch: fixedOptionsSearch }}>
      <AntApp message={{ maxCount: 3 }}>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
