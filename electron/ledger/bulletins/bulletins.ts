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
import { sha256Of } from '../../platform/file-hash';
import fs from 'node:fs';
import path from 'node:path';
import type { BulletinContent, BulletinDetail, BulletinPdf, BulletinPreview, BulletinRow, ChannelParsedInput } from '../../../shared/api';
import { bulletinContentSchema } from '../../../shared/api-bulletin';
import { issueLabel, numberSections, stripTypedNumber, type BulletinDocument, type BulletinTable } from '../../../shared/bulletin/document';
import { layoutBulletin } from '../../../shared/bulletin/layout';
import { localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { archiveRecordPath, writeFileAtomic, type BulletinArchiveRecord } from '../../../db/anchor';
import { auditChainHead } from '../audit/store';
import { filesKeptBy } from '../files/kept';
import { fileContent, insertFileContent } from '../files/store';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import { logError } from '../../platform/log';
import type { ServiceContext } from '../../platform/context';
import { requireInspection } from '../supervision/records';
import { draftSections, draftTitle } from './draft';
import { countyProgress, rankingTable, rectificationTable, scopedFindings, type BulletinScope } from './ledger-figures';
import { htmlPrinter, htmlToPdf } from './pdf';
import { listSeries, seriesRecord } from './series';
import { likeAnywhere } from '../../platform/sql-like';
import * as store from './store';
import type { BulletinRecord } from './store';

/** What 签发 freezes. */
interface BulletinSnapshot {
  document: BulletinDocument;
  html: string;
  pageCount: number;
  pdfPath: string;
}

async function record(db: DataReader, id: number): Promise<BulletinRecord> {
  const row = await store.liveBulletin(db, id);
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

/** Where an issued bulletin's archived PDF lives under the data folder, as its snapshot names it. */
export function archivedPdfFile(dataDir: string, snapshot: string | null): string {
  return path.join(dataDir, ...parseSnapshot(snapshot).pdfPath.split('/'));
}

/** 简报/2026/脱贫攻坚督导简报第3期.pdf (relative to the data folder; / even on Windows). */
function archivePath(r: Pick<BulletinRecord, 'seriesName' | 'year' | 'number' | 'isSupplement'>): string {
  const safe = r.seriesName.replace(/[\\/:*?"<>|\s]+/g, '');
  return `简报/${r.year}/${safe}${issueLabel(r.number, r.isSupplement)}.pdf`;
}

function toRow(r: BulletinRecord): BulletinRow {
  return {
    id: r.id,
    seriesId: r.seriesId,
    seriesName: r.seriesName,
    year: r.year,
    number: r.number,
    isSupplement: r.isSupplement,
    label: issueLabel(r.number, r.isSupplement),
    title: r.title,
    issueDate: r.issueDate,
    status: r.status,
    inspectionId: r.inspectionId,
    inspectionName: r.inspectionName,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    issuedBy: r.issuedBy,
    issuedAt: r.issuedAt,
    pdfPath: r.status === 'issued' ? archivePath(r) : null,
    updatedAt: r.updatedAt,
  };
}

function toDetail(r: BulletinRecord): BulletinDetail {
  const content = r.status === 'issued' ? contentOfSnapshot(r) : parseContent(r.content);
  return { ...toRow(r), version: r.version, content, numbers: numberSections(content.sections) };
}

/** An issued bulletin shows its frozen text (the content column keeps the last draft, which is the same). */
function contentOfSnapshot(r: BulletinRecord): BulletinContent {
  const content = parseContent(r.content);
  const snap = parseSnapshot(r.snapshot);
  return { ...content, sections: snap.document.sections };
}

export async function getBulletin(ctx: ServiceContext, id: number): Promise<BulletinDetail> {
  return toDetail(await record(dataPort(ctx), id));
}

export async function listBulletins(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.list'>): Promise<{ rows: BulletinRow[]; years: number[] }> {
  const words = (input.keyword ?? '').split(/[\s\u3000]+/).filter(Boolean).map((word) => {
    const number = /^(?:增刊)?第?(\d{1,4})期?$/u.exec(word);
    return { pattern: likeAnywhere(word), number: number ? Number(number[1]) : null };
  });
  const db = dataPort(ctx);
  const rows = await store.liveBulletins(db, { year: input.year, status: input.status, words });
  return { rows: rows.map(toRow), years: await store.bulletinYears(db) };
}

/**
 * The next 第N期 of a series' year. A new draft takes it inside its audited transaction: on the office server
 * writers queue on the audit chain's lock, taken before this read, so two clerks composing at once get
 * consecutive numbers (and the unique index on series, year, 增刊 and number stands behind it).
 */
export async function nextNumber(db: DataReader, seriesId: number, year: number, isSupplement: boolean): Promise<number> {
  return ((await store.highestNumber(db, seriesId, year, isSupplement)) ?? 0) + 1;
}

async function assertNumberFree(db: DataReader, r: { id?: number; seriesId: number; year: number; number: number; isSupplement: boolean }): Promise<void> {
  const other = await store.holderOfNumber(db, { ...r, exceptId: r.id });
  if (other) {
    throw new AppError('CONFLICT', `${r.year}年${issueLabel(r.number, r.isSupplement)}已被《${other.title}》使用，请换一个期号。`, 'number');
  }
}

function scopeOf(r: Pick<BulletinRecord, 'inspectionId' | 'periodStart' | 'periodEnd'>): BulletinScope {
  if (r.inspectionId !== null) return { kind: 'inspection', inspectionId: r.inspectionId };
  return { kind: 'period', start: r.periodStart ?? '', end: r.periodEnd ?? '' };
}

export async function composeBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.compose'>): Promise<BulletinDetail> {
  const series = input.seriesId !== undefined ? await seriesRecord(dataPort(ctx), input.seriesId) : (await listSeries(ctx))[0]!;
  const today = localToday(ctx.now());
  const issueDate = input.issueDate ?? today;
  const scope: BulletinScope = input.source.kind === 'inspection' ? { kind: 'inspection', inspectionId: input.source.inspectionId } : input.source;
  const inspection = scope.kind === 'inspection' ? await requireInspection(dataPort(ctx), scope.inspectionId, 'source.inspectionId') : null;
  // 支出进度 as of the end of what the bulletin covers (not after today).
  const end = scope.kind === 'period' ? scope.end : (inspection?.endDate ?? inspection?.startDate ?? today);
  const cutoff = end.length === 10 && end < today ? end : today;
  const findings = await scopedFindings(ctx, scope, today);
  const summary = await countyProgress(ctx, cutoff);
  const draft = { scope, inspection, findings, summary, today };
  const content: BulletinContent = {
    sections: await draftSections(ctx, draft),
    tables: { ranking: true, rectification: findings.length > 0 },
    cutoff,
    recipients: series.recipients,
    copies: series.copies,
    classification: series.classification,
  };
  const year = Number(issueDate.slice(0, 4));
  const rest = {
    isSupplement: input.isSupplement ? 1 : 0,
    title: input.title ?? draftTitle(draft),
    issueDate,
    inspectionId: inspection?.id ?? null,
    periodStart: scope.kind === 'period' ? scope.start : null,
    periodEnd: scope.kind === 'period' ? scope.end : null,
    content: JSON.stringify(content),
  };
  const id = await writeAudited(ctx, async (tx, audit) => {
    const numbered = { seriesId: series.id, year, number: await nextNumber(tx, series.id, year, input.isSupplement), ...rest };
    const id = await store.insertDraft(tx, { ...numbered, isSupplement: input.isSupplement }, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'bulletin', entityId: id, after: { ...numbered, content: undefined } });
    return id;
  });
  return getBulletin(ctx, id);
}

function assertDraft(r: BulletinRecord): void {
  if (r.status === 'issued') {
    throw new AppError('CONFLICT', `《${r.title}》（${r.year}年${issueLabel(r.number, r.isSupplement)}）已签发，不能再修改或删除；如需更正，请另起草一期。`);
  }
}

/** The draft with the edits applied (not saved): what update saves and what preview shows. */
async function withEdits(db: DataReader, r: BulletinRecord, input: ChannelParsedInput<'bulletins.preview'>): Promise<BulletinRecord> {
  const series = input.seriesId !== undefined && input.seriesId !== r.seriesId ? await seriesRecord(db, input.seriesId) : null;
  const issueDate = input.issueDate ?? r.issueDate;
  return {
    ...r,
    seriesId: series?.id ?? r.seriesId,
    seriesName: series?.name ?? r.seriesName,
    issuer: series?.issuer ?? r.issuer,
    title: input.title ?? r.title,
    // Changing the date into another year moves the bulletin into that year unless a year is given.
    year: input.year ?? (input.issueDate !== undefined && issueDate ? Number(issueDate.slice(0, 4)) : r.year),
    number: input.number ?? r.number,
    isSupplement: input.isSupplement ?? r.isSupplement,
    issueDate,
    content: input.content ? JSON.stringify(input.content) : r.content,
  };
}

export async function updateBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.update'>): Promise<BulletinDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await record(tx, input.id);
    assertDraft(before);
    await assertVersion(tx, 'bulletin', before.id, before.version, input.version);
    const next = await withEdits(tx, before, input);
    await assertNumberFree(tx, { id: before.id, seriesId: next.seriesId, year: next.year, number: next.number, isSupplement: next.isSupplement });
    await assertUpdated(tx, 'bulletin', next.id, await store.updateDraft(tx, next.id, next, ctx.now().toISOString(), input.version));
    const pick = (x: BulletinRecord) => ({ seriesId: x.seriesId, title: x.title, year: x.year, number: x.number, isSupplement: x.isSupplement, issueDate: x.issueDate, content: JSON.parse(x.content) as unknown });
    await audit.record({ action: 'update', entity: 'bulletin', entityId: before.id, before: pick(before), after: pick(next) });
  });
  return getBulletin(ctx, input.id);
}

