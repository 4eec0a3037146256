// 督导简报: compose a draft from an inspection or a period, edit it, preview and print it, and 签发 (issue).
//
// A draft keeps its text (content.sections) and which attachment tables it prints; the tables are filled
// from the live ledger every time the draft is shown, so they follow the data until the bulletin is issued.
// 签发 freezes it: the whole document (text, tables, masthead, recipients) and its HTML go into `snapshot`,
// the PDF is archived in the data folder (简报/YYYY/…第N期.pdf) with its SHA-256, and from then on every
// preview, print and PDF of it comes from the snapshot and the archive, whatever changes in the ledger.
//
// Numbering: 第N期 within (series, year), 增刊 counted separately; a new draft takes the next free number and
// the clerk may change it (a number in use is refused). A draft is deleted for good (it carries neither money
// nor findings; the audit row keeps it); an issued bulletin cannot be changed or deleted.
import { sha256Of } from '../file-hash';
import fs from 'node:fs';
import path from 'node:path';
import type { BulletinContent, BulletinDetail, BulletinPdf, BulletinPreview, BulletinRow, ChannelParsedInput } from '../../../shared/api';
import { bulletinContentSchema } from '../../../shared/api-bulletin';
import { issueLabel, numberSections, stripTypedNumber, type BulletinDocument, type BulletinTable } from '../../../shared/bulletin/document';
import { layoutBulletin } from '../../../shared/bulletin/layout';
import { localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { archiveRecordPath, chainHead, writeFileAtomic, type BulletinArchiveRecord } from '../../../db/anchor';
import { writeWithAudit } from '../audit';
import { logError } from '../log';
import type { ServiceContext } from '../context';
import { inspectionRecordNow } from '../../ledger/supervision/inspections-store';
import { draftSections, draftTitle } from './draft';
import { countyProgress, rankingTable, rectificationTable, scopedFindings, type BulletinScope } from './ledger-figures';
import { htmlPrinter, htmlToPdf } from './pdf';
import { listSeries, seriesRecord } from './series';
import { likeAnywhere } from '../sql-like';

interface BulletinRecord {
  id: number;
  series_id: number;
  series_name: string;
  issuer: string;
  year: number;
  number: number;
  is_supplement: number;
  title: string;
  issue_date: string | null;
  status: 'draft' | 'issued';
  inspection_id: number | null;
  inspection_name: string | null;
  period_start: string | null;
  period_end: string | null;
  content: string;
  snapshot: string | null;
  pdf_sha256: string | null;
  issued_by: string | null;
  issued_at: string | null;
  updated_at: string;
}

/** What 签发 freezes. */
interface BulletinSnapshot {
  document: BulletinDocument;
  html: string;
  pageCount: number;
  pdfPath: string;
}

const SELECT = `select b.id, b.series_id, s.name as series_name, s.issuer, b.year, b.number, b.is_supplement, b.title, b.issue_date,
    b.status, b.inspection_id, i.name as inspection_name, b.period_start, b.period_end, b.content, b.snapshot, b.pdf_sha256,
    b.issued_by, b.issued_at, b.updated_at
  from bulletins b join bulletin_series s on s.id = b.series_id left join inspections i on i.id = b.inspection_id`;

function record(ctx: ServiceContext, id: number): BulletinRecord {
  const row = ctx.sqlite.prepare(`${SELECT} where b.id = ? and b.deleted_at is null`).get(id) as BulletinRecord | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的简报，可能已被删除，请刷新后重试`, 'id');
  return row;
}

function parseContent(raw: string): BulletinContent {
  const parsed = bulletinContentSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new AppError('CORRUPT', '这期简报保存的内容已损坏，无法打开。请从审计日志找回上一版本或重新起草。');
  return parsed.data;
}

function parseSnapshot(raw: string | null): BulletinSnapshot {
  if (!raw) throw new AppError('CORRUPT', '这期已签发简报缺少定稿内容，请联系技术支持。');
  return JSON.parse(raw) as BulletinSnapshot;
}

/** 简报/2026/脱贫攻坚督导简报第3期.pdf (relative to the data folder; / even on Windows). */
function archivePath(r: Pick<BulletinRecord, 'series_name' | 'year' | 'number' | 'is_supplement'>): string {
  const safe = r.series_name.replace(/[\\/:*?"<>|\s]+/g, '');
  return `简报/${r.year}/${safe}${issueLabel(r.number, r.is_supplement === 1)}.pdf`;
}

function toRow(r: BulletinRecord): BulletinRow {
  return {
    id: r.id,
    seriesId: r.series_id,
    seriesName: r.series_name,
    year: r.year,
    number: r.number,
    isSupplement: r.is_supplement === 1,
    label: issueLabel(r.number, r.is_supplement === 1),
    title: r.title,
    issueDate: r.issue_date,
    status: r.status,
    inspectionId: r.inspection_id,
    inspectionName: r.inspection_name,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    issuedBy: r.issued_by,
    issuedAt: r.issued_at,
    pdfPath: r.status === 'issued' ? archivePath(r) : null,
    updatedAt: r.updated_at,
  };
}

function toDetail(r: BulletinRecord): BulletinDetail {
  const content = r.status === 'issued' ? contentOfSnapshot(r) : parseContent(r.content);
  return { ...toRow(r), content, numbers: numberSections(content.sections) };
}

/** An issued bulletin shows its frozen text (the content column keeps the last draft, which is the same). */
function contentOfSnapshot(r: BulletinRecord): BulletinContent {
  const content = parseContent(r.content);
  const snap = parseSnapshot(r.snapshot);
  return { ...content, sections: snap.document.sections };
}

export function getBulletin(ctx: ServiceContext, id: number): BulletinDetail {
  return toDetail(record(ctx, id));
}

export function listBulletins(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.list'>): { rows: BulletinRow[]; years: number[] } {
  const where = ['b.deleted_at is null'];
  const params: Record<string, unknown> = {};
  if (input.year !== undefined) {
    where.push('b.year = @year');
    params.year = input.year;
  }
  if (input.status) {
    where.push('b.status = @status');
    params.status = input.status;
  }
  const words = (input.keyword ?? '').split(/[\s\u3000]+/).filter(Boolean);
  words.forEach((word, n) => {
    const number = /^(?:增刊)?第?(\d{1,4})期?$/u.exec(word);
    const like = `like @kw${n} escape '\\'`;
    params[`kw${n}`] = likeAnywhere(word);
    const text = `(b.title ${like} or s.name ${like} or i.name ${like} or b.content ${like})`;
    if (number) {
      params[`num${n}`] = Number(number[1]);
      where.push(`(b.number = @num${n} or ${text})`);
    } else {
      where.push(text);
    }
  });
  const rows = ctx.sqlite.prepare(`${SELECT} where ${where.join(' and ')} order by b.year desc, b.is_supplement, b.number desc, b.id desc`).all(params) as BulletinRecord[];
  const years = ctx.sqlite.prepare('select distinct year from bulletins where deleted_at is null order by year desc').pluck().all() as number[];
  return { rows: rows.map(toRow), years };
}

export function nextNumber(ctx: ServiceContext, seriesId: number, year: number, isSupplement: boolean): number {
  const max = ctx.sqlite
    .prepare('select max(number) from bulletins where series_id = ? and year = ? and is_supplement = ?')
    .pluck()
    .get(seriesId, year, isSupplement ? 1 : 0) as number | null;
  return (max ?? 0) + 1;
}

function assertNumberFree(ctx: ServiceContext, r: { id?: number; seriesId: number; year: number; number: number; isSupplement: boolean }): void {
  const other = ctx.sqlite
    .prepare('select id, title from bulletins where series_id = ? and year = ? and is_supplement = ? and number = ? and id is not ?')
    .get(r.seriesId, r.year, r.isSupplement ? 1 : 0, r.number, r.id ?? null) as { id: number; title: string } | undefined;
  if (other) {
    throw new AppError('CONFLICT', `${r.year}年${issueLabel(r.number, r.isSupplement)}已被《${other.title}》使用，请换一个期号。`, 'number');
  }
}

function scopeOf(r: Pick<BulletinRecord, 'inspection_id' | 'period_start' | 'period_end'>): BulletinScope {
  if (r.inspection_id !== null) return { kind: 'inspection', inspectionId: r.inspection_id };
  return { kind: 'period', start: r.period_start ?? '', end: r.period_end ?? '' };
}

export function composeBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.compose'>): BulletinDetail {
  const series = input.seriesId !== undefined ? seriesRecord(ctx, input.seriesId) : listSeries(ctx)[0]!;
  const today = localToday(ctx.now());
  const issueDate = input.issueDate ?? today;
  const scope: BulletinScope = input.source.kind === 'inspection' ? { kind: 'inspection', inspectionId: input.source.inspectionId } : input.source;
  const inspection = scope.kind === 'inspection' ? inspectionRecordNow(ctx.sqlite, scope.inspectionId, 'source.inspectionId') : null;
  // 支出进度 as of the end of what the bulletin covers (not after today).
  const end = scope.kind === 'period' ? scope.end : (inspection?.endDate ?? inspection?.startDate ?? today);
  const cutoff = end.length === 10 && end < today ? end : today;
  const findings = scopedFindings(ctx, scope, today);
  const summary = countyProgress(ctx, cutoff);
  const draft = { scope, inspection, findings, summary, today };
  const content: BulletinContent = {
    sections: draftSections(ctx, draft),
    tables: { ranking: true, rectification: findings.length > 0 },
    cutoff,
    recipients: series.recipients,
    copies: series.copies,
    classification: series.classification,
  };
  const year = Number(issueDate.slice(0, 4));
  const values = {
    seriesId: series.id,
    year,
    number: nextNumber(ctx, series.id, year, input.isSupplement),
    isSupplement: input.isSupplement ? 1 : 0,
    title: input.title ?? draftTitle(draft),
    issueDate,
    inspectionId: inspection?.id ?? null,
    periodStart: scope.kind === 'period' ? scope.start : null,
    periodEnd: scope.kind === 'period' ? scope.end : null,
    content: JSON.stringify(content),
  };
  const id = writeWithAudit(ctx, (audit) => {
    const id = Number(
      ctx.sqlite
        .prepare(
          `insert into bulletins (series_id, year, number, is_supplement, title, issue_date, status, inspection_id, period_start, period_end, content)
           values (@seriesId, @year, @number, @isSupplement, @title, @issueDate, 'draft', @inspectionId, @periodStart, @periodEnd, @content)`,
        )
        .run(values).lastInsertRowid,
    );
    audit.record({ action: 'create', entity: 'bulletin', entityId: id, after: { ...values, content: undefined } });
    return id;
  });
  return getBulletin(ctx, id);
}

function assertDraft(r: BulletinRecord): void {
  if (r.status === 'issued') {
    throw new AppError('CONFLICT', `《${r.title}》（${r.year}年${issueLabel(r.number, r.is_supplement === 1)}）已签发，不能再修改或删除；如需更正，请另起草一期。`);
  }
}

/** The draft with the edits applied (not saved): what update saves and what preview shows. */
function withEdits(ctx: ServiceContext, r: BulletinRecord, input: ChannelParsedInput<'bulletins.update'>): BulletinRecord {
  const series = input.seriesId !== undefined && input.seriesId !== r.series_id ? seriesRecord(ctx, input.seriesId) : null;
  const issueDate = input.issueDate ?? r.issue_date;
  return {
    ...r,
    series_id: series?.id ?? r.series_id,
    series_name: series?.name ?? r.series_name,
    issuer: series?.issuer ?? r.issuer,
    title: input.title ?? r.title,
    // Changing the date into another year moves the bulletin into that year unless a year is given.
    year: input.year ?? (input.issueDate !== undefined && issueDate ? Number(issueDate.slice(0, 4)) : r.year),
    number: input.number ?? r.number,
    is_supplement: input.isSupplement === undefined ? r.is_supplement : input.isSupplement ? 1 : 0,
    issue_date: issueDate,
    content: input.content ? JSON.stringify(input.content) : r.content,
  };
}

export function updateBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.update'>): BulletinDetail {
  writeWithAudit(ctx, (audit) => {
    const before = record(ctx, input.id);
    assertDraft(before);
    const next = withEdits(ctx, before, input);
    assertNumberFree(ctx, { id: before.id, seriesId: next.series_id, year: next.year, number: next.number, isSupplement: next.is_supplement === 1 });
    ctx.sqlite
      .prepare(
        `update bulletins set series_id = @series_id, title = @title, year = @year, number = @number, is_supplement = @is_supplement,
           issue_date = @issue_date, content = @content, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') where id = @id`,
      )
      .run({ id: next.id, series_id: next.series_id, title: next.title, year: next.year, number: next.number, is_supplement: next.is_supplement, issue_date: next.issue_date, content: next.content });
    const pick = (x: BulletinRecord) => ({ seriesId: x.series_id, title: x.title, year: x.year, number: x.number, isSupplement: x.is_supplement === 1, issueDate: x.issue_date, content: JSON.parse(x.content) as unknown });
    audit.record({ action: 'update', entity: 'bulletin', entityId: before.id, before: pick(before), after: pick(next) });
  });
  return getBulletin(ctx, input.id);
}

