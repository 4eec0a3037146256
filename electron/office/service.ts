// 设置 → 数据存放: read the choice of 本机文件 or 办公室服务器, 测试连接 with the form's fields, and 保存 (recorded
// in config.json with the password sealed by the PC's credential box, and in the audit trail without it). The
// choice takes effect at the next start (electron/office/startup.ts).
import type { LedgerLocationSaveInput, LedgerLocationView, OfficeCheckResult, OfficeServerInput, OfficeServerSettings } from '../../shared/api-office';
import { TLS_LABEL } from '../../shared/api-office';
import { AppError } from '../../shared/errors';
import { writeAudited } from '../platform/audited-write';
import { testOfficeServer } from '../platform/office-server';
import type { ServiceContext } from '../platform/context';
import { openPassword } from './credentials';
import { readStoredLocation, saveStoredLocation, type LocationSettingsAccess, type StoredLocation } from './location-file';

function access(ctx: ServiceContext): LocationSettingsAccess {
  if (!ctx.ledgerLocation) throw new AppError('UNSUPPORTED', '命令行没有设置文件，不能在这里选择台账存放位置。命令行请用 --db 指定台账文件。');
  return ctx.ledgerLocation;
}

function view(stored: StoredLocation, where: LocationSettingsAccess | undefined): LedgerLocationView {
  // A server given at start is where this run's ledger lives, whatever the file says; its password is not kept.
  const given = where?.givenServer;
  return {
    location: given ? 'office' : stored.location,
    server: given ?? stored.server,
    hasPassword: given ? false : stored.sealedPassword !== null,
    passwordStorable: where?.credentials.available() ?? false,
    open: where?.open ?? 'local',
    startupNotice: where?.startupNotice ?? stored.problem,
    configFile: where?.configFile ?? null,
    givenAtStart: given !== undefined,
  };
}

export function getLedgerLocation(ctx: ServiceContext): LedgerLocationView {
  const where = ctx.ledgerLocation;
  const stored: StoredLocation = where ? readStoredLocation(where.configFile) : { location: 'local', server: null, sealedPassword: null, problem: null };
  return view(stored, where);
}

export function fieldsOf(input: OfficeServerInput): OfficeServerSettings {
  return { host: input.host, port: input.port, database: input.database, user: input.user, tls: input.tls };
}

/** The password to use: the one typed, else the one saved on this PC (when there is one). */
export function passwordFor(ctx: ServiceContext, input: OfficeServerInput): string {
  if (input.password !== undefined && input.password !== '') return input.password;
  const where = ctx.ledgerLocation;
  if (!where) return '';
  const opened = openPassword(where.credentials, readStoredLocation(where.configFile).sealedPassword);
  if ('problem' in opened) throw new AppError('VALIDATION', opened.problem, 'password');
  return opened.password;
}

/** 测试连接: nothing is saved, nothing on the server changes. */
export async function testLedgerLocation(ctx: ServiceContext, input: OfficeServerInput): Promise<OfficeCheckResult> {
  return testOfficeServer(fieldsOf(input), passwordFor(ctx, input), { migrationsFolder: ctx.ledgerLocation?.pgMigrationsFolder });
}

/** How the audit trail shows a server: user@host:port/database and the TLS mode (never the password). */
export function serverText(server: OfficeServerSettings | null): string | null {
  return server ? `${server.user}@${server.host}:${server.port}/${server.database}（加密连接：${TLS_LABEL[server.tls]}）` : null;
}

export async function saveLedgerLocation(ctx: ServiceContext, input: LedgerLocationSaveInput): Promise<LedgerLocationView> {
  const where = access(ctx);
  const before = readStoredLocation(where.configFile);
  let next: Omit<StoredLocation, 'problem'>;
  let passwordNote: string;
  if (input.location === 'local') {
    // The server stays in the file, so the form still shows it when the office moves to the server later.
    next = { location: 'local', server: before.server, sealedPassword: before.sealedPassword };
    passwordNote = before.sealedPassword ? '已保存' : '未保存';
  } else {
    const typed = input.server.password;
    let sealed = before.sealedPassword;
    if (typed !== undefined && typed !== '') {
      if (!where.credentials.available()) {
        throw new AppError('UNSUPPORTED', '这里无法加密保存服务器密码（只有桌面版扶贫台账能用系统的加密功能保存），没有保存。', 'password');
      }
      sealed = where.credentials.seal(typed);
    }
    next = { location: 'office', server: fieldsOf(input.server), sealedPassword: sealed };
    passwordNote = typed ? (before.sealedPassword ? '已更换' : '已保存') : sealed ? '已保存' : '未保存';
  }
  const record = (s: Omit<StoredLocation, 'problem'>, note: string) => ({ ledgerLocation: s.location, officeServer: serverText(s.server), officePassword: note });
  await writeAudited(ctx, async (_tx, audit) => {
    await audit.record({ action: 'update', entity: 'settings', entityId: null, before: record(before, before.sealedPassword ? '已保存' : '未保存'), after: record(next, passwordNote) });
    saveStoredLocation(where.configFile, next);
  });
  return getLedgerLocation(ctx);
}
