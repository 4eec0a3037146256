// 督导简报 through the services on a demo county: series settings, compose from an inspection or a period,
// numbering, edits, tables linked to the ledger until 签发, the frozen snapshot and the archived PDF, the
// list and search, and the PDF itself read back from Chromium's print engine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulletinPdfBytes } from '../../electron/ledger/bulletins/bulletins';
import { layoutBulletin } from '../../shared/bulletin/layout';
import type { BulletinDetail, BulletinPdf, BulletinPreview, BulletinRow, BulletinSeriesRow, InspectionPage } from '../../shared/api';
import { checkBulletinPdf } from '../helpers/bulletin-pdf-check';
import { channels } from '../helpers/county-fixture';
import { NOW } from '../helpers/supervision-fixture';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import { dataPort } from '../../electron/platform/data-port';
import { archiveRecordPath, readArchiveRecord } from '../../db/anchor';
import { checkAnchors } from '../../electron/ledger/audit/verify/anchors';

let ledger: TestLedger;
let api: ReturnType<typeof channels>;
let inspectionId: number;
let inspectionName: string;

beforeAll(async () => {
  ledger = await testLedger({ now: NOW });
  api = channels(ledger);
  await api.ok('demo.load', { scale: 1 });
  const page = await api.ok<InspectionPage>('inspections.list', {});
  const withFindings = page.rows.find((r) => (r as unknown as { findingCount?: number }).findingCount !== 0) ?? page.rows[0]!;
  inspectionId = withFindings.id;
  inspectionName = withFindings.name;
});
afterAll(() => ledger.dispose());

/** An issued bulletin's archived PDF where the ledger keeps it: a file in the data folder, or on the server a file_contents row. */
const archive = {
  file: (pdfPath: string) => path.join(ledger.dataDir, ...pdfPath.split('/')),
  async bytes(id: number, pdfPath: string): Promise<Buffer | undefined> {
    if (!ON_SERVER) return fs.existsSync(archive.file(pdfPath)) ? fs.readFileSync(archive.file(pdfPath)) : undefined;
    const content = await ledger.sql.value<Uint8Array>('select f.content from bulletins b join file_contents f on f.sha256 = b.pdf_sha256 where b.id = ?', [id]);
    return content === undefined ? undefined : Buffer.from(content);
  },
  /** Lost behind the app's back (a folder cleaned up, a bad restore). */
  async lose(id: number, pdfPath: string): Promise<void> {
    if (!ON_SERVER) return fs.rmSync(archive.file(pdfPath));
    const { changes } = await ledger.sql.run('delete from file_contents where sha256 = (select pdf_sha256 from bulletins where id = ?)', [id]);
    expect(changes).toBe(1);
  },
};

describe('series settings', () => {
  it('creates the default series from the office, and saves edits with an audit row', async () => {
    const [series] = await api.ok<BulletinSeriesRow[]>('bulletins.series.list', {});
    expect(series!.name).toBe('脱贫攻坚督导简报');
    expect(series!.issuer).toMatch(/乡村振兴局$/);
    expect(series!.recipients.distribute.length).toBeGreaterThan(0);
    const saved = await api.ok<BulletinSeriesRow>('bulletins.series.save', {
      id: series!.id,
      name: '脱贫攻坚督导简报',
      issuer: '青山县乡村振兴局',
      recipients: { report: ['县委、县人民政府主要领导'], send: ['县委农办'], distribute: ['各乡镇党委、人民政府', '县直有关部门'] },
      copies: 45,
      classification: '内部资料  注意保存',
    });
    expect(saved.copies).toBe(45);
    expect(saved.recipients.distribute).toEqual(['各乡镇党委、人民政府', '县直有关部门']);
    const refused = await api.refused('bulletins.series.save', { name: '', issuer: 'x', recipients: { report: [], send: [], distribute: [] }, copies: 0 });
    expect(refused.code).toBe('VALIDATION');
  });
});

