import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAttachmentFromPath } from '../../electron/ledger/supervision/evidence';
import type { AttachmentContent, AttachmentRow, FindingDetail, InspectionDetail, ProjectDetail, SupervisionSettingsValue } from '../../shared/api';
import { checkFileType, DEFAULT_ATTACHMENT_TYPES, MAX_FILE_NAME_CHARS, sanitiseFileName } from '../../shared/attachment-types';
import {
  sampleDoc,
  sampleDocx,
  sampleExe,
  sampleJpeg,
  samplePdf,
  samplePng,
  sampleXls,
  sampleZip,
  setupSupervision,
  type Supervision,
} from '../helpers/supervision-fixture';
import { ON_SERVER } from '../helpers/test-ledger';

let s: Supervision;
let insp: InspectionDetail;
let f: FindingDetail;
beforeEach(async () => {
  s = await setupSupervision();
  insp = await s.inspection();
  f = await s.finding(insp.id);
});
afterEach(() => s.ledger.dispose());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const add = (name: string, bytes: Uint8Array, ownerId = f.id, ownerType = 'finding') =>
  s.api.ok<AttachmentRow>('attachments.add', { ownerType, ownerId, name, base64: Buffer.from(bytes).toString('base64') });
const refusedAdd = (name: string, bytes: Uint8Array | string) =>
  s.api.refused('attachments.add', { ownerType: 'finding', ownerId: f.id, name, base64: typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64') });

describe('佐证材料：按内容哈希存放，同一内容只存一份', () => {
  it('stores a file under its sha256 (a file: dataDir/attachments/ab/<sha256>.<ext>), records its row and audit, and serves the bytes back', async () => {
    const png = samplePng();
    const a = await add('整改后现场照片.png', png);
    const hash = sha(png);
    expect(a).toMatchObject({ ownerType: 'finding', ownerId: f.id, name: '整改后现场照片.png', sizeBytes: png.length, mimeType: 'image/png', sha256: hash, isImage: true });
    expect(await s.stored.hashes()).toEqual([hash]);
    expect((await s.stored.bytes(hash))?.equals(png)).toBe(true);
    // The server keeps the bytes in its table, so its data folder stays empty.
    expect(s.files()).toEqual(ON_SERVER ? [] : [`${hash.slice(0, 2)}/${hash}.png`]);
    const got = await s.api.ok<AttachmentContent>('attachments.get', { id: a.id });
    expect(Buffer.from(got.base64, 'base64').equals(png)).toBe(true);
    expect(got.mimeType).toBe('image/png');
    const audit = await s.ledger.sql.get<{ action: string; after: string }>("select action, after from audit_log where entity = 'attachment' and entity_id = ?", [a.id]);
    expect(audit?.action).toBe('create');
    expect(JSON.parse(audit?.after ?? 'null')).toMatchObject({ name: '整改后现场照片.png', sha256: hash });
  });

  it('the same bytes twice (other names, other owners) → one stored copy, two rows', async () => {
    const jpeg = sampleJpeg();
    const other = await s.finding(insp.id, { description: '另一个问题' });
    const a = await add('IMG_0001.jpg', jpeg);
    const b = await add('整改照片（1）.JPEG', jpeg, other.id);
    expect(a.sha256).toBe(b.sha256);
    expect(await s.stored.hashes()).toEqual([a.sha256]);
    expect(s.files()).toEqual(ON_SERVER ? [] : [`${a.sha256.slice(0, 2)}/${a.sha256}.jpg`]);
    expect(await s.ledger.sql.value('select count(*) from attachments where sha256 = ?', [a.sha256])).toBe(2);
    // Deleting one row keeps the file (the other row still needs it).
    await s.api.ok('attachments.delete', { id: a.id, reason: '重复上传' });
    expect(await s.stored.hashes()).toEqual([a.sha256]);
    expect(Buffer.from((await s.api.ok<AttachmentContent>('attachments.get', { id: b.id })).base64, 'base64').equals(jpeg)).toBe(true);
    expect((await s.api.refused('attachments.get', { id: a.id })).code).toBe('NOT_FOUND');
    expect(await s.ledger.sql.value('select delete_reason from attachments where id = ?', [a.id])).toBe('重复上传');
  });

  it('lists a finding with the files of its progress steps; other owners by themselves', async () => {
    const step = await s.api.ok<FindingDetail>('findings.progress', { id: f.id, date: '2026-10-01', note: '开始整改', status: 'inProgress' });
    await add('方案.pdf', samplePdf());
    await add('现场.png', samplePng(5), step.updates[0]!.id, 'findingUpdate');
    const project = await s.api.ok<ProjectDetail>('projects.create', { year: 2026, name: '饮水工程' });
    await add('验收单.pdf', samplePdf(), project.id, 'project');
    await add('反馈意见.docx', sampleDocx(), insp.id, 'inspection');
    const names = async (input: Record<string, unknown>) => (await s.api.ok<AttachmentRow[]>('attachments.list', input)).map((r) => r.name);
    expect(await names({ ownerType: 'finding', ownerId: f.id })).toEqual(['方案.pdf', '现场.png']);
    expect(await names({ ownerType: 'finding', ownerId: f.id, includeSteps: false })).toEqual(['方案.pdf']);
    expect(await names({ ownerType: 'project', ownerId: project.id })).toEqual(['验收单.pdf']);
    expect(await names({ ownerType: 'inspection', ownerId: insp.id })).toEqual(['反馈意见.docx']);
    // The PDF stored once although attached twice.
    expect((await s.stored.hashes()).filter((h) => h === sha(samplePdf()))).toHaveLength(1);
    expect(await s.stored.hashes()).toHaveLength(3);
  });

  it('accepts a data: URL and the Office/OFD/PDF types whose insides match', async () => {
    const a = await s.api.ok<AttachmentRow>('attachments.add', {
      ownerType: 'finding',
      ownerId: f.id,
      name: 'x.png',
      base64: `data:image/png;base64,${samplePng(9).toString('base64')}`,
    });
    expect(a.sizeBytes).toBe(samplePng(9).length);
    expect((await add('整改报告.docx', sampleDocx())).mimeType).toMatch(/wordprocessingml/);
    expect((await add('台账.xls', sampleXls())).mimeType).toBe('application/vnd.ms-excel');
    expect((await add('通知.doc', sampleDoc())).mimeType).toBe('application/msword');
    expect((await add('报告.pdf', samplePdf())).isImage).toBe(false);
    const ofd = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('OFD.xml')]);
    expect((await add('批复.ofd', ofd)).mimeType).toBe('application/ofd');
  });
});