export async function deleteBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.delete'>): Promise<{ id: number }> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await record(tx, input.id);
    assertDraft(before);
    await store.deleteDraft(tx, input.id);
    await audit.record({ action: 'delete', entity: 'bulletin', entityId: input.id, before: { ...toRow(before), content: JSON.parse(before.content) as unknown } });
  });
  return { id: input.id };
}

/** The document of a draft: its text and the tables as the ledger stands now. */
async function draftDocument(ctx: ServiceContext, r: BulletinRecord): Promise<BulletinDocument> {
  const content = parseContent(r.content);
  const today = localToday(ctx.now());
  const tables: BulletinTable[] = [];
  if (content.tables.ranking) tables.push(rankingTable(await countyProgress(ctx, content.cutoff)));
  if (content.tables.rectification) tables.push(rectificationTable(await scopedFindings(ctx, scopeOf(r), today), today));
  return {
    masthead: {
      seriesName: r.seriesName,
      issuer: r.issuer,
      classification: content.classification,
      isSupplement: r.isSupplement,
      number: r.number,
      year: r.year,
      issueDate: r.issueDate ?? today,
    },
    title: r.title,
    sections: content.sections.map((s) => ({ level: s.level, text: s.level === 0 ? s.text : stripTypedNumber(s.text) })),
    tables,
    tail: { recipients: content.recipients, copies: content.copies },
  };
}

