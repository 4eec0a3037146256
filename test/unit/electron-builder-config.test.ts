// The installer cannot be built on these machines (NSIS and Electron download from outside the npm
// registry), so electron-builder.yml is checked against electron-builder's own JSON schema, both with ajv
// and with electron-builder's validator, and its key choices are pinned.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const require = createRequire(__filename);

interface TargetEntry {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  npmRebuild?: boolean;
  directories?: { output?: string };
  files?: unknown[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
  win?: { target?: TargetEntry[] };
  nsis?: Record<string, unknown>;
  linux?: { target?: TargetEntry[]; category?: string; maintainer?: string };
  deb?: { depends?: string[] };
  electronFuses?: Record<string, boolean>;
}

const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const scheme = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true }).compile(scheme);

/** electron-builder's own check (the one `electron-builder --config` runs before building). */
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  it('matches electron-builder 26’s JSON schema', async () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('rejects a misspelt key, so this check can fail', async () => {
    const misspelt = { ...config, nsis: { ...config.nsis, oneClik: false } };
    expect(validate(misspelt)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('oneClik');
    await expect(validateConfiguration(misspelt, quietLogger)).rejects.toThrow(/nsis/);
    expect(validate({ ...config, npmRebuilt: false })).toBe(false);
  });

  it('builds an assisted, per-user Chinese installer for 64-bit Windows', () => {
    expect(config.productName).toBe('扶贫台账');
    expect(config.nsis).toMatchObject({
      oneClick: false,
      allowToChangeInstallationDirectory: true,
      perMachine: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: '扶贫台账',
      language: '2052',
      installerLanguages: ['zh_CN'],
    });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('builds .deb packages for x64 and arm64', () => {
    expect(config.linux?.target).toEqual([{ target: 'deb', arch: ['x64', 'arm64'] }]);
    expect(config.linux?.category).toBe('Office');
    expect(config.linux?.maintainer).toMatch(/<[^>]+@[^>]+>/);
  });

  it('ships the prebuilt better-sqlite3 as is, and the migrations beside the app', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack?.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'db/migrations', to: 'migrations' }));
    expect(fs.existsSync(path.join(root, 'db', 'migrations', 'meta', '_journal.json'))).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']));
    expect(config.directories?.output).toBe('release');
  });

  it('flips the fuses: no Node mode, asar only, no extra privileges for file:// pages, cookie encryption left alone', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points at the bundle package.json starts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist-electron/main.js');
  });
});
