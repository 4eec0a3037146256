// 支出进度 per unit as bars, ranked, with the 序时进度 as a dashed horizontal line. Units below the line are
// drawn in amber, units without allocations in grey.
import { useMemo } from 'react';
import type { ProgressGroupRow } from '../../../../shared/api';
import { gapText } from '../../../../shared/progress';
import { FONT_FAMILY, PRIMARY } from '../../theme';

import { EChart, type ChartOption } from './EChart';
import { formatWanRounded } from '../../../../shared/money';

const BELOW = '#d98324';
const NONE = '#b8c0cc';
const LINE = '#c4262e';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Props {
  rows: readonly ProgressGroupRow[];
  timePercent: number;
  height?: number;
  testId?: string;
  /** Hide rows that neither received nor spent anything (a chart of 30 zeros says nothing). */
  hideEmpty?: boolean;
  onBarClick?: (row: ProgressGroupRow) => void;
}

export function ProgressChart({ rows, timePercent, height = 320, testId, hideEmpty, onBarClick }: Props) {
  const shown = useMemo(() => (hideEmpty ? rows.filter((r) => r.allocatedFen > 0 || r.spentFen > 0) : rows.slice()), [rows, hideEmpty]);

  const option = useMemo<ChartOption>(() => {
    const longest = shown.reduce((m, r) => Math.max(m, r.name.length), 0);
    const rotate = shown.length > 12 || longest * shown.length > 80 ? 35 : 0;
    const top = shown.reduce((m, r) => Math.max(m, r.progressPercent ?? 0), 0);
    return {
      textStyle: { fontFamily: FONT_FAMILY },
      animationDuration: 300,
      grid: { left: 48, right: 24, top: 34, bottom: rotate ? 8 : 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : undefined;
          const row = first?.dataIndex === undefined ? undefined : shown[first.dataIndex];
          if (!row) return '';
          return [
            `<b>${escapeHtml(row.name)}</b>（第 ${row.rank} 名）`,
            `已下达 ${formatWanRounded(row.allocatedFen)} 万元，已支出 ${formatWanRounded(row.spentFen)} 万元`,
            `支出进度 ${row.progressPercent === null ? '—' : `${row.progressPercent.toFixed(1)}%`}，${gapText(row.gapPoints)}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: shown.map((r) => r.name),
        axisLabel: { interval: 0, rotate, fontSize: 12, color: '#3d4654' },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        name: '支出进度（%）',
        nameTextStyle: { color: '#5b6675', align: 'left' },
        min: 0,
        max: Math.max(100, Math.ceil(top / 10) * 10),
        axisLabel: { formatter: '{value}%', color: '#5b6675' },
        splitLine: { lineStyle: { color: '#e8ebf0' } },
      },
      series: [
        {
          type: 'bar',
          name: '支出进度',
          barMaxWidth: 34,
          data: shown.map((r) => ({
            value: r.progressPercent ?? 0,
            itemStyle: { color: r.progressPercent === null ? NONE : r.progressPercent < r.timePercent ? BELOW : PRIMARY },
          })),
          label: {
            show: shown.length <= 30,
            position: 'top',
            fontSize: 11,
            color: '#3d4654',
            formatter: (p: { dataIndex: number }) => {
              const v = shown[p.dataIndex]?.progressPercent;
              return v === null || v === undefined ? '—' : v.toFixed(1);
            },
          },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: LINE, type: 'dashed', width: 2 },
            label: { formatter: `序时进度 ${timePercent.toFixed(1)}%`, position: 'insideEndTop', color: LINE, fontWeight: 'bold' },
            data: [{ yAxis: timePercent, name: '序时进度' }],
          },
        },
      ],
    };
  }, [shown, timePercent]);

  if (shown.length === 0) {
    return (
      <div className="funds-chart-empty" style={{ height }} data-testid={testId}>
        所选范围内没有下达或支出的资金
      </div>
    );
  }
  return <EChart option={option} style={{ height }} testId={testId} onBarClick={onBarClick ? (i) => shown[i] && onBarClick(shown[i]) : undefined} />;
}
