// What a bulletin reads from the ledger: the findings in its scope (one inspection, or the inspections of a
// period), counted by township and status, and the 支出进度 ranking of the townships from the progress
// service. The attachment tables and the drafted text both come from here, so they never disagree.
import type { BulletinTable } from '../../../shared/bulletin/document';
import { formatChineseDate } from '../../../shared/dates';
import { FindingStatus } from '../../../shared/enums';
import { isFindingOverdue } from '../../../shared/supervision/findings';
import { formatWanRounded } from '../../../shared/money';
import { percentOf, TIME_PROGRESS_RULE } from '../../../shared/progress';
import type { ProgressSummary } from '../../../shared/api';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { progressSummary } from '../funds/progress';
import { scopedFindingRecords, type FindingScope, type ScopedFindingRecord } from '../supervision/findings-views-store';

export type BulletinScope = FindingScope;

export interface ScopedFinding extends ScopedFindingRecord {
  overdue: boolean;
}

/** Live findings of the scope's live inspections, by township (in 区划 order) then inspection and 序号. */
export async function scopedFindings(ctx: ServiceContext, scope: BulletinScope, today: string): Promise<ScopedFinding[]> {
  const rows = await scopedFindingRecords(dataPort(ctx), scope);
  return rows.map((r) => ({ ...r, overdue: isFindingOverdue(r.status, r.deadlineDate, today) }));
}

export interface TownshipCounts {
  township: string;
  total: number;
  byStatus: Record<FindingStatus, number>;
  overdue: number;
}

const zeroStatus = (): Record<FindingStatus, number> => Object.fromEntries(FindingStatus.values.map((s) => [s, 0])) as Record<FindingStatus, number>;

export const NO_TOWNSHIP = '县直部门及其他';

/** Counts per township in order, and the total. */
export function countByTownship(findings: readonly ScopedFinding[]): { rows: TownshipCounts[]; total: TownshipCounts } {
  const groups = new Map<string, TownshipCounts>();
  const total: TownshipCounts = { township: '合计', total: 0, byStatus: zeroStatus(), overdue: 0 };
  for (const f of findings) {
    const key = f.township ?? NO_TOWNSHIP;
    let g = groups.get(key);
    if (!g) {
      g = { township: key, total: 0, byStatus: zeroStatus(), overdue: 0 };
      groups.set(key, g);
    }
    for (const acc of [g, total]) {
      acc.total += 1;
      acc.byStatus[f.status] += 1;
      if (f.overdue) acc.overdue += 1;
    }
  }
  return { rows: [...groups.values()], total };
}

/** 整改完成率: (已销号 + 已完成待销号) ÷ 问题数, in percent with one decimal. */
export function completionPercent(c: TownshipCounts): number | null {
  return percentOf(c.byStatus.closed + c.byStatus.awaitingClose, c.total);
}

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const signed = (v: number | null) => (v === null ? '—' : v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1));

/** 附件: 问题整改进度表, one row per township and a 合计 row. */
export function rectificationTable(findings: readonly ScopedFinding[], today: string): BulletinTable {
  const { rows, total } = countByTownship(findings);
  const line = (c: TownshipCounts) => [
    c.township,
    String(c.total),
    String(c.byStatus.closed),
    String(c.byStatus.awaitingClose),
    String(c.byStatus.inProgress),
    String(c.byStatus.notStarted),
    String(c.byStatus.ongoing),
    String(c.overdue),
    pct(completionPercent(c)),
  ];
  return {
    title: '问题整改进度表',
    subtitle: `（截至${formatChineseDate(today)}，单位：个）`,
    columns: [
      { title: '乡镇', widthMm: 28, align: 'left' },
      { title: '问题数', widthMm: 15.5, align: 'center' },
      { title: '已销号', widthMm: 15.5, align: 'center' },
      { title: '已完成\n待销号', widthMm: 17, align: 'center' },
      { title: '整改中', widthMm: 15.5, align: 'center' },
      { title: '未启动', widthMm: 15.5, align: 'center' },
      { title: '长期\n坚持', widthMm: 15.5, align: 'center' },
      { title: '逾期', widthMm: 12, align: 'center' },
      { title: '完成率', widthMm: 21.5, align: 'center' },
    ],
    rows: [...rows.map(line), line(total)],
    boldRows: [rows.length],
    note: '注：完成率即整改完成率＝（已销号＋已完成待销号）÷问题数；逾期指超过整改时限仍未完成整改（长期坚持类不计逾期）。',
  };
}

/** 支出进度 of the cut-off's year, all levels. */
export async function countyProgress(ctx: ServiceContext, cutoff: string): Promise<ProgressSummary> {
  return progressSummary(ctx, { year: Number(cutoff.slice(0, 4)), cutoff, level: 'all' });
}

/** 附件: 各乡镇衔接资金支出进度排名, ranked by 支出进度, with ± 序时进度 in 百分点 and the county's row. */
export function rankingTable(summary: ProgressSummary): BulletinTable {
  const townships = summary.byTownship.filter((r) => r.id !== null);
  const rows = townships.map((r, i) => [String(i + 1), r.name, formatWanRounded(r.allocatedFen), formatWanRounded(r.spentFen), pct(r.progressPercent), pct(r.timePercent), signed(r.gapPoints)]);
  const o = summary.overall;
  rows.push(['', '全县', formatWanRounded(o.allocatedFen), formatWanRounded(o.spentFen), pct(o.progressPercent), pct(o.timePercent), signed(o.gapPoints)]);
  return {
    title: '各乡镇衔接资金支出进度排名',
    subtitle: `（截至${formatChineseDate(summary.cutoff)}，金额单位：万元）`,
    columns: [
      { title: '排名', widthMm: 11, align: 'center' },
      { title: '乡镇', widthMm: 31, align: 'left' },
      { title: '已下达', widthMm: 24, align: 'right' },
      { title: '累计支出', widthMm: 24, align: 'right' },
      { title: '支出进度', widthMm: 20, align: 'right' },
      { title: '序时进度', widthMm: 20, align: 'right' },
      { title: '±序时进度\n（百分点）', widthMm: 26, align: 'right' },
    ],
    rows,
    boldRows: [rows.length - 1],
    note:
      `注：支出进度＝累计支出÷已下达×100%；${TIME_PROGRESS_RULE.formula[summary.timeRule].replace(/ /g, '').replace('=', '＝')}×100%` +
      `（截至${formatChineseDate(summary.cutoff).replace(/^\d+年/, '')}为${pct(summary.timePercent)}）；` +
      '“±序时进度”为支出进度减序时进度，正数为超出、负数为低于序时进度的百分点。乡镇已下达为分配到该乡镇项目的资金，全县含尚未分配到项目的资金。',
  };
}
