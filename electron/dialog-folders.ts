// Where the open/save dialogs start: the folder last used for the same purpose (a USB stick for backups),
// remembered in userData/dialog-folders.json. Since Electron 43 a dialog without defaultPath opens in
// Downloads, which is never where a clerk keeps backups. Plain Node, tested without Electron.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DIALOG_PURPOSES = ['backupFolder', 'restoreFile'] as const;
export type DialogPurpose = (typeof DIALOG_PURPOSES)[number];

const stored = z.object(Object.fromEntries(DIALOG_PURPOSES.map((p) => [p, z.string().min(1).max(4096).optional()])) as Record<DialogPurpose, z.ZodOptional<z.ZodString>>);

export interface DialogFolders {
  /** The folder to start in: the last one used for `purpose` while it still exists (a USB stick may be out), else `fallback`. */
  startIn(purpose: DialogPurpose, fallback?: string): string | undefined;
  /** Remember what the clerk picked: a folder itself, or the folder a picked file is in. */
  remember(purpose: DialogPurpose, picked: string, kind: 'folder' | 'file'): void;
}

export interface DialogFolderDeps {
  isDirectory(dir: string): boolean;
  onError?(error: unknown): void;
}

const realDeps: DialogFolderDeps = {
  isDirectory: (dir) => {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
};

export function dialogFolders(file: string, overrides: Partial<DialogFolderDeps> = {}): DialogFolders {
  const deps: DialogFolderDeps = { ...realDeps, ...overrides };
  const load = (): Partial<Record<DialogPurpose, string>> => {
    try {
      const parsed = stored.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  };
  return {
    startIn(purpose, fallback) {
      const last = load()[purpose];
      if (last && deps.isDirectory(last)) return last;
      return fallback;
    },
    remember(purpose, picked, kind) {
      const folder = kind === 'folder' ? picked : path.dirname(picked);
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify({ ...load(), [purpose]: folder }, null, 2)}\n`, 'utf8');
      } catch (error) {
        deps.onError?.(error);
      }
    },
  };
}
