// Names in exported files: the county for titles, file names Windows accepts.
import type { ServiceContext } from '../context';
import { getCounty } from '../divisions';
import { getSettings } from '../settings';

/** The county's name for titles: 设置 → 县名, else the county in 区划. */
export function countyName(ctx: ServiceContext): string {
  return getSettings(ctx).countyName || getCounty(ctx)?.name || '';
}

/** A file name Windows accepts: no \ / : * ? " < > | and no spaces. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '－').replace(/\s+/g, '');
}
