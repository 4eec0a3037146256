// 支出进度 and friends, as pure functions the main process, the renderer and the bulletins share.
// Money is integer fen; percentages are computed from exact rationals with BigInt and rounded half away
// from zero only at the end, so a figure printed in a bulletin never differs by 0.1 from the screen.
//
//   支出进度 = 累计支出 ÷ 已下达 × 100%            (null when 已下达 = 0)
//   序时进度 = the share of the year elapsed at the 截至 day, by the office's rule (ledger setting
//              timeProgressRule, TIME_PROGRESS_RULE below):
//              按日 (default)  截至日已过天数 ÷ 全年天数: the 截至 day itself counts as elapsed, so 1月1日 is
//                              1/365 (1/366 in a leap year), 12月2日 is 336/365 = 92.1%, 12月31日 is 100%.
//              按整月          已满月数 ÷ 12: a month counts once its last day is reached, so 截至10月31日 is
//                              10/12 = 83.3% and 10月1日 is 9/12 = 75% (for offices that report at month ends).
//              A cut-off given as a month ('2024-10') means that month's last day under either rule. A cut-off
//              in a later year counts as the whole year, an earlier year as 0.
//   差距     = 支出进度 − 序时进度, in 百分点, one decimal, from the exact fractions (not the rounded ones)
//   结余     = 已下达 − 累计支出;  结余率 = 结余 ÷ 已下达 × 100%

export interface ProgressFigures {
  /** 已下达 (fen). */
  allocatedFen: number;
  /** 累计支出 (fen). */
  spentFen: number;
  /** 支出进度 in percent, one decimal; null when nothing was allocated. */
  progressPercent: number | null;
  /** 序时进度 in percent, one decimal. */
  timePercent: number;
  /** 支出进度 − 序时进度 in 百分点, one decimal; null when nothing was allocated. */
  gapPoints: number | null;
  /** 结余 = 下达 − 支出 (fen; negative when more was spent than allocated). */
  balanceFen: number;
  /** 结余率 in percent, one decimal; null when nothing was allocated. */
  balanceRatePercent: number | null;
}

/** n ÷ d rounded half away from zero (d > 0). */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('roundDiv: divisor must be positive');
  const negative = n < 0n;
  const a = negative ? -n : n;
  const q = (a * 2n + d) / (2n * d);
  return negative ? -q : q;
}

function pow10(decimals: number): bigint {
  return 10n ** BigInt(decimals);
}

/** numerator ÷ denominator × 100, rounded to `decimals` places; null when the denominator is 0. */
export function percentOf(numerator: number, denominator: number, decimals = 1): number | null {
  if (denominator === 0) return null;
  const scale = pow10(decimals);
  const sign = denominator < 0 ? -1n : 1n;
  const scaled = roundDiv(BigInt(numerator) * 100n * scale * sign, BigInt(denominator) * sign);
  return Number(scaled) / Number(scale);
}

/** How 序时进度 is counted (the ledger setting timeProgressRule). */
export type TimeProgressRule = 'elapsedDays' | 'wholeMonths';
export const TIME_PROGRESS_RULE = {
  values: ['elapsedDays', 'wholeMonths'] as const satisfies readonly TimeProgressRule[],
  default: 'elapsedDays' as TimeProgressRule,
  /** The setting's name for each choice (设置). */
  label: { elapsedDays: '按日计算', wholeMonths: '按整月计算（月末报送）' } satisfies Record<TimeProgressRule, string>,
  /** The rule in words, shown wherever 序时进度 is shown. */
  formula: {
    elapsedDays: '序时进度 = 截至日已过天数 ÷ 全年天数',
    wholeMonths: '序时进度 = 截至日已满月数 ÷ 12',
  } satisfies Record<TimeProgressRule, string>,
};

/** The elapsed part of a year as an exact fraction: `elapsed` of `total` days (按日) or months (按整月). */
export interface ElapsedShare {
  rule: TimeProgressRule;
  elapsed: number;
  total: number;
}

