// 项目库 search: the filtered page and the totals of the whole filtered set, and the pinyin initials a keyword
// search reads (derived data, kept up to date lazily: no audit row).
import type { ChannelParsedInput, ProjectSearchResult, ProjectSearchRow } from '../../../shared/api';
import { ProjectStatus } from '../../../shared/enums';
import { initialsForms, initialsOf, INITIALS_RULE_VERSION } from '../../../shared/pinyin';
import { incompleteFields } from '../../../shared/projects';
import { dataPort, type DataPort } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { readSettingOn, writeSettingOn } from '../settings/store';
import { clearSearchInitials, initialsMissing, initialsSources, parseLinkage, setSearchInitials } from './store';
import { buildProjectSearchSql, projectPageRecords, searchPageIds, searchTotals, type ProjectListRecord, type ProjectPageRecord, type SearchTotals } from './store-search';
import type { ProjectListRow } from '../../../shared/api';

/** One project row in the shape of the CLI contract (DESIGN.md); the 项目库 search adds its own columns. */
export function toProjectListRow(r: ProjectListRecord): ProjectListRow {
  const funds = { central: Number(r.central), provincial: Number(r.provincial), municipal: Number(r.municipal), county: Number(r.county), other: Number(r.other) };
  return {
    id: r.id,
    year: r.year,
    code: r.code,
    name: r.name,
    township: r.township,
    village: r.village,
    category: r.category,
    subcategory: r.subcategory,
    status: ProjectStatus.label[r.status],
    statusCode: r.status,
    totalFen: funds.central + funds.provincial + funds.municipal + funds.county + funds.other,
    fundsFen: funds,
    households: r.households,
    povertyHouseholds: r.povertyHouseholds,
    plannedStart: r.plannedStart,
    plannedEnd: r.plannedEnd,
    department: r.department,
  };
}

/** 资料不全 of a 项目库 row, by the shared rule (the row carries every fact under its field name). */
function incompleteOfRow(r: ProjectPageRecord): string[] {
  return incompleteFields(r.status, { ...r, farmerLinkage: parseLinkage(r.farmerLinkage) });
}

/**
 * The totals of a filtered set cost a pass over its payments (≈140 ms on a million payments), while a page
 * costs ≈1 ms, and a scrolling table asks for many pages of the same set. Keep the last few totals while the
 * port's change stamp is unchanged (on an engine without one, nothing is kept).
 */
const totalsCache = new WeakMap<DataPort, { stamp: string; entries: Map<string, SearchTotals> }>();
const TOTALS_CACHE_SIZE = 16;

function cachedTotals(db: DataPort, key: string): { hit: SearchTotals | undefined; keep: (t: SearchTotals) => void } {
  const stamp = db.changeStamp();
  if (stamp === null) return { hit: undefined, keep: () => undefined };
  let cache = totalsCache.get(db);
  if (!cache || cache.stamp !== stamp) {
    cache = { stamp, entries: new Map() };
    totalsCache.set(db, cache);
  }
  const entries = cache.entries;
  return {
    hit: entries.get(key),
    keep: (t) => {
      if (entries.size >= TOTALS_CACHE_SIZE) entries.delete(entries.keys().next().value as string);
      entries.set(key, t);
    },
  };
}

export async function searchProjects(ctx: ServiceContext, input: ChannelParsedInput<'projects.search'>): Promise<ProjectSearchResult> {
  if (input.keyword && /[a-z0-9]/i.test(input.keyword)) await ensureSearchInitials(ctx);
  const db = dataPort(ctx);
  const q = buildProjectSearchSql(input);
  const cached = cachedTotals(db, `${q.totalsSql}\u0000${JSON.stringify(q.params)}`);
  // The totals and the page asked together: on the office server they run on two connections at once.
  const page = async () => {
    const pageIds = await searchPageIds(db, q);
    return { ids: pageIds, records: await projectPageRecords(db, pageIds) };
  };
  const [t, { ids, records }] = await Promise.all([cached.hit ?? searchTotals(db, q), page()]);
  if (!cached.hit) cached.keep(t);
  const byId = new Map(records.map((r) => [r.id, r]));
  const rows: ProjectSearchRow[] = [];
  for (const pid of ids) {
    const r = byId.get(pid);
    if (!r) continue;
    rows.push({
      ...toProjectListRow(r),
      townshipId: r.townshipId,
      villageId: r.villageId,
      paidFen: r.paid,
      allocatedFen: r.allocated,
      overAllocation: r.paid > r.allocated,
      incompleteFields: incompleteOfRow(r),
    });
  }
  return {
    rows,
    totals: {
      count: t.count,
      fundsFen: { central: t.central, provincial: t.provincial, municipal: t.municipal, county: t.county, other: t.other },
      totalFen: t.central + t.provincial + t.municipal + t.county + t.other,
      paidFen: t.paid,
    },
    offset: q.offset,
    limit: q.limit,
  };
}

// ---- Pinyin initials --------------------------------------------------------------------------------

/**
 * The search_initials value: initials of the name (both forms of shared/pinyin.ts: with and without its
 * numbers), township and village, space-separated so no match spans two.
 */
export function searchInitialsFor(name: string, township: string | null, village: string | null): string {
  const places = [township, village].filter((p): p is string => typeof p === 'string' && p.length > 0).map(initialsOf);
  return [...(name ? initialsForms(name) : []), ...places].join(' ');
}

/**
 * Recompute search_initials for the given projects, or for every project whose value is missing (rows
 * written by the import, files from before the column existed). Returns how many rows were written.
 */
export async function refreshProjectSearchInitials(ctx: Pick<ServiceContext, 'sqlite'>, ids?: readonly number[]): Promise<number> {
  return dataPort(ctx).transaction(async (tx) => {
    const rows = await initialsSources(tx, ids);
    for (const r of rows) await setSearchInitials(tx, r.id, searchInitialsFor(r.name, r.township, r.village));
    return rows.length;
  });
}

/** The settings key holding the shared/pinyin.ts rule the stored search_initials were computed under. */
const INITIALS_RULE_KEY = 'searchInitialsRule';
const ruleChecked = new WeakSet<object>();

/**
 * Once per port (a connection, or the office server's pool): initials stored under an older rule (a ledger
 * from an earlier version) are cleared, so the lazy fill below recomputes them.
 */
async function expireStaleSearchInitials(ctx: Pick<ServiceContext, 'sqlite' | 'now'>): Promise<void> {
  const port = dataPort(ctx);
  if (ruleChecked.has(port)) return;
  if ((await readSettingOn<unknown>(port, INITIALS_RULE_KEY)) !== INITIALS_RULE_VERSION) {
    await port.transaction(async (tx) => {
      await clearSearchInitials(tx);
      await writeSettingOn(tx, INITIALS_RULE_KEY, INITIALS_RULE_VERSION, ctx.now().toISOString());
    });
  }
  ruleChecked.add(port);
}

export async function ensureSearchInitials(ctx: Pick<ServiceContext, 'sqlite' | 'now'>): Promise<void> {
  await expireStaleSearchInitials(ctx);
  if (await initialsMissing(dataPort(ctx))) await refreshProjectSearchInitials(ctx);
}
