// 督导简报: the contract of the bulletins area (series settings, compose, edit, preview, PDF, print, 签发).
// shared/api.ts lists these channels with the rest of the API.
import { z } from 'zod';
import { rowVersion } from './row-version';
import type { BulletinRecipients } from './bulletin/document';
import { channel } from './channel';
import { isValidIsoDay } from './dates';

export type { BulletinDocument, BulletinRecipients, BulletinSection, BulletinTable, SectionLevel } from './bulletin/document';

const id = z.number({ error: '缺少记录编号' }).int().positive();
const year = z.number({ error: '请填写年度' }).int().min(2000, { error: '年度应在 2000 年以后' }).max(2100, { error: '年度不能晚于 2100 年' });
const isoDay = (label: string) =>
  z.string({ error: `${label}应为日期` }).refine(isValidIsoDay, { error: `${label}不是有效日期，请按 2024-03-05 的格式填写存在的日期` });
const name = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const optionalName = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .nullish()
    .transform((v) => (v ? v : null));

const recipientList = (label: string) =>
  z
    .array(z.string({ error: `${label}应为文字` }).trim().max(60, { error: `${label}的每个单位不能超过 60 个字` }), { error: `${label}应为单位列表` })
    .max(40, { error: `${label}最多 40 个单位` })
    .transform((v) => v.filter((s) => s !== ''));

export const bulletinRecipientsSchema = z.object({
  report: recipientList('报送单位（报）'),
  send: recipientList('抄送单位（送）'),
  distribute: recipientList('发送单位（发）'),
});

const copies = z
  .number({ error: '印数应为数字' })
  .int({ error: '印数应为整数' })
  .min(1, { error: '印数至少 1 份' })
  .max(100_000, { error: '印数不能超过 100000 份' })
  .nullable();

export const bulletinSectionSchema = z.object({
  level: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '段落层级应为正文或一至四级标题' }),
  text: z.string({ error: '段落应为文字' }).max(5000, { error: '一个段落不能超过 5000 个字，请分段' }),
});

/** The editable part of a bulletin, stored as JSON in bulletins.content. */
export const bulletinContentSchema = z.object({
  sections: z.array(bulletinSectionSchema).max(50_000, { error: '段落太多（最多 50000 段），请删减或分期编发' }),
  /** Which attachment tables are printed (filled from live data until 签发). */
  tables: z.object({ ranking: z.boolean(), rectification: z.boolean() }),
  /** 支出进度 cut-off of the ranking table and of 基本情况's figures. */
  cutoff: isoDay('支出进度截止日期'),
  recipients: bulletinRecipientsSchema,
  copies,
  classification: optionalName('密级', 30),
});
export type BulletinContent = z.output<typeof bulletinContentSchema>;

export const bulletinSeriesSaveInput = z.object({
  id: id.optional(),
  name: name('简报名称', 30),
  issuer: name('编发单位', 60),
  recipients: bulletinRecipientsSchema,
  copies,
  classification: optionalName('密级', 30),
});

const bulletinSource = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('inspection'), inspectionId: id }),
    z
      .object({ kind: z.literal('period'), start: isoDay('起始日期'), end: isoDay('截止日期') })
      .refine((p) => p.start <= p.end, { error: '起始日期不能晚于截止日期', path: ['end'] }),
  ],
  { error: '请选择按一次检查或按一个期间起草' },
);

export const bulletinComposeInput = z.object({
  seriesId: id.optional(),
  source: bulletinSource,
  isSupplement: z.boolean().optional().default(false),
  /** 印发日期; default today. */
  issueDate: isoDay('印发日期').optional(),
  title: optionalName('标题', 120),
});

export const bulletinUpdateInput = z.object({
  id,
  version: rowVersion,
  title: name('标题', 120).optional(),
  year: year.optional(),
  number: z.number({ error: '期号应为数字' }).int({ error: '期号应为整数' }).min(1, { error: '期号从 1 开始' }).max(9999).optional(),
  isSupplement: z.boolean().optional(),
  issueDate: isoDay('印发日期').optional(),
  seriesId: id.optional(),
  content: bulletinContentSchema.optional(),
});

/** 签发 names the draft's version the reviewer read: a draft another clerk changed meanwhile is not issued. */
export const bulletinIssueInput = z.object({ id, version: rowVersion });

/** Unsaved edits shown in the preview without saving them (so no version needed). */
export const bulletinPreviewInput = bulletinUpdateInput.partial({ version: true });

export const bulletinListInput = z
  .object({
    year: year.optional(),
    keyword: z.string().trim().max(60).optional(),
    status: z.enum(['draft', 'issued'], { error: '状态应为草稿或已签发' }).optional(),
  })
  .optional()
  .default({});

export type BulletinStatus = 'draft' | 'issued';

export interface BulletinSeriesRow {
  id: number;
  name: string;
  issuer: string;
  recipients: BulletinRecipients;
  copies: number | null;
  classification: string | null;
}

export interface BulletinRow {
  id: number;
  seriesId: number;
  seriesName: string;
  year: number;
  number: number;
  isSupplement: boolean;
  /** 第3期 / 增刊第1期 */
  label: string;
  title: string;
  issueDate: string | null;
  status: BulletinStatus;
  inspectionId: number | null;
  inspectionName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  issuedBy: string | null;
  issuedAt: string | null;
  /** The archived PDF, relative to the data folder (issued only). */
  pdfPath: string | null;
  updatedAt: string;
}

export interface BulletinDetail extends BulletinRow {
  /** The row's version: the editor sends it back with its save. */
  version: number;
  content: BulletinContent;
  /** How the sections look numbered, for the editor: '一、', '（二）', '3.', '' for paragraphs. */
  numbers: string[];
}

export interface BulletinPreview {
  html: string;
  pageCount: number;
}

export interface BulletinPdf {
  fileName: string;
  base64: string;
  pageCount: number;
  /** True when the bytes are the archived PDF of an issued bulletin. */
  archived: boolean;
}

export const bulletinChannels = {
  'bulletins.series.list': channel(z.object({}).strict().optional()).returns<BulletinSeriesRow[]>().reads('read'),
  'bulletins.series.save': channel(bulletinSeriesSaveInput).returns<BulletinSeriesRow>().writes('admin'),
  'bulletins.list': channel(bulletinListInput).returns<{ rows: BulletinRow[]; years: number[] }>().reads('read'),
  'bulletins.get': channel(z.object({ id })).returns<BulletinDetail>().reads('read'),
  'bulletins.compose': channel(bulletinComposeInput).returns<BulletinDetail>().writes('clerk'),
  'bulletins.update': channel(bulletinUpdateInput).returns<BulletinDetail>().writes('clerk'),
  'bulletins.delete': channel(z.object({ id })).returns<{ id: number }>().writes('clerk'),
  'bulletins.nextNumber': channel(z.object({ seriesId: id, year, isSupplement: z.boolean() })).returns<{ number: number }>().reads('read'),
  'bulletins.preview': channel(bulletinPreviewInput).returns<BulletinPreview>().reads('read'),
  'bulletins.pdf': channel(z.object({ id })).returns<BulletinPdf>().reads('read'),
  'bulletins.print': channel(z.object({ id })).returns<{ printed: boolean }>().reads('read'),
  /** 签发: an 审核员 action. */
  'bulletins.issue': channel(bulletinIssueInput).returns<BulletinDetail>().writes('reviewer'),
};

