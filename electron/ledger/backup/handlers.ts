// 备份与恢复's channels (declared in shared/api-backup.ts) and the service function serving each.
import type { BackupList } from '../../../shared/api-backup';
import { AppError } from '../../../shared/errors';
import type { HandlerSubset } from '../../platform/handler-types';
import { ROTATION } from './rotation';
import { backupFolder, createBackup, downloadBackup, listBackups, previewBackup, restoreBackup } from './service';

const noDialog = (): never => {
  throw new AppError('UNSUPPORTED', '浏览器模式下不能弹出选择框，请直接输入完整路径');
};

export const backupHandlers: HandlerSubset<
  'backup.list' | 'backup.create' | 'backup.preview' | 'backup.restore' | 'backup.download' | 'backup.pickFolder' | 'backup.pickFile'
> = {
  'backup.list': (ctx): BackupList => ({ folder: backupFolder(ctx), rows: listBackups(ctx), policy: ROTATION }),
  'backup.create': (ctx, input) => createBackup(ctx, 'manual', input?.folder),
  'backup.preview': (_ctx, input) => previewBackup(input.path),
  'backup.restore': (ctx, input) => restoreBackup(ctx, input.path),
  'backup.download': (ctx, input) => downloadBackup(ctx, input.name),
  // Electron's main.ts replaces these two with the system dialogs.
  'backup.pickFolder': noDialog,
  'backup.pickFile': noDialog,
};
