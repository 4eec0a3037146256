// 简报 series settings: name (脱贫攻坚督导简报), 编发单位, default recipients 报/送/发, 共印 N 份, 密级.
// A ledger without a series gets one from the office's name the first time bulletins are used.
import type { BulletinRecipients } from '../../../shared/bulletin/document';
import type { BulletinSeriesRow, ChannelParsedInput } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { writeWithAudit } from '../audit';
import { type ServiceContext } from '../context';
import { readSetting } from '../../ledger/settings/store';

interface SeriesRecord {
  id: number;
  name: string;
  issuer: string;
  recipients: string | null;
  copies: number | null;
  classification: string | null;
}

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

export function seriesRecord(ctx: ServiceContext, id: number, field = 'seriesId'): BulletinSeriesRow {
  const row = ctx.sqlite.prepare('select id, name, issuer, recipients, copies, classification from bulletin_series where id = ?').get(id) as SeriesRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的简报系列，请刷新后重试`, field);
  return toRow(row);
}

/** 编发单位 by default: 设置 → 单位名称, else the county's name + 乡村振兴局. */
function defaultIssuer(ctx: ServiceContext): string {
  const office = readSetting<string>(ctx, 'officeName')?.trim();
  if (office) return office;
  const county = (ctx.sqlite.prepare("select name from divisions where level = 'county' limit 1").pluck().get() as string | undefined) ?? readSetting<string>(ctx, 'countyName');
  return county ? `${county}乡村振兴局` : '县乡村振兴局';
}

export function listSeries(ctx: ServiceContext): BulletinSeriesRow[] {
  const rows = ctx.sqlite.prepare('select id, name, issuer, recipients, copies, classification from bulletin_series order by id').all() as SeriesRecord[];
  if (rows.length > 0) return rows.map(toRow);
  const created = writeWithAudit(ctx, (audit) => {
    const values = { name: '脱贫攻坚督导简报', issuer: defaultIssuer(ctx), recipients: JSON.stringify(DEFAULT_RECIPIENTS), copies: 30, classification: null };
    const id = Number(
      ctx.sqlite.prepare('insert into bulletin_series (name, issuer, recipients, copies, classification) values (@name, @issuer, @recipients, @copies, @classification)').run(values)
        .lastInsertRowid,
    );
    audit.record({ action: 'create', entity: 'bulletinSeries', entityId: id, after: values });
    return id;
  });
  return [seriesRecord(ctx, created)];
}

export function saveSeries(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.series.save'>): BulletinSeriesRow {
  const values = {
    name: input.name,
    issuer: input.issuer,
    recipients: JSON.stringify(input.recipients),
    copies: input.copies,
    classification: input.classification,
  };
  const id = writeWithAudit(ctx, (audit) => {
    if (input.id === undefined) {
      const id = Number(
        ctx.sqlite.prepare('insert into bulletin_series (name, issuer, recipients, copies, classification) values (@name, @issuer, @recipients, @copies, @classification)').run(values)
          .lastInsertRowid,
      );
      audit.record({ action: 'create', entity: 'bulletinSeries', entityId: id, after: values });
      return id;
    }
    const before = seriesRecord(ctx, input.id, 'id');
    ctx.sqlite
      .prepare(
        `update bulletin_series set name = @name, issuer = @issuer, recipients = @recipients, copies = @copies, classification = @classification,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') where id = @id`,
      )
      .run({ ...values, id: input.id });
    audit.record({ action: 'update', entity: 'bulletinSeries', entityId: input.id, before, after: values });
    return input.id;
  });
  return seriesRecord(ctx, id);
}
