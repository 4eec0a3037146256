// The office server (PostgreSQL) as 设置 → 数据存放 and the start-up see it: 测试连接 says in Chinese what is
// wrong (or what is there), and connecting migrates an older schema under the migration lock, the other PCs
// waiting and told why. Plain Node: the connection's fields come from shared/api-office.ts, the password from
// the caller (decrypted from the settings file by electron/office/, never stored or logged here).
import { Client, type ClientConfig } from 'pg';
import type { Pool } from 'pg';
import { defaultPgMigrationsFolder, migratePostgres, takeMigrationLock, MIGRATION_LOCK } from '../../db/migrate-pg';
import type { OfficeCheckResult, OfficeProblem, OfficeServerSettings } from '../../shared/api-office';
import { ledgerPool, ledgerTypeParsers } from './postgres-port';
import { inspectLedgerSchema, type SchemaState } from './office-schema';
import { writeOfficeBackup } from './office-backup';
import { logError } from './log';

export const DEFAULT_CONNECT_TIMEOUT_MS = 8000;

export interface OfficeConnectOptions {
  migrationsFolder?: string;
  connectTimeoutMs?: number;
}

/** A refusal with its Chinese sentence (what is wrong and what to do). */
export class OfficeServerError extends Error {
  constructor(
    readonly problem: OfficeProblem,
    message: string,
  ) {
    super(message);
    this.name = 'OfficeServerError';
  }
}

const where = (s: OfficeServerSettings) => `${s.host}:${s.port}`;

/** node-postgres's settings for this server; TLS without certificate checks (libpq's sslmode=require). */
export function officeClientConfig(s: OfficeServerSettings, password: string, tls: boolean, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): ClientConfig {
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password,
    ssl: tls ? { rejectUnauthorized: false } : false,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: '扶贫台账',
    types: ledgerTypeParsers(),
  };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failed connection or first query as the clerk should hear it. */
