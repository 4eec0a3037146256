// A small county entered through the channels as a clerk would: 青山县 with two townships and three
// villages, two departments, and the seeded type dictionary. Used by the projects/funds/progress/assets tests.
import { dispatchFromForm } from './form-version';
import type { ServiceContext } from '../../electron/platform/context';
import type { ApiResponse, DivisionRow, ProjectTypeNode, UnitRow } from '../../shared/api';
import { SAMPLE_COUNTY } from './ledger';
import { ledgerSql } from './ledger-sql';
import { sha256Of } from '../../electron/platform/file-hash';
import { ledgerTables } from '../../electron/platform/ledger-copy';

export const CHINESE = /[\u4e00-\u9fff]/;

export type ApiErrorShape = Extract<ApiResponse, { ok: false }>['error'];

/** A context's channels, answered or refused (in Chinese); any context: a ledger, or a door's session on it. */
export function channels(ledger: ServiceContext) {
  async function ok<T>(channel: string, input?: unknown): Promise<T> {
    const res = await dispatchFromForm(ledger, channel, input);
    if (!res.ok) throw new Error(`${channel}: ${res.error.message} (${res.error.field ?? '-'})`);
    return res.value as T;
  }
  async function refused(channel: string, input?: unknown): Promise<ApiErrorShape> {
    const res = await dispatchFromForm(ledger, channel, input);
    if (res.ok) throw new Error(`${channel} should have been refused`);
    // A plain check rather than vitest's expect: the Playwright tests build their ledgers with these too.
    if (!CHINESE.test(res.error.message)) throw new Error(`${channel} was refused without a Chinese message: ${res.error.message}`);
    return res.error;
  }
  /** Every table these ledgers write, to prove a refusal wrote nothing (on either engine). */
  const snapshot = () => tablesSnapshot(ledger, ['projects', 'allocations', 'allocation_splits', 'payments', 'assets', 'asset_incomes', 'settings', 'audit_log']);
  return { ok, refused, snapshot };
}

/** The rows of `tables` in key order, as one string to compare before and after a call; through the ledger's port. */
export async function tablesSnapshot(ledger: ServiceContext, tables: readonly string[]): Promise<string> {
  const sql = ledgerSql(ledger);
  const rows = [];
  for (const table of tables) rows.push(await sql.all(`select * from ${table} order by ${KEY_OF[table] ?? 'id'}`));
  return JSON.stringify(rows, bytesAsHash);
}

/** Every table of the ledger (as the office copy knows them, electron/platform/ledger-copy.ts), as tablesSnapshot. */
export async function ledgerSnapshot(ledger: ServiceContext): Promise<string> {
  const sql = ledgerSql(ledger);
  const rows = [];
  for (const table of ledgerTables()) rows.push(await sql.all(`select * from ${table.name} order by ${table.key.join(', ')}`));
  return JSON.stringify(rows, bytesAsHash);
}

/** A stored file's bytes by their hash: as telling, and a PDF does not become a megabyte of JSON numbers. */
function bytesAsHash(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? `bytes:${sha256Of(raw)}` : value;
}

/** The tables whose key is not `id`. */
const KEY_OF: Readonly<Record<string, string>> = { settings: 'key', file_contents: 'sha256' };

export interface County {
  county: DivisionRow;
  huashu: DivisionRow;
  nanshan: DivisionRow;
  qianjin: DivisionRow;
  xinsang: DivisionRow;
  xiaohe: DivisionRow;
  agri: UnitRow;
  water: UnitRow;
  types: ProjectTypeNode[];
  /** id of a top-level type by name, or of a child when given "大类/子类". */
  type(path: string): number;
}

export async function setupCounty(ledger: ServiceContext): Promise<County> {
  const { ok } = channels(ledger);
  const county = await ok<DivisionRow>('county.setup', SAMPLE_COUNTY);
  const huashu = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const nanshan = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: county.id, code: '632123200000', name: '南山乡' });
  const qianjin = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100200', name: '前进村' });
  const xinsang = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '新桑村' });
  const xiaohe = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: nanshan.id, code: '632123200200', name: '小河村' });
  const agri = await ok<UnitRow>('units.create', { name: '县农业农村局', kind: 'department' });
  const water = await ok<UnitRow>('units.create', { name: '县水利局', kind: 'department' });
  const types = await ok<ProjectTypeNode[]>('projectTypes.list');
  const type = (path: string): number => {
    const [top, child] = path.split('/');
    const t = types.find((x) => x.name === top);
    if (!t) throw new Error(`no type ${top}`);
    if (!child) return t.id;
    const c = t.children.find((x) => x.name === child);
    if (!c) throw new Error(`no type ${path}`);
    return c.id;
  };
  return { county, huashu, nanshan, qianjin, xinsang, xiaohe, agri, water, types, type };
}

/** Every field 入库 requires, filled. */
export function bankable(c: County, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    year: 2024,
    name: '前进村道路硬化项目',
    categoryId: c.type('乡村建设行动'),
    subcategoryId: c.type('乡村建设行动/农村基础设施'),
    constructionNature: '新建',
    townshipId: c.huashu.id,
    villageId: c.qianjin.id,
    content: '硬化村组道路 3.2 公里，宽 4.5 米',
    plannedStart: '2024-03-01',
    plannedEnd: '2024-10-31',
    departmentId: c.agri.id,
    fundCentralFen: 80_000_000,
    fundProvincialFen: 20_000_000,
    beneficiaryHouseholds: 320,
    beneficiaryPeople: 1100,
    povertyHouseholds: 120,
    povertyPeople: 380,
    performanceTarget: '改善 320 户群众出行条件',
    farmerLinkage: ['劳务联结'],
    // 公示 before 入库: ten days, no objection.
    publicityStart: '2024-01-10',
    publicityEnd: '2024-01-19',
    publicityResult: 'noObjection',
    status: 'banked',
    ...overrides,
  };
}