export async function bulletinDocument(ctx: ServiceContext, id: number): Promise<BulletinDocument> {
  const r = await record(dataPort(ctx), id);
  return r.status === 'issued' ? parseSnapshot(r.snapshot).document : await draftDocument(ctx, r);
}

async function htmlOf(ctx: ServiceContext, r: BulletinRecord): Promise<BulletinPreview> {
  if (r.status === 'issued') {
    const snap = parseSnapshot(r.snapshot);
    return { html: snap.html, pageCount: snap.pageCount };
  }
  return layoutBulletin(await draftDocument(ctx, r), { draft: true });
}

export async function previewBulletin(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.preview'>): Promise<BulletinPreview> {
  const db = dataPort(ctx);
  const r = await record(db, input.id);
  if (r.status === 'issued') return htmlOf(ctx, r);
  return layoutBulletin(await draftDocument(ctx, await withEdits(db, r, input)), { draft: true });
}

function fileNameOf(r: BulletinRecord): string {
  return `${r.seriesName}${r.year}年${issueLabel(r.number, r.isSupplement)}${r.status === 'draft' ? '（草稿）' : ''}.pdf`;
}

/** The archived PDF of an issued bulletin; if the file is gone or altered it is printed again from the snapshot. */
async function archivedPdf(ctx: ServiceContext, r: BulletinRecord): Promise<{ bytes: Uint8Array; pageCount: number }> {
  const snap = parseSnapshot(r.snapshot);
  const kept = filesKeptBy(ctx);
  const file = archivedPdfFile(ctx.dataDir, r.snapshot);
  if (kept.in === 'table') {
    const bytes = r.pdfSha256 ? await fileContent(dataPort(ctx), r.pdfSha256) : undefined;
    if (bytes && sha256Of(bytes) === r.pdfSha256) return { bytes, pageCount: snap.pageCount };
  } else if (fs.existsSync(file)) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    if (sha256Of(bytes) === r.pdfSha256) return { bytes, pageCount: snap.pageCount };
  }
  const bytes = await htmlToPdf(snap.html);
  if (kept.in === 'folder') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  await writeAudited(ctx, async (tx, audit) => {
    if (kept.in === 'table') await insertFileContent(tx, sha256Of(bytes), bytes, ctx.now().toISOString());
    await store.setArchiveHash(tx, r.id, sha256Of(bytes));
    await audit.record({ action: 'rearchive', entity: 'bulletin', entityId: r.id, before: { pdfSha256: r.pdfSha256 }, after: { pdfSha256: sha256Of(bytes) }, reason: '归档的 PDF 缺失或已被改动，按签发时的定稿重新生成' });
  });
  return { bytes, pageCount: snap.pageCount };
}

