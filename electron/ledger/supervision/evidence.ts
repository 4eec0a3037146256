// 佐证材料: evidence files of findings (and of their progress steps, projects, assets, inspections).
//
// A local ledger keeps the file in the data folder under its content hash — dataDir/attachments/ab/abcdef….ext, the
// extension being the canonical one of the type its bytes prove — so the same content is stored once
// however many times and under whatever names it is attached. The file's own name is only stored and
// shown (made safe by shared/attachment-types.ts), never used as a path. Refused before anything is
// written: a file over the size limit (checked from the base64 length before decoding, or from the file
// size before reading), a type not on the allow-list, bytes that do not match the extension (an .exe
// renamed .jpg), an owner that does not exist, and any change to the evidence of a 销号 finding. A ledger on the
// office server keeps the bytes in its file_contents table instead, in the same transaction (../files/kept.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentContent, AttachmentOwnerType, AttachmentRow, ChannelParsedInput } from '../../../shared/api';
import { ATTACHMENT_TYPES, checkFileType, formatBytes, isImageMime, sanitiseFileName } from '../../../shared/attachment-types';
import { FindingStatus } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { sha256Of } from '../../platform/file-hash';
import { filesKeptBy } from '../files/kept';
import { fileContent, insertFileContent } from '../files/store';
import * as store from './evidence-store';
import type { AttachmentRecord } from './evidence-store';
import { getSupervisionSettingsOn } from './settings';

const OWNER_LABEL: Record<AttachmentOwnerType, string> = {
  finding: '问题',
  findingUpdate: '整改进展',
  project: '项目',
  asset: '资产',
  inspection: '检查',
  visit: '走访记录',
};

/** MIME type → the extension its files are stored under. */
const STORED_EXT = new Map<string, string>(Object.values(ATTACHMENT_TYPES).map((t) => [t.mime, t.canonical]));

export function attachmentsRoot(ctx: Pick<ServiceContext, 'dataDir'>): string {
  return path.join(ctx.dataDir, 'attachments');
}

/** Where the content with this hash and type lives. Only a hex hash and a known extension make a path. */
export function blobPath(ctx: Pick<ServiceContext, 'dataDir'>, sha256: string, mime: string): string {
  const ext = STORED_EXT.get(mime);
  if (!/^[0-9a-f]{64}$/.test(sha256) || ext === undefined) {
    throw new AppError('CORRUPT', '附件记录已损坏（哈希或类型不正确），无法读取该文件');
  }
  return path.join(attachmentsRoot(ctx), sha256.slice(0, 2), `${sha256}.${ext}`);
}

function toRow(r: AttachmentRecord): AttachmentRow {
  return {
    id: r.id,
    ownerType: r.ownerType,
    ownerId: r.ownerId,
    name: r.originalName,
    sizeBytes: r.sizeBytes,
    mimeType: r.mimeType,
    sha256: r.sha256,
    isImage: isImageMime(r.mimeType),
    createdAt: r.createdAt,
  };
}

async function requireAttachment(db: DataReader, id: number): Promise<AttachmentRecord> {
  const row = await store.attachmentRecord(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的附件，可能已被删除，请刷新后重试`, 'id');
  return row;
}

// ---- Owners -----------------------------------------------------------------------------------------

/**
 * Check the owner exists and is live, and that its evidence may change. Returns the finding the file is
 * evidence of (for findings and their steps), with its status.
 */
async function assertOwner(
  db: DataReader,
  ownerType: AttachmentOwnerType,
  ownerId: number,
  action: 'add' | 'delete',
): Promise<{ findingId: number; status: FindingStatus } | null> {
  const missing = () => new AppError('NOT_FOUND', `找不到编号为 ${ownerId} 的${OWNER_LABEL[ownerType]}，可能已被删除，请刷新后重试`, 'ownerId');
  if (ownerType !== 'finding' && ownerType !== 'findingUpdate') {
    if (!(await store.ownerIsLive(db, ownerType, ownerId))) throw missing();
    return null;
  }
  const finding = await store.evidenceFinding(db, ownerType, ownerId);
  if (!finding) throw missing();
  if (finding.status === 'closed') {
    throw new AppError(
      'CONFLICT',
      action === 'add' ? '问题已销号，不能再添加佐证材料' : '问题已销号，佐证材料不能删除（销号的依据须保留）',
      action === 'add' ? 'ownerId' : 'id',
    );
  }
  return { findingId: Number(finding.id), status: finding.status };
}

// ---- Storing ----------------------------------------------------------------------------------------

/**
 * Put the bytes at their content address unless an intact copy is there already. Written to a temporary
 * name in the same folder and renamed, so a crash never leaves a half file under a hash. Returns the path
 * when this call created the file (so a failed transaction can remove it), null when it existed.
 */
export function storeBlob(ctx: Pick<ServiceContext, 'dataDir'>, sha256: string, mime: string, bytes: Uint8Array): string | null {
  const final = blobPath(ctx, sha256, mime);
  if (fs.existsSync(final)) {
    const existing = fs.readFileSync(final);
    if (existing.length === bytes.length && sha256Of(existing) === sha256) return null;
  }
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const temp = `${final}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, bytes, { flag: 'wx' });
    fs.renameSync(temp, final);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return final;
}

