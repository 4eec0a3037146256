// At start, with 办公室服务器 chosen (or given, as browser mode takes it): the server is connected, an older
// schema migrated after a backup, and handed to the door; a server that cannot be opened is refused with why,
// in Chinese, never silently swapped for the local file.
import { readJournal } from '../../db/open';
import { defaultPgMigrationsFolder } from '../../db/migrate-pg';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { saveStoredLocation } from '../../electron/office/location-file';
import { OfficeServerError } from '../../electron/platform/office-server';
import { decideStartupLedger, officeStartFailure, type StartupLedger } from '../../electron/office/startup';
import type { OfficeServerSettings } from '../../shared/api-office';
import { testCredentialBox } from '../helpers/credential-double';
import { tempDir } from '../helpers/ledger';
import { currentDatabase, officeSettings, olderDatabase, removeTempDirs } from '../helpers/office-fixture';
import { freePort } from '../helpers/pg-cluster';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(removeTempDirs);

function configWith(server: OfficeServerSettings | null, location: 'local' | 'office' = 'office', password?: string): string {
  const dir = tempDir('user-data-');
  dirs.push(dir);
  const configFile = path.join(dir, 'config.json');
  if (server) saveStoredLocation(configFile, { location, server, sealedPassword: password ? testCredentialBox().seal(password) : null });
  return configFile;
}

/** The 备份/办公室服务器 folder of a start: where a migrated server's backup goes. */
function backupDir(): string {
  const dir = tempDir('office-backups-');
  dirs.push(dir);
  return dir;
}

function officePool(decision: StartupLedger) {
  if (decision.open !== 'office') throw new Error(`expected the office server, got ${JSON.stringify(decision)}`);
  return decision.connection.pool;
}

describe('start-up with the office server chosen', () => {
  it('no choice or 本机文件: the local file, nothing to say', async () => {
    expect(await decideStartupLedger({ configFile: configWith(null), backupFolder: backupDir(), credentials: testCredentialBox() })).toEqual({ open: 'local', notice: null });
    const local = configWith(await officeSettings('x'), 'local');
    expect(await decideStartupLedger({ configFile: local, backupFolder: backupDir(), credentials: testCredentialBox() })).toEqual({ open: 'local', notice: null });
  });

  it('a reachable server at the app\'s schema: connected and handed over, nothing to say', async () => {
    const server = await officeSettings(await currentDatabase());
    const decision = await decideStartupLedger({ configFile: configWith(server, 'office', 'pw'), backupFolder: backupDir(), credentials: testCredentialBox() });
    try {
      expect(decision).toMatchObject({ open: 'office', server, notice: null, connection: { migrated: [], backup: null } });
      expect(await officePool(decision).query('select count(*)::int as n from projects')).toMatchObject({ rows: [{ n: 0 }] });
    } finally {
      await officePool(decision).end();
    }
  });

  it('a server given with its password (browser mode\'s --pg): opened whatever config.json says', async () => {
    const server = await officeSettings(await currentDatabase());
    const decision = await decideStartupLedger({ configFile: configWith(null), backupFolder: backupDir(), credentials: testCredentialBox(), given: { server, password: '' } });
    try {
      expect(decision).toMatchObject({ open: 'office', server });
    } finally {
      await officePool(decision).end();
    }
  });

  it('an unreachable server: refused with why, and the notice for opening the local file this once', async () => {
    const server = { ...(await officeSettings('fupin')), port: await freePort() };
    const configFile = configWith(server);
    const refused = await decideStartupLedger({ configFile, backupFolder: backupDir(), credentials: testCredentialBox() }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OfficeServerError);
    const failure = officeStartFailure({ configFile }, refused);
    const named = `办公室服务器（postgres@127.0.0.1:${server.port}/fupin）`;
    expect(failure.message).toBe(`没能打开${named}上的台账。无法连接办公室服务器 127.0.0.1:${server.port}：对方拒绝连接。请确认服务器已开机、PostgreSQL 服务已启动、端口号正确，并且服务器的防火墙允许这台电脑连接。`);
    expect(failure.localNotice).toMatch(new RegExp(`^设置中选了${named.replace(/[()（）]/g, '.')}，启动时没能打开：无法连接.*本次打开的是本机的台账文件，其中的数据与服务器上的不同步。$`));
  });

  it('a password this PC cannot open: refused, saying to enter it again', async () => {
    const configFile = configWith(await officeSettings('fupin'), 'office', '密码-1');
    const refused = await decideStartupLedger({ configFile, backupFolder: backupDir(), credentials: testCredentialBox('another PC') }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OfficeServerError);
    expect(officeStartFailure({ configFile }, refused).message).toContain('保存的服务器密码无法解密');
  });

  it('an older schema on the server: backed up, migrated, and the start says where the backup went', async () => {
    const server = await officeSettings(await olderDatabase());
    const backupFolder = backupDir();
    const decision = await decideStartupLedger({ configFile: configWith(server), backupFolder, credentials: testCredentialBox() });
    expect(decision.open).toBe('office');
    if (decision.open !== 'office') return;
    try {
      expect(decision.connection.migrated).toEqual(readJournal(defaultPgMigrationsFolder()).map((e) => e.tag).slice(1));
      // The backup taken before migrating is in the folder, and the start's notice says where.
      expect(decision.connection.backup).toBe(path.join(backupFolder, fs.readdirSync(backupFolder)[0] ?? ''));
      expect(decision.notice).toBe(`办公室服务器上的台账结构已升级（${decision.connection.migrated.length} 次升级），升级前的台账已备份到 ${decision.connection.backup}。`);
    } finally {
      await decision.connection.pool.end();
    }
  });
});
