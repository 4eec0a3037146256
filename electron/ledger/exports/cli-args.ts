// `export LEDGER --out FILE.xlsx` (DESIGN.md's CLI contract): the command line's options turned into the
// export.ledger input — the same filters the ledger's screen sends, with townships given by name.
import type { ChannelInput } from '../../../shared/api';
import { EXPORT_LEDGERS, type ExportLedger } from '../../../shared/api-export';
import { localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { FundLevel } from '../../../shared/enums';
import type { ServiceContext } from '../../platform/context';
import { townshipByLooseName } from './naming';

export const EXPORT_USAGE = `  export ${EXPORT_LEDGERS.slice(0, 7).join('|')}|households --out 文件.xlsx
         [--year YYYY] [--township 名称] [--unit yuan|wan] [--by-township] [--all-columns] [--reveal-ids]
         [--cutoff YYYY-MM-DD] [--level central|provincial|municipal|county|other] [--today YYYY-MM-DD]
                                                   导出台账（与界面上的导出相同：标题、表头、合计、打印设置）`;

export interface ExportCliOptions {
  year?: number;
  township?: string;
  unit?: string;
  cutoff?: string;
  level?: string;
  today?: string;
  byTownship: boolean;
  allColumns: boolean;
  revealIds: boolean;
}

/** A usage mistake (exit 2), as opposed to input the ledger refuses (exit 1). */
export class ExportUsageError extends Error {}

async function townshipId(ctx: ServiceContext, name: string): Promise<number> {
  const t = await townshipByLooseName(ctx, name);
  if (!t) throw new AppError('NOT_FOUND', `区划中没有名为“${name}”的乡镇，请检查名称`, 'township');
  return t.id;
}

export async function exportCliInput(ctx: ServiceContext, ledger: string | undefined, o: ExportCliOptions): Promise<ChannelInput<'export.ledger'>> {
  if (!ledger || !(EXPORT_LEDGERS as readonly string[]).includes(ledger)) {
    throw new ExportUsageError(ledger ? `export 不认识“${ledger}”，可选 ${EXPORT_LEDGERS.join('、')}` : `export 需要指定台账：${EXPORT_LEDGERS.join('、')}`);
  }
  const which = ledger as ExportLedger;
  if (o.unit !== undefined && o.unit !== 'yuan' && o.unit !== 'wan') throw new ExportUsageError(`--unit 应为 yuan（元）或 wan（万元），收到“${o.unit}”`);
  if (o.level !== undefined && !(FundLevel.values as readonly string[]).includes(o.level)) {
    throw new ExportUsageError(`--level 应为 ${FundLevel.values.join('、')} 之一，收到“${o.level}”`);
  }
  const notFor = (option: string, ledgers: readonly ExportLedger[]) => {
    if (ledgers.includes(which)) throw new ExportUsageError(`${which} 不接受 ${option}`);
  };
  const filters: Record<string, unknown> = {};
  if (o.township !== undefined) {
    notFor('--township', ['allocations', 'progress', 'rectification']);
    if (which === 'payments') filters.township = o.township;
    else filters.townshipId = await townshipId(ctx, o.township);
  }
  if (o.year !== undefined) {
    notFor('--year', ['households']);
    if (which === 'assets') filters.incomeYear = o.year;
    else filters.year = o.year;
  }
  if (o.level !== undefined) {
    if (which === 'allocations' || which === 'progress') filters.level = o.level;
    else if (which === 'projects') filters.fundLevel = [o.level];
    else throw new ExportUsageError(`${which} 不接受 --level`);
  }
  if (o.cutoff !== undefined && which !== 'progress') throw new ExportUsageError(`只有 progress 接受 --cutoff`);
  if (o.today !== undefined) {
    if (which !== 'findings' && which !== 'rectification') throw new ExportUsageError(`只有 findings 和 rectification 接受 --today`);
    filters.today = o.today;
  }
  if (which === 'progress') {
    // 支出进度 needs a year and a cut-off: this year up to today, or a past year to its end.
    const today = localToday(ctx.now());
    const year = o.year ?? Number(today.slice(0, 4));
    filters.year = year;
    filters.cutoff = o.cutoff ?? (year < Number(today.slice(0, 4)) ? `${year}-12-31` : today);
  }
  return {
    ledger: which,
    filters,
    ...(o.unit ? { unit: o.unit as 'yuan' | 'wan' } : {}),
    byTownship: o.byTownship,
    allColumns: o.allColumns,
    revealIds: o.revealIds,
  };
}
