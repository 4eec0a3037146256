// HTML → PDF for bulletins. In Electron, print.ts installs a renderer built on a hidden BrowserWindow and
// webContents.printToPDF; everywhere else (browser mode, CLI, tests, benchmarks) the same HTML is printed by
// Chromium through playwright-core (Debian's chromium, CHROMIUM_PATH, or Edge on Windows). Services call
// htmlToPdf() and never know which one runs.
import fs from 'node:fs';
import { AppError } from '../../../shared/errors';

export type HtmlToPdf = (html: string) => Promise<Uint8Array>;
/** Opens the system print dialog for the HTML (Electron only); resolves whether it was sent to a printer. */
export type HtmlPrinter = (html: string) => Promise<{ printed: boolean; reason?: string }>;

let pdfRenderer: HtmlToPdf | null = null;
let printer: HtmlPrinter | null = null;

export function setHtmlToPdf(renderer: HtmlToPdf | null): void {
  pdfRenderer = renderer;
}

export function setHtmlPrinter(next: HtmlPrinter | null): void {
  printer = next;
}

export function htmlPrinter(): HtmlPrinter | null {
  return printer;
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface ChromiumLaunch {
  executablePath?: string;
  channel?: string;
  args: string[];
}

/**
 * Which Chromium prints: CHROMIUM_PATH, else a system Chromium/Chrome, else Edge on Windows; null when none.
 * The machine is a parameter so `npm test`'s dependency check (scripts/test-deps.ts) asks the same question.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, exists: (file: string) => boolean = fs.existsSync): ChromiumLaunch | null {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, args };
  const found = CANDIDATES.find((p) => exists(p));
  if (found) return { executablePath: found, args };
  if (platform === 'win32') return { channel: 'msedge', args };
  return null;
}

export function chromiumLaunchOptions(): ChromiumLaunch {
  const found = findChromium();
  if (found) return found;
  throw new AppError('UNSUPPORTED', '找不到用于生成 PDF 的浏览器：请安装 Chromium（Debian: apt-get install -y chromium fonts-noto-cjk）或设置 CHROMIUM_PATH');
}

/** Print HTML to PDF with Chromium (outside Electron). The page's own @page size and margins apply. */
export async function chromiumHtmlToPdf(html: string): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

export function htmlToPdf(html: string): Promise<Uint8Array> {
  return (pdfRenderer ?? chromiumHtmlToPdf)(html);
}
