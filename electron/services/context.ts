// The service context: the open ledger plus who is acting and what time it is. Every door (IPC, browser
// bridge, CLI) builds one and hands it to the same handler table.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { defaultMigrationsFolder, openLedgerFile, type LedgerDb, type SqliteDb } from '../../db/open';
import { settings } from '../../db/schema';
import type { AppInfo, ProgressEvent } from '../../shared/api';
import { setLogFolder } from './log';

export type Door = AppInfo['door'];

export interface ServiceContext {
  db: LedgerDb;
  sqlite: SqliteDb;
  dbFile: string;
  dataDir: string;
  door: Door;
  version: string;
  now(): Date;
  /** The operator recorded in the audit trail (设置 → 操作员姓名). */
  operator(): string;
  emitProgress(event: ProgressEvent): void;
  /** This door's sign-in (a window, a bridge token, a CLI run); absent: nobody signed in. See operators.ts. */
  session?: SessionSlot;
}

/** Who a door's session is signed in as in multi-user mode, and its recent failed sign-ins. */
export interface SessionSlot {
  operatorId: number | null;
  failedSignIns: number;
  lockedUntil: number;
}

export function newSessionSlot(): SessionSlot {
  return { operatorId: null, failedSignIns: 0, lockedUntil: 0 };
}

export interface LedgerHandle extends ServiceContext {
  preMigrationBackup: string | null;
  close(): void;
}

export interface OpenLedgerOptions {
  dbFile: string;
  door: Door;
  dataDir?: string;
  migrationsFolder?: string;
  now?: () => Date;
  version?: string;
  onProgress?: (event: ProgressEvent) => void;
}

export const DEFAULT_OPERATOR = '操作员';

export function openLedger(options: OpenLedgerOptions): LedgerHandle {
  const opened = openLedgerFile({
    file: options.dbFile,
    migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder(),
  });
  const dataDir = options.dataDir ?? path.dirname(path.resolve(options.dbFile));
  setLogFolder(path.join(dataDir, '日志'));
  const readOperator = opened.sqlite.prepare('select value from settings where key = ?').pluck();
  const ctx: LedgerHandle = {
    db: opened.db,
    sqlite: opened.sqlite,
    dbFile: path.resolve(options.dbFile),
    dataDir,
    door: options.door,
    version: options.version ?? '0.1.0',
    now: options.now ?? (() => new Date()),
    operator: () => {
      const raw = readOperator.get('operatorName') as string | undefined;
      if (!raw) return DEFAULT_OPERATOR;
      const name = JSON.parse(raw) as unknown;
      return typeof name === 'string' && name.trim() ? name.trim() : DEFAULT_OPERATOR;
    },
    emitProgress: options.onProgress ?? (() => undefined),
    preMigrationBackup: opened.preMigrationBackup,
    close: () => opened.close(),
  };
  return ctx;
}

/** Read one JSON setting (settings table is key → JSON text). */
export function readSetting<T>(ctx: Pick<ServiceContext, 'db'>, key: string): T | undefined {
  const row = ctx.db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row ? (JSON.parse(row.value) as T) : undefined;
}