export function describeConnectError(error: unknown, s: OfficeServerSettings, connectTimeoutMs: number): OfficeServerError {
  const code = errorCode(error);
  const text = errorMessage(error);
  const seconds = Math.round(connectTimeoutMs / 100) / 10;
  if (code === 'ECONNREFUSED')
    return new OfficeServerError('refused', `无法连接办公室服务器 ${where(s)}：对方拒绝连接。请确认服务器已开机、PostgreSQL 服务已启动、端口号正确，并且服务器的防火墙允许这台电脑连接。`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new OfficeServerError('hostNotFound', `找不到服务器“${s.host}”：这个名称查不到对应的地址。请检查服务器地址是否写错，或改填服务器的 IP 地址（例如 192.168.1.20）。`);
  if (code === 'ETIMEDOUT' || /timeout expired|connection timeout/i.test(text))
    return new OfficeServerError('timeout', `连接办公室服务器 ${where(s)} 超时（${seconds} 秒内没有应答）。请检查这台电脑与服务器之间的网络、服务器地址和端口，以及服务器的防火墙。`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'EPIPE')
    return new OfficeServerError('unreachable', `无法连接办公室服务器 ${where(s)}：网络不通（${code}）。请检查网线或无线网络是否连好，以及服务器地址是否正确。`);
  if (code === '28P01')
    return new OfficeServerError('auth', `服务器拒绝了用户“${s.user}”的登录：用户名或密码不对。请向管理员核对数据库用户名和密码后重新填写。`);
  if (/client password must be|password authentication|no password supplied/i.test(text) && code === undefined)
    return new OfficeServerError('noPassword', `服务器要求用户“${s.user}”输入密码，请填写密码后再试。`);
  if (code === '3D000')
    return new OfficeServerError('noDatabase', `服务器上没有名为“${s.database}”的数据库。请检查数据库名是否写错；新建办公室台账时，请管理员先在服务器上建立这个数据库（建一个空数据库即可）。`);
  if (code === '28000' && /SSL off|no encryption/i.test(text))
    return new OfficeServerError('tlsRequiredByServer', `服务器只接受加密连接（TLS）。请把“加密连接”改为“开启”或“必须加密”后再试。`);
  if (code === '28000' && /role .* does not exist/i.test(text))
    return new OfficeServerError('auth', `服务器上没有用户“${s.user}”：用户名或密码不对。请向管理员核对数据库用户名和密码后重新填写。`);
  if (code === '28000')
    return new OfficeServerError('notAllowed', `服务器不允许这台电脑以用户“${s.user}”连接数据库“${s.database}”（服务器的 pg_hba.conf 中没有允许这台电脑的规则）。请管理员在服务器上允许这台电脑的地址。`);
  if (code === '42501')
    return new OfficeServerError('noPermission', `数据库用户“${s.user}”无权读取台账的表。请管理员给这个用户授予台账数据库的读写权限。`);
  if (/does not support SSL/i.test(text))
    return new OfficeServerError('tlsUnavailable', `服务器 ${where(s)} 不支持加密连接（TLS），而这里设为“必须加密”。请管理员在服务器上启用 TLS；或在确认办公室内网安全后，把“加密连接”改为“开启”或“关闭”。`);
  if (code === '57P03' || code === '53300')
    return new OfficeServerError('other', `服务器 ${where(s)} 暂时不能接受连接（正在启动、关闭，或连接数已满）。请稍后再试；一直如此请联系管理员。`);
  return new OfficeServerError('other', `连接办公室服务器 ${where(s)} 时出错：${text}。请把这句话告诉管理员。`);
}

/** A connected client; TLS 'on' tries an encrypted connection first and falls back when the server has none. */
export async function openOfficeClient(s: OfficeServerSettings, password: string, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<{ client: Client; encrypted: boolean }> {
  const attempt = async (tls: boolean) => {
    const client = new Client(officeClientConfig(s, password, tls, connectTimeoutMs));
    client.on('error', () => undefined); // a connection lost while idle: the next query says so
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  try {
    if (s.tls === 'off') return { client: await attempt(false), encrypted: false };
    try {
      return { client: await attempt(true), encrypted: true };
    } catch (error) {
      if (s.tls === 'on' && /does not support SSL/i.test(errorMessage(error))) return { client: await attempt(false), encrypted: false };
      throw error;
    }
  } catch (error) {
    throw describeConnectError(error, s, connectTimeoutMs);
  }
}

type UsableState = Exclude<SchemaState, { kind: 'newer' | 'notLedger' }>;

/** The state when the app can use the database; else throws the refusal. */
function usable(state: SchemaState, s: OfficeServerSettings): UsableState {
  if (state.kind === 'notLedger') throw new OfficeServerError('notLedger', `数据库“${s.database}”不是扶贫台账的数据库：${state.reason}请检查数据库名是否写错；办公室台账应使用一个专门新建的空数据库。`);
  if (state.kind === 'newer')
    throw new OfficeServerError(
      'newerSchema',
      `服务器上的台账结构比这台电脑上的扶贫台账新（服务器多出 ${state.beyond} 次升级），大概是其他电脑已经装了新版本。请先把这台电脑的扶贫台账升级到最新版本，再连接服务器。`,
    );
  return state;
}

function countsSentence(state: Extract<SchemaState, { kind: 'current' | 'older' }>): string {
  const c = state.counts;
  return `服务器上现有项目 ${c.projects} 个、资金下达 ${c.allocations} 笔、拨付 ${c.payments} 笔、问题 ${c.findings} 个、操作记录 ${c.auditRows} 条。`;
}

/** 测试连接: connects, looks at the database, disconnects. Never changes anything on the server. */
export async function testOfficeServer(s: OfficeServerSettings, password: string, options: OfficeConnectOptions = {}): Promise<OfficeCheckResult> {
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let opened: { client: Client; encrypted: boolean };
  try {
    opened = await openOfficeClient(s, password, timeout);
  } catch (error) {
    if (error instanceof OfficeServerError) return { ok: false, problem: error.problem, message: error.message };
    throw error;
  }
  const { client, encrypted } = opened;
  try {
    const state = usable(await inspectLedgerSchema(client, options.migrationsFolder ?? defaultPgMigrationsFolder()), s);
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '';
    const tlsNote = encrypted ? '（加密连接）' : '（未加密）';
    if (state.kind === 'empty') {
      const who = state.canMigrate ? '保存后重新启动程序时，会在其中建立台账。' : `但用户“${s.user}”无权在其中建表：请先用管理员的数据库用户连接一次，建立台账。`;
      return { ok: true, schema: 'empty', pending: state.pending, canMigrate: state.canMigrate, counts: null, encrypted, serverVersion: version, message: `连接成功${tlsNote}：数据库“${s.database}”是空的，${who}` };
    }
    const schemaNote =
      state.kind === 'current'
        ? '台账结构与本程序一致。'
        : state.canMigrate
          ? `台账结构较旧（有 ${state.pending} 次升级），这台电脑连接时会升级它（升级期间其他电脑等待）。`
          : `台账结构较旧（有 ${state.pending} 次升级），需要管理员的数据库用户先连接一次来升级；用户“${s.user}”无权升级。`;
    return { ok: true, schema: state.kind, pending: state.pending, canMigrate: state.canMigrate, counts: state.counts, encrypted, serverVersion: version, message: `连接成功${tlsNote}：${schemaNote}${countsSentence(state)}` };
  } catch (error) {
    const described = error instanceof OfficeServerError ? error : describeConnectError(error, s, timeout);
    return { ok: false, problem: described.problem, message: described.message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const MIGRATION_WAIT_MESSAGE = '另一台电脑正在升级办公室服务器上的台账结构，请稍候，升级完成后自动继续……';

export interface OfficeConnection {
  pool: Pool;
  encrypted: boolean;
  /** Tags of the migrations this connection applied (empty when the schema was current or another PC migrated it). */
  migrated: string[];
  /** The backup written before migrating a ledger from an older schema; null when this connection migrated none. */
  backup: string | null;
}

export interface OfficeConnectDeps extends OfficeConnectOptions {
  /**
   * Where the backup goes that is written before an older ledger is migrated (the app's backup folder, e.g.
   * 备份/办公室服务器 beside the local ledger). Without a backup the schema is not migrated.
   */
  backupFolder: string;
  /** Told (once, a Chinese sentence) when another PC is migrating and this one waits for it. */
  onWait?: (message: string) => void;
  /** Told when an idle connection of the pool loses the server (default: the app's log; the pool reconnects). */
  onIdleError?: (error: Error) => void;
  /** The clock that names the backup (default: now). */
  now?: () => Date;
}

/** The Chinese sentence a connection tells the clerk after it migrated the server (and where the backup went). */
export function migratedSentence(connection: Pick<OfficeConnection, 'migrated' | 'backup'>): string | null {
  if (connection.migrated.length === 0) return null;
  const upgraded = `办公室服务器上的台账结构已升级（${connection.migrated.length} 次升级）`;
  return connection.backup ? `${upgraded}，升级前的台账已备份到 ${connection.backup}。` : `${upgraded}。`;
}

/**
 * Open the office server for the ledger: refuse what testOfficeServer refuses; bring an older (or empty)
 * database to this app's schema under the migration lock when this connection may change the schema (an
 * administrator's); a connection that may not waits for one that is migrating, and is refused when nobody is.
 */
export async function connectOfficeServer(s: OfficeServerSettings, password: string, deps: OfficeConnectDeps): Promise<OfficeConnection> {
  const timeout = deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const migrationsFolder = deps.migrationsFolder ?? defaultPgMigrationsFolder();
  const { client, encrypted } = await openOfficeClient(s, password, timeout);
  let state: UsableState;
  try {
    state = usable(await inspectLedgerSchema(client, migrationsFolder), s);
    if (state.kind !== 'current' && !state.canMigrate) {
      // Not an administrator's connection: wait for one that is migrating, then look again.
      let told = false;
      await takeMigrationLock(client, () => {
        told = true;
        deps.onWait?.(MIGRATION_WAIT_MESSAGE);
      });
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      state = usable(await inspectLedgerSchema(client, migrationsFolder), s);
      if (state.kind !== 'current')
        throw new OfficeServerError(
          'noPermission',
          `服务器上的台账结构需要升级，但用户“${s.user}”无权升级${told ? '（另一台电脑的升级没有完成）' : ''}。请先用管理员的数据库用户在一台电脑上连接一次，升级完成后再连接。`,
        );
    }
  } catch (error) {
    throw error instanceof OfficeServerError ? error : describeConnectError(error, s, timeout);
  } finally {
    await client.end().catch(() => undefined);
  }

  const pool = ledgerPool({ ...officeClientConfig(s, password, encrypted, timeout), max: 10 }, deps.onIdleError ?? ((error) => logError('office server: an idle connection was lost', error)));
  try {
    let migrated: string[] = [];
    let backup: string | null = null;
    if (state.kind !== 'current') {
      // A ledger (not an empty database) is backed up first, under the migration lock, on the migrating connection.
      const holdsLedger = state.kind === 'older';
      const result = await migratePostgres(pool, {
        migrationsFolder,
        onWait: () => deps.onWait?.(MIGRATION_WAIT_MESSAGE),
        beforeApply: async (client) => {
          if (!holdsLedger) return;
          try {
            backup = (await writeOfficeBackup(client, s, deps.backupFolder, (deps.now ?? (() => new Date()))())).file;
          } catch (error) {
            throw new OfficeServerError(
              'backupFailed',
              `服务器上的台账结构需要升级，但升级前的备份没能写到“${deps.backupFolder}”（${errorMessage(error)}），所以没有升级。请检查这个文件夹能否写入（磁盘空间、权限）后再连接。`,
            );
          }
        },
      });
      migrated = result.applied;
    }
    return { pool, encrypted, migrated, backup };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error instanceof OfficeServerError ? error : describeConnectError(error, s, timeout);
  }
}