export function deleteBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.delete'>): { id: number } {
  writeWithAudit(ctx, (audit) => {
    const before = record(ctx, input.id);
    assertDraft(before);
    ctx.sqlite.prepare('delete from bulletins where id = ?').run(input.id);
    audit.record({ action: 'delete', entity: 'bulletin', entityId: input.id, before: { ...toRow(before), content: JSON.parse(before.content) as unknown } });
  });
  return { id: input.id };
}

/** The document of a draft: its text and the tables as the ledger stands now. */
function draftDocument(ctx: ServiceContext, r: BulletinRecord): BulletinDocument {
  const content = parseContent(r.content);
  const today = localToday(ctx.now());
  const tables: BulletinTable[] = [];
  if (content.tables.ranking) tables.push(rankingTable(countyProgress(ctx, content.cutoff)));
  if (content.tables.rectification) tables.push(rectificationTable(scopedFindings(ctx, scopeOf(r), today), today));
  return {
    masthead: {
      seriesName: r.series_name,
      issuer: r.issuer,
      classification: content.classification,
      isSupplement: r.is_supplement === 1,
      number: r.number,
      year: r.year,
      issueDate: r.issue_date ?? today,
    },
    title: r.title,
    sections: content.sections.map((s) => ({ level: s.level, text: s.level === 0 ? s.text : stripTypedNumber(s.text) })),
    tables,
    tail: { recipients: content.recipients, copies: content.copies },
  };
}

