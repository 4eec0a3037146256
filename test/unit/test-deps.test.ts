// `npm test` first makes sure the system software the tests use is there (scripts/test-deps.ts): installs it
// with apt-get where it can, otherwise one Chinese line and a non-zero exit before anything else runs.
// The decision is tested as a pure function; the runner is tested by running package.json's real "test"
// script in a simulated machine: a PATH of stand-ins (apt-get, sudo, dpkg-query, soffice, … and an `npm` that
// records that the rest of the chain ran), and the unprivileged user when these tests run as root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideTestDeps, findMissing, isDebianLike, TEST_REQUIREMENTS, type Installer, type SystemView } from '../../scripts/test-deps';

const repo = path.resolve(__dirname, '..', '..');
const CJK = /[\u4e00-\u9fff]/;
const NOBODY = 65534;
const FONT_PACKAGES = ['fonts-noto-cjk', 'fonts-crosextra-carlito'];
const asRoot = process.getuid?.() === 0;

const DEBIAN_PG = ['/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/pg_ctl'];

/** Commands live in /usr/bin; `files` lists every other file there is (folders are implied by them). */
function fakeSystem(over: Partial<SystemView> & { files?: string[]; commands?: string[]; debs?: string[] }): SystemView {
  const commands = new Set(over.commands ?? ['soffice', 'pdftoppm', 'pdftotext']);
  const files = new Set([...(over.files ?? ['/usr/bin/chromium', ...DEBIAN_PG]), ...[...commands].map((c) => `/usr/bin/${c}`)]);
  const debs = new Set(over.debs ?? FONT_PACKAGES);
  return {
    platform: over.platform ?? 'linux',
    env: over.env ?? {},
    hasCommand: (n) => commands.has(n),
    debInstalled: (n) => debs.has(n),
    fileExists: (f) => files.has(f),
    listDir: (dir) => [...new Set([...files].filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0] ?? ''))],
    commandDir: (n) => (commands.has(n) ? '/usr/bin' : null),
  };
}
const debianRoot: Installer = { debian: true, aptGet: true, root: true, sudo: false };
const packagesOf = (system: SystemView) => findMissing(system).map((m) => m.requirement.debianPackage);

