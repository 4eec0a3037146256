// 设置 → 数据存放: where the ledger lives — the local file (default) or the office server (PostgreSQL) — the
// connection's fields, the result of 测试连接, and the channels that read, test and save the choice.
import { z } from 'zod';
import { channel } from './channel';
import { filePath, type LedgerCounts } from './api-backup';

export const TLS_MODES = ['off', 'on', 'required'] as const;
export type TlsMode = (typeof TLS_MODES)[number];
export const TLS_LABEL: Record<TlsMode, string> = {
  off: '关闭（不加密）',
  on: '开启（服务器支持时加密）',
  required: '必须加密（服务器不支持时不连接）',
};

const NAME_PATTERN = /^[^\s'"\\]+$/;

/** Where the office server is and who connects (the password apart: it is never stored in plain text). */
export const officeServerFields = z.object({
  host: z
    .string({ error: '请填写服务器地址' })
    .trim()
    .min(1, { error: '请填写服务器地址（IP 地址或计算机名，例如 192.168.1.20）' })
    .max(253, { error: '服务器地址太长' })
    .refine((h) => !h.includes('://') && !/[\s/]/.test(h), { error: '服务器地址只填 IP 地址或计算机名，例如 192.168.1.20，不要带 postgres:// 或斜杠' }),
  port: z
    .number({ error: '端口应为数字' })
    .int({ error: '端口应为整数' })
    .min(1, { error: '端口应在 1～65535 之间' })
    .max(65535, { error: '端口应在 1～65535 之间' }),
  database: z
    .string({ error: '请填写数据库名' })
    .trim()
    .min(1, { error: '请填写数据库名' })
    .max(63, { error: '数据库名不能超过 63 个字符' })
    .regex(NAME_PATTERN, { error: '数据库名不能含空格或引号' }),
  user: z
    .string({ error: '请填写用户名' })
    .trim()
    .min(1, { error: '请填写数据库用户名' })
    .max(63, { error: '用户名不能超过 63 个字符' })
    .regex(NAME_PATTERN, { error: '用户名不能含空格或引号' }),
  tls: z.enum(TLS_MODES, { error: '加密连接应为关闭、开启或必须加密' }),
});
export type OfficeServerSettings = z.infer<typeof officeServerFields>;

/** The form's fields with the password; no password: the one saved on this PC (测试连接 and 保存 alike). */
export const officeServerInput = officeServerFields.extend({
  password: z.string({ error: '密码应为文字' }).max(200, { error: '密码不能超过 200 个字符' }).optional(),
});
export type OfficeServerInput = z.infer<typeof officeServerInput>;

export const DEFAULT_OFFICE_PORT = 5432;

export const LEDGER_LOCATIONS = ['local', 'office'] as const;
export type LedgerLocation = (typeof LEDGER_LOCATIONS)[number];
export const LEDGER_LOCATION_LABEL: Record<LedgerLocation, string> = { local: '本机文件', office: '办公室服务器' };

export const ledgerLocationSaveInput = z.discriminatedUnion(
  'location',
  [z.object({ location: z.literal('local') }).strict(), z.object({ location: z.literal('office'), server: officeServerInput }).strict()],
  { error: '存放位置应为本机文件或办公室服务器' },
);
export type LedgerLocationSaveInput = z.infer<typeof ledgerLocationSaveInput>;

/** What 测试连接 found wrong; each comes with its Chinese sentence. */
export type OfficeProblem =
  | 'refused'
  | 'hostNotFound'
  | 'timeout'
  | 'unreachable'
  | 'auth'
  | 'notAllowed'
  | 'noDatabase'
  | 'notLedger'
  | 'newerSchema'
  | 'tlsUnavailable'
  | 'tlsRequiredByServer'
  | 'noPermission'
  | 'noPassword'
  /** An older ledger was not migrated: its backup could not be written or checked. */
  | 'backupFailed'
  | 'other';

/** The records a clerk recognises, counted on the server. */
export interface OfficeLedgerCounts {
  projects: number;
  allocations: number;
  payments: number;
  findings: number;
  auditRows: number;
}

export type OfficeCheckResult =
  | {
      ok: true;
      /** current: as this app; older: this app migrates it on connect; empty: a new database, set up on connect. */
      schema: 'current' | 'older' | 'empty';
      /** Migrations this app would apply. */
      pending: number;
      /** The database user may change the schema (owner or superuser): an administrator's connection. */
      canMigrate: boolean;
      /** Null for an empty database. */
      counts: OfficeLedgerCounts | null;
      encrypted: boolean;
      serverVersion: string;
      message: string;
    }
  | { ok: false; problem: OfficeProblem; message: string };

export interface LedgerLocationView {
  /** What is saved: opened at the next start. */
  location: LedgerLocation;
  /** The saved server (kept when the choice goes back to 本机文件, so the form remembers it). */
  server: OfficeServerSettings | null;
  hasPassword: boolean;
  /** This PC can keep a password encrypted (Electron's safeStorage); browser mode and the CLI cannot. */
  passwordStorable: boolean;
  /** What this run has open. */
  open: LedgerLocation;
  /** Why this run did not open the office server although it is chosen (a Chinese sentence), else null. */
  startupNotice: string | null;
  /**
   * This run was given its office server at start (browser mode's --pg or FUPIN_PG_URL), over the saved choice:
   * location and server are that server's, which a start without it does not open.
   */
  givenAtStart: boolean;
  /** Where the choice is saved; null when this door keeps no settings file (the CLI). */
  configFile: string | null;
}

const empty = z.object({}).strict().optional();

// ---- Moving the ledger between this PC and the server, and the office backup (issue 16, items 5 and 6) -------

export const TRANSFER_DIRECTIONS = ['toServer', 'fromServer'] as const;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];

