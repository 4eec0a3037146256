// A county with places entered through the services, and one-call imports for the import tests.
import { dispatch } from '../../electron/platform/handlers';
import type { ImportFileInput, ImportResult } from '../../shared/api-import';
import { importFile } from '../../electron/ledger/imports/service';
import type { ServiceContext } from '../../electron/platform/context';
import { ledgerSql } from './ledger-sql';

export interface Places {
  county: number;
  t: Record<string, number>;
  v: Record<string, number>;
}

async function ok<T>(ledger: ServiceContext, channel: string, input: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

/**
 * 青山县 with 桦树镇 (前进村 桦树沟村 南山村 大榆树村 向阳村), 柳林乡 (柳林村 东山村) and 石佛镇 (石佛村 前进村 —
 * a second 前进村, so a village name alone is ambiguous in the county).
 */
export async function seedPlaces(ledger: ServiceContext): Promise<Places> {
  const county = await ok<{ id: number }>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const out: Places = { county: county.id, t: {}, v: {} };
  const towns: Array<[string, string, string[]]> = [
    ['桦树镇', '632123100000', ['前进村', '桦树沟村', '南山村', '大榆树村', '向阳村']],
    ['柳林乡', '632123200000', ['柳林村', '东山村']],
    ['石佛镇', '632123101000', ['石佛村', '前进村']],
  ];
  for (const [name, code, villages] of towns) {
    const t = await ok<{ id: number }>(ledger, 'divisions.create', { level: 'township', parentId: county.id, code, name });
    out.t[name] = t.id;
    for (const [i, v] of villages.entries()) {
      const row = await ok<{ id: number }>(ledger, 'divisions.create', { level: 'village', parentId: t.id, code: `${code.slice(0, 9)}${200 + i}`, name: v });
      out.v[`${name}/${v}`] = row.id;
    }
  }
  return out;
}

export async function importPath(ledger: ServiceContext, file: string, options: Omit<ImportFileInput, 'path'> = {}): Promise<ImportResult> {
  return importFile(ledger, { path: file, ...options });
}

/** Rows of `table` (where `where` holds), on either engine. */
export async function count(ledger: ServiceContext, table: string, where = '1=1'): Promise<number> {
  return (await ledgerSql(ledger).value<number>(`select count(*) from ${table} where ${where}`)) ?? 0;
}
