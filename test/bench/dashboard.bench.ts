// 首页 summary and the CLI's project list, through the service layer (dispatch: zod parse + handler) and as
// the plain prepared SQL they boil down to.
import { dispatch } from '../../electron/platform/handlers';
import type { BenchSuite } from './run';
import { time } from './stats';

export const dashboardSuite: BenchSuite = {
  name: 'dashboard',
  async run({ ledger }) {
    const service = await time(30, () => dispatch(ledger, 'dashboard.summary', undefined));
    const year = ledger.now().getFullYear();
    const plain = ledger.sqlite.prepare(
      `select (select count(*) from projects where deleted_at is null),
              (select sum(fund_central_fen + fund_provincial_fen + fund_municipal_fen + fund_county_fen + fund_other_fen) from projects where deleted_at is null and year = ?),
              (select count(*) from payments where deleted_at is null),
              (select sum(amount_fen) from payments where deleted_at is null and date >= ? and date < ?)`,
    );
    const sql = await time(30, () => plain.get(year, `${year}`, `${year + 1}`));
    const township = ledger.sqlite.prepare("select name from divisions where level = 'township' order by code limit 1").pluck().get() as string;
    const listService = await time(50, () => dispatch(ledger, 'projects.list', { township, limit: 100 }));
    return {
      data: { summaryService: service, summaryPlainSql: sql, projectListPage: listService },
      rows: [
        { name: '首页 summary p50/p95 (service)', value: `${service.p50Ms} / ${service.p95Ms} ms`, note: `plain SQL core ${sql.p50Ms} ms` },
        { name: 'list projects page of 100, one township', value: `${listService.p50Ms} / ${listService.p95Ms} ms` },
      ],
    };
  },
};