describe('what the tests need, decided', () => {
  it('everything present: nothing to do', () => {
    expect(decideTestDeps(findMissing(fakeSystem({})), debianRoot)).toEqual({ action: 'none' });
  });

  it('the browser is found the way test/e2e/browser.ts finds it', () => {
    // No Chromium package needed where CHROMIUM_PATH names one, or on Windows (Edge).
    expect(packagesOf(fakeSystem({ files: DEBIAN_PG }))).toEqual(['chromium']);
    expect(packagesOf(fakeSystem({ files: ['/opt/chrome/chrome', ...DEBIAN_PG], env: { CHROMIUM_PATH: '/opt/chrome/chrome' } }))).toEqual([]);
    expect(packagesOf(fakeSystem({ files: ['/usr/bin/google-chrome', ...DEBIAN_PG] }))).toEqual([]);
    expect(packagesOf(fakeSystem({ files: DEBIAN_PG, platform: 'win32' }))).toEqual([]);
    // A CHROMIUM_PATH that points nowhere wins over any package: installing chromium would not help.
    const wrong = findMissing(fakeSystem({ env: { CHROMIUM_PATH: '/nowhere/chrome' } }));
    const decision = decideTestDeps(wrong, debianRoot);
    expect(decision.action).toBe('stop');
    expect(decision.action === 'stop' && decision.line).toContain('CHROMIUM_PATH 指向的 /nowhere/chrome 不存在');
  });

  it('fonts are a Linux requirement; each tool by its command', () => {
    expect(packagesOf(fakeSystem({ debs: [], commands: ['pdftoppm'] }))).toEqual(['fonts-noto-cjk', 'libreoffice-calc', 'fonts-crosextra-carlito', 'poppler-utils']);
    expect(packagesOf(fakeSystem({ debs: [], platform: 'win32', files: DEBIAN_PG }))).toEqual([]);
    expect(packagesOf(fakeSystem({ commands: ['libreoffice', 'pdftoppm', 'pdftotext'] }))).toEqual([]);
  });

  it('installs with apt-get as root, or through sudo -n', () => {
    const missing = findMissing(fakeSystem({ files: [], debs: [] }));
    const packages = ['chromium', 'fonts-noto-cjk', 'fonts-crosextra-carlito', 'postgresql'];
    expect(decideTestDeps(missing, debianRoot)).toEqual({ action: 'install', packages, viaSudo: false });
    expect(decideTestDeps(missing, { ...debianRoot, root: false, sudo: true })).toEqual({ action: 'install', packages, viaSudo: true });
  });

  it('cannot install: one Chinese line naming what to install', () => {
    const missing = findMissing(fakeSystem({ files: DEBIAN_PG, commands: ['pdftoppm', 'pdftotext'] }));
    for (const installer of [
      { debian: true, aptGet: true, root: false, sudo: false },
      { debian: true, aptGet: false, root: true, sudo: false },
    ]) {
      const d = decideTestDeps(missing, installer);
      if (d.action !== 'stop') throw new Error('expected a stop');
      expect(d.line).toMatch(CJK);
      expect(d.line).not.toContain('\n');
      expect(d.line).toContain('sudo apt-get install -y chromium libreoffice-calc');
    }
    const other = decideTestDeps(missing, { debian: false, aptGet: false, root: true, sudo: false });
    expect(other).toEqual({ action: 'stop', line: expect.stringContaining('不是 Debian/Ubuntu') });
    expect(other.action === 'stop' && other.line).toContain('Chromium 浏览器');
    expect(other.action === 'stop' && other.line).toContain('LibreOffice Calc');
  });

  it('the list names one Debian package per requirement (a new one is one more entry)', () => {
    expect(TEST_REQUIREMENTS.map((r) => r.debianPackage)).toEqual(['chromium', 'fonts-noto-cjk', 'libreoffice-calc', 'fonts-crosextra-carlito', 'poppler-utils', 'postgresql']);
  });

  it('PostgreSQL is found as the test harness finds it: PG_BIN, then Debian\'s newest version, then PATH', () => {
    const noPg = ['/usr/bin/chromium'];
    expect(packagesOf(fakeSystem({ files: noPg }))).toEqual(['postgresql']);
    // Debian keeps initdb and pg_ctl off PATH, under /usr/lib/postgresql/<version>/bin; a folder without them does not count.
    expect(packagesOf(fakeSystem({ files: [...noPg, '/usr/lib/postgresql/16/bin/psql'] }))).toEqual(['postgresql']);
    expect(packagesOf(fakeSystem({ files: [...noPg, '/usr/lib/postgresql/16/bin/initdb', '/usr/lib/postgresql/16/bin/pg_ctl'] }))).toEqual([]);
    expect(packagesOf(fakeSystem({ files: noPg, commands: ['soffice', 'pdftoppm', 'pdftotext', 'initdb', 'pg_ctl'] }))).toEqual([]);
    expect(packagesOf(fakeSystem({ files: [...noPg, '/opt/pg/bin/initdb', '/opt/pg/bin/pg_ctl'], env: { PG_BIN: '/opt/pg/bin' } }))).toEqual([]);
    // A PG_BIN without the programs wins over any package: a stop that names it, not an install.
    const decision = decideTestDeps(findMissing(fakeSystem({ env: { PG_BIN: '/opt/nothing' } })), debianRoot);
    expect(decision).toEqual({ action: 'stop', line: expect.stringContaining('PG_BIN 指向的 /opt/nothing 里没有 initdb 和 pg_ctl') });
  });
});

// -- the real "test" script in a simulated machine ---------------------------------------------------------

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Machine {
  bin: string;
  aptLog: string;
  rest: string;
  chromium: string;
  /** A bin folder with stand-in initdb and pg_ctl, named by PG_BIN: the machine's own PostgreSQL stays out of it. */
  pgBin: string;
}

