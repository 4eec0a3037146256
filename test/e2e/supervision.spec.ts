// 督导检查与问题整改 in real Chromium against browser mode: a county entered through the API, then in the UI an
// inspection, three findings (立行立改, a "…日前" date already past so the finding is overdue, 长期坚持) with
// the deadline preview, a photo attached (and a renamed program refused), one finding moved 整改中 →
// 已完成待销号 → 已销号 — the 销号 first refused for the same operator, then done by a second operator (set in
// 设置 on a ledger file, signed in on the office server) — and the matrix and 首页 counts before and after.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import type { DivisionRow } from '../../shared/api';
import { addDays, formatChineseDate, localToday } from '../../shared/dates';
import { actAs, expect, ledgerSql, OFFICE_TOO, shot, test } from './fixtures';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

interface Places {
  huashu: DivisionRow;
  nanshan: DivisionRow;
}

/** 青山县: 桦树镇 (前进村, 新桑村) and 南山乡 (小河村), two departments; the clerk comes from actAs. */
async function setupCounty(ledger: LedgerHandle): Promise<Places> {
  const county = await ok<DivisionRow>(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const huashu = await ok<DivisionRow>(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const nanshan = await ok<DivisionRow>(ledger, 'divisions.create', { level: 'township', parentId: county.id, code: '632123200000', name: '南山乡' });
  await ok(ledger, 'divisions.create', { level: 'village', parentId: huashu.id, code: '632123100200', name: '前进村' });
  await ok(ledger, 'divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '新桑村' });
  await ok(ledger, 'divisions.create', { level: 'village', parentId: nanshan.id, code: '632123200200', name: '小河村' });
  await ok(ledger, 'units.create', { name: '县乡村振兴局', kind: 'department' });
  await ok(ledger, 'units.create', { name: '县教育局', kind: 'department' });
  await ok(ledger, 'settings.update', { officeName: '青山县乡村振兴局' });
  return { huashu, nanshan };
}

// ---- a real PNG -----------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 160×120 RGB picture: sky, a green field and a red-roofed house — something a thumbnail visibly shows. */
function photoPng(): Buffer {
  const w = 160;
  const h = 120;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y += 1) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < w; x += 1) {
      let rgb: [number, number, number] = y < 70 ? [120 + y, 180 + Math.floor(y / 2), 235] : [70, 150 - Math.floor((y - 70) / 2), 60];
      const inHouse = x >= 55 && x < 105 && y >= 55 && y < 95;
      const inRoof = y >= 35 && y < 55 && Math.abs(x - 80) <= (y - 35) * 1.4;
      if (inHouse) rgb = x >= 73 && x < 87 && y >= 72 ? [90, 60, 40] : [235, 228, 210];
      if (inRoof) rgb = [178, 34, 34];
      raw[row + 1 + x * 3] = rgb[0];
      raw[row + 2 + x * 3] = rgb[1];
      raw[row + 3 + x * 3] = rgb[2];
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// ---- antd helpers ---------------------------------------------------------------------------------------

/** Open an antd Select by its test id and pick the option with this label. */
/** A small real PDF: A4 pages, each with a heading, a line of text (Helvetica, not embedded) and a box. */
function textPdf(lines: string[]): Buffer {
  const escape = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`);
  const pageCount = 2;
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  const kids = Array.from({ length: pageCount }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects[2] = `<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  for (let i = 0; i < pageCount; i += 1) {
    const text = lines.map((l, j) => `BT /F1 ${j === 0 ? 28 : 16} Tf 72 ${760 - j * 40} Td (${escape(l)}) Tj ET`).join('\n');
    const stream = `${text}\nBT /F1 20 Tf 72 640 Td (Page ${i + 1} of ${pageCount}) Tj ET\n0.77 0.15 0.18 rg 72 560 451 40 re f\n0 0 0 RG 2 w 72 300 451 200 re S\n`;
    objects[4 + i * 2] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`;
    objects[5 + i * 2] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n += 1) {
    offsets[n] = Buffer.byteLength(out, 'latin1');
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objects.length; n += 1) out += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Evaluated in the page on a <canvas>: how many of its pixels are not (nearly) white. */
function inkedPixels(canvas: HTMLCanvasElement): number {
  if (canvas.width === 0 || canvas.height === 0) return 0;
  const context = canvas.getContext('2d');
  if (!context) return 0;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 0 && (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200)) inked += 1;
  }
  return inked;
}

async function pick(page: Page, testId: string, label: string, scope: Page | Locator = page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const select = scope.getByTestId(testId);
  // A multiple select stays open after a pick: clicking it again would close it.
  const expanded = await select.evaluate((el) => el.getAttribute('aria-expanded') === 'true' || el.querySelector('[aria-expanded="true"]') !== null);
  if (!expanded) {
    // Wait for the list of another select to finish closing.
    await expect(open).toHaveCount(0);
    await select.click();
  }
  // Long lists are virtual: type to bring the option into view (a select without search ignores it).
  await page.keyboard.type(label);
  await open.locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${label}$`) }).first().click();
}

/** Type a date into an antd DatePicker and confirm it. */
async function typeDate(page: Page, testId: string, day: string): Promise<void> {
  const root = page.getByTestId(testId);
  const input = (await root.evaluate((el) => el.tagName)) === 'INPUT' ? root : root.locator('input');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

function chineseDeadline(day: string): string {
  return `${formatChineseDate(day)}前`;
}

test(`督导检查：新增检查和三个问题，上传照片，整改到销号（同一人销号被拒，换操作员后销号），矩阵和首页随之变化 ${OFFICE_TOO}`, async ({ page, app }) => {
  // A long walk through the screens with antd's animations: more time than the default.
  test.setTimeout(180_000);
  const places = await setupCounty(app.ledger);
  // The clerk at the page: 设置 → 操作员姓名 on a file; on the office server 张敏 signs in.
  await actAs(app, '张敏');
  const today = localToday();
  const start = addDays(today, -20);
  const end = addDays(today, -18);
  // 立行立改 = the inspection's end + N days: set N so it falls three days from today (due this week).
  await ok(app.ledger, 'supervisionSettings.update', { immediateDays: 21 });
  const immediateDate = addDays(end, 21);
  const pastDate = addDays(today, -5);

  const dir = path.join(app.dir, 'files');
  fs.mkdirSync(dir, { recursive: true });
  const photo = path.join(dir, '新桑村 危房改造 现场照片（整改后）.png');
  fs.writeFileSync(photo, photoPng());
  const fake = path.join(dir, '整改报告.jpg');
  fs.writeFileSync(fake, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]));

  // Nothing the screens do (the PDF viewer included) may need more than the app's CSP allows.
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (e.message.includes('Content Security Policy')) cspViolations.push(e.message);
  });

  await page.goto(app.bridge.url);
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await page.getByTestId('nav-supervision').click();
  await expect(page.getByTestId('screen-title')).toHaveText('督导检查与问题整改');

  // ---- 检查
  await page.getByTestId('tab-inspections').click();
  await page.getByTestId('add-inspection').click();
  const inspectionForm = page.getByTestId('inspection-form');
  await expect(inspectionForm).toBeVisible();
  await page.getByTestId('inspection-field-name').fill('2026年脱贫攻坚成果巩固专项督查');
  await pick(page, 'inspection-field-source', '专项督查');
  await page.getByTestId('inspection-field-sourceDocNumber').fill('青乡振督[2026]12号');
  await expect(page.getByTestId('inspection-field-sourceDocNumber')).toHaveValue('青乡振督〔2026〕12号');
  await page.getByTestId('inspection-field-team').fill('县委督查室第二督导组');
  await page.getByTestId('inspection-field-leader').fill('王建国');
  await typeDate(page, 'inspection-field-startDate', start);
  await typeDate(page, 'inspection-field-endDate', end);
  await pick(page, 'inspection-field-townshipIds', '桦树镇');
  await pick(page, 'inspection-field-townshipIds', '南山乡');
  await page.keyboard.press('Escape');
  await page.getByTestId('inspection-save').click();
  await expect(inspectionForm).toBeHidden();

  // Saving a new inspection opens its page.
  const inspectionPage = page.getByTestId('inspection-page');
  await expect(inspectionPage).toBeVisible();
  await expect(page.getByTestId('inspection-title')).toHaveText('2026年脱贫攻坚成果巩固专项督查');
  await expect(inspectionPage).toContainText('青乡振督〔2026〕12号');
  await expect(inspectionPage).toContainText('桦树镇、南山乡');

  // ---- three findings
  const addFinding = async (f: { category: string; description: string; township: string; village: string; deadline: string; preview: RegExp; shot?: string }) => {
    await page.getByTestId('add-finding').click();
    const form = page.getByTestId('finding-form');
    await expect(form).toBeVisible();
    await pick(page, 'finding-field-category', f.category);
    await page.getByTestId('finding-field-description').fill(f.description);
    await pick(page, 'finding-field-township', f.township);
    await pick(page, 'finding-field-village', f.village);
    await page.getByTestId('finding-field-responsibleUnit').locator('input').fill(`${f.township}人民政府`);
    await page.getByTestId('finding-field-responsiblePerson').fill('刘洋');
    await page.getByTestId('finding-field-deadline').fill(f.deadline);
    await expect(page.getByTestId('finding-deadline-preview')).toContainText(f.preview);
    if (f.shot) await shot(page, f.shot);
    await page.getByTestId('finding-save').click();
    await expect(form).toBeHidden();
  };

  // The village list follows the township: 南山乡's villages only.
  await page.getByTestId('add-finding').click();
  await pick(page, 'finding-field-township', '南山乡');
  await page.getByTestId('finding-field-village').click();
  const villageOptions = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await expect(villageOptions).toHaveText(['小河村']);
  await page.keyboard.press('Escape');
  // A deadline before the inspection is refused in the preview, and at the field on save; nothing is written.
  await pick(page, 'finding-field-category', '精准识别');
  await page.getByTestId('finding-field-description').fill('试录：时限早于检查');
  await page.getByTestId('finding-field-deadline').fill('2020年底前');
  await expect(page.getByTestId('finding-deadline-preview')).toContainText('早于检查开始日期');
  await page.getByTestId('finding-save').click();
  await expect(page.getByTestId('finding-form').locator('.ant-form-item-explain-error')).toContainText('早于检查开始日期');
  expect(await ledgerSql(app.ledger).value('select count(*) from findings')).toBe(0);
  await page.getByTestId('finding-cancel').click();
  // What was typed is not saved: 取消 asks first (useUnsavedGuard).
  await page.getByTestId('unsaved-discard').click();
  await expect(page.getByTestId('finding-form')).toBeHidden();

  await addFinding({
    category: '住房安全',
    description: '前进村 2 户脱贫户住房安全等级鉴定资料缺失，未按规定开展动态监测',
    township: '桦树镇',
    village: '前进村',
    deadline: '立行立改',
    preview: new RegExp(`立行立改 → ${formatChineseDate(immediateDate)}`),
  });
  await addFinding({
    category: '项目资金管理',
    description: '新桑村危房改造补助资金拨付滞后，3 户补助未按期兑现',
    township: '桦树镇',
    village: '新桑村',
    deadline: chineseDeadline(pastDate),
    preview: new RegExp(`${chineseDeadline(pastDate)} → ${formatChineseDate(pastDate)}.*已早于今天`),
    shot: 'supervision-00-finding-form',
  });
  await addFinding({
    category: '防返贫监测帮扶',
    description: '小河村防返贫监测户帮扶措施落实不够精准，需建立长效机制',
    township: '南山乡',
    village: '小河村',
    deadline: '长期坚持',
    preview: /长期坚持 → 无期限/,
  });

  const rows = inspectionPage.getByTestId('finding-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('inspection-count-all')).toContainText('3');
  await expect(page.getByTestId('inspection-count-notStarted')).toContainText('2');
  await expect(page.getByTestId('inspection-count-ongoing')).toContainText('1');
  await expect(page.getByTestId('inspection-count-overdue')).toContainText('1');
  // Overdue in red: the row of the 新桑村 finding carries the overdue mark and its deadline is red.
  const overdueRow = rows.filter({ hasText: '新桑村危房改造' });
  await expect(overdueRow).toHaveClass(/sv-row-overdue/);
  await expect(overdueRow.locator('.sv-deadline.sv-red')).toContainText('逾期 5 天');
  await expect(rows.filter({ hasText: '前进村' }).locator('.sv-deadline')).toContainText('还剩 3 天');
  await shot(page, 'supervision-01-inspection-page');

  // The inspection list counts them, overdue in red.
  await page.getByTestId('inspection-back').click();
  const listRow = page.getByTestId('inspection-row').filter({ hasText: '2026年脱贫攻坚成果巩固专项督查' });
  await expect(listRow).toContainText('专项督查');
  await expect(listRow.getByTestId('inspection-overdue')).toHaveText('1');
  await expect(listRow.getByTestId('inspection-overdue')).toHaveClass(/sv-red/);
  await shot(page, 'supervision-02-inspection-list');

  // ---- 首页 and the matrix before
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-overdue-value')).toHaveText('1');
  await expect(page.getByTestId('home-due-week-value')).toHaveText('1');
  await page.getByTestId('nav-supervision').click();
  await page.getByTestId('tab-matrix').click();
  const hs = places.huashu.id;
  await expect(page.getByTestId('matrix-table')).toContainText('桦树镇');
  await expect(page.getByTestId(`matrix-${hs}-notStarted`)).toHaveText('2');
  await expect(page.getByTestId(`matrix-${hs}-closed`)).toHaveText('0');
  await expect(page.getByTestId(`matrix-${hs}-overdue`)).toHaveText('1');
  await expect(page.getByTestId(`matrix-${places.nanshan.id}-ongoing`)).toHaveText('1');

  // ---- the overdue finding: open it from the matrix's overdue count
  await page.getByTestId(`matrix-${hs}-overdue`).click();
  await expect(page.getByTestId('finding-filter-overdue')).toBeChecked();
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await page.getByTestId('finding-row').first().click();
  const drawer = page.getByTestId('finding-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('新桑村危房改造补助资金拨付滞后');
  await expect(drawer.getByTestId('overdue-tag').or(page.getByTestId('overdue-tag')).first()).toBeVisible();
  await expect(drawer.getByTestId('finding-deadline')).toContainText('逾期 5 天');

  // 标记完成 needs evidence: refused in Chinese before any file is attached.
  await page.getByTestId('finding-step-inProgress').click();
  await page.getByTestId('step-note').fill('已制定整改方案，正在核实 3 户补助发放情况');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('finding-status').first()).toHaveText('整改中');

  await page.getByTestId('finding-step-awaitingClose').click();
  await page.getByTestId('step-note').fill('3 户补助已补发到位');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('step-error')).toContainText('请先上传至少一份佐证材料');
  await page.getByTestId('step-modal').getByRole('button', { name: /取\s*消/ }).click();
  await page.getByTestId('unsaved-discard').click();
  await expect(page.getByTestId('step-modal')).toBeHidden();

  // A program renamed .jpg is refused with a Chinese message; the photo is taken and shown as a thumbnail.
  await page.getByTestId('finding-drawer-body').getByTestId('attachment-input').setInputFiles(fake);
  await expect(page.getByTestId('attachment-problems')).toContainText('可执行程序');
  await page.getByTestId('finding-drawer-body').getByTestId('attachment-input').setInputFiles(photo);
  const item = page.getByTestId('attachment-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('新桑村 危房改造 现场照片（整改后）.png');
  const thumb = item.first().getByTestId('attachment-thumb');
  await expect(thumb).toBeVisible();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  expect(await ledgerSql(app.ledger).value("select count(*) from attachments where owner_type = 'finding'")).toBe(1);

  // A PDF dropped on the zone: listed with its name, drawn page by page in the app's viewer (pdf.js on
  // <canvas>, under the app's CSP), saved by 下载/另存.
  const pdf = textPdf(['Rectification meeting minutes', 'Case 2026-12: subsidies paid to 3 households']);
  await page.getByTestId('attachment-drop').evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], '整改会议纪要.pdf', { type: 'application/pdf' }));
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, pdf.toString('base64'));
  await expect(item).toHaveCount(2);
  const pdfItem = item.filter({ hasText: '整改会议纪要.pdf' });
  await pdfItem.getByTestId('attachment-view').click();
  const pdfViewer = page.getByTestId('attachment-viewer');
  await expect(pdfViewer.getByTestId('pdf-viewer')).toBeVisible();
  await expect(pdfViewer.getByTestId('pdf-page-count')).toHaveText('共 2 页');
  await expect(pdfViewer).toContainText('PDF 文档');
  const firstPage = pdfViewer.getByTestId('pdf-page').first();
  await expect(firstPage).toBeVisible();
  expect((await firstPage.boundingBox())?.width ?? 0).toBeGreaterThan(100);
  // The canvas has been drawn on: some pixels are not white.
  await expect.poll(() => firstPage.evaluate(inkedPixels), { timeout: 15_000 }).toBeGreaterThan(50);
  // Zoom: 100% is the printed size (A4 = 595 pt = 793 CSS px wide), 放大 makes it wider, 适合宽度 fits again.
  const widthOf = async () => (await firstPage.boundingBox())?.width ?? 0;
  const fitWidth = await widthOf();
  await pdfViewer.getByTestId('pdf-zoom-100').click();
  await expect(pdfViewer.getByTestId('pdf-zoom')).toHaveText('100%');
  await expect.poll(widthOf).toBeCloseTo(793.7, 0);
  await pdfViewer.getByTestId('pdf-zoom-in').click();
  await expect(pdfViewer.getByTestId('pdf-zoom')).toHaveText('110%');
  await expect.poll(widthOf).toBeGreaterThan(800);
  await pdfViewer.getByTestId('pdf-zoom-out').click();
  await pdfViewer.getByTestId('pdf-zoom-out').click();
  await expect(pdfViewer.getByTestId('pdf-zoom')).toHaveText('90%');
  await pdfViewer.getByTestId('pdf-zoom-fit').click();
  await expect.poll(widthOf).toBeCloseTo(fitWidth, 0);
  await expect.poll(() => firstPage.evaluate(inkedPixels)).toBeGreaterThan(50);
  // The second page is reached by scrolling and drawn too.
  const secondPage = pdfViewer.getByTestId('pdf-page').nth(1);
  await secondPage.scrollIntoViewIfNeeded();
  await expect.poll(() => secondPage.evaluate(inkedPixels), { timeout: 15_000 }).toBeGreaterThan(50);
  await firstPage.scrollIntoViewIfNeeded();
  await shot(page, 'supervision-pdf-viewer');
  expect(cspViolations).toEqual([]);
  const download = page.waitForEvent('download');
  await page.getByTestId('attachment-download').click();
  expect((await download).suggestedFilename()).toBe('整改会议纪要.pdf');
  await page.getByTestId('attachment-viewer-close').click();
  await expect(pdfViewer.getByTestId('pdf-viewer')).toBeHidden();

  await page.getByTestId('finding-step-awaitingClose').click();
  await expect(page.getByTestId('step-date').locator('input').or(page.getByTestId('step-date')).first()).toHaveValue(today);
  await page.getByTestId('step-note').fill('3 户补助已补发到位，补发凭证和现场照片已上传');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('finding-status').first()).toHaveText('已完成待销号');
  await expect(page.getByTestId('step-modal')).toBeHidden();
  await expect(drawer.getByTestId('finding-timeline')).toContainText('整改中 → 已完成待销号');
  await expect(drawer.getByTestId('finding-timeline')).toContainText('张敏');
  await shot(page, 'supervision-03-finding-drawer-photo');
  // The photo opens large in the app's viewer.
  await item.filter({ hasText: '现场照片' }).getByTestId('attachment-view').click();
  const viewer = page.getByTestId('attachment-viewer');
  await expect(viewer.locator('img')).toBeVisible();
  expect(await viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await page.getByTestId('attachment-viewer-close').click();
  await expect(viewer.locator('img')).toBeHidden();

  // 销号 by the one who recorded the completion: refused politely, at the reviewer field.
  await page.getByTestId('finding-step-closed').click();
  await expect(page.getByTestId('step-reviewer')).toHaveValue('张敏');
  await expect(page.getByTestId('step-same-person')).toBeVisible();
  await page.getByTestId('step-note').fill('经核查，整改到位，同意销号');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('step-modal').locator('.ant-form-item-explain-error')).toHaveText('销号审核人不能是记录整改完成的人（张敏），请由其他人审核销号');
  await page.waitForTimeout(400); // the error slides in
  await shot(page, 'supervision-04-same-person-refused');
  await page.getByTestId('step-modal').getByRole('button', { name: /取\s*消/ }).click();
  await page.getByTestId('unsaved-discard').click();
  await expect(page.getByTestId('finding-status').first()).toHaveText('已完成待销号');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // ---- a second operator: in 设置 on a file (single-user mode); on the office server 李华 signs in at this page.
  if (app.ledger.port) {
    await actAs(app, '李华');
    await page.reload();
  } else {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-operatorName').fill('李华');
    await page.getByTestId('settings-save').click();
  }
  await expect(page.getByTestId('operator-name')).toContainText('李华');

  // ---- 销号 by 李华
  await page.getByTestId('nav-supervision').click();
  await page.getByTestId('tab-findings').click();
  await pick(page, 'finding-filter-status', '已完成待销号');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await page.getByTestId('finding-row').first().click();
  await expect(drawer).toContainText('新桑村危房改造补助资金拨付滞后');
  await page.getByTestId('finding-step-closed').click();
  await expect(page.getByTestId('step-reviewer')).toHaveValue('李华');
  await expect(page.getByTestId('step-same-person')).toBeHidden();
  await page.getByTestId('step-note').fill('经核查，补助已全部兑现，整改到位，同意销号');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('finding-status').first()).toHaveText('已销号');
  await expect(page.getByTestId('step-modal')).toBeHidden();
  await expect(page.getByTestId('finding-closed')).toContainText(`销号 ${today}，审核人 李华`);
  await expect(page.getByTestId('attachment-drop')).toHaveCount(0);
  await expect(page.getByTestId('attachment-thumb')).toBeVisible();
  await shot(page, 'supervision-05-finding-closed');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // ---- the matrix after
  await page.getByTestId('tab-matrix').click();
  await expect(page.getByTestId(`matrix-${hs}-closed`)).toHaveText('1');
  await expect(page.getByTestId(`matrix-${hs}-notStarted`)).toHaveText('1');
  await expect(page.getByTestId(`matrix-${hs}-overdue`)).toHaveText('0');
  await expect(page.getByTestId('matrix-total-total')).toHaveText('3');
  await shot(page, 'supervision-06-matrix');
  // A count opens the list filtered to it.
  await page.getByTestId(`matrix-${hs}-closed`).click();
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await expect(page.getByTestId('finding-row')).toContainText('新桑村危房改造');

  // The other views: 7日内到期 has the 立行立改 finding, 逾期问题 none, 按类别 counts by category.
  await page.getByTestId('tab-due').click();
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await expect(page.getByTestId('finding-row')).toContainText('前进村');
  await page.getByTestId('tab-overdue').click();
  await expect(page.getByText('没有逾期的问题')).toBeVisible();
  await page.getByTestId('tab-category').click();
  await expect(page.getByTestId('category-projectFunds-closed')).toHaveText('1');
  await expect(page.getByTestId('category-housing-notStarted')).toHaveText('1');

  // ---- 首页 after: nothing overdue; the 立行立改 finding still due this week; each count opens its list.
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-overdue-value')).toHaveText('0');
  await expect(page.getByTestId('home-due-week-value')).toHaveText('1');
  await expect(page.getByTestId('home-awaiting-close-value')).toHaveText('0');
  await page.getByTestId('home-findings').scrollIntoViewIfNeeded();
  await shot(page, 'supervision-07-home');
  await page.getByTestId('home-due-week').click();
  await expect(page.getByTestId('screen-title')).toHaveText('督导检查与问题整改');
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await page.getByTestId('nav-home').click();
  await page.getByTestId('home-overdue').click();
  await expect(page.getByText('没有逾期的问题')).toBeVisible();

  // Every step left its audit row.
  const audited = (await ledgerSql(app.ledger).value("select count(*) from audit_log where entity in ('finding', 'findingUpdate', 'inspection', 'attachment')")) as number;
  expect(audited).toBeGreaterThanOrEqual(1 + 3 + 1 + 3 * 2);
  expect(cspViolations).toEqual([]);
});

