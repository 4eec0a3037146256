// Small rules the import shares with the services' forms, restated here so the import module does not
// depend on services other sessions are changing (the projects and funds services keep the same rules).
import { compareIsoDates } from '../../../shared/dates';

/** End before start, comparing by month when either side gives only a month (projects service's rule). */
export function endBeforeStartDates(start: string | null, end: string | null): boolean {
  if (start === null || end === null) return false;
  if (start.length === 7 || end.length === 7) return end.slice(0, 7) < start.slice(0, 7);
  return compareIsoDates(end, start) < 0;
}