export interface AddAttachmentBytes {
  ownerType: AttachmentOwnerType;
  ownerId: number;
  /** The file's own name (any characters; made safe here). */
  name: string;
  bytes: Uint8Array;
}

function tooLarge(size: number, limit: number, field: string): AppError {
  return new AppError(
    'TOO_LARGE',
    `文件大小 ${formatBytes(size)}，超过单个附件的上限 ${formatBytes(limit)}；请压缩后再上传（上限可在“设置”中调整）`,
    field,
  );
}

/** The core: checks, stores and records one file. Everything is checked before anything is written. */
export async function addAttachmentBytes(ctx: ServiceContext, input: AddAttachmentBytes): Promise<AttachmentRow> {
  const settings = await getSupervisionSettingsOn(dataPort(ctx));
  if (input.bytes.length > settings.attachmentMaxBytes) throw tooLarge(input.bytes.length, settings.attachmentMaxBytes, 'base64');
  const name = sanitiseFileName(input.name);
  if (name === '') throw new AppError('VALIDATION', '文件名为空，请给文件起一个名字后再上传', 'name');
  const check = checkFileType(name, input.bytes, settings.attachmentTypes);
  if (!check.ok) {
    throw new AppError(check.code === 'MISMATCH' || check.code === 'EMPTY' ? 'VALIDATION' : 'UNSUPPORTED', check.message, check.code === 'MISMATCH' || check.code === 'EMPTY' ? 'base64' : 'name');
  }
  const sha256 = sha256Of(input.bytes);
  let created: string | null = null;
  try {
    const id = await writeAudited(ctx, async (tx, audit) => {
      await assertOwner(tx, input.ownerType, input.ownerId, 'add');
      if (filesKeptBy(ctx).in === 'table') await insertFileContent(tx, sha256, input.bytes, ctx.now().toISOString());
      // The file is written synchronously: the transaction awaits nothing but the port (data-port.ts).
      else created = storeBlob(ctx, sha256, check.mime, input.bytes);
      const fields = { ownerType: input.ownerType, ownerId: input.ownerId, originalName: name, sha256, sizeBytes: input.bytes.length, mimeType: check.mime };
      const newId = await store.insertAttachment(tx, fields, ctx.now().toISOString());
      await audit.record({
        action: 'create',
        entity: 'attachment',
        entityId: newId,
        after: { ownerType: input.ownerType, ownerId: input.ownerId, name, sha256, sizeBytes: input.bytes.length, mimeType: check.mime },
      });
      return newId;
    });
    return toRow(await requireAttachment(dataPort(ctx), id));
  } catch (error) {
    const orphan = created as string | null;
    if (orphan !== null) fs.rmSync(orphan, { force: true });
    throw error;
  }
}

/** Decoded size of base64 text, from its length alone. */
function base64Size(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/** The channel: base64 over the API, its size checked against the limit before it is decoded. */
export async function addAttachment(ctx: ServiceContext, input: ChannelParsedInput<'attachments.add'>): Promise<AttachmentRow> {
  const settings = await getSupervisionSettingsOn(dataPort(ctx));
  let text = input.base64;
  const prefix = /^data:[^,]{0,200};base64,/.exec(text.slice(0, 260));
  if (prefix) text = text.slice(prefix[0].length);
  const size = base64Size(text);
  if (size > settings.attachmentMaxBytes) throw tooLarge(size, settings.attachmentMaxBytes, 'base64');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new AppError('VALIDATION', '文件内容不是有效的 base64 文本，文件可能没有读取完整，请重新选择文件', 'base64');
  }
  return addAttachmentBytes(ctx, { ownerType: input.ownerType, ownerId: input.ownerId, name: input.name, bytes: Buffer.from(text, 'base64') });
}