/** A folder of stand-in commands; `have` lists which tools exist before anything is installed. */
function machine(have: { tools: string[]; fonts: boolean; sudo?: 'works' | 'asks' | 'absent'; aptGet?: 'installs' | 'fails' | 'absent' }): Machine {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-deps-'));
  cleanups.push(dir);
  fs.chmodSync(dir, 0o777);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { mode: 0o777 });
  fs.chmodSync(bin, 0o777);
  const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  const m: Machine = { bin, aptLog: path.join(dir, 'apt.log'), rest: path.join(dir, 'rest-of-npm-test.ran'), chromium: path.join(dir, 'chromium'), pgBin: path.join(dir, 'pg-bin') };
  fs.writeFileSync(m.chromium, '', { mode: 0o755 });
  fs.mkdirSync(m.pgBin, { mode: 0o755 });
  for (const program of ['initdb', 'pg_ctl']) fs.writeFileSync(path.join(m.pgBin, program), '#!/bin/sh\n', { mode: 0o755 });
  for (const tool of have.tools) stub(tool, 'exit 0');
  // dpkg-query -W -f=${Status} NAME: the fonts are "installed" once the marker exists.
  // One marker per font package, so an install of some of them leaves the others missing.
  const fontMarker = (deb: string) => path.join(dir, `${deb}.installed`);
  if (have.fonts) for (const deb of FONT_PACKAGES) fs.writeFileSync(fontMarker(deb), '');
  stub('dpkg-query', `[ -e '${dir}/'"$3"'.installed' ] && { printf 'install ok installed'; exit 0; }\nexit 1`);
  // Everything after the check in "test" is npm or vitest: stand-ins record that the chain went on (and the
  // real suite never starts from inside this test).
  stub('npm', `: >> '${m.rest}'`);
  stub('vitest', `: >> '${m.rest}'`);
  // The check itself runs for real: tsx and Node from node_modules, nothing else of node_modules/.bin.
  for (const real of ['tsx', 'node']) fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules', '.bin', real)), path.join(bin, real));
  stub('true', 'exit 0');
  if ((have.aptGet ?? 'installs') !== 'absent') {
    const installs = have.aptGet !== 'fails';
    stub(
      'apt-get',
      [
        `printf '%s\\n' "$*" >> '${m.aptLog}'`,
        `[ "$1" = install ] || exit 0`,
        installs ? `for p in "$@"; do case "$p" in libreoffice-calc) printf '#!/bin/sh\\n' > '${bin}/soffice'; /bin/chmod 755 '${bin}/soffice';; fonts-*) : > '${dir}/'"$p"'.installed';; esac; done` : 'exit 100',
      ].join('\n'),
    );
  }
  const sudo = have.sudo ?? 'absent';
  if (sudo === 'works') stub('sudo', `[ "$1" = -n ] && shift\n[ "$1" = env ] && { shift; exec /usr/bin/env "$@"; }\nexec "$@"`);
  if (sudo === 'asks') stub('sudo', `echo 'sudo: a password is required' >&2\nexit 1`);
  return m;
}

