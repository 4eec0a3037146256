// 支出进度 and friends, as pure functions the main process, the renderer and the bulletins share.
// Money is integer fen; percentages are computed from exact rationals with BigInt and rounded half away
// from zero only at the end, so a figure printed in a bulletin never differs by 0.1 from the screen.
//
//   支出进度 = 累计支出 ÷ 已下达 × 100%            (null when 已下达 = 0)
//   序时进度 = 截止月份 ÷ 12 × 100%                 (a cut-off in a later year counts as 12/12, an earlier year 0)
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

/** The month that counts for 序时进度 of `year` at `cutoff` (an ISO day or month): 0…12. */
export function elapsedMonths(cutoff: string, year: number): number {
  const cutoffYear = Number(cutoff.slice(0, 4));
  if (cutoffYear > year) return 12;
  if (cutoffYear < year) return 0;
  return Number(cutoff.slice(5, 7));
}

/** 序时进度 in percent with one decimal: 2024-03-31 → 25, 2024-05-10 → 41.7. */
export function timeProgressPercent(cutoff: string, year: number): number {
  return percentOf(elapsedMonths(cutoff, year), 12) ?? 0;
}

/**
 * 支出进度 − 序时进度 in 百分点 with one decimal, from the exact fractions:
 * (spent/allocated − months/12) × 100 = (12·spent − months·allocated) × 100 / (12·allocated).
 */
export function gapPoints(spentFen: number, allocatedFen: number, months: number): number | null {
  if (allocatedFen <= 0) return null;
  const numerator = (12n * BigInt(spentFen) - BigInt(months) * BigInt(allocatedFen)) * 100n * 10n;
  return Number(roundDiv(numerator, 12n * BigInt(allocatedFen))) / 10;
}

/** "超序时进度 3.2 个百分点" / "低于序时进度 1.5 个百分点" / "与序时进度持平" / "未下达资金". */
export function gapText(points: number | null): string {
  if (points === null) return '未下达资金';
  if (points > 0) return `超序时进度 ${points.toFixed(1)} 个百分点`;
  if (points < 0) return `低于序时进度 ${(-points).toFixed(1)} 个百分点`;
  return '与序时进度持平';
}

/** All the figures of one row (the whole pool, a level, a township, a department). */
export function progressFigures(allocatedFen: number, spentFen: number, cutoff: string, year: number): ProgressFigures {
  const months = elapsedMonths(cutoff, year);
  const balanceFen = allocatedFen - spentFen;
  return {
    allocatedFen,
    spentFen,
    progressPercent: allocatedFen > 0 ? percentOf(spentFen, allocatedFen) : null,
    timePercent: percentOf(months, 12) ?? 0,
    gapPoints: gapPoints(spentFen, allocatedFen, months),
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
