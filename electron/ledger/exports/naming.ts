// Names in exported files: the county for titles, file names Windows accepts.
import { divisionNameCore } from '../../../shared/divisions';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import { townshipNames } from '../divisions/store';
import { getCounty } from '../divisions/service';
import { getSettings } from '../settings/service';

/** The county's name for titles: 设置 → 县名, else the county in 区划. */
export async function countyName(ctx: ServiceContext): Promise<string> {
  return (await getSettings(ctx)).countyName || (await getCounty(ctx))?.name || '';
}

/** A file name Windows accepts: no \ / : * ? " < > | and no spaces. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '－').replace(/\s+/g, '');
}

/** A township by its name, or without its 镇/乡 (桦树 → 桦树镇) when that names one township only. */
export async function townshipByLooseName(ctx: ServiceContext, name: string): Promise<{ id: number; name: string } | undefined> {
  const all = await townshipNames(dataPort(ctx));
  const exact = all.find((t) => t.name === name);
  if (exact) return exact;
  const loose = all.filter((t) => divisionNameCore(t.name) === divisionNameCore(name));
  return loose.length === 1 ? loose[0] : undefined;
}