/**
 * The Electron door and the CLI: a file the user picked, by its path (from the system's file dialog, not
 * from the renderer). The size is checked from the file system before the file is read.
 */
export async function addAttachmentFromPath(
  ctx: ServiceContext,
  input: { ownerType: AttachmentOwnerType; ownerId: number; filePath: string; name?: string },
): Promise<AttachmentRow> {
  const settings = await getSupervisionSettingsOn(dataPort(ctx));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input.filePath);
  } catch {
    throw new AppError('NOT_FOUND', '找不到所选的文件，可能已被移动或删除，请重新选择', 'file');
  }
  if (!stat.isFile()) throw new AppError('VALIDATION', '所选的不是文件（可能是文件夹），请重新选择', 'file');
  if (stat.size > settings.attachmentMaxBytes) throw tooLarge(stat.size, settings.attachmentMaxBytes, 'file');
  const bytes = fs.readFileSync(input.filePath);
  return addAttachmentBytes(ctx, { ownerType: input.ownerType, ownerId: input.ownerId, name: input.name ?? path.basename(input.filePath), bytes });
}

// ---- Reading and deleting ---------------------------------------------------------------------------

/** Live attachments of one owner, oldest first. */
export async function listAttachmentsOf(ctx: ServiceContext, ownerType: AttachmentOwnerType, ownerId: number): Promise<AttachmentRow[]> {
  return (await store.attachmentsOf(dataPort(ctx), ownerType, ownerId)).map(toRow);
}

export async function listAttachments(ctx: ServiceContext, input: ChannelParsedInput<'attachments.list'>): Promise<AttachmentRow[]> {
  if (input.ownerType === 'finding' && input.includeSteps !== false) return (await store.evidenceOfFinding(dataPort(ctx), input.ownerId)).map(toRow);
  return listAttachmentsOf(ctx, input.ownerType, input.ownerId);
}

function attachmentFileBytes(ctx: ServiceContext, r: AttachmentRecord): Buffer {
  try {
    return fs.readFileSync(blobPath(ctx, r.sha256, r.mimeType));
  } catch {
    throw new AppError('NOT_FOUND', `附件“${r.originalName}”的文件在数据文件夹中找不到（可能被移动或删除），请从备份恢复或重新上传`, 'id');
  }
}

async function keptAttachmentBytes(ctx: ServiceContext, r: AttachmentRecord): Promise<Buffer> {
  const bytes = await fileContent(dataPort(ctx), r.sha256);
  if (!bytes) throw new AppError('NOT_FOUND', `附件“${r.originalName}”的文件内容在办公室服务器的数据库中找不到，请从备份恢复或重新上传`, 'id');
  return Buffer.from(bytes);
}

/** The file's bytes for the viewer and thumbnails, checked against its hash. */
export async function getAttachment(ctx: ServiceContext, id: number): Promise<AttachmentContent> {
  const r = await requireAttachment(dataPort(ctx), id);
  const bytes = filesKeptBy(ctx).in === 'table' ? await keptAttachmentBytes(ctx, r) : attachmentFileBytes(ctx, r);
  if (sha256Of(bytes) !== r.sha256) {
    throw new AppError('CORRUPT', `附件“${r.originalName}”的文件已损坏或被改动（内容与登记时不一致），请从备份恢复或重新上传`, 'id');
  }
  return { ...toRow(r), base64: bytes.toString('base64') };
}

/**
 * Soft delete with a reason. The file stays on disk (other rows may share it; the audit trail names it).
 * Refused for a 销号 finding, and for the last evidence of a finding 已完成待销号.
 */
export async function deleteAttachment(ctx: ServiceContext, input: ChannelParsedInput<'attachments.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const r = await requireAttachment(tx, input.id);
    const finding = await assertOwner(tx, r.ownerType, r.ownerId, 'delete');
    if (finding && finding.status === 'awaitingClose' && (await store.liveEvidenceCount(tx, finding.findingId)) <= 1) {
      throw new AppError(
        'CONFLICT',
        `问题处于“${FindingStatus.label.awaitingClose}”，这是它唯一的佐证材料，不能删除；请先上传新的佐证材料，或把状态退回`,
        'id',
      );
    }
    await store.softDeleteAttachment(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'attachment', entityId: input.id, before: toRow(r), reason: input.reason });
    return { id: input.id };
  });
}
