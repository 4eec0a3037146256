// 支出进度: for a budget year up to a cut-off date, at one level or all, ranked by 乡镇 or by 主管部门 — a table
// with 序时进度 and the gap in 百分点, 结余 and 结余率, a bar chart with the 序时进度 line, and the 产业发展
// share against the office's target (editable here).
import { DateInput } from '../../components/DateInput';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, InputNumber, Modal, Segmented, Select, Table, Tag, type ButtonProps, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ProgressGroupRow, ProgressLevelRow, ProgressSummary } from '../../../../shared/api';
import { localToday, officeYear } from '../../../../shared/dates';
import type { FundLevel } from '../../../../shared/enums';
import { gapText, TIME_PROGRESS_RULE, type TimeProgressRule } from '../../../../shared/progress';
import { call } from '../../api/client';
import { NEEDS_ROLE_HINT, useAppState, useCan } from '../../lib/appState';
import { showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { yearOptions } from './common';
import { ProgressChart } from './ProgressChart';
import { ExportButton } from '../export/ExportButton';
import { formatWanRounded } from '../../../../shared/money';
import { useChannel } from '../../lib/useChannel';

type LevelChoice = FundLevel | 'all';
type View = 'township' | 'department';

const LEVEL_CHOICES: Array<{ value: LevelChoice; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'central', label: '中央' },
  { value: 'provincial', label: '省级' },
  { value: 'municipal', label: '市级' },
  { value: 'county', label: '县级' },
];

export const percentText = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/** "超序时进度 3.2 个百分点" in green, "低于序时进度 1.5 个百分点" in red. */
export function GapCell({ points }: { points: number | null }) {
  const cls = points === null ? 'field-hint' : points > 0 ? 'funds-ok' : points < 0 ? 'funds-bad' : undefined;
  return <span className={cls}>{gapText(points)}</span>;
}

/** The 序时进度 rule in words ("序时进度 = 截至日已过天数 ÷ 全年天数"), wherever 序时进度 is shown. */
export function TimeRuleHint({ rule, testId }: { rule: TimeProgressRule; testId?: string }) {
  return (
    <span className="field-hint" title="计算方法可在“设置 → 资金进度”中选择" data-testid={testId ?? 'time-rule'}>
      {TIME_PROGRESS_RULE.formula[rule]}
    </span>
  );
}

/** The cut-off that makes sense for a year: today in the current year, 31 December of a past one. */
function cutoffFor(year: number): string {
  const today = localToday();
  return year === Number(today.slice(0, 4)) ? today : `${year}-12-31`;
}

