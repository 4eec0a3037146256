// 首页: the ledger's figures at a glance, read fresh from dashboard.summary each time the screen opens, and
// the latest 校验 (a red alert when it found problems, a quiet line in 台账信息 otherwise: audit/HomeVerify.tsx).
import { ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { STARTUP_VERIFY_JOB, type AppInfo, type DashboardSummary } from '../../../../shared/api';
import { officeDateTime } from '../../../../shared/dates';
import { formatWanRounded } from '../../../../shared/money';
import { call, onProgress } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { VerifyAlert, VerifyLine } from '../audit/HomeVerify';
import { HomeFunds } from '../funds/HomeFunds';
import { HOME_FIGURES } from './homeFigures';
import { HomeFindings } from '../supervision/HomeFindings';

const count = (n: number) => n.toLocaleString('zh-CN');

interface KpiProps {
  id: string;
  label: string;
  /** What the figure counts, as a tooltip (HOME_FIGURES). */
  title?: string;
  value: ReactNode;
  unit?: string;
  note?: ReactNode;
  variant?: 'money' | 'alert';
  children?: ReactNode;
}

function Kpi({ id, label, title, value, unit, note, variant, children }: KpiProps) {
  return (
    <div className={`kpi-card${variant ? ` kpi-${variant}` : ''}`} title={title} data-testid={`kpi-${id}`}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={`kpi-${id}-value`}>
        {value}
        {unit ? <span className="kpi-unit">{unit}</span> : null}
      </div>
      {children}
      {note ? <div className="kpi-note">{note}</div> : null}
    </div>
  );
}

/** 首页: the ledger at a glance; each figure says what it counts (HOME_FIGURE_NOTES), 序时进度 names its rule. */
export function HomeScreen() {
  const { dataVersion, settings } = useAppState();
  const { message } = AntApp.useApp();
  const [summary, setSummary] = useState<DashboardSummary | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [s, i] = await Promise.all([call('dashboard.summary', {}), call('app.info', {})]);
      setSummary(s);
      setInfo(i);
      setLoadedAt(new Date());
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  // The start-up 校验 runs in the background after this screen has loaded: show its outcome when it is done.
  useEffect(() => onProgress((event) => (event.jobId === STARTUP_VERIFY_JOB ? void load() : undefined)), [load]);

  // Coming back to the window (from WPS, Excel…) shows current figures.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [load]);

  if (!summary) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin description="正在统计…">
          <div style={{ height: 40 }} />
        </Spin>
      </div>
    );
  }

  const year = summary.year;

  return (
    <div data-testid="home-screen">
      <VerifyAlert verify={summary.verify} />
      <div className="screen-toolbar">
        <span style={{ fontSize: 15, fontWeight: 600 }}>
          {summary.countyName ?? settings?.countyName ?? ''} {year} 年度概况
        </span>
        <span className="spacer" />
        {loadedAt ? <span className="field-hint">统计时间 {officeDateTime(loadedAt, true).slice(11)}</span> : null}
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="home-refresh">
          刷新
        </Button>
      </div>

      <div className="kpi-grid">
        <Kpi id="townships" label="乡镇" value={count(summary.townships)} unit="个" note="含街道、镇、乡" />
        <Kpi
          id="villages"
          label="行政村"
          value={count(summary.villages)}
          unit="个"
          note={
            <>
              其中脱贫村 <b data-testid="kpi-poverty-villages">{count(summary.povertyVillages)}</b> 个
            </>
          }
        />
        <Kpi id="units" label="单位" value={count(summary.units)} unit="个" note="部门、乡镇政府、帮扶单位、企业" />
        <Kpi
          id="projects"
          label="项目"
          value={count(summary.projects)}
          unit="个"
          note={
            <>
              其中 {year} 年 <b data-testid="kpi-projects-this-year">{count(summary.projectsThisYear)}</b> 个
            </>
          }
        />
        <Kpi
          id="project-funds"
          label="本年项目资金"
          value={formatWanRounded(summary.projectFundsFen)}
          unit="万元"
          variant="money"
          note={`${year} 年项目资金规模合计`}
        />
        <Kpi
          id="allocated"
          label="本年已下达"
          value={formatWanRounded(summary.allocatedFen)}
          unit="万元"
          variant="money"
          note={`台账共 ${count(summary.allocations)} 笔下达记录`}
        />
        <Kpi
          id="paid"
          label={`${HOME_FIGURES.paidThisYear.label}（按支付日期）`}
          title={HOME_FIGURES.paidThisYear.counts(year)}
          value={formatWanRounded(summary.paidFen)}
          unit="万元"
          variant="money"
          note={`${HOME_FIGURES.paidThisYear.counts(year)}；台账共 ${count(summary.payments)} 笔`}
        />
        <Kpi
          id="findings"
          label="督导问题"
          value={count(summary.findings)}
          unit="条"
          variant="alert"
          note={
            <>
              <span title={HOME_FIGURES.openFindings.counts}>
                {HOME_FIGURES.openFindings.label}（不含长期坚持）
              </span>{' '}
              <b className={summary.openFindings > 0 ? 'warn' : undefined} data-testid="kpi-open-findings">{count(summary.openFindings)}</b> 条，来自{' '}
              {count(summary.inspections)} 次检查
            </>
          }
        />
        <Kpi id="households" label="受益户" value={count(summary.households)} unit="户" note="已登记的受益农户" />
      </div>

      <HomeFunds reloadKey={loadedAt?.getTime() ?? 0} />

      <HomeFindings reloadKey={loadedAt?.getTime() ?? 0} />

      <div className="section-title">台账信息</div>
      <div className="screen-panel" style={{ maxWidth: 760 }}>
        <table className="info-table">
          <tbody>
            <tr>
              <th>单位名称</th>
              <td>{settings?.officeName || '未设置（可在“设置”中填写）'}</td>
            </tr>
            <tr>
              <th>县名</th>
              <td>{summary.countyName ?? '—'}</td>
            </tr>
            <tr>
              <th>{info?.officeServer ? '数据存放' : '数据文件'}</th>
              <td className="mono">{info?.dbFile ?? '—'}</td>
            </tr>
            <tr>
              <th>程序版本</th>
              <td>
                {info ? `${info.version}（${info.door === 'electron' ? '桌面程序' : info.door === 'web' ? '浏览器模式' : '命令行'}）` : '—'}
              </td>
            </tr>
            <tr>
              <th>校验</th>
              <td>
                <VerifyLine verify={summary.verify} />
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