const CUTOFF_RE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function monthLength(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The elapsed share of `year` at `cutoff` (an ISO day or month), by `rule` (see the opening comment). */
export function elapsedShare(cutoff: string, year: number, rule: TimeProgressRule): ElapsedShare {
  const m = CUTOFF_RE.exec(cutoff);
  if (!m) throw new RangeError(`序时进度：截至日期应为 YYYY-MM-DD 或 YYYY-MM，而不是 ${cutoff}`);
  const total = rule === 'elapsedDays' ? (isLeapYear(year) ? 366 : 365) : 12;
  const cutoffYear = Number(m[1]);
  if (cutoffYear > year) return { rule, elapsed: total, total };
  if (cutoffYear < year) return { rule, elapsed: 0, total };
  const month = Number(m[2]);
  const lastDay = monthLength(year, month);
  const day = m[3] === undefined ? lastDay : Number(m[3]);
  if (rule === 'wholeMonths') return { rule, elapsed: day >= lastDay ? month : month - 1, total };
  // Day of year, counting the 截至 day itself.
  const dayOfYear = (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  return { rule, elapsed: dayOfYear, total };
}

/** 序时进度 in percent with one decimal: 按日 2025-12-02 → 92.1; 按整月 2024-10-31 → 83.3, 2024-10-01 → 75. */
export function timeProgressPercent(cutoff: string, year: number, rule: TimeProgressRule): number {
  const share = elapsedShare(cutoff, year, rule);
  return percentOf(share.elapsed, share.total) ?? 0;
}

/**
 * 支出进度 − 序时进度 in 百分点 with one decimal, from the exact fractions:
 * (spent/allocated − e/T) × 100 = (T·spent − e·allocated) × 100 / (T·allocated).
 */
export function gapPoints(spentFen: number, allocatedFen: number, time: ElapsedShare): number | null {
  if (allocatedFen <= 0) return null;
  const t = BigInt(time.total);
  const numerator = (t * BigInt(spentFen) - BigInt(time.elapsed) * BigInt(allocatedFen)) * 100n * 10n;
  return Number(roundDiv(numerator, t * BigInt(allocatedFen))) / 10;
}

/** "超序时进度 3.2 个百分点" / "低于序时进度 1.5 个百分点" / "与序时进度持平" / "未下达资金". */
export function gapText(points: number | null): string {
  if (points === null) return '未下达资金';
  if (points > 0) return `超序时进度 ${points.toFixed(1)} 个百分点`;
  if (points < 0) return `低于序时进度 ${(-points).toFixed(1)} 个百分点`;
  return '与序时进度持平';
}

/** All the figures of one row (the whole pool, a level, a township, a department); `time` from elapsedShare. */
export function progressFigures(allocatedFen: number, spentFen: number, time: ElapsedShare): ProgressFigures {
  const balanceFen = allocatedFen - spentFen;
  return {
    allocatedFen,
    spentFen,
    progressPercent: allocatedFen > 0 ? percentOf(spentFen, allocatedFen) : null,
    timePercent: percentOf(time.elapsed, time.total) ?? 0,
    gapPoints: gapPoints(spentFen, allocatedFen, time),
    balanceFen,
    balanceRatePercent: allocatedFen > 0 ? percentOf(balanceFen, allocatedFen) : null,
  };
}

/**
 * Split `total` fen over buckets in proportion to `weights` (non-negative integers, e.g. a project's funds
 * by level), exactly: each bucket gets floor(total·wᵢ/W), and the fen left over go one each to the buckets
 * with the largest remainders (ties: the earlier bucket). The parts always sum to `total`.
 * When every weight is 0 the whole amount goes to the last bucket (for fund levels: 其他).
 */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError('splitProportionally: no buckets');
  if (!Number.isSafeInteger(total)) throw new RangeError('splitProportionally: total must be whole fen');
  const negative = total < 0;
  const t = BigInt(Math.abs(total));
  const w = weights.map((x) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError('splitProportionally: weights must be non-negative integers');
    return BigInt(x);
  });
  const sum = w.reduce((a, b) => a + b, 0n);
  const parts = new Array<bigint>(w.length).fill(0n);
  if (sum === 0n) {
    parts[parts.length - 1] = t;
  } else {
    const remainders: Array<[number, bigint]> = [];
    let given = 0n;
    w.forEach((wi, i) => {
      const product = t * wi;
      parts[i] = product / sum;
      given += product / sum;
      remainders.push([i, product % sum]);
    });
    let left = t - given;
    remainders.sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : a[1] > b[1] ? -1 : 1));
    for (const [i] of remainders) {
      if (left === 0n) break;
      parts[i] = (parts[i] ?? 0n) + 1n;
      left -= 1n;
    }
  }
  return parts.map((p) => (negative ? -Number(p) : Number(p)));
}

/**
 * Order rows for a 排名 table: 支出进度 descending, rows without allocations last, then the larger
 * allocation first, then by name. Returns a new array; each row gets its 1-based rank.
 */
export function rankByProgress<T extends { progressPercent: number | null; allocatedFen: number; name: string; spentFen: number }>(
  rows: readonly T[],
): Array<T & { rank: number }> {
  const sorted = rows.slice().sort((a, b) => {
    if (a.progressPercent === null && b.progressPercent !== null) return 1;
    if (b.progressPercent === null && a.progressPercent !== null) return -1;
    if (a.progressPercent !== null && b.progressPercent !== null) {
      // Compare the exact fractions, not the rounded percentages: spentA/allocA vs spentB/allocB.
      const left = BigInt(a.spentFen) * BigInt(b.allocatedFen);
      const right = BigInt(b.spentFen) * BigInt(a.allocatedFen);
      if (left !== right) return left > right ? -1 : 1;
    }
    if (a.allocatedFen !== b.allocatedFen) return b.allocatedFen - a.allocatedFen;
    return a.name.localeCompare(b.name, 'zh-Hans-CN');
  });
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/** share = part ÷ whole as percent (one decimal) and whether it is below a target ratio (e.g. 0.55). */
export function shareAgainstTarget(partFen: number, wholeFen: number, targetRatio: number): { sharePercent: number | null; targetPercent: number; below: boolean } {
  const sharePercent = percentOf(partFen, wholeFen);
  // Compare exactly: part/whole < target  ⇔  part·10⁶ < round(target·10⁶)·whole (targets have ≤ 6 decimals).
  const targetMicro = BigInt(Math.round(targetRatio * 1_000_000));
  const below = wholeFen > 0 && BigInt(partFen) * 1_000_000n < targetMicro * BigInt(wholeFen);
  return { sharePercent, targetPercent: Number(roundDiv(targetMicro * 1000n, 1_000_000n)) / 10, below };
}

/** rate = income ÷ value as percent (two decimals) and whether it is below a minimum ratio (e.g. 0.06). */
export function rateAgainstMinimum(incomeFen: number, valueFen: number, minRatio: number): { ratePercent: number | null; below: boolean } {
  if (valueFen <= 0) return { ratePercent: null, below: false };
  const minMicro = BigInt(Math.round(minRatio * 1_000_000));
  return {
    ratePercent: percentOf(incomeFen, valueFen, 2),
    below: BigInt(incomeFen) * 1_000_000n < minMicro * BigInt(valueFen),
  };
}