test('督导检查：示例数据下的问题台账、矩阵、逾期清单和问题详情', async ({ page, app }) => {
  await page.goto(app.bridge.url);
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('welcome-modal')).toBeHidden({ timeout: 60_000 });
  const total = (await ledgerSql(app.ledger).value('select count(*) from findings where deleted_at is null')) as number;
  expect(total).toBeGreaterThan(0);

  await page.getByTestId('nav-supervision').click();
  await page.getByTestId('tab-inspections').click();
  await expect(page.getByTestId('inspection-row').first()).toBeVisible();
  await shot(page, 'supervision-demo-01-inspections');

  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-summary')).toContainText(`共 ${total.toLocaleString('zh-CN')} 条`);
  await shot(page, 'supervision-demo-02-findings');

  await page.getByTestId('tab-matrix').click();
  await expect(page.getByTestId('matrix-total-total')).toHaveText(String(total));
  await shot(page, 'supervision-demo-03-matrix');

  await page.getByTestId('tab-overdue').click();
  const overdue = (await ledgerSql(app.ledger).value("select count(*) from findings where deleted_at is null and status in ('notStarted','inProgress') and deadline_date < ?", [localToday()])) as number;
  await expect(page.getByTestId('finding-summary')).toContainText(`共 ${overdue.toLocaleString('zh-CN')} 条`);
  if (overdue > 0) {
    await page.getByTestId('finding-row').first().click();
    await expect(page.getByTestId('finding-drawer')).toBeVisible();
    await expect(page.getByTestId('finding-deadline').locator('.sv-red')).toBeVisible();
    await shot(page, 'supervision-demo-04-overdue-drawer');
    await page.locator('.ant-drawer-close').click();
  }

  // 退回 with a reason: a finding awaiting 销号 goes back to 整改中; the reason shows in its timeline.
  await page.getByTestId('tab-findings').click();
  await pick(page, 'finding-filter-status', '已完成待销号');
  await page.keyboard.press('Escape');
  await page.getByTestId('finding-row').first().click();
  const drawer = page.getByTestId('finding-drawer');
  await expect(page.getByTestId('finding-status').first()).toHaveText('已完成待销号');
  await page.getByTestId('finding-step-back').click();
  await page.getByTestId('finding-step-inProgress').click();
  await page.getByTestId('step-note').fill('复查发现 1 户补助仍未到账');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('step-modal').locator('.ant-form-item-explain-error')).toHaveText('请填写退回原因');
  await page.getByTestId('step-reason').fill('复查发现整改不到位');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('finding-status').first()).toHaveText('整改中');
  await expect(drawer.getByTestId('finding-timeline')).toContainText('退回原因：复查发现整改不到位');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  await page.getByTestId('tab-category').click();
  await expect(page.getByTestId('category-table')).toContainText('住房安全');
  await shot(page, 'supervision-demo-05-category');

  // 首页 counts what is overdue now (the step back above may have made one more finding overdue).
  const overdueNow = (await ledgerSql(app.ledger).value("select count(*) from findings where deleted_at is null and status in ('notStarted','inProgress') and deadline_date < ?", [localToday()])) as number;
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-overdue-value')).toHaveText(overdueNow.toLocaleString('zh-CN'));
  await page.getByTestId('home-findings').scrollIntoViewIfNeeded();
  await shot(page, 'supervision-demo-06-home');
});
