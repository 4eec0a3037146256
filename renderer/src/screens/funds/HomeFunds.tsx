// 首页's money part: this year's 支出进度 (progress.summary up to today) with the township chart, and the four
// flags a supervisor wants raised (progress.flags) — each a card with its count that opens the list behind it.
import { WarningOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Modal, Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FlagProjectRow, IdleFundsRow, OverAllocationRow, ProgressFlags, ProgressSummary } from '../../../../shared/api';
import { formatChineseDate, localToday } from '../../../../shared/dates';
import { ProjectStatus } from '../../../../shared/enums';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';

import './funds.css';
import { ProgressChart } from './ProgressChart';
import { GapCell, percentText, TimeRuleHint } from './ProgressTab';
import { HOME_FIGURES } from '../home/homeFigures';
import { formatWanRounded } from '../../../../shared/money';

type FlagKind = 'overAllocation' | 'idle' | 'paidNotStarted' | 'industryShare';
type IndustryRow = ProgressFlags['industryShare']['items'][number];

const FLAG_LIMIT = 500;

/** Props: `reloadKey` changes whenever 首页 reloads its own figures. */
export function HomeFunds({ reloadKey }: { reloadKey: number }) {
  const { message } = AntApp.useApp();
  const [summary, setSummary] = useState<ProgressSummary | null>(null);
  const [flags, setFlags] = useState<ProgressFlags | null>(null);
  const [open, setOpen] = useState<FlagKind | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(async () => {
    const today = localToday();
    try {
      const [s, f] = await Promise.all([
        call('progress.summary', { year: Number(today.slice(0, 4)), cutoff: today, level: 'all' }),
        call('progress.flags', { cutoff: today, limit: FLAG_LIMIT }),
      ]);
      setSummary(s);
      setFlags(f);
      setFailed(null);
    } catch (error) {
      setFailed(errorText(error));
      message.error(errorText(error), 6);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  const overall = summary?.overall;
  const industry = flags?.industryShare;

  return (
    <>
      <div className="section-title">
        {summary ? `${summary.year} 年衔接资金支出进度（截至 ${formatChineseDate(summary.cutoff)}）` : '衔接资金支出进度'}
      </div>
      <div className="home-progress" data-testid="home-progress">
        {failed && !summary ? <div className="field-hint">{failed}</div> : null}
        {summary && overall ? (
          <>
            <div className="home-progress-figures">
              <div className="funds-figure">
                <div className="funds-figure-label">已下达</div>
                <div className="funds-figure-value" data-testid="home-progress-allocated">
                  {formatWanRounded(overall.allocatedFen)}
                  <span className="kpi-unit">万元</span>
                </div>
              </div>
              <div className="funds-figure">
                <div className="funds-figure-label" title={HOME_FIGURES.spentOfYear.counts(summary.year)}>
                  {HOME_FIGURES.spentOfYear.label}（{summary.year} 年项目）
                </div>
                <div className="funds-figure-value" data-testid="home-progress-spent">
                  {formatWanRounded(overall.spentFen)}
                  <span className="kpi-unit">万元</span>
                </div>
              </div>
              <div className="funds-figure">
                <div className="funds-figure-label">支出进度</div>
                <div
                  className={`funds-figure-value funds-figure-big${overall.progressPercent !== null && overall.progressPercent < overall.timePercent ? ' funds-bad' : ''}`}
                  data-testid="home-progress-percent"
                >
                  {percentText(overall.progressPercent)}
                </div>
              </div>
              <div className="funds-figure">
                <div className="funds-figure-label">序时进度</div>
                <div className="funds-figure-value">{percentText(summary.timePercent)}</div>
                <TimeRuleHint rule={summary.timeRule} testId="home-time-rule" />
              </div>
              <div className="funds-figure funds-figure-wide">
                <div className="funds-figure-value funds-figure-text" data-testid="home-progress-gap">
                  <GapCell points={overall.gapPoints} />
                </div>
                <div className="field-hint">
                  结余 {formatWanRounded(overall.balanceFen)} 万元，结余率 {percentText(overall.balanceRatePercent)}
                </div>
              </div>
              <div className="home-progress-levels" data-testid="home-progress-levels">
                <span className="home-progress-levels-label">{HOME_FIGURES.levels}：</span>
                {summary.byLevel
                  .filter((r) => r.level !== 'all' && (r.allocatedFen > 0 || r.spentFen > 0))
                  .map((r) => (
                    <div key={r.level} className="home-progress-level">
                      <span>{r.label}</span>
                      <b className={`mono${r.progressPercent !== null && r.progressPercent < r.timePercent ? ' funds-bad' : ''}`}>{percentText(r.progressPercent)}</b>
                    </div>
                  ))}
              </div>
              <Button size="small" onClick={() => navigate('funds', 'progress')} data-testid="home-progress-more">
                查看各乡镇、各部门排名
              </Button>
            </div>
            <div className="home-progress-chart">
              <div className="funds-panel-title">
                各乡镇支出进度
                <span className="field-hint">虚线为序时进度</span>
              </div>
              <ProgressChart
                rows={summary.byTownship}
                timePercent={summary.timePercent}
                height={236}
                hideEmpty
                testId="home-progress-chart"
                onBarClick={() => navigate('funds', 'progress')}
              />
            </div>
          </>
        ) : null}
      </div>

      <div className="section-title">需要关注</div>
      <div className="flag-grid">
        <FlagCard
          kind="overAllocation"
          title="拨付超下达"
          count={flags?.overAllocation.count}
          unit="个项目"
          note={flags ? (flags.overAllocation.count ? `超出合计 ${formatWanRounded(flags.overAllocation.totalExcessFen)} 万元，需补录下达` : '拨付均在下达范围内') : ''}
          onOpen={setOpen}
        />
        <FlagCard
          kind="idle"
          title="资金闲置超一年"
          count={flags?.idleFunds.count}
          unit="个项目"
          note={flags ? (flags.idleFunds.count ? `下达满一年未支出 ${formatWanRounded(flags.idleFunds.totalIdleFen)} 万元` : '没有滞留一年以上的资金') : ''}
          onOpen={setOpen}
        />
        <FlagCard
          kind="paidNotStarted"
          title="未开工先拨付"
          count={flags?.paidNotStarted.count}
          unit="个项目"
          note={flags ? (flags.paidNotStarted.count ? '项目尚未开工已有拨付，请核实' : '没有未开工先拨付的项目') : ''}
          onOpen={setOpen}
        />
        <FlagCard
          kind="industryShare"
          title={`产业占比低于目标${industry ? `（${industry.year} 年）` : ''}`}
          count={industry?.count}
          unit="个乡镇"
          raised={industry ? industry.below || industry.count > 0 : false}
          note={
            industry
              ? `全县产业发展类支出占比 ${percentText(industry.sharePercent)}，目标 ≥ ${industry.targetPercent.toFixed(1)}%${industry.below ? '，低于目标' : ''}`
              : ''
          }
          onOpen={setOpen}
        />
      </div>

      <FlagListModal kind={open} flags={flags} onClose={() => setOpen(null)} />
    </>
  );
}

const TEST_ID: Record<FlagKind, string> = {
  overAllocation: 'flag-overAllocation',
  idle: 'flag-idle',
  paidNotStarted: 'flag-paidNotStarted',
  industryShare: 'flag-industryShare',
};

interface FlagCardProps {
  kind: FlagKind;
  title: string;
  count: number | undefined;
  unit: string;
  note: string;
  raised?: boolean;
  onOpen: (kind: FlagKind) => void;
}

function FlagCard({ kind, title, count, unit, note, raised, onOpen }: FlagCardProps) {
  const on = raised ?? (count ?? 0) > 0;
  return (
    <button type="button" className={`flag-card${on ? ' is-raised' : ''}`} onClick={() => onOpen(kind)} data-testid={TEST_ID[kind]}>
      <div className="flag-card-title">
        {on ? <WarningOutlined /> : null} {title}
      </div>
      <div className="flag-card-value">
        <span data-testid={`${TEST_ID[kind]}-count`}>{count === undefined ? '—' : count.toLocaleString('zh-CN')}</span>
        <span className="kpi-unit">{unit}</span>
      </div>
      <div className="flag-card-note">{note}</div>
    </button>
  );
}

const goPayments = (projectId: number) => navigate('funds', `payments?projectId=${projectId}`);

const money = (title: string, dataIndex: string, width = 92) => ({
  title,
  dataIndex,
  width,
  align: 'right' as const,
  render: (v: number) => <span className="mono">{formatWanRounded(v)}</span>,
});

/** 年度, 项目, 乡镇 (and 状态 when asked): the columns every project flag starts with. */
function projectColumns<T extends FlagProjectRow>(withStatus: boolean): TableColumnsType<T> {
  return [
    { title: '年度', dataIndex: 'year', width: 56 },
    { title: '项目', dataIndex: 'name', ellipsis: { showTitle: true } },
    { title: '乡镇', dataIndex: 'township', width: 80 },
    ...(withStatus ? [{ title: '状态', dataIndex: 'status', width: 100, render: (s: ProjectStatus) => ProjectStatus.label[s] }] : []),
  ];
}

function FlagListModal({ kind, flags, onClose }: { kind: FlagKind | null; flags: ProgressFlags | null; onClose: () => void }) {
  const close = (then?: () => void) => {
    onClose();
    then?.();
  };
  const link = <T extends FlagProjectRow>() => ({
    title: '',
    key: 'go',
    width: 76,
    render: (_: unknown, row: T) => (
      <Button type="link" size="small" onClick={() => close(() => goPayments(row.projectId))}>
        查看拨付
      </Button>
    ),
  });
  let title = '';
  let intro = '';
  let table: React.ReactNode = null;
  let count = 0;
  let shown = 0;
  if (flags && kind === 'overAllocation') {
    const f = flags.overAllocation;
    title = `拨付超下达（${f.count} 个项目）`;
    intro = `截至 ${formatChineseDate(flags.cutoff)}，以下项目累计拨付超过已下达（分配）到项目的资金，合计超出 ${formatWanRounded(f.totalExcessFen)} 万元。多为下达文件晚于拨付到达，请补录资金下达及分配。金额单位：万元。`;
    count = f.count;
    shown = f.items.length;
    const columns: TableColumnsType<OverAllocationRow> = [
      ...projectColumns<OverAllocationRow>(true),
      money('资金规模', 'totalFen'),
      money('已下达', 'allocatedFen'),
      money('已拨付', 'paidFen'),
      { title: '超出', dataIndex: 'excessFen', width: 92, align: 'right', render: (v: number) => <b className="mono funds-bad">{formatWanRounded(v)}</b> },
      link<OverAllocationRow>(),
    ];
    table = <Table<OverAllocationRow> size="small" bordered rowKey="projectId" columns={columns} dataSource={f.items} pagination={false} scroll={{ y: 420 }} />;
  } else if (flags && kind === 'idle') {
    const f = flags.idleFunds;
    title = `资金闲置超一年（${f.count} 个项目）`;
    intro = `下达到项目满一年、此后没有拨付的资金，合计 ${formatWanRounded(f.totalIdleFen)} 万元。金额单位：万元。`;
    count = f.count;
    shown = f.items.length;
    const columns: TableColumnsType<IdleFundsRow> = [
      ...projectColumns<IdleFundsRow>(false),
      money('已下达', 'allocatedFen'),
      money('已拨付', 'paidFen'),
      { title: '闲置金额', dataIndex: 'idleFen', width: 92, align: 'right', render: (v: number) => <b className="mono funds-bad">{formatWanRounded(v)}</b> },
      { title: '下达日期', dataIndex: 'since', width: 96, render: (v: string) => <span className="mono">{v}</span> },
      { title: '最后拨付', dataIndex: 'lastPaymentDate', width: 96, render: (v: string | null) => (v ? <span className="mono">{v}</span> : <span className="field-hint">从未拨付</span>) },
      link<IdleFundsRow>(),
    ];
    table = <Table<IdleFundsRow> size="small" bordered rowKey="projectId" columns={columns} dataSource={f.items} pagination={false} scroll={{ y: 420 }} />;
  } else if (flags && kind === 'paidNotStarted') {
    const f = flags.paidNotStarted;
    title = `未开工先拨付（${f.count} 个项目）`;
    intro = '项目状态仍在“开工”之前、也没有实际开工日期，却已有拨付记录。请核实项目进度或拨付。金额单位：万元。';
    count = f.count;
    shown = f.items.length;
    const columns: TableColumnsType<FlagProjectRow> = [
      ...projectColumns<FlagProjectRow>(true),
      money('资金规模', 'totalFen'),
      money('已下达', 'allocatedFen'),
      money('已拨付', 'paidFen'),
      link<FlagProjectRow>(),
    ];
    table = <Table<FlagProjectRow> size="small" bordered rowKey="projectId" columns={columns} dataSource={f.items} pagination={false} scroll={{ y: 420 }} />;
  } else if (flags && kind === 'industryShare') {
    const f = flags.industryShare;
    title = `产业占比低于目标（${f.year} 年）`;
    intro = `全县产业发展类支出占总支出 ${percentText(f.sharePercent)}，目标不低于 ${f.targetPercent.toFixed(1)}%${f.below ? '，低于目标' : '，已达到目标'}。${f.count ? `下列 ${f.count} 个乡镇低于目标：` : '各乡镇均达到目标。'}`;
    count = f.count;
    shown = f.items.length;
    const columns: TableColumnsType<IndustryRow> = [
      { title: '乡镇', dataIndex: 'township' },
      { title: '总支出（万元）', dataIndex: 'spentFen', width: 130, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
      { title: '产业发展类支出（万元）', dataIndex: 'industryFen', width: 170, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
      { title: '占比', dataIndex: 'sharePercent', width: 90, align: 'right', render: (v: number | null) => <b className="mono funds-bad">{percentText(v)}</b> },
      { title: '目标', key: 'target', width: 80, align: 'right', render: () => <span className="mono">≥ {f.targetPercent.toFixed(1)}%</span> },
    ];
    table = f.count ? (
      <Table<IndustryRow> size="small" bordered rowKey={(r) => `${r.townshipId ?? 'none'}`} columns={columns} dataSource={f.items} pagination={false} scroll={{ y: 420 }} />
    ) : null;
  }
  return (
    <Modal
      open={kind !== null}
      title={title}
      onCancel={() => close()}
      width={1040}
      footer={[
        kind === 'industryShare' || kind === 'overAllocation' ? (
          <Button key="progress" onClick={() => close(() => navigate('funds', kind === 'industryShare' ? 'progress' : 'payments'))}>
            {kind === 'industryShare' ? '打开支出进度' : '打开资金拨付'}
          </Button>
        ) : null,
        <Button key="ok" type="primary" onClick={() => close()}>
          关闭
        </Button>,
      ]}
    >
      <div data-testid="flag-list">
        <div className="field-hint" style={{ marginBottom: 8, fontSize: 13 }}>
          {intro}
        </div>
        {table}
        {shown < count ? (
          <div className="field-hint" style={{ marginTop: 6 }}>
            <Tag>仅列出前 {shown} 个</Tag>共 {count} 个
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
