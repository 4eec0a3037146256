// The project look-up behind every project picker (资金, 资产, 督导检查): what the clerk typed matched against
// name, number, place or pinyin initials, 30 at most — by name when something is typed, the most recently
// changed first when nothing is.
import type { ProjectSearchRow } from '../../../../shared/api';
import { call } from '../../api/client';

export async function searchProjectRows(keyword: string): Promise<ProjectSearchRow[]> {
  const result = await call('projects.search', {
    ...(keyword ? { keyword } : {}),
    limit: 30,
    sortBy: keyword ? 'name' : 'updatedAt',
    sortDir: keyword ? 'asc' : 'desc',
  });
  return result.rows;
}
