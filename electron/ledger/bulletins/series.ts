// 简报 series settings: name (脱贫攻坚督导简报), 编发单位, default recipients 报/送/发, 共印 N 份, 密级.
// A ledger without a series gets one from the office's name the first time bulletins are used.
import type { BulletinRecipients } from '../../../shared/bulletin/document';
import type { BulletinSeriesRow, ChannelParsedInput } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { countyRecord } from '../divisions/store';
import { readSettingOn } from '../settings/store';
import * as store from './store';
import type { SeriesRecord } from './store';

export const DEFAULT_RECIPIENTS: BulletinRecipients = {
  report: ['县委、县人民政府主要领导，分管领导'],
  send: ['县委农办，县乡村振兴领导小组各成员单位'],
  distribute: ['各乡镇党委、人民政府'],
};

export function parseRecipients(raw: string | null): BulletinRecipients {
  const empty: BulletinRecipients = { report: [], send: [], distribute: [] };
  if (!raw) return empty;
  try {
    const v = JSON.parse(raw) as Partial<Record<keyof BulletinRecipients, unknown>>;
    const list = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    return { report: list(v.report), send: list(v.send), distribute: list(v.distribute) };
  } catch {
    return empty;
  }
}

function toRow(r: SeriesRecord): BulletinSeriesRow {
  return { id: r.id, name: r.name, issuer: r.issuer, recipients: parseRecipients(r.recipients), copies: r.copies, classification: r.classification };
}

export async function seriesRecord(db: DataReader, id: number, field = 'seriesId'): Promise<BulletinSeriesRow> {
  const row = await store.seriesById(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的简报系列，请刷新后重试`, field);
  return toRow(row);
}

/** 编发单位 by default: 设置 → 单位名称, else the county's name + 乡村振兴局. */
async function defaultIssuer(ctx: ServiceContext): Promise<string> {
  const db = dataPort(ctx);
  const office = (await readSettingOn<string>(db, 'officeName'))?.trim();
  if (office) return office;
  const county = (await countyRecord(db))?.name ?? (await readSettingOn<string>(db, 'countyName'));
  return county ? `${county}乡村振兴局` : '县乡村振兴局';
}

export async function listSeries(ctx: ServiceContext): Promise<BulletinSeriesRow[]> {
  const rows = await store.allSeries(dataPort(ctx));
  if (rows.length > 0) return rows.map(toRow);
  const values = { name: '脱贫攻坚督导简报', issuer: await defaultIssuer(ctx), recipients: JSON.stringify(DEFAULT_RECIPIENTS), copies: 30, classification: null };
  const created = await writeAudited(ctx, async (tx, audit) => {
    const id = await store.insertSeries(tx, values, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'bulletinSeries', entityId: id, after: values });
    return id;
  });
  return [await seriesRecord(dataPort(ctx), created)];
}

export async function saveSeries(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.series.save'>): Promise<BulletinSeriesRow> {
  const values = {
    name: input.name,
    issuer: input.issuer,
    recipients: JSON.stringify(input.recipients),
    copies: input.copies,
    classification: input.classification,
  };
  const id = await writeAudited(ctx, async (tx, audit) => {
    const at = ctx.now().toISOString();
    if (input.id === undefined) {
      const id = await store.insertSeries(tx, values, at);
      await audit.record({ action: 'create', entity: 'bulletinSeries', entityId: id, after: values });
      return id;
    }
    const before = await seriesRecord(tx, input.id, 'id');
    await store.updateSeries(tx, input.id, values, at);
    await audit.record({ action: 'update', entity: 'bulletinSeries', entityId: input.id, before, after: values });
    return input.id;
  });
  return seriesRecord(dataPort(ctx), id);
}