export function bulletinDocument(ctx: ServiceContext, id: number): BulletinDocument {
  const r = record(ctx, id);
  return r.status === 'issued' ? parseSnapshot(r.snapshot).document : draftDocument(ctx, r);
}

function htmlOf(ctx: ServiceContext, r: BulletinRecord): BulletinPreview {
  if (r.status === 'issued') {
    const snap = parseSnapshot(r.snapshot);
    return { html: snap.html, pageCount: snap.pageCount };
  }
  return layoutBulletin(draftDocument(ctx, r), { draft: true });
}

export function previewBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.preview'>): BulletinPreview {
  const r = record(ctx, input.id);
  if (r.status === 'issued') return htmlOf(ctx, r);
  return layoutBulletin(draftDocument(ctx, withEdits(ctx, r, input)), { draft: true });
}

function fileNameOf(r: BulletinRecord): string {
  return `${r.series_name}${r.year}年${issueLabel(r.number, r.is_supplement === 1)}${r.status === 'draft' ? '（草稿）' : ''}.pdf`;
}

/** The archived PDF of an issued bulletin; if the file is gone or altered it is printed again from the snapshot. */
async function archivedPdf(ctx: ServiceContext, r: BulletinRecord): Promise<{ bytes: Uint8Array; pageCount: number }> {
  const snap = parseSnapshot(r.snapshot);
  const file = path.join(ctx.dataDir, ...snap.pdfPath.split('/'));
  if (fs.existsSync(file)) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    if (sha256Of(bytes) === r.pdf_sha256) return { bytes, pageCount: snap.pageCount };
  }
  const bytes = await htmlToPdf(snap.html);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  writeWithAudit(ctx, (audit) => {
    ctx.sqlite.prepare('update bulletins set pdf_sha256 = ? where id = ?').run(sha256Of(bytes), r.id);
    audit.record({ action: 'rearchive', entity: 'bulletin', entityId: r.id, before: { pdfSha256: r.pdf_sha256 }, after: { pdfSha256: sha256Of(bytes) }, reason: '归档的 PDF 缺失或已被改动，按签发时的定稿重新生成' });
  });
  return { bytes, pageCount: snap.pageCount };
}

