// 项目编号: `${县简称}-${year}-${seq4}`, after the highest number used so far in that county and year (deleted
// projects keep theirs). The service suggests one; the import numbers its new projects with the same rule.
import type { DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { readSettingOn } from '../settings/store';
import { codesBetween, countyDivisionName } from './store';

/** 青山县 → 青山, 某某自治县 → 某某: the county part of project numbers. */
export function countyShort(countyName: string): string {
  const short = countyName.trim().replace(/(自治县|自治旗|县|市|区|旗)$/, '');
  return short.length > 0 ? short : '项目';
}

export async function countyShortName(ctx: ServiceContext, db: DataReader): Promise<string> {
  return countyShort((await countyDivisionName(db)) ?? (await readSettingOn<string>(db, 'countyName')) ?? '');
}

/** The code range holding `prefix` followed by anything ('-' + 1 = '.'): the code index serves it. */
export function codeRange(prefix: string): { lo: string; hi: string } {
  return { lo: prefix, hi: `${prefix.slice(0, -1)}.` };
}

/** The highest sequence number among `codes` that are `prefix` followed by digits only (0 when none). */
export function highestSeq(codes: readonly string[], prefix: string): number {
  let max = 0;
  for (const code of codes) {
    const tail = code.slice(prefix.length);
    if (code.startsWith(prefix) && /^[0-9]+$/.test(tail)) max = Math.max(max, Number(tail));
  }
  return max;
}

export const formatProjectCode = (prefix: string, seq: number): string => `${prefix}${String(seq).padStart(4, '0')}`;

/** The next free 项目编号 of a year. */
export async function suggestProjectCode(ctx: ServiceContext, db: DataReader, year: number): Promise<{ code: string }> {
  const prefix = `${await countyShortName(ctx, db)}-${year}-`;
  const { lo, hi } = codeRange(prefix);
  return { code: formatProjectCode(prefix, highestSeq(await codesBetween(db, lo, hi), prefix) + 1) };
}
