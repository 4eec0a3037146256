// Issue 3's figures: a filtered 项目库 page and 支出进度 by township, each through the service layer
// (dispatch: zod parse + handler + row mapping) and as the plain prepared SQL it boils down to.
import { dispatch } from '../../electron/platform/handlers';
import { buildProjectSearchSql, projectRowsSql } from '../../electron/ledger/projects/store-search';
import { PROGRESS_SQL } from '../../electron/ledger/funds/store';
import { api } from '../../shared/api';
import { localToday } from '../../shared/dates';
import type { BenchSuite } from './run';
import { time, type Timing } from './stats';

function ratio(service: Timing, plain: Timing): number {
  return Math.round((service.p50Ms / plain.p50Ms) * 100) / 100;
}

export const ledgersSuite: BenchSuite = {
  name: 'ledgers',
  async run({ ledger }) {
    const sqlite = ledger.sqlite;
    const year = ledger.now().getFullYear() - 1;
    const township = sqlite.prepare("select id from divisions where level = 'township' order by code limit 1").pluck().get() as number;
    const category = sqlite.prepare("select id from project_types where parent_id is null and name = '乡村建设行动'").pluck().get() as number;
    // Three filters and a keyword (pinyin initials of 道路).
    const input = { year, townshipId: township, categoryId: category, keyword: 'dl', limit: 100 };
    const servicePage = await time(200, async () => {
      const res = await dispatch(ledger, 'projects.search', input);
      if (!res.ok) throw new Error(res.error.message);
    });
    // A new filtered set each call (a different keyword): the totals are computed every time.
    const coldKeywords = ['dl', 'gs', 'cy', 'sl', 'jc', 'zz', 'yj', 'xm'];
    let cold = 0;
    const serviceCold = await time(40, async () => {
      const keyword = `${coldKeywords[cold % coldKeywords.length]}${cold % 3 === 0 ? '' : ' '.repeat(cold % 3)}`;
      cold += 1;
      ledger.sqlite.prepare("update settings set updated_at = updated_at where key = 'officeName'").run();
      const res = await dispatch(ledger, 'projects.search', { ...input, keyword });
      if (!res.ok) throw new Error(res.error.message);
    });
    const parsed = api['projects.search'].input.parse(input);
    const sql = buildProjectSearchSql(parsed);
    const pageStmt = sqlite.prepare(sql.pageSql).pluck();
    const rowsSql = new Map<number, ReturnType<typeof sqlite.prepare<unknown[]>>>();
    const totalsStmt = sqlite.prepare(sql.totalsSql);
    const plainPage = await time(200, () => {
      const ids = pageStmt.all(...sql.params, sql.limit, sql.offset) as number[];
      let rowsStmt = rowsSql.get(ids.length);
      if (!rowsStmt) {
        rowsStmt = sqlite.prepare<unknown[]>(projectRowsSql(ids.length));
        rowsSql.set(ids.length, rowsStmt);
      }
      if (ids.length > 0) rowsStmt.all(...ids);
      totalsStmt.get(...sql.params);
    });

    const cutoff = localToday(ledger.now()).replace(/^\d{4}/, String(year));
    const serviceProgress = await time(20, async () => {
      const res = await dispatch(ledger, 'progress.summary', { year, cutoff });
      if (!res.ok) throw new Error(res.error.message);
    });
    // Each statement with as many of (year, cutoff) as it has placeholders.
    const statements = Object.values(PROGRESS_SQL).map((s: string) => ({ stmt: sqlite.prepare(s).raw(), params: [year, cutoff].slice(0, s.split('?').length - 1) }));
    const plainProgress = await time(20, () => {
      for (const { stmt, params } of statements) stmt.all(...params);
    });
    const pageRatio = ratio(servicePage, plainPage);
    const coldRatio = ratio(serviceCold, plainPage);
    const progressRatio = ratio(serviceProgress, plainProgress);
    return {
      data: { input, servicePage, serviceCold, coldRatio, plainPage, pageRatio, progressCutoff: cutoff, serviceProgress, plainProgress, progressRatio },
      rows: [
        {
          name: '项目库 filtered page p50/p95 (service)',
          value: `${servicePage.p50Ms} / ${servicePage.p95Ms} ms`,
          // The service keeps the totals of a filtered set until the file changes; the plain SQL recomputes them.
          note: `plain SQL incl. totals ${plainPage.p50Ms} / ${plainPage.p95Ms} ms, ratio ${pageRatio}; first call of a new filter (totals computed) ${serviceCold.p50Ms} / ${serviceCold.p95Ms} ms, ratio ${coldRatio}`,
        },
        { name: '支出进度 by township p50/p95 (service)', value: `${serviceProgress.p50Ms} / ${serviceProgress.p95Ms} ms`, note: `plain SQL ${plainProgress.p50Ms} / ${plainProgress.p95Ms} ms, ratio ${progressRatio}` },
      ],
    };
  },
};
