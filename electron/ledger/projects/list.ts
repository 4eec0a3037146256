// `list projects` (the CLI contract in DESIGN.md, and the projects.list channel): live projects, newest first.
import type { ChannelParsedInput, Page, ProjectListRow } from '../../../shared/api';
import { dataPort } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { townshipIdByName } from '../funds/payments-list';
import { toProjectListRow } from './search';
import { listProjectRecords } from './store-search';

const DEFAULT_LIMIT = 1000;

export async function listProjects(ctx: ServiceContext, input: ChannelParsedInput<'projects.list'>): Promise<Page<ProjectListRow>> {
  const townshipId = input.township === undefined ? undefined : await townshipIdByName(ctx, input.township);
  const page = await listProjectRecords(dataPort(ctx), { townshipId, year: input.year }, input.offset ?? 0, input.limit ?? DEFAULT_LIMIT);
  return { total: page.total, rows: page.rows.map(toProjectListRow) };
}
