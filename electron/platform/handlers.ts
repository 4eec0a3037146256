// The handler table: one function per channel of shared/api.ts, built from the services. The three doors
// (ipc.ts, web-bridge.ts, cli.ts) serve this table through dispatch().
import { api, isChannel, type ApiResponse, type ChannelParsedInput } from '../../shared/api';
import { AppError, INTERNAL_ERROR_MESSAGE, type ApiError } from '../../shared/errors';
import { accessDependsOnInput } from '../../shared/permissions';
import type { ServiceContext } from './context';
import type { Handler, HandlerTable } from './handler-types';
import { bulletinHandlers } from '../ledger/bulletins/handlers';
import { auditHandlers, verifyHandlers } from '../ledger/audit/handlers';
import { backupHandlers } from '../ledger/backup/handlers';
import { assetHandlers } from '../ledger/assets/handlers';
import { supervisionHandlers } from '../ledger/supervision/handlers';
import { fundHandlers } from '../ledger/funds/handlers';
import { projectHandlers } from '../ledger/projects/handlers';
import { ledgerLocationHandlers, ledgerTransferHandlers } from '../office/handlers';
import { divisionHandlers } from '../ledger/divisions/handlers';
import { settingsHandlers } from '../ledger/settings/handlers';
import { dashboardHandlers } from '../ledger/dashboard/handlers';
import { demoHandlers } from '../ledger/demo/handlers';
import { exportHandlers } from '../ledger/exports/handlers';
import { logError } from './log';
import { authorize } from '../ledger/operators/service';
import { operatorsHandlers } from '../ledger/operators/handlers';
import { importHandlers } from '../ledger/imports/handlers';
import { assistanceHandlers } from '../ledger/assistance/handlers';

export type { Handler, HandlerTable } from './handler-types';

export const handlers: HandlerTable = {
  ...supervisionHandlers,
  ...assetHandlers,
  ...fundHandlers,
  ...projectHandlers,
  ...divisionHandlers,
  ...settingsHandlers,
  ...dashboardHandlers,
  ...demoHandlers,
  ...importHandlers,
  ...bulletinHandlers,
  ...operatorsHandlers,
  ...backupHandlers,
  ...auditHandlers,
  ...verifyHandlers,
  ...exportHandlers,
  ...ledgerLocationHandlers,
  ...ledgerTransferHandlers,
  ...assistanceHandlers,
};

function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && (error as unknown as { code: string }).code.startsWith('SQLITE_');
}

/** Turn any thrown value into the Chinese {code, message} a user can act on. */
export function toApiError(error: unknown, channel: string): ApiError {
  if (error instanceof AppError) return error.toApiError();
  if (isSqliteError(error)) {
    if (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED') {
      return { code: 'CONFLICT', message: '数据文件正被另一个程序占用（可能打开了两个台账窗口），本次操作没有保存。请关闭其他程序后重试。' };
    }
    if (error.code === 'SQLITE_FULL') {
      return { code: 'INTERNAL', message: '磁盘空间已满，本次操作没有保存。请清理磁盘空间后重试。' };
    }
    if (error.code === 'SQLITE_READONLY' || error.code.startsWith('SQLITE_READONLY')) {
      return { code: 'FORBIDDEN', message: '数据文件夹是只读的，本次操作没有保存。请检查文件夹权限或在“设置”中更换数据文件夹。' };
    }
    if (error.code.startsWith('SQLITE_CONSTRAINT')) {
      return { code: 'CONFLICT', message: '这项修改与已有数据冲突（重复或仍被引用），没有保存。请检查后重试。' };
    }
  }
  // The same conditions met while writing a file (attachments, exports) rather than the database.
  const errno = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return { code: 'INTERNAL', message: '磁盘空间已满，本次操作没有保存。请清理磁盘空间后重试。' };
  }
  if (errno === 'EROFS' || errno === 'EACCES' || errno === 'EPERM') {
    return { code: 'FORBIDDEN', message: '数据文件夹是只读的或没有写入权限，本次操作没有保存。请检查文件夹权限或在“设置”中更换数据文件夹。' };
  }
  logError(`channel ${channel}`, error);
  return { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE };
}

async function authorizeSafely(ctx: ServiceContext, channel: string, input?: unknown): Promise<ApiError | null> {
  try {
    return await authorize(ctx, channel, input);
  } catch (error) {
    // Cannot read who is signed in (locked or unreadable file): refuse rather than guess.
    return toApiError(error, channel);
  }
}

/** Validate a channel name and its input, run the handler, and answer { ok, value } or { ok:false, error }. */
export async function dispatch(
  ctx: ServiceContext,
  channel: unknown,
  rawInput: unknown,
  table: HandlerTable = handlers,
): Promise<ApiResponse> {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? channel.slice(0, 60) : typeof channel;
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `没有名为“${shown}”的操作，请升级到最新版本后重试` } };
  }
  // Roles are checked before the input is even read (a signed-out caller learns nothing from validation
  // messages) and again with it, for channels whose role depends on what is asked.
  const refusedBefore = await authorizeSafely(ctx, channel);
  if (refusedBefore) return { ok: false, error: refusedBefore };
  const parsed = api[channel].input.safeParse(rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    const message = issue ? issue.message : '输入的内容不正确，请检查后重试';
    return { ok: false, error: field ? { code: 'VALIDATION', message, field } : { code: 'VALIDATION', message } };
  }
  // Asked again only where the input can raise the requirement: each check reads who is signed in, a round trip
  // to the office server.
  const refused = accessDependsOnInput(channel) ? await authorizeSafely(ctx, channel, parsed.data) : null;
  if (refused) return { ok: false, error: refused };
  try {
    const handler = table[channel] as Handler<typeof channel>;
    const value = await handler(ctx, parsed.data as ChannelParsedInput<typeof channel>);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toApiError(error, channel) };
  }
}
