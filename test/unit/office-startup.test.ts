// At start, with 办公室服务器 chosen: this version checks the connection, says in Chinese that office mode is not
// available yet, and opens the local file; with the switch flipped (OFFICE_MODE_READY) the server is connected
// and an older schema migrated.
import { readJournal } from '../../db/open';
import { defaultPgMigrationsFolder } from '../../db/migrate-pg';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { saveStoredLocation } from '../../electron/office/location-file';
import { decideStartupLedger, OFFICE_NOT_YET } from '../../electron/office/startup';
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

describe('start-up with the office server chosen', () => {
  it('no choice or 本机文件: the local file, nothing to say', async () => {
    expect(await decideStartupLedger({ configFile: configWith(null), backupFolder: backupDir(), credentials: testCredentialBox() })).toEqual({ open: 'local', notice: null });
    const local = configWith(await officeSettings('x'), 'local');
    expect(await decideStartupLedger({ configFile: local, backupFolder: backupDir(), credentials: testCredentialBox() })).toEqual({ open: 'local', notice: null });
  });

  it('a reachable server: the check passes, and the clerk is told office mode is not available yet', async () => {
    const server = await officeSettings(await currentDatabase());
    const decision = await decideStartupLedger({ configFile: configWith(server), backupFolder: backupDir(), credentials: testCredentialBox() });
    expect(decision.open).toBe('local');
    expect(decision.open === 'local' && decision.notice).toBe(
      `设置中选了办公室服务器（postgres@127.0.0.1:${server.port}/${server.database}）。连接检查正常：台账结构与本程序一致。服务器上现有项目 0 个、资金下达 0 笔、拨付 0 笔、问题 0 个、操作记录 0 条。${OFFICE_NOT_YET}`,
    );
  });

  it('an unreachable server: the check says why, and the local file opens', async () => {
    const server = { ...(await officeSettings('fupin')), port: await freePort() };
    const decision = await decideStartupLedger({ configFile: configWith(server), backupFolder: backupDir(), credentials: testCredentialBox() });
    expect(decision).toMatchObject({ open: 'local', notice: expect.stringContaining(`连接检查未通过：无法连接办公室服务器 127.0.0.1:${server.port}：对方拒绝连接。`) });
  });

  it('a password this PC cannot open: said, and the local file opens', async () => {
    const configFile = configWith(await officeSettings('fupin'), 'office', '密码-1');
    const decision = await decideStartupLedger({ configFile, backupFolder: backupDir(), credentials: testCredentialBox('another PC') });
    expect(decision).toMatchObject({ open: 'local', notice: expect.stringContaining('保存的服务器密码无法解密') });
  });

  it('with the switch flipped: the server is connected and an older schema migrated', async () => {
    const server = await officeSettings(await olderDatabase());
    const backupFolder = backupDir();
    const decision = await decideStartupLedger({ configFile: configWith(server), backupFolder, credentials: testCredentialBox(), ready: true });
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