export async function bulletinPdf(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.pdf'>): Promise<BulletinPdf> {
  const r = record(ctx, input.id);
  if (r.status === 'issued') {
    const { bytes, pageCount } = await archivedPdf(ctx, r);
    return { fileName: fileNameOf(r), base64: Buffer.from(bytes).toString('base64'), pageCount, archived: true };
  }
  const { html, pageCount } = layoutBulletin(draftDocument(ctx, r), { draft: true });
  const bytes = await htmlToPdf(html);
  return { fileName: fileNameOf(r), base64: Buffer.from(bytes).toString('base64'), pageCount, archived: false };
}

/** PDF bytes of a bulletin (CLI, tests): the archive for an issued one, the live draft otherwise. */
export async function bulletinPdfBytes(ctx: ServiceContext, id: number): Promise<{ bytes: Uint8Array; pageCount: number; fileName: string }> {
  const pdf = await bulletinPdf(ctx, { id });
  return { bytes: new Uint8Array(Buffer.from(pdf.base64, 'base64')), pageCount: pdf.pageCount, fileName: pdf.fileName };
}

export async function printBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.print'>): Promise<{ printed: boolean }> {
  const printer = htmlPrinter();
  if (!printer) throw new AppError('UNSUPPORTED', '这里不能直接调用系统打印，请在预览中打印（浏览器的打印对话框）或导出 PDF 后打印。');
  const result = await printer(htmlOf(ctx, record(ctx, input.id)).html);
  return { printed: result.printed };
}

