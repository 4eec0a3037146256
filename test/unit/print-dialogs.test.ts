// Printing and dialogs that behave (electron/print-guard.ts, dialog-folders.ts): one print dialog at a time
// with the main window locked meanwhile, and folder dialogs that start where the clerk last was.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dialogFolders } from '../../electron/dialog-folders';
import { createPrintGuard } from '../../electron/print-guard';
import { tempDir } from '../helpers/ledger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('print guard', () => {
  it('ignores print requests while one is pending, and prints again once it closed', async () => {
    const events: string[] = [];
    const guard = createPrintGuard({ onStart: () => events.push('lock'), onEnd: () => events.push('unlock') });
    let close!: (printed: boolean) => void;
    let opened = 0;
    const dialog = () => {
      opened += 1;
      return new Promise<boolean>((resolve) => (close = resolve));
    };
    const first = guard.run(dialog, false);
    expect(guard.pending).toBe(true);
    // Ctrl+P twice more while the dialog is open.
    expect(await guard.run(dialog, false)).toBe(false);
    expect(await guard.run(dialog, false)).toBe(false);
    expect(opened).toBe(1);
    close(true);
    expect(await first).toBe(true);
    expect(guard.pending).toBe(false);
    expect(events).toEqual(['lock', 'unlock']);
    const second = guard.run(dialog, false);
    expect(opened).toBe(2);
    close(false);
    expect(await second).toBe(false);
  });

  it('unlocks the main window and frees the guard when printing fails', async () => {
    const events: string[] = [];
    const guard = createPrintGuard({ onStart: () => events.push('lock'), onEnd: () => events.push('unlock') });
    await expect(guard.run(() => Promise.reject(new Error('printer gone')), 'busy')).rejects.toThrow('printer gone');
    expect(guard.pending).toBe(false);
    expect(events).toEqual(['lock', 'unlock']);
    expect(await guard.run(() => Promise.resolve('done'), 'busy')).toBe('done');
  });
});

describe('dialog folders', () => {
  it('start in the last folder used for the same purpose, while it still exists', () => {
    const base = tempDir('dialogs-');
    dirs.push(base);
    const usb = path.join(base, 'U盘');
    const backups = path.join(base, '备份');
    fs.mkdirSync(usb);
    fs.mkdirSync(backups);
    const file = path.join(base, 'userData', 'dialog-folders.json');
    const folders = dialogFolders(file);
    expect(folders.startIn('backupFolder', '/docs')).toBe('/docs');
    expect(folders.startIn('backupFolder')).toBeUndefined();
    folders.remember('backupFolder', usb, 'folder');
    folders.remember('restoreFile', path.join(backups, 'ledger-2026.db'), 'file');
    // A fresh reader (the next start) sees the same.
    const again = dialogFolders(file);
    expect(again.startIn('backupFolder', '/docs')).toBe(usb);
    expect(again.startIn('restoreFile', '/data/备份')).toBe(backups);
    // The USB stick was taken out.
    fs.rmSync(usb, { recursive: true });
    expect(again.startIn('backupFolder', '/docs')).toBe('/docs');
  });

  it('ignores a damaged or foreign file instead of failing the dialog', () => {
    const base = tempDir('dialogs-');
    dirs.push(base);
    const file = path.join(base, 'dialog-folders.json');
    fs.writeFileSync(file, '{not json');
    expect(dialogFolders(file).startIn('backupFolder', '/docs')).toBe('/docs');
    fs.writeFileSync(file, JSON.stringify({ backupFolder: 42 }));
    expect(dialogFolders(file).startIn('backupFolder', '/docs')).toBe('/docs');
    dialogFolders(file).remember('backupFolder', base, 'folder');
    expect(dialogFolders(file).startIn('backupFolder', '/docs')).toBe(base);
  });
});
