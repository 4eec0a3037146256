// The ledger on the office server: a context whose data port is the PostgreSQL pool that connectOfficeServer
// opened (and migrated), for every door alike. The services reach the ledger only through the port, so they run
// unchanged. What is by nature about one local file — its better-sqlite3 connection, VACUUM INTO backups, the
// anchor file beside it, swapping the file on 恢复 — has no file here: reaching for it is refused in a Chinese
// sentence rather than answered from some other database.
import type { Pool } from 'pg';
import type { LedgerDb, SqliteDb } from '../../db/open';
import { DEFAULT_OPERATOR_NAME } from '../../shared/api-operators';
import type { OfficeServerSettings } from '../../shared/api-office';
import type { DataSource, ProgressEvent } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { LocationSettingsAccess } from '../office/location-file';
import { readSettingOn } from '../ledger/settings/store';
import type { Door, LedgerHandle } from './context';
import { postgresPort } from './postgres-port';
import { setLogFolder } from './log';
import path from 'node:path';

export interface OpenOfficeLedgerOptions {
  pool: Pool;
  server: Pick<OfficeServerSettings, 'host' | 'port' | 'database' | 'user'>;
  door: Door;
  /** This PC's folder for what stays local: logs, exported files, the office server's backups. */
  dataDir: string;
  now?: () => Date;
  version?: string;
  onProgress?: (event: ProgressEvent) => void;
  ledgerLocation?: LocationSettingsAccess;
  /** Why dataDir is this folder (the Electron start's choice); by default given, as the CLI and browser mode give it. */
  dataSource?: DataSource;
}

/** How 设置 and the logs name the office server's ledger (never with the password). */
export function officeLedgerName(server: OpenOfficeLedgerOptions['server']): string {
  return `办公室服务器 ${server.user}@${server.host}:${server.port}/${server.database}`;
}

export const NO_LOCAL_FILE = '台账在办公室服务器上，这台电脑没有台账文件：这一步只能在使用本机文件的台账上做。';

const noLocalFile = (): never => {
  throw new AppError('VALIDATION', NO_LOCAL_FILE);
};

/**
 * True for a context whose ledger is on the office server: only such a context names a port of its own (a local
 * ledger's is its file's, found through ctx.sqlite). Narrows `port` for the caller.
 */
export function isOfficeLedger<T extends { port?: unknown }>(ctx: T): ctx is T & { port: NonNullable<T['port']> } {
  return ctx.port !== undefined;
}

/** A ledger handle on the office server; close() ends its pool. */
export function openOfficeLedger(options: OpenOfficeLedgerOptions): LedgerHandle {
  const port = postgresPort(options.pool);
  setLogFolder(path.join(options.dataDir, '日志'));
  const dataSource: DataSource = options.dataSource ?? { kind: 'given' };
  let closed = false;
  return {
    get db(): LedgerDb {
      return noLocalFile();
    },
    get sqlite(): SqliteDb {
      return noLocalFile();
    },
    port,
    dbFile: officeLedgerName(options.server),
    dataDir: options.dataDir,
    dataSource,
    door: options.door,
    version: options.version ?? '0.1.0',
    now: options.now ?? (() => new Date()),
    // 设置 → 操作员姓名 from the server on each call, as a local ledger reads its file (context.ts).
    async operatorName() {
      const name = await readSettingOn<unknown>(port, 'operatorName');
      return typeof name === 'string' && name.trim() ? name.trim() : DEFAULT_OPERATOR_NAME;
    },
    emitProgress: options.onProgress ?? (() => undefined),
    ...(options.ledgerLocation ? { ledgerLocation: options.ledgerLocation } : {}),
    preMigrationBackup: null,
    isOpen: () => !closed,
    close: () => {
      if (closed) return;
      closed = true;
      void options.pool.end().catch(() => undefined);
    },
  };
}
