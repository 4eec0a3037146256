// 首页's part of the supervision ledger (findings.dashboard): overdue findings and those due within 7 days,
// each opening its list, plus 待销号 and 未整改.
import { useCallback, useEffect, useState } from 'react';
import type { FindingDashboard } from '../../../../shared/api';
import { call } from '../../api/client';
import { navigate } from '../../lib/nav';
import { filtersToQuery } from './common';
import './supervision.css';
import { HOME_FIGURES } from '../home/homeFigures';

interface CardProps {
  testId: string;
  title: string;
  value: number | null;
  note: string;
  tone: 'red' | 'amber' | 'blue';
  onOpen: () => void;
}

function Card({ testId, title, value, note, tone, onOpen }: CardProps) {
  const raised = value !== null && value > 0;
  return (
    <button type="button" className={`sv-home-card sv-tone-${tone}${raised ? ' is-raised' : ''}`} onClick={onOpen} data-testid={testId}>
      <div className="sv-home-title">{title}</div>
      <div className="sv-home-value">
        <span data-testid={`${testId}-value`}>{value === null ? '—' : value.toLocaleString('zh-CN')}</span>
        <span className="kpi-unit">条</span>
      </div>
      <div className="sv-home-note">{note}</div>
    </button>
  );
}

/** Props: `reloadKey` changes whenever 首页 reloads its own figures. */
export function HomeFindings({ reloadKey }: { reloadKey: number }) {
  const [data, setData] = useState<FindingDashboard | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await call('findings.dashboard', {}));
      setFailed(null);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : '读取失败');
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  return (
    <div data-testid="home-findings">
      <div className="section-title">
        督导问题整改
        {failed ? <span className="field-hint sv-red">{'\u3000'}{failed}</span> : null}
      </div>
      <div className="sv-home-grid">
        <Card
          testId="home-overdue"
          title="逾期未整改"
          value={data?.overdue ?? null}
          note="已过整改时限、仍未启动或整改中的问题"
          tone="red"
          onOpen={() => navigate('supervision', 'overdue')}
        />
        <Card
          testId="home-due-week"
          title={`${data?.days ?? 7} 日内到期`}
          value={data?.dueSoon ?? null}
          note="整改时限在今天起一周内、尚未完成的问题"
          tone="amber"
          onOpen={() => navigate('supervision', 'due')}
        />
        <Card
          testId="home-awaiting-close"
          title="已完成待销号"
          value={data?.awaitingClose ?? null}
          note="整改完成、等待审核销号的问题"
          tone="blue"
          onOpen={() => navigate('supervision', filtersToQuery({ status: ['awaitingClose'] }))}
        />
        <Card
          testId="home-open-findings"
          title={HOME_FIGURES.openWithOngoing.label}
          value={data?.open ?? null}
          note={
            data
              ? `${HOME_FIGURES.openWithOngoing.counts(data.open - data.ongoing, data.ongoing)}；问题共 ${data.total.toLocaleString('zh-CN')} 条，已销号 ${data.closed.toLocaleString('zh-CN')} 条`
              : ' '
          }
          tone="blue"
          onOpen={() => navigate('supervision', filtersToQuery({ status: ['notStarted', 'inProgress', 'ongoing'] }))}
        />
      </div>
    </div>
  );
}