describe('佐证材料：拒收（中文提示、指明字段、不写入表和文件）', () => {
  const cases: Array<[string, () => [string, Uint8Array | string], string, string, RegExp]> = [
    ['an .exe renamed .jpg', () => ['整改照片.jpg', sampleExe()], 'VALIDATION', 'base64', /扩展名是 \.jpg，但文件内容是可执行程序/],
    ['a PNG named .jpg', () => ['照片.jpg', samplePng()], 'VALIDATION', 'base64', /内容是PNG 图片/],
    ['a plain zip named .docx', () => ['报告.docx', sampleZip()], 'VALIDATION', 'base64', /与之不符/],
    ['a Word file named .xls', () => ['表.xls', sampleDoc()], 'VALIDATION', 'base64', /与之不符/],
    ['text named .pdf', () => ['报告.pdf', Buffer.from('hello, not a pdf')], 'VALIDATION', 'base64', /与之不符/],
    ['an empty file', () => ['空.png', Buffer.alloc(0)], 'VALIDATION', 'base64', /是空的/],
    ['an .exe', () => ['setup.exe', sampleExe()], 'UNSUPPORTED', 'name', /不能上传 \.exe/],
    ['a .txt', () => ['说明.txt', Buffer.from('文字')], 'UNSUPPORTED', 'name', /不能上传 \.txt/],
    ['a .bmp (known, off by default)', () => ['扫描.bmp', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])], 'UNSUPPORTED', 'name', /不能上传 \.bmp/],
    ['a name without extension', () => ['照片', samplePng()], 'UNSUPPORTED', 'name', /没有扩展名/],
    ['a name that is only dots', () => ['...', samplePng()], 'VALIDATION', 'name', /文件名为空/],
    ['a bidi trick (photo‮gnp.exe)', () => ['photo\u202egnp.exe', sampleExe()], 'UNSUPPORTED', 'name', /不能上传 \.exe/],
    ['base64 that is not base64', () => ['a.png', '!!!!'], 'VALIDATION', 'base64', /不是有效的 base64/],
  ];
  it.each(cases)('refuses %s', async (_label, make, code, field, message) => {
    const [name, bytes] = make();
    const before = await s.snapshot();
    const err = await refusedAdd(name, bytes);
    expect(err).toMatchObject({ code, field });
    expect(err.message).toMatch(message);
    expect(await s.snapshot()).toBe(before);
  });

  it('refuses a file over the size limit (checked from the base64 length, before decoding)', async () => {
    await s.api.ok('supervisionSettings.update', { attachmentMaxBytes: 1024 });
    const before = await s.snapshot();
    const big = sampleJpeg(0x22, 1024);
    const err = await refusedAdd('大照片.jpg', big);
    expect(err).toMatchObject({ code: 'TOO_LARGE', field: 'base64' });
    expect(err.message).toMatch(/超过单个附件的上限 1 KB/);
    // Garbage of that length is refused for its size before anyone looks at it.
    expect((await refusedAdd('大照片.jpg', 'A'.repeat(2000))).code).toBe('TOO_LARGE');
    expect(await s.snapshot()).toBe(before);
    // Exactly at the limit is accepted.
    const exact = Buffer.concat([sampleJpeg(0x33, 10), Buffer.alloc(1024 - sampleJpeg(0x33, 10).length, 0x33)]);
    expect(exact.length).toBe(1024);
    expect((await add('刚好.jpg', exact)).sizeBytes).toBe(1024);
  });

  it('refuses an absurd body at the schema (above the 30 MB ceiling)', async () => {
    const err = await refusedAdd('huge.pdf', 'A'.repeat(41 * 1024 * 1024));
    expect(err.field).toBe('base64');
    expect(err.message).toMatch(/30 MB/);
  });

  it('refuses an owner that does not exist, writing nothing', async () => {
    const before = await s.snapshot();
    const err = await s.api.refused('attachments.add', { ownerType: 'finding', ownerId: 9999, name: 'a.png', base64: samplePng().toString('base64') });
    expect(err).toMatchObject({ code: 'NOT_FOUND', field: 'ownerId' });
    expect((await s.api.refused('attachments.add', { ownerType: 'asset', ownerId: 9999, name: 'a.png', base64: samplePng().toString('base64') })).message).toMatch(/资产/);
    expect((await s.api.refused('attachments.add', { ownerType: 'user', ownerId: 1, name: 'a.png', base64: '' })).field).toBe('ownerType');
    expect(await s.snapshot()).toBe(before);
  });

  it('follows the allow-list of the settings', async () => {
    const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
    await s.api.ok('supervisionSettings.update', { attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES, '.BMP'] });
    expect((await add('扫描.bmp', bmp)).mimeType).toBe('image/bmp');
    await s.api.ok('supervisionSettings.update', { attachmentTypes: ['pdf'] });
    expect((await refusedAdd('照片.png', samplePng())).message).toMatch(/可上传的类型：\.pdf/);
  });
});