/**
 * The archive record beside an issued bulletin's PDF: what was issued, and the audit chain's head right after
 * the issue was recorded (an anchor outside the database: db/anchor.ts; 校验 reads it back).
 */
function writeArchiveRecord(ctx: ServiceContext, r: BulletinRecord, pdfPath: string, bytes: Uint8Array): void {
  const issued = record(ctx, r.id);
  const head = chainHead(ctx.sqlite);
  const body: BulletinArchiveRecord = {
    title: issued.title,
    label: issueLabel(issued.number, issued.is_supplement === 1),
    pdfPath,
    pdfSha256: sha256Of(bytes),
    issuedBy: issued.issued_by ?? '',
    issuedAt: issued.issued_at ?? '',
    auditHead: head,
  };
  try {
    writeFileAtomic(archiveRecordPath(path.join(ctx.dataDir, ...pdfPath.split('/'))), `${JSON.stringify(body, null, 1)}\n`);
  } catch (error) {
    logError('bulletin archive record', error);
  }
}

/** 签发: freeze the text and tables, archive the PDF under the data folder, and mark the bulletin issued. */
export async function issueBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.issue'>): Promise<BulletinDetail> {
  const r = record(ctx, input.id);
  assertDraft(r);
  if (!r.issue_date) throw new AppError('VALIDATION', '请先填写印发日期再签发。', 'issueDate');
  assertNumberFree(ctx, { id: r.id, seriesId: r.series_id, year: r.year, number: r.number, isSupplement: r.is_supplement === 1 });
  const document = draftDocument(ctx, r);
  const { html, pageCount } = layoutBulletin(document);
  const bytes = await htmlToPdf(html);
  const pdfPath = archivePath(r);
  const file = path.join(ctx.dataDir, ...pdfPath.split('/'));
  if (fs.existsSync(file)) {
    throw new AppError('CONFLICT', `数据文件夹中已有同名的简报文件（${pdfPath}），为免覆盖已归档的简报，签发没有进行。请换一个期号，或把该文件移走后重试。`, 'number');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.part`;
  fs.writeFileSync(partial, bytes);
  const snapshot: BulletinSnapshot = { document, html, pageCount, pdfPath };
  try {
    writeWithAudit(ctx, (audit) => {
      // Another window may have changed or issued it while the PDF was printed.
      const now = record(ctx, r.id);
      if (now.status !== 'draft' || now.updated_at !== r.updated_at) {
        throw new AppError('CONFLICT', '签发期间这期简报被修改或已被签发，签发没有进行。请刷新后重试。');
      }
      const issuedAt = ctx.now().toISOString();
      ctx.sqlite
        .prepare(
          `update bulletins set status = 'issued', snapshot = @snapshot, pdf_sha256 = @sha, issued_by = @by, issued_at = @at,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') where id = @id`,
        )
        .run({ snapshot: JSON.stringify(snapshot), sha: sha256Of(bytes), by: ctx.operator(), at: issuedAt, id: r.id });
      audit.record({ action: 'issue', entity: 'bulletin', entityId: r.id, after: { pdfPath, pdfSha256: sha256Of(bytes), pageCount, issuedAt } });
    });
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  writeArchiveRecord(ctx, r, pdfPath, bytes);
  return getBulletin(ctx, r.id);
}