export async function bulletinPdf(ctx: ServiceContext, input: ChannelParsedInput<'bulletins.pdf'>): Promise<BulletinPdf> {
  const r = await record(dataPort(ctx), input.id);
  if (r.status === 'issued') {
    const { bytes, pageCount } = await archivedPdf(ctx, r);
    return { fileName: fileNameOf(r), base64: Buffer.from(bytes).toString('base64'), pageCount, archived: true };
  }
  const { html, pageCount } = layoutBulletin(await draftDocument(ctx, r), { draft: true });
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
  const result = await printer((await htmlOf(ctx, await record(dataPort(ctx), input.id))).html);
  return { printed: result.printed };
}

/**
 * The archive record beside an issued bulletin's PDF: what was issued, and the audit chain's head right after
 * the issue was recorded (an anchor outside the database: db/anchor.ts; 校验 reads it back).
 */
async function writeArchiveRecord(ctx: ServiceContext, r: BulletinRecord, pdfPath: string, bytes: Uint8Array): Promise<void> {
  const issued = await record(dataPort(ctx), r.id);
  const head = (await auditChainHead(dataPort(ctx))) ?? null;
  const body: BulletinArchiveRecord = {
    title: issued.title,
    label: issueLabel(issued.number, issued.isSupplement),
    pdfPath,
    pdfSha256: sha256Of(bytes),
    issuedBy: issued.issuedBy ?? '',
    issuedAt: issued.issuedAt ?? '',
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
  const r = await record(dataPort(ctx), input.id);
  assertDraft(r);
  await assertVersion(dataPort(ctx), 'bulletin', r.id, r.version, input.version);
  if (!r.issueDate) throw new AppError('VALIDATION', '请先填写印发日期再签发。', 'issueDate');
  await assertNumberFree(dataPort(ctx), { id: r.id, seriesId: r.seriesId, year: r.year, number: r.number, isSupplement: r.isSupplement });
  const document = await draftDocument(ctx, r);
  const { html, pageCount } = layoutBulletin(document);
  const bytes = await htmlToPdf(html);
  const pdfPath = archivePath(r);
  // A local ledger archives the PDF in its data folder (written first under .part, named after the commit); the
  // office server keeps it in file_contents, in the issue's own transaction.
  const kept = filesKeptBy(ctx);
  const file = path.join(ctx.dataDir, ...pdfPath.split('/'));
  const partial = `${file}.part`;
  if (kept.in === 'folder') {
    if (fs.existsSync(file)) {
      throw new AppError('CONFLICT', `数据文件夹中已有同名的简报文件（${pdfPath}），为免覆盖已归档的简报，签发没有进行。请换一个期号，或把该文件移走后重试。`, 'number');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(partial, bytes);
  }
  const snapshot: BulletinSnapshot = { document, html, pageCount, pdfPath };
  try {
    await writeAudited(ctx, async (tx, audit) => {
      // Another clerk may have changed or issued it while the PDF was printed: every change moves its version on,
      // and the guarded UPDATE issues only the version the PDF was made from.
      const issuedAt = ctx.now().toISOString();
      if (kept.in === 'table') await insertFileContent(tx, sha256Of(bytes), bytes, issuedAt);
      const issued = await store.markIssued(tx, r.id, { snapshot: JSON.stringify(snapshot), pdfSha256: sha256Of(bytes), issuedBy: audit.operator, issuedAt }, issuedAt, r.version);
      await assertUpdated(tx, 'bulletin', r.id, issued);
      await audit.record({ action: 'issue', entity: 'bulletin', entityId: r.id, after: { pdfPath, pdfSha256: sha256Of(bytes), pageCount, issuedAt } });
    });
    if (kept.in === 'folder') fs.renameSync(partial, file);
  } catch (error) {
    if (kept.in === 'folder') fs.rmSync(partial, { force: true });
    throw error;
  }
  // The record beside the archived PDF anchors it outside the ledger file; the server's database is its own anchor.
  if (kept.in === 'folder') await writeArchiveRecord(ctx, r, pdfPath, bytes);
  return getBulletin(ctx, r.id);
}
