// The first step of `npm test`: make sure the system software the tests use is there, so the README's test
// command passes by itself on a fresh Debian/Ubuntu machine. What is missing is installed with apt-get when this
// process is root or `sudo -n` works (apt-get update only then); anywhere else one Chinese line says what to
// install and the exit code stops `npm test` before anything runs.
//
// decideTestDeps() is the whole decision, pure; the runner at the bottom only probes the machine and acts.
// A new requirement is one more entry in TEST_REQUIREMENTS (PostgreSQL was the last one added).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from '../electron/ledger/bulletins/pdf';
import { findPostgresBin } from './postgres-bin';

/** What the probes can see of the machine. The runner reads the real one; tests pass their own. */
export interface SystemView {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** An executable of this name on PATH. */
  hasCommand(name: string): boolean;
  /** dpkg reports the Debian package as installed. */
  debInstalled(name: string): boolean;
  fileExists(file: string): boolean;
  /** The names in a folder; empty when it does not exist. */
  listDir(dir: string): string[];
  /** The folder holding an executable of this name on PATH, or null. */
  commandDir(name: string): string | null;
}

export type Check = { ok: true } | { ok: false; installable: boolean; note?: string };

export interface TestRequirement {
  /** The Debian/Ubuntu package that provides it. */
  debianPackage: string;
  /** How a person on any system knows it (the Chinese line names this where apt-get is not the way). */
  label: string;
  check(system: SystemView): Check;
}

const MISSING: Check = { ok: false, installable: true };

/** The browser exactly as the end-to-end tests and bulletin PDFs pick it (test/e2e/browser.ts → pdf.ts). */
function browserCheck(system: SystemView): Check {
  const launch = findChromium(system.env, system.platform, system.fileExists);
  if (launch === null) return MISSING;
  if (launch.executablePath !== undefined && !system.fileExists(launch.executablePath)) {
    // Only CHROMIUM_PATH names a file that may not exist; it wins over any package, so installing would not help.
    return { ok: false, installable: false, note: `环境变量 CHROMIUM_PATH 指向的 ${launch.executablePath} 不存在` };
  }
  return { ok: true };
}

/** PostgreSQL's server programs exactly as the test harness picks them (test/helpers/pg-cluster.ts → postgres-bin.ts). */
function postgresCheck(system: SystemView): Check {
  const found = findPostgresBin(system);
  if (found.ok) return { ok: true };
  // PG_BIN wins over any package, as CHROMIUM_PATH does: installing would not help.
  if (found.fromEnv) return { ok: false, installable: false, note: `环境变量 PG_BIN 指向的 ${system.env.PG_BIN ?? ''} 里没有 initdb 和 pg_ctl` };
  return MISSING;
}

export const TEST_REQUIREMENTS: readonly TestRequirement[] = [
  // Playwright's end-to-end tests and the bulletin PDFs (Playwright cannot download its own browser here).
  { debianPackage: 'chromium', label: 'Chromium 浏览器（或用环境变量 CHROMIUM_PATH 指定 Chromium/Chrome）', check: browserCheck },
  // Chinese text in screenshots and PDFs; Windows and macOS ship CJK fonts of their own.
  {
    debianPackage: 'fonts-noto-cjk',
    label: 'Noto CJK 中文字体',
    check: (s) => (s.platform !== 'linux' || s.debInstalled('fonts-noto-cjk') ? { ok: true } : MISSING),
  },
  // LibreOffice writes import fixtures with another writer than the readers under test.
  { debianPackage: 'libreoffice-calc', label: 'LibreOffice Calc（soffice）', check: (s) => (s.hasCommand('soffice') || s.hasCommand('libreoffice') ? { ok: true } : MISSING) },
  // Calibri's metric twin: exports size their columns in Calibri digits, and the printed-page test measures
  // LibreOffice's PDF of them; without it LibreOffice falls back to a wider face and prints everything smaller.
  {
    debianPackage: 'fonts-crosextra-carlito',
    label: 'Carlito 字体（与 Calibri 等宽）',
    check: (s) => (s.platform !== 'linux' || s.debInstalled('fonts-crosextra-carlito') ? { ok: true } : MISSING),
  },
  // poppler reads bulletin and export PDFs back.
  { debianPackage: 'poppler-utils', label: 'poppler（pdftoppm、pdftotext）', check: (s) => (s.hasCommand('pdftoppm') && s.hasCommand('pdftotext') ? { ok: true } : MISSING) },
  // The office server's tests start a throwaway PostgreSQL cluster (initdb, pg_ctl) as the postgres user.
  { debianPackage: 'postgresql', label: 'PostgreSQL 数据库服务器（initdb、pg_ctl；或用环境变量 PG_BIN 指定其 bin 目录）', check: postgresCheck },
];

export interface Missing {
  requirement: TestRequirement;
  check: Extract<Check, { ok: false }>;
}