/** package.json's "test" script, run as npm runs it (sh -c in the project folder), on the simulated PATH. */
function npmTest(m: Machine, user: 'self' | 'unprivileged', env: NodeJS.ProcessEnv = {}) {
  const script = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test;
  const uid = user === 'unprivileged' && asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync('/bin/sh', ['-c', script ?? 'false'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    ...uid,
    env: { PATH: m.bin, HOME: path.dirname(m.bin), TMPDIR: path.dirname(m.bin), CHROMIUM_PATH: m.chromium, PG_BIN: m.pgBin, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, restRan: fs.existsSync(m.rest), apt: fs.existsSync(m.aptLog) ? fs.readFileSync(m.aptLog, 'utf8').trim().split('\n') : [] };
}

const ALL_TOOLS = ['soffice', 'pdftoppm', 'pdftotext'];

describe.runIf(process.platform === 'linux')('npm test starts with the check', () => {
  it('"test" runs the check first and the rest only after it succeeds', () => {
    const script = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test;
    expect(script).toMatch(/^tsx scripts\/test-deps\.ts && npm run typecheck/);
    // Each later step is an npm or vitest command, which the simulated machine below stands in for.
    expect(script?.split(' && ').slice(1).map((step) => step.split(' ')[0])).toEqual(['npm', 'npm', 'vitest', 'npm']);
  });

  it('everything present: no output, no apt-get, the rest of npm test runs', () => {
    const m = machine({ tools: ALL_TOOLS, fonts: true, sudo: 'works' });
    const r = npmTest(m, 'self');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(r.apt).toEqual([]);
    expect(r.restRan).toBe(true);
  });

  it('a usable browser by CHROMIUM_PATH needs no chromium package; one that points nowhere stops', () => {
    const m = machine({ tools: ALL_TOOLS, fonts: true, aptGet: 'installs' });
    const r = npmTest(m, 'self', { CHROMIUM_PATH: path.join(m.bin, 'no-such-chrome') });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('CHROMIUM_PATH');
    expect(r.apt).toEqual([]);
    expect(r.restRan).toBe(false);
  });

  it('a PG_BIN without initdb and pg_ctl stops with one line naming it; apt-get never runs', () => {
    const m = machine({ tools: ALL_TOOLS, fonts: true, aptGet: 'installs', sudo: 'works' });
    const r = npmTest(m, 'self', { PG_BIN: path.join(m.bin, 'no-such-postgres') });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('PG_BIN 指向的')]);
    expect(r.apt).toEqual([]);
    expect(r.restRan).toBe(false);
  });

  it('missing LibreOffice, no apt-get on PATH: one Chinese line, non-zero exit, nothing after it ran', () => {
    const m = machine({ tools: ['pdftoppm', 'pdftotext'], fonts: true, aptGet: 'absent', sudo: 'absent' });
    const r = npmTest(m, 'self');
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(CJK);
    expect(lines[0]).toContain(isDebianLike() ? 'sudo apt-get install -y libreoffice-calc' : 'LibreOffice Calc');
    expect(r.stdout).toBe('');
    expect(r.restRan).toBe(false);
  });

  it.runIf(isDebianLike())('not root and sudo asks for a password: one Chinese line, apt-get never runs', () => {
    for (const sudo of ['asks', 'absent'] as const) {
      const m = machine({ tools: ALL_TOOLS, fonts: false, aptGet: 'installs', sudo });
      const r = npmTest(m, 'unprivileged');
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('sudo apt-get install -y fonts-noto-cjk fonts-crosextra-carlito')]);
      expect(r.stderr).toContain('不能免密码使用 sudo');
      expect(r.apt).toEqual([]);
      expect(r.restRan).toBe(false);
    }
  });

  it.runIf(isDebianLike())('missing packages are installed (apt-get update, then install), then the rest runs', () => {
    const users = asRoot ? (['self', 'unprivileged'] as const) : (['unprivileged'] as const);
    for (const user of users) {
      const m = machine({ tools: ['pdftoppm', 'pdftotext'], fonts: false, aptGet: 'installs', sudo: 'works' });
      const r = npmTest(m, user);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('正在安装测试所需的软件包：fonts-noto-cjk libreoffice-calc fonts-crosextra-carlito');
      expect(r.apt).toEqual(['update -qq', 'install -y -qq --no-install-recommends fonts-noto-cjk libreoffice-calc fonts-crosextra-carlito']);
      expect(r.status).toBe(0);
      expect(r.restRan).toBe(true);
    }
  });

  it.runIf(isDebianLike())('an install that leaves something missing stops with one line', () => {
    const m = machine({ tools: ['pdftoppm', 'pdftotext'], fonts: true, aptGet: 'fails', sudo: 'works' });
    const r = npmTest(m, 'self');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('安装后仍缺少：libreoffice-calc')]);
    expect(r.restRan).toBe(false);
  });
});
