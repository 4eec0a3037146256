// Code signing from the environment (scripts/sign-windows.cjs, electron-builder.yml's win.signtoolOptions.sign):
// a signing service's command, a certificate file + password through electron-builder's own signtool, or an
// unsigned build that says so (and fails when WIN_SIGN_REQUIRED is set). The hook is loaded the way
// electron-builder loads it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/ledger';

const root = path.resolve(__dirname, '..', '..');
const require = createRequire(__filename);

interface Hook {
  sign(configuration: { path: string; cscInfo?: unknown }, packager: unknown): Promise<void>;
  signingPlan(env: Record<string, string | undefined>, hasCertificate: boolean): { kind: string; command?: string; required?: boolean };
  commandFor(template: string, file: string): string;
}
const hook = require('../../scripts/sign-windows.cjs') as Hook;

const saved = { ...process.env };
const dirs: string[] = [];
afterEach(() => {
  for (const key of ['WIN_SIGN_COMMAND', 'WIN_SIGN_REQUIRED']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const noPackager = { signingManager: { value: Promise.reject(new Error('not expected')) } };
noPackager.signingManager.value.catch(() => undefined);

describe('which way a build signs', () => {
  it('prefers a signing service command, then a certificate, else unsigned', () => {
    expect(hook.signingPlan({ WIN_SIGN_COMMAND: 'signtool sign /dlib x.dll {file}' }, true)).toEqual({ kind: 'command', command: 'signtool sign /dlib x.dll {file}' });
    expect(hook.signingPlan({}, true)).toEqual({ kind: 'certificate' });
    expect(hook.signingPlan({}, false)).toEqual({ kind: 'unsigned', required: false });
    expect(hook.signingPlan({ WIN_SIGN_REQUIRED: '1' }, false)).toEqual({ kind: 'unsigned', required: true });
    expect(hook.signingPlan({ WIN_SIGN_REQUIRED: '0' }, false)).toEqual({ kind: 'unsigned', required: false });
    expect(hook.signingPlan({ WIN_SIGN_COMMAND: '  ' }, false)).toEqual({ kind: 'unsigned', required: false });
    expect(() => hook.signingPlan({ WIN_SIGN_COMMAND: 'signtool sign' }, false)).toThrow(/\{file\}/);
  });

  it('quotes the file for the command line', () => {
    expect(hook.commandFor('tool sign {file} --again {file}', 'C:\\发布\\扶贫台账 Setup.exe')).toBe('tool sign "C:\\发布\\扶贫台账 Setup.exe" --again "C:\\发布\\扶贫台账 Setup.exe"');
    expect(() => hook.commandFor('t {file}', 'a"b')).toThrow(/double quote/);
  });
});

describe('the hook electron-builder calls per file', () => {
  it('runs the signing service command on the file, and fails the build when it fails', async () => {
    const dir = tempDir('sign-');
    dirs.push(dir);
    const exe = path.join(dir, '扶贫台账 Setup.exe');
    fs.writeFileSync(exe, 'MZ');
    process.env.WIN_SIGN_COMMAND = `"${process.execPath}" -e "require('fs').appendFileSync(process.argv[1], '+signed')" {file}`;
    await hook.sign({ path: exe, cscInfo: null }, noPackager);
    expect(fs.readFileSync(exe, 'utf8')).toBe('MZ+signed');
    process.env.WIN_SIGN_COMMAND = `"${process.execPath}" -e "process.exit(3)" {file}`;
    await expect(hook.sign({ path: exe, cscInfo: null }, noPackager)).rejects.toThrow(/exit code 3/);
  });

  it("hands a certificate file to electron-builder's own signtool", async () => {
    const doSign = vi.fn(() => Promise.resolve());
    const configuration = { path: 'x.exe', cscInfo: { file: 'cert.pfx', password: 'p' } };
    const packager = { signingManager: { value: Promise.resolve({ doSign }) } };
    await hook.sign(configuration, packager);
    expect(doSign).toHaveBeenCalledWith(configuration, packager);
  });

  it('leaves an unsigned build unsigned, saying so once, unless WIN_SIGN_REQUIRED is set', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await hook.sign({ path: 'a.exe' }, noPackager);
    await hook.sign({ path: 'b.exe' }, noPackager);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('安装包未签名');
    process.env.WIN_SIGN_REQUIRED = '1';
    await expect(hook.sign({ path: 'c.exe' }, noPackager)).rejects.toThrow(/WIN_SIGN_REQUIRED/);
  });

  it('is what electron-builder.yml names, and electron-builder resolves it to this function', async () => {
    const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { win: { signtoolOptions: { sign: string; signingHashAlgorithms: string[] } } };
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    const { resolveFunction } = require('app-builder-lib/out/util/resolve.js') as { resolveFunction(type: string, executor: string, name: string, root: string): Promise<unknown> };
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(await resolveFunction('commonjs', config.win.signtoolOptions.sign, 'sign', root)).toBe(hook.sign);
    } finally {
      process.chdir(cwd);
    }
  });
});