export function findMissing(system: SystemView, requirements: readonly TestRequirement[] = TEST_REQUIREMENTS): Missing[] {
  const missing: Missing[] = [];
  for (const requirement of requirements) {
    const check = requirement.check(system);
    if (!check.ok) missing.push({ requirement, check });
  }
  return missing;
}

/** How this machine could install Debian packages. */
export interface Installer {
  /** Debian or Ubuntu, or a derivative of one (/etc/os-release). */
  debian: boolean;
  /** apt-get is on PATH. */
  aptGet: boolean;
  root: boolean;
  /** `sudo -n` runs without asking for a password. */
  sudo: boolean;
}

export type TestDepsDecision =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; viaSudo: boolean }
  | { action: 'stop'; line: string };

function named(m: Missing, byPackage: boolean): string {
  const name = byPackage ? m.requirement.debianPackage : m.requirement.label;
  return m.check.note ? `${name}（${m.check.note}）` : name;
}

export function decideTestDeps(missing: readonly Missing[], installer: Installer): TestDepsDecision {
  if (missing.length === 0) return { action: 'none' };
  const blocked = missing.filter((m) => !m.check.installable);
  if (blocked.length > 0) return { action: 'stop', line: `测试无法开始：${blocked.map((m) => named(m, false)).join('；')}。请改正后再运行 npm test。` };
  const packages = missing.map((m) => m.requirement.debianPackage);
  if (installer.debian && installer.aptGet && (installer.root || installer.sudo)) return { action: 'install', packages, viaSudo: !installer.root };
  if (installer.debian) {
    const why = installer.aptGet ? '不是 root，也不能免密码使用 sudo' : '找不到 apt-get';
    return { action: 'stop', line: `测试还缺少软件包 ${packages.join(' ')}，这里不能自动安装（${why}）：请先运行 sudo apt-get install -y ${packages.join(' ')}，再运行 npm test。` };
  }
  return { action: 'stop', line: `测试还缺少：${missing.map((m) => named(m, false)).join('、')}。这台机器不是 Debian/Ubuntu，不能自动安装：请先装好这些软件，再运行 npm test。` };
}

/** After an install: what is still missing is a stop, never a silent pass. */
export function stillMissingLine(missing: readonly Missing[]): string {
  return `安装后仍缺少：${missing.map((m) => named(m, true)).join('、')}。请手动安装后再运行 npm test。`;
}

// -- the runner: the real machine -------------------------------------------------------------------------

/** The first PATH folder holding an executable of this name, or null. */
function dirOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  const found = dirs.find((dir) =>
    exts.some((ext) => {
      try {
        const file = path.join(dir, name + ext);
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    }),
  );
  return found ?? null;
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return dirOnPath(name, env) !== null;
}

export function realSystem(env: NodeJS.ProcessEnv = process.env): SystemView {
  return {
    platform: process.platform,
    env,
    hasCommand: (name) => onPath(name, env),
    debInstalled: (name) => {
      const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', env });
      return r.status === 0 && r.stdout.includes('install ok installed');
    },
    fileExists: (file) => fs.existsSync(file),
    listDir: (dir) => {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
    commandDir: (name) => dirOnPath(name, env),
  };
}

export function isDebianLike(): boolean {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const ids = [...release.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)].flatMap((m) => (m[1] ?? '').replace(/["']/g, '').split(/\s+/));
    return ids.some((id) => id === 'debian' || id === 'ubuntu');
  } catch {
    return false;
  }
}

export function realInstaller(env: NodeJS.ProcessEnv = process.env): Installer {
  const debian = process.platform === 'linux' && isDebianLike();
  const aptGet = debian && onPath('apt-get', env);
  const root = process.getuid?.() === 0;
  const sudo = aptGet && !root && onPath('sudo', env) && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status === 0;
  return { debian, aptGet, root, sudo };
}

function aptGet(args: string[], viaSudo: boolean): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (viaSudo) spawnSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { stdio: ['ignore', 'inherit', 'inherit'], env });
  else spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
}

export function runTestDeps(): number {
  const decision = decideTestDeps(findMissing(realSystem()), realInstaller());
  if (decision.action === 'none') return 0;
  if (decision.action === 'stop') {
    process.stderr.write(`${decision.line}\n`);
    return 1;
  }
  process.stdout.write(`正在安装测试所需的软件包：${decision.packages.join(' ')}\n`);
  // apt-get's own exit codes are not the verdict (an unrelated repository can fail update): the re-check is.
  aptGet(['update', '-qq'], decision.viaSudo);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...decision.packages], decision.viaSudo);
  const after = findMissing(realSystem());
  if (after.length === 0) return 0;
  process.stderr.write(`${stillMissingLine(after)}\n`);
  return 1;
}

if (require.main === module) process.exitCode = runTestDeps();