describe('compose, number, edit', () => {
  let draft: BulletinDetail;

  it('drafts 基本情况, 存在问题 by township and 下步要求 from an inspection, numbered 第1期 of the year', async () => {
    draft = await api.ok<BulletinDetail>('bulletins.compose', { source: { kind: 'inspection', inspectionId } });
    expect(draft.status).toBe('draft');
    expect(draft.year).toBe(2026);
    expect(draft.number).toBe(1);
    expect(draft.label).toBe('第1期');
    expect(draft.title).toContain(inspectionName.replace(/情况$/, ''));
    const headings = draft.content.sections.filter((s) => s.level === 1).map((s) => s.text);
    expect(headings).toEqual(['基本情况', '主要做法及成效', '存在问题', '下步要求']);
    const basic = draft.content.sections.slice(1, 4).map((s) => s.text).join('');
    expect(basic).toMatch(/共发现问题\d+个/);
    expect(basic).toMatch(/支出进度\d+\.\d%/);
    // 存在问题: one 二级 heading per township of the findings, in 区划 order, items under them.
    const detail = await ledger.sql.column<string>(
      `select coalesce(t.name, '县直部门及其他') as name from findings f left join divisions t on t.id = f.township_id
        where f.inspection_id = ? and f.deleted_at is null
        group by f.township_id, t.name, t.sort_order, t.code
        order by case when f.township_id is null then 1 else 0 end, t.sort_order, t.code`,
      [inspectionId],
    );
    const problemsFrom = draft.content.sections.findIndex((s) => s.level === 1 && s.text === '存在问题');
    const requirementsFrom = draft.content.sections.findIndex((s) => s.level === 1 && s.text === '下步要求');
    const problemSections = draft.content.sections.slice(problemsFrom, requirementsFrom);
    expect(problemSections.filter((s) => s.level === 2).map((s) => s.text)).toEqual(detail);
    const items = draft.content.sections.filter((s) => s.level === 3);
    const findingCount = Number(await ledger.sql.value('select count(*) from findings where inspection_id = ? and deleted_at is null', [inspectionId]));
    expect(items).toHaveLength(findingCount);
    expect(draft.numbers[draft.content.sections.findIndex((s) => s.level === 2)]).toBe('（一）');
    // 主要做法及成效 and 下步要求 are drafted from the ledger, not left as bare headings.
    const sections = draft.content.sections;
    const under = (heading: string) => {
      const from = sections.findIndex((s) => s.level === 1 && s.text === heading) + 1;
      const to = sections.findIndex((s, i) => i >= from && s.level === 1);
      return sections.slice(from, to < 0 ? undefined : to);
    };
    const achievements = under('主要做法及成效').map((s) => s.text).join('');
    // The inspection's own townships as its form shows them (its targets), beside those of its findings.
    const { townshipIds } = await api.ok<{ townshipIds: number[] }>('inspections.get', { id: inspectionId });
    const started = await ledger.sql.value<number>(
      `select count(*) from projects where deleted_at is null and year = 2026 and status in ('started','completed','accepted','reimbursed','handedOver','maintained')
         and (township_id in (select township_id from findings where inspection_id = ?)
              or township_id in (${['0', ...townshipIds.map(() => '?')].join(', ')}))`,
      [inspectionId, ...townshipIds],
    );
    expect(achievements).toMatch(/已开工\d+个/);
    expect(achievements).toContain(`已开工${started}个`);
    const requirements = under('下步要求');
    expect(requirements.filter((s) => s.level === 2).map((s) => s.text)).toContain('抓紧整改到位');
    expect(requirements.every((s) => s.text.trim() !== '')).toBe(true);
    const open = await ledger.sql.value<number>("select count(*) from findings where inspection_id = ? and deleted_at is null and status in ('notStarted','inProgress')", [inspectionId]);
    expect(requirements.map((s) => s.text).join('')).toContain(`尚未完成整改的${open}个问题`);
    expect(draft.content.tables).toEqual({ ranking: true, rectification: true });
    expect(draft.content.copies).toBe(45);
  });

  it('numbers the next bulletin 第2期 and a supplement 增刊第1期; a number in use is refused', async () => {
    const second = await api.ok<BulletinDetail>('bulletins.compose', { source: { kind: 'period', start: '2026-01-01', end: '2026-06-30' } });
    expect(second.label).toBe('第2期');
    expect(second.title).toContain('2026年1月1日至2026年6月30日');
    const supplement = await api.ok<BulletinDetail>('bulletins.compose', { source: { kind: 'inspection', inspectionId }, isSupplement: true });
    expect(supplement.label).toBe('增刊第1期');
    const before = await api.snapshot();
    const clash = await api.refused('bulletins.update', { id: second.id, number: 1 });
    expect(clash.code).toBe('CONFLICT');
    expect(clash.field).toBe('number');
    expect(clash.message).toContain('第1期');
    expect(await api.snapshot()).toBe(before);
    const renumbered = await api.ok<BulletinDetail>('bulletins.update', { id: second.id, number: 5 });
    expect(renumbered.label).toBe('第5期');
    expect((await api.ok<{ number: number }>('bulletins.nextNumber', { seriesId: second.seriesId, year: 2026, isSupplement: false })).number).toBe(6);
    await api.ok('bulletins.delete', { id: supplement.id });
    await api.refused('bulletins.get', { id: supplement.id });
  });

  it('saves the edited text; the preview shows unsaved edits without saving them', async () => {
    const sections = [...draft.content.sections];
    sections[sections.length - 1] = { level: 0, text: '各乡镇要对照问题清单逐项整改，按时销号。' };
    sections.splice(sections.findIndex((s) => s.text === '主要做法及成效') + 1, 1, { level: 0, text: '各乡镇建立问题整改台账，实行周调度。' });
    const preview = await api.ok<BulletinPreview>('bulletins.preview', { id: draft.id, title: '未保存的标题', content: { ...draft.content, sections } });
    expect(preview.html).toContain('未保存的标题');
    expect((await api.ok<BulletinDetail>('bulletins.get', { id: draft.id })).title).toBe(draft.title);
    draft = await api.ok<BulletinDetail>('bulletins.update', { id: draft.id, content: { ...draft.content, sections } });
    expect(draft.content.sections.at(-1)!.text).toBe('各乡镇要对照问题清单逐项整改，按时销号。');
    const shown = await api.ok<BulletinPreview>('bulletins.preview', { id: draft.id });
    expect(shown.html).toContain('各乡镇要对照问题清单逐项整改，按时销号。');
    expect(shown.html).toContain('四、下步要求');
  });

  it('keeps the tables linked to the ledger until 签发, then freezes text, tables and PDF', async () => {
    const count = (html: string) => Number(/<td[^>]*>合计<\/td><td[^>]*>(\d+)<\/td>/.exec(html)?.[1]);
    const before = await api.ok<BulletinPreview>('bulletins.preview', { id: draft.id });
    const total = count(before.html);
    expect(total).toBeGreaterThan(0);
    const firstFinding = 'select id from findings where inspection_id = ? and deleted_at is null order by id limit 1';
    const findingId = await ledger.sql.value<number>(firstFinding, [inspectionId]);
    await api.ok('findings.delete', { id: findingId, reason: '重复录入' });
    const linked = await api.ok<BulletinPreview>('bulletins.preview', { id: draft.id });
    expect(count(linked.html)).toBe(total - 1);

    const issued = await api.ok<BulletinDetail>('bulletins.issue', { id: draft.id });
    expect(issued.status).toBe('issued');
    expect(issued.issuedBy).toBeTruthy();
    const pdfPath = '简报/2026/脱贫攻坚督导简报第1期.pdf';
    expect(issued.pdfPath).toBe(pdfPath);
    const archived = await archive.bytes(draft.id, pdfPath);
    if (!archived) throw new Error('the issued bulletin has no archived PDF');
    expect(archived.subarray(0, 5).toString()).toBe('%PDF-');
    // On a file its archive record carries the audit chain's head as it stood after the issue (an anchor for 校验
    // outside the file); the server's database is its own anchor and its data folder holds no archive.
    const issueRow = await ledger.sql.get<{ id: number; hash: string }>("select id, hash from audit_log where entity = 'bulletin' and action = 'issue'");
    const file = archive.file(pdfPath);
    if (ON_SERVER) expect(fs.existsSync(path.dirname(file))).toBe(false);
    else expect(readArchiveRecord(archiveRecordPath(file))).toMatchObject({ label: '第1期', title: issued.title, auditHead: issueRow });
    expect(await checkAnchors(ledger)).toMatchObject({ ok: true, bulletins: ON_SERVER ? 0 : 1 });

    // The ledger changes; the issued bulletin does not.
    const another = await ledger.sql.value<number>(firstFinding, [inspectionId]);
    await api.ok('findings.delete', { id: another, reason: '重复录入' });
    const frozen = await api.ok<BulletinPreview>('bulletins.preview', { id: draft.id });
    expect(count(frozen.html)).toBe(total - 1);
    const again = await api.ok<BulletinPdf>('bulletins.pdf', { id: draft.id });
    expect(again.archived).toBe(true);
    expect(Buffer.from(again.base64, 'base64').equals(archived)).toBe(true);

    expect((await api.refused('bulletins.update', { id: draft.id, title: '改' })).code).toBe('CONFLICT');
    expect((await api.refused('bulletins.delete', { id: draft.id })).code).toBe('CONFLICT');
    expect((await api.refused('bulletins.issue', { id: draft.id })).code).toBe('CONFLICT');

    // An archive that went missing is printed again from the snapshot, archived again: the same pages.
    await archive.lose(draft.id, pdfPath);
    const reprinted = await bulletinPdfBytes(ledger, draft.id);
    expect((await archive.bytes(draft.id, pdfPath))?.equals(reprinted.bytes)).toBe(true);
    const a = await checkBulletinPdf(new Uint8Array(archived), { pageCount: again.pageCount, label: '第1期', title: issued.title, draft: false });
    const b = await checkBulletinPdf(reprinted.bytes, { pageCount: again.pageCount, label: '第1期', title: issued.title, draft: false });
    // 签发 lays the pages out without the draft mark: no page of the archive says 草稿.
    expect(a.problems).toEqual([]);
    expect(a.pages.filter((p) => p.text.replace(/\s+/g, '').includes('草稿'))).toEqual([]);
    expect(b.pages.map((p) => p.text)).toEqual(a.pages.map((p) => p.text));
    expect((await verifyChainOnPort(dataPort(ledger))).ok).toBe(true);
    const actions = await ledger.sql.column<string>("select action from audit_log where entity = 'bulletin' and entity_id = ? order by id", [draft.id]);
    expect(actions).toEqual(['create', 'update', 'issue', 'rearchive']);
  });

  it('lists by year and number and finds bulletins by words, number and status', async () => {
    const all = await api.ok<{ rows: BulletinRow[]; years: number[] }>('bulletins.list', { year: 2026 });
    expect(all.years).toEqual([2026]);
    expect(all.rows.map((r) => r.label)).toEqual(['第5期', '第1期']);
    const issued = await api.ok<{ rows: BulletinRow[] }>('bulletins.list', { status: 'issued' });
    expect(issued.rows.map((r) => r.number)).toEqual([1]);
    const byNumber = await api.ok<{ rows: BulletinRow[] }>('bulletins.list', { keyword: '第5期' });
    expect(byNumber.rows.map((r) => r.number)).toEqual([5]);
    const byText = await api.ok<{ rows: BulletinRow[] }>('bulletins.list', { keyword: '按时销号' });
    expect(byText.rows.map((r) => r.number)).toEqual([1]);
    expect((await api.ok<{ rows: BulletinRow[] }>('bulletins.list', { year: 2025 })).rows).toEqual([]);
  });
});

