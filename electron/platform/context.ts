// The service context: the open ledger plus who is acting and what time it is. Every door (IPC, browser
// bridge, CLI) builds one and hands it to the same handler table.
import { DEFAULT_OPERATOR_NAME } from '../../shared/api-operators';
import path from 'node:path';
import { defaultMigrationsFolder, openLedgerFile, type LedgerDb, type SqliteDb } from '../../db/open';
import type { AppInfo, DataSource, ProgressEvent } from '../../shared/api';
import type { LocationSettingsAccess } from '../office/location-file';
import { dataPort, type DataPort } from './data-port';
import { setLogFolder } from './log';
import { readSettingOn } from '../ledger/settings/store';

export type Door = AppInfo['door'];

export interface ServiceContext {
  db: LedgerDb;
  sqlite: SqliteDb;
  dbFile: string;
  dataDir: string;
  /** Why this folder is open (设置 shows it with the file). */
  dataSource: DataSource;
  door: Door;
  version: string;
  now(): Date;
  /**
   * The operator the audit trail names: 设置 → 操作员姓名, or in multi-user mode the signed-in operator
   * (operators/service.ts withSession). Read from the ledger's port on each call; an audited write asks once,
   * before its transaction, and its rows and the stores' "by whom" columns take it from the trail's writer.
   */
  operatorName(): Promise<string>;
  emitProgress(event: ProgressEvent): void;
  /** This door's sign-in (a window, a bridge token, a CLI run); absent: nobody signed in. See operators.ts. */
  session?: SessionSlot;
  /** Where this door keeps the choice of 本机文件 or 办公室服务器 (electron/office/); absent: the CLI keeps none. */
  ledgerLocation?: LocationSettingsAccess;
  /**
   * The ledger's data port when it is not the file's: the office server's (PostgreSQL). The areas on the port
   * read and write through it (dataPort); absent: the port of `sqlite`.
   */
  port?: DataPort;
}

/** Who a door's session is signed in as in multi-user mode, and its recent failed sign-ins. */
export interface SessionSlot {
  operatorId: number | null;
  failedSignIns: number;
  lockedUntil: number;
  /** On the office server: this session's row in operator_sessions (who is connected), null when none. */
  connectedId: number | null;
  /** When that row was last marked seen (ms); refreshed at most once a minute (ledger/operators/sessions.ts). */
  seenAt: number;
}

export function newSessionSlot(): SessionSlot {
  return { operatorId: null, failedSignIns: 0, lockedUntil: 0, connectedId: null, seenAt: 0 };
}

export interface LedgerHandle extends ServiceContext {
  preMigrationBackup: string | null;
  /** Not yet closed (a restore's reopen keeps it open). */
  isOpen(): boolean;
  close(): void;
}

export interface OpenLedgerOptions {
  dbFile: string;
  door: Door;
  dataDir?: string;
  /** Default: given (browser mode and CLI open the file they were told to). */
  dataSource?: DataSource;
  migrationsFolder?: string;
  now?: () => Date;
  version?: string;
  onProgress?: (event: ProgressEvent) => void;
  ledgerLocation?: LocationSettingsAccess;
}

export const DEFAULT_OPERATOR = DEFAULT_OPERATOR_NAME;

export function openLedger(options: OpenLedgerOptions): LedgerHandle {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const opened = openLedgerFile({ file: options.dbFile, migrationsFolder });
  const dataDir = options.dataDir ?? path.dirname(path.resolve(options.dbFile));
  setLogFolder(path.join(dataDir, '日志'));
  const ctx: LedgerHandle = {
    db: opened.db,
    sqlite: opened.sqlite,
    dbFile: path.resolve(options.dbFile),
    dataDir,
    dataSource: options.dataSource ?? { kind: 'given' },
    door: options.door,
    version: options.version ?? '0.1.0',
    now: options.now ?? (() => new Date()),
    // On the port of whichever context it is called on (`this`): a context derived from this handle may name
    // the office server's port, and after a restore the handle's own port is the new connection's.
    async operatorName(this: ServiceContext) {
      const name = await readSettingOn<unknown>(dataPort(this), 'operatorName');
      return typeof name === 'string' && name.trim() ? name.trim() : DEFAULT_OPERATOR;
    },
    emitProgress: options.onProgress ?? (() => undefined),
    ...(options.ledgerLocation ? { ledgerLocation: options.ledgerLocation } : {}),
    preMigrationBackup: opened.preMigrationBackup,
    isOpen: () => ctx.sqlite.open,
    close: () => {
      if (ctx.sqlite.open) ctx.sqlite.close();
    },
  };
  reopeners.set(ctx, (replaceFile) => {
    if (ctx.sqlite.open) ctx.sqlite.close();
    replaceFile(ctx.dbFile);
    const reopened = openLedgerFile({ file: ctx.dbFile, migrationsFolder });
    ctx.sqlite = reopened.sqlite;
    ctx.db = reopened.db;
    ctx.preMigrationBackup = reopened.preMigrationBackup;
  });
  return ctx;
}

/** How each context opened by openLedger closes, swaps and reopens its file (see replaceLedgerFile). */
const reopeners = new WeakMap<ServiceContext, (replaceFile: (dbFile: string) => void) => void>();

/**
 * Close the ledger, let `replaceFile` put another file in its place, and open that file into the SAME
 * context object: every door (IPC, browser bridge, CLI) holds this object, so all of them see the new file
 * without being told. Statement caches are keyed by connection and start afresh. Used by 恢复.
 */
export function replaceLedgerFile(ctx: ServiceContext, replaceFile: (dbFile: string) => void): void {
  // A door's per-request context (operators.ts withSession) inherits from the handle: find the handle.
  let owner: object | null = ctx;
  while (owner && !reopeners.has(owner as ServiceContext)) owner = Object.getPrototypeOf(owner) as object | null;
  const reopen = owner ? reopeners.get(owner as ServiceContext) : undefined;
  if (!reopen) throw new Error('this context was not opened by openLedger and cannot be reopened');
  reopen(replaceFile);
}