describe('佐证材料：任何字符的文件名都安全（只存储和显示，从不当作路径）', () => {
  it.each([
    ['../../etc/passwd.jpg', 'passwd.jpg'],
    ['..\\..\\Windows\\System32\\evil.jpg', 'evil.jpg'],
    ['C:\\Users\\张三\\Desktop\\整改照片.jpg', '整改照片.jpg'],
    ['a\u0000b.jpg', 'ab.jpg'],
    ['line\nbreak\t.jpg', 'linebreak.jpg'],
    ['整改照片（1）.JPG', '整改照片（1）.JPG'],
    ['  前后空格  .jpg  ', '前后空格 .jpg'],
    ['.hidden.jpg', 'hidden.jpg'],
  ])('%j is stored as %j, the file only under its hash', async (raw, shown) => {
    const jpeg = sampleJpeg(raw.length);
    const a = await add(raw, jpeg);
    expect(a.name).toBe(shown);
    expect(a.mimeType).toBe('image/jpeg');
    expect(await s.stored.hashes()).toEqual([a.sha256]);
    expect(s.files()).toEqual(ON_SERVER ? [] : [`${a.sha256.slice(0, 2)}/${a.sha256}.jpg`]);
    expect(fs.existsSync(path.join(s.ledger.dataDir, 'etc'))).toBe(false);
    expect(fs.existsSync(path.resolve(s.ledger.dataDir, '..', '..', 'etc', 'passwd.jpg'))).toBe(false);
  });

  it('shortens very long names to 120 characters, keeping the extension', async () => {
    const long = `${'扶贫项目整改佐证材料'.repeat(40)}.pdf`;
    const a = await add(long, samplePdf());
    expect([...a.name].length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
    expect(a.name.endsWith('….pdf')).toBe(true);
    expect(a.name.startsWith('扶贫项目整改佐证材料')).toBe(true);
    // Emoji and other astral characters are not cut in half.
    const emoji = sanitiseFileName(`${'😀'.repeat(200)}.png`);
    expect([...emoji].length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    // A name longer than the schema allows is refused at the field.
    expect((await refusedAdd('a'.repeat(5000) + '.png', samplePng())).field).toBe('name');
  });
});

describe('佐证材料：文件被改动或丢失', () => {
  it('says so when the stored file was changed or removed', async () => {
    const a = await add('照片.png', samplePng(7));
    await s.stored.spoil(a.sha256, Buffer.from('tampered'));
    expect((await s.api.refused('attachments.get', { id: a.id })).code).toBe('CORRUPT');
    // Attaching the same content again repairs the stored copy.
    await add('照片-重传.png', samplePng(7));
    expect(Buffer.from((await s.api.ok<AttachmentContent>('attachments.get', { id: a.id })).base64, 'base64').equals(samplePng(7))).toBe(true);
    await s.stored.spoil(a.sha256, null);
    const missing = await s.api.refused('attachments.get', { id: a.id });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/找不到/);
  });
});

describe('佐证材料：按路径添加（Electron 与命令行）', () => {
  it('reads a picked file, checking its size from the file system first', async () => {
    const dir = path.join(s.ledger.dir, 'picked');
    fs.mkdirSync(dir);
    const file = path.join(dir, '现场照片.png');
    fs.writeFileSync(file, samplePng(11));
    const a = await addAttachmentFromPath(s.ledger, { ownerType: 'finding', ownerId: f.id, filePath: file });
    expect(a).toMatchObject({ name: '现场照片.png', sizeBytes: samplePng(11).length });
    await s.api.ok('supervisionSettings.update', { attachmentMaxBytes: 1024 });
    const big = path.join(dir, 'big.pdf');
    fs.writeFileSync(big, Buffer.concat([samplePdf(), Buffer.alloc(2048)]));
    const before = await s.snapshot();
    await expect(addAttachmentFromPath(s.ledger, { ownerType: 'finding', ownerId: f.id, filePath: big })).rejects.toThrow(/超过单个附件的上限/);
    await expect(addAttachmentFromPath(s.ledger, { ownerType: 'finding', ownerId: f.id, filePath: dir })).rejects.toThrow(/不是文件/);
    await expect(addAttachmentFromPath(s.ledger, { ownerType: 'finding', ownerId: f.id, filePath: path.join(dir, 'nope.png') })).rejects.toThrow(/找不到所选的文件/);
    expect(await s.snapshot()).toBe(before);
  });
});

describe('设置：立行立改天数、附件大小上限与类型', () => {
  it('has documented defaults, validates changes and audits them', async () => {
    const d = await s.api.ok<SupervisionSettingsValue>('supervisionSettings.get');
    expect(d).toMatchObject({ immediateDays: 30, attachmentMaxBytes: 20 * 1024 * 1024, attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES] });
    expect(d.knownAttachmentTypes).toEqual(expect.arrayContaining(['bmp', 'tif', 'ofd']));
    const before = await s.snapshot();
    expect((await s.api.refused('supervisionSettings.update', { attachmentTypes: ['exe'] })).field).toBe('attachmentTypes.0');
    expect((await s.api.refused('supervisionSettings.update', { attachmentTypes: [] })).field).toBe('attachmentTypes');
    expect((await s.api.refused('supervisionSettings.update', { attachmentMaxBytes: 31 * 1024 * 1024 })).message).toMatch(/30 MB/);
    expect((await s.api.refused('supervisionSettings.update', { immediateDays: 0 })).field).toBe('immediateDays');
    expect((await s.api.refused('supervisionSettings.update', { immediateDays: 1.5 })).field).toBe('immediateDays');
    expect(await s.snapshot()).toBe(before);
    const u = await s.api.ok<SupervisionSettingsValue>('supervisionSettings.update', { immediateDays: 10, attachmentMaxBytes: 5 * 1024 * 1024 });
    expect(u).toMatchObject({ immediateDays: 10, attachmentMaxBytes: 5 * 1024 * 1024 });
    const audit = await s.ledger.sql.get<{ before: string; after: string }>("select before, after from audit_log where entity = 'settings' order by id desc limit 1");
    expect(JSON.parse(audit?.before ?? 'null')).toEqual({ immediateDays: 30, attachmentMaxBytes: 20 * 1024 * 1024 });
    expect(JSON.parse(audit?.after ?? 'null')).toEqual({ immediateDays: 10, attachmentMaxBytes: 5 * 1024 * 1024 });
  });
});

describe('shared/attachment-types', () => {
  it('checks magic numbers of every known type', () => {
    const all = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'pdf', 'docx', 'xls', 'doc'];
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    expect(checkFileType('a.gif', gif, all)).toMatchObject({ ok: true, mime: 'image/gif' });
    expect(checkFileType('a.webp', webp, all)).toMatchObject({ ok: true, mime: 'image/webp' });
    expect(checkFileType('a.webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]), all).ok).toBe(false);
    expect(checkFileType('a.jpeg', sampleJpeg(), all)).toMatchObject({ ok: true, canonical: 'jpg' });
    expect(checkFileType('a.pdf', Buffer.concat([Buffer.from('junk\n'), samplePdf()]), all).ok).toBe(true);
    // A program is never anything else, whatever follows its header.
    expect(checkFileType('a.pdf', Buffer.concat([sampleExe(), samplePdf()]), all).ok).toBe(false);
    expect(checkFileType('Ａ．ＪＰＧ', sampleJpeg(), all).ok).toBe(true);
  });
});