describe('the PDF, read back', () => {
  it('is A4 with the pages the layout says, 第N期 and the title, page numbers right/left, all text in the 156 × 225 mm block', async () => {
    const d = await api.ok<BulletinDetail>('bulletins.compose', { source: { kind: 'period', start: '2024-01-01', end: '2026-11-24' } });
    const { pageCount } = layoutBulletin(await (await import('../../electron/ledger/bulletins/bulletins')).bulletinDocument(ledger, d.id));
    expect(pageCount).toBeGreaterThanOrEqual(4);
    const pdf = await bulletinPdfBytes(ledger, d.id);
    expect(pdf.pageCount).toBe(pageCount);
    const check = await checkBulletinPdf(pdf.bytes, { pageCount, label: d.label, title: d.title, draft: true });
    expect(check.problems).toEqual([]);
    // A draft says so on every page, in the margin above the text.
    expect(check.pages.map((p) => p.text.replace(/\s+/g, '').includes('草稿'))).toEqual(check.pages.map(() => true));
    const lastText = check.pages.at(-1)!.text;
    expect(lastText).toContain('共印45份');
    expect(lastText).toMatch(/发：各乡镇党委、人民政府，县直有关部门共印45份— \d+ —$/);
    // The attachment tables: their header rows on every page they run over.
    const rankingPages = check.pages.filter((p) => p.text.includes('累计支出'));
    expect(rankingPages.length).toBeGreaterThanOrEqual(1);
    expect(check.pages.some((p) => p.text.includes('附件1') && p.text.includes('各乡镇衔接资金支出进度排名'))).toBe(true);
    expect(check.pages.some((p) => p.text.includes('附件2') && p.text.includes('问题整改进度表'))).toBe(true);
  });
});