export function ProgressTab({ active, version }: { active: boolean; version: number }) {
  const { dataVersion } = useAppState();
  const [year, setYear] = useState(() => officeYear());
  const [cutoff, setCutoff] = useState<string>(() => localToday());
  const [level, setLevel] = useState<LevelChoice>('all');
  const [view, setView] = useState<View>('township');
  const { data: summary, loading, run } = useChannel<ProgressSummary>();
  const [editTarget, setEditTarget] = useState(false);

  const load = useCallback(() => run(() => call('progress.summary', { year, cutoff, level })), [run, year, cutoff, level]);

  useEffect(() => {
    if (active) void load();
  }, [load, active, dataVersion, version]);

  const rows: ProgressGroupRow[] = summary ? (view === 'township' ? summary.byTownship : summary.byDepartment) : [];
  const unitTitle = view === 'township' ? '乡镇' : '主管部门';
  const levelLabel = LEVEL_CHOICES.find((c) => c.value === level)?.label ?? '全部';

  const columns: TableColumnsType<ProgressGroupRow> = [
    { title: '排名', dataIndex: 'rank', width: 52, align: 'center' },
    { title: unitTitle, dataIndex: 'name', ellipsis: { showTitle: true } },
    { title: '项目数', dataIndex: 'projects', width: 64, align: 'right' },
    { title: '已下达（万元）', dataIndex: 'allocatedFen', width: 118, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
    { title: '已支出（万元）', dataIndex: 'spentFen', width: 118, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
    {
      title: '支出进度',
      dataIndex: 'progressPercent',
      width: 84,
      align: 'right',
      render: (v: number | null, row) => <b className={`mono ${v !== null && v < row.timePercent ? 'funds-bad' : ''}`}>{percentText(v)}</b>,
    },
    { title: <span title={summary ? TIME_PROGRESS_RULE.formula[summary.timeRule] : undefined}>序时进度</span>, dataIndex: 'timePercent', width: 78, align: 'right', render: (v: number) => <span className="mono">{percentText(v)}</span> },
    { title: '与序时进度相比', dataIndex: 'gapPoints', width: 190, render: (v: number | null) => <GapCell points={v} /> },
    {
      title: '结余（万元）',
      dataIndex: 'balanceFen',
      width: 112,
      align: 'right',
      render: (v: number) => <span className={`mono${v < 0 ? ' funds-bad' : ''}`}>{formatWanRounded(v)}</span>,
    },
    { title: '结余率', dataIndex: 'balanceRatePercent', width: 72, align: 'right', render: (v: number | null) => <span className="mono">{percentText(v)}</span> },
  ];

  const overall = summary?.overall;
  const industry = summary?.industry;

  return (
    <div>
      <div className="screen-toolbar">
        <span className="field-hint">年度</span>
        <Select<number>
          value={year}
          onChange={(y) => {
            setYear(y);
            setCutoff(cutoffFor(y));
          }}
          options={yearOptions(officeYear())}
          style={{ width: 100 }}
          data-testid="progress-year"
        />
        <span className="field-hint">截止日期</span>
        <DateInput standalone required precision="day" label="截止日期" value={cutoff} onChange={setCutoff} style={{ width: 130 }} testId="progress-cutoff" />
        <span className="field-hint">资金级次</span>
        <Segmented<LevelChoice> value={level} onChange={setLevel} options={LEVEL_CHOICES} data-testid="progress-level" />
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'township', label: '按乡镇' },
            { value: 'department', label: '按主管部门' },
          ]}
          data-testid="progress-view"
        />
        <span className="spacer" />
        <ExportButton ledger="progress" filters={{ year, cutoff, level }} testId="export-progress" />
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="progress-refresh">
          刷新
        </Button>
      </div>

      {summary && overall ? (
        <div className="funds-progress-head" data-testid="progress-overall">
          <div className="funds-figure">
            <div className="funds-figure-label">
              {summary.year} 年{levelLabel === '全部' ? '' : levelLabel}资金已下达
            </div>
            <div className="funds-figure-value">
              {formatWanRounded(overall.allocatedFen)}
              <span className="kpi-unit">万元</span>
            </div>
          </div>
          <div className="funds-figure">
            <div className="funds-figure-label">已支出</div>
            <div className="funds-figure-value">
              {formatWanRounded(overall.spentFen)}
              <span className="kpi-unit">万元</span>
            </div>
          </div>
          <div className="funds-figure">
            <div className="funds-figure-label">支出进度</div>
            <div className={`funds-figure-value${overall.progressPercent !== null && overall.progressPercent < overall.timePercent ? ' funds-bad' : ''}`} data-testid="progress-overall-percent">
              {percentText(overall.progressPercent)}
            </div>
          </div>
          <div className="funds-figure">
            <div className="funds-figure-label">序时进度（截至 {summary.cutoff}）</div>
            <div className="funds-figure-value">{percentText(summary.timePercent)}</div>
            <TimeRuleHint rule={summary.timeRule} testId="progress-time-rule" />
          </div>
          <div className="funds-figure funds-figure-wide">
            <div className="funds-figure-label">与序时进度相比</div>
            <div className="funds-figure-value funds-figure-text">
              <GapCell points={overall.gapPoints} />
            </div>
          </div>
          <div className="funds-figure">
            <div className="funds-figure-label">结余 / 结余率</div>
            <div className="funds-figure-value">
              {formatWanRounded(overall.balanceFen)}
              <span className="kpi-unit">万元 / {percentText(overall.balanceRatePercent)}</span>
            </div>
          </div>
        </div>
      ) : null}

      {summary ? (
        <div className="funds-progress-row2">
          <LevelStrip rows={summary.byLevel} current={level} onPick={setLevel} />
          {industry ? (
            <div className={`funds-industry-box${industry.below ? ' is-below' : ''}`} data-testid="progress-industry">
              <div className="funds-figure-label">
                产业发展类支出占比
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditTarget(true)} data-testid="progress-target-edit" style={{ height: 18, padding: '0 4px' }}>
                  目标
                </Button>
              </div>
              <div className="funds-figure-value">
                {percentText(industry.sharePercent)}
                <span className="kpi-unit">目标 ≥ {industry.targetPercent.toFixed(1)}%</span>
                {industry.totalSpentFen > 0 ? (
                  industry.below ? (
                    <Tag color="error" style={{ marginLeft: 6 }}>
                      低于目标
                    </Tag>
                  ) : (
                    <Tag color="success" style={{ marginLeft: 6 }}>
                      达到目标
                    </Tag>
                  )
                ) : null}
              </div>
              <div className="field-hint">
                产业发展 {formatWanRounded(industry.spentFen)} 万元 ÷ 总支出 {formatWanRounded(industry.totalSpentFen)} 万元
              </div>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="funds-progress-body">
        <div className="screen-panel funds-chart-panel">
          <div className="funds-panel-title">
            {summary?.year ?? year} 年各{unitTitle}{levelLabel === '全部' ? '' : levelLabel}衔接资金支出进度排名
            <span className="field-hint">
              虚线为序时进度（{TIME_PROGRESS_RULE.formula[summary?.timeRule ?? TIME_PROGRESS_RULE.default]}）；橙色柱低于序时进度
            </span>
          </div>
          <ProgressChart rows={rows} timePercent={summary?.timePercent ?? 0} height={300} testId="progress-chart" />
        </div>
        <div data-testid="progress-table">
          <Table<ProgressGroupRow>
            size="small"
            bordered
            rowKey={(r) => `${r.id ?? 'none'}`}
            loading={loading}
            columns={columns}
            dataSource={rows}
            pagination={false}
            sticky
            locale={{ emptyText: `${year} 年没有${unitTitle}的资金记录` }}
            summary={() =>
              overall ? (
                <Table.Summary>
                  <Table.Summary.Row className="funds-summary-row">
                    <Table.Summary.Cell index={0} colSpan={3}>
                      全县合计（含尚未分配到项目的下达资金）
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      <span className="mono">{formatWanRounded(overall.allocatedFen)}</span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      <span className="mono">{formatWanRounded(overall.spentFen)}</span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">
                      <b className="mono">{percentText(overall.progressPercent)}</b>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6} align="right">
                      <span className="mono">{percentText(overall.timePercent)}</span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={7}>
                      <GapCell points={overall.gapPoints} />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={8} align="right">
                      <span className="mono">{formatWanRounded(overall.balanceFen)}</span>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={9} align="right">
                      <span className="mono">{percentText(overall.balanceRatePercent)}</span>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </div>
      </div>

      <IndustryTargetModal
        open={editTarget}
        current={industry?.targetPercent ?? null}
        onClose={() => setEditTarget(false)}
        onSaved={() => {
          setEditTarget(false);
          void load();
        }}
      />
    </div>
  );
}

/** 中央/省级/市级/县级/其他/全部 side by side: a click picks that level. */
function LevelStrip({ rows, current, onPick }: { rows: ProgressLevelRow[]; current: LevelChoice; onPick: (level: LevelChoice) => void }) {
  return (
    <div className="funds-level-strip" data-testid="progress-by-level">
      {rows.map((r) => {
        const pickable = LEVEL_CHOICES.some((c) => c.value === r.level);
        return (
          <button
            type="button"
            key={r.level}
            className={`funds-level-cell${r.level === current ? ' is-current' : ''}`}
            disabled={!pickable}
            onClick={() => pickable && onPick(r.level)}
            title={`${r.label}：已下达 ${formatWanRounded(r.allocatedFen)} 万元，已支出 ${formatWanRounded(r.spentFen)} 万元，${gapText(r.gapPoints)}`}
          >
            <span className="funds-level-name">{r.label}</span>
            <span className="mono">
              {formatWanRounded(r.spentFen)} / {formatWanRounded(r.allocatedFen)} 万元
            </span>
            <b className={`mono${r.progressPercent !== null && r.progressPercent < r.timePercent ? ' funds-bad' : ''}`}>{percentText(r.progressPercent)}</b>
          </button>
        );
      })}
    </div>
  );
}

function IndustryTargetModal({ open, current, onClose, onSaved }: { open: boolean; current: number | null; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ percent: number | null }>();
  const [saving, setSaving] = useState(false);
  const mayEditTarget = useCan()('ledgerSettings.update');

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (current !== null) {
      form.setFieldsValue({ percent: current });
      return;
    }
    call('ledgerSettings.get', {})
      .then((s) => {
        if (!form.isFieldTouched('percent')) form.setFieldsValue({ percent: Math.round(s.industryShareTarget * 1000) / 10 });
      })
      .catch(() => undefined);
  }, [open, form, current]);

  useShortcut('s', () => form.submit(), open);

  const save = async ({ percent }: { percent: number | null }) => {
    if (percent === null || percent === undefined) return;
    setSaving(true);
    try {
      // Percent with at most one decimal → a ratio with at most three decimals, without float residue.
      const ratio = Math.round(percent * 10) / 1000;
      const saved = await call('ledgerSettings.update', { industryShareTarget: ratio });
      message.success(`产业发展类支出占比目标已改为 ${(saved.industryShareTarget * 100).toFixed(1)}%`);
      onSaved();
    } catch (error) {
      showCallError(error, message, form, ['percent'], { industryShareTarget: 'percent' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title="产业发展类支出占比目标"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ disabled: !mayEditTarget, title: mayEditTarget ? undefined : NEEDS_ROLE_HINT.admin, 'data-testid': 'industry-target-save' } as ButtonProps}
      width={440}
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} onKeyDownCapture={enterMovesToNext(() => form.submit())}>
        <Form.Item
          name="percent"
          label="产业发展类项目支出占衔接资金总支出的比例不低于"
          extra="各省要求不同，常见为 55% 或 60%。首页“产业占比低于目标”提示按此判断。"
          rules={[{ required: true, message: '请填写目标比例' }]}
        >
          <InputNumber min={0} max={100} step={1} precision={1} suffix="%" style={{ width: 160 }} autoFocus data-testid="industry-target-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