export const transferPreviewInput = z
  .object({ direction: z.enum(TRANSFER_DIRECTIONS, { error: '请选择迁移到服务器或从服务器导出' }), server: officeServerInput })
  .strict();

/** What the confirm names before a copy: where from, where to, and the records it will carry. */
export interface TransferPreview {
  source: string;
  target: string;
  counts: LedgerCounts;
  /** From the server: the new file the copy will make (the default, when none was typed). */
  file: string | null;
  /** Connecting migrated the server's ledger from an older schema: says so, and where its backup went (else null). */
  migrated: string | null;
}

export const transferToServerInput = z.object({ server: officeServerInput }).strict();
export const transferToFileInput = z.object({ server: officeServerInput, file: filePath('导出的台账文件').optional() }).strict();
export const restoreToServerInput = z
  .object({
    server: officeServerInput,
    file: filePath('备份文件'),
    confirm: z.literal(true, { error: '恢复会把备份写入服务器上的新数据库，请先确认' }),
  })
  .strict();

/** A copy done: its target, the rows of each table, the files, what the clerk should know. */
export interface TransferResult {
  target: string;
  /** The local file made (export, backup), else null. */
  file: string | null;
  tables: Array<{ table: string; label: string; rows: number }>;
  counts: LedgerCounts;
  files: number;
  /** Issued bulletins whose archived PDF was missing or altered (printed again from their snapshot when opened). */
  missingPdfs: string[];
  message: string;
}

export const ledgerTransferChannels = {
  'ledgerTransfer.preview': channel(transferPreviewInput).returns<TransferPreview>().reads('admin'),
  'ledgerTransfer.toServer': channel(transferToServerInput).returns<TransferResult>().writes('admin'),
  'ledgerTransfer.toFile': channel(transferToFileInput).returns<TransferResult>().writes('admin'),
  'ledgerTransfer.backupServer': channel(transferToServerInput).returns<TransferResult>().writes('admin'),
  'ledgerTransfer.restoreToServer': channel(restoreToServerInput).returns<TransferResult>().writes('admin'),
};

export const officeChannels = {
  'ledgerLocation.get': channel(empty).returns<LedgerLocationView>().reads('read'),
  'ledgerLocation.test': channel(officeServerInput).returns<OfficeCheckResult>().reads('admin'),
  'ledgerLocation.save': channel(ledgerLocationSaveInput).returns<LedgerLocationView>().writes('admin'),
};
