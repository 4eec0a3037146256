// Is a folder safe for the ledger file? The ledger runs SQLite in WAL mode, which SQLite documents as unsafe
// on a network filesystem (the shared-memory index does not work across machines; locks over SMB/NFS are
// unreliable), so the local-file mode refuses a UNC path (\\server\share), a mapped network drive and, on
// Linux desktops, an NFS/SMB mount. Backups may go to such places: only the live ledger may not.
// Plain Node: the system questions (drive type, mount table) are injected, so the decision is tested here.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** System.IO.DriveType's names, as PowerShell prints them (not localised). */
export type DriveType = 'Unknown' | 'NoRootDirectory' | 'Removable' | 'Fixed' | 'Network' | 'CDRom' | 'Ram';

export interface FolderProbe {
  platform: NodeJS.Platform;
  /** Windows: the type of drive `letter` (one letter), or null when it could not be asked. */
  driveType(letter: string): Promise<DriveType | null>;
  /** Windows: the system drive (%SystemDrive%, e.g. "C:"), which is never a network drive, so it is not asked about. */
  systemDrive?: string;
  /** Linux/macOS: the mount table (/proc/mounts), or null when unreadable. */
  mounts(): string | null;
}

export type FolderVerdict = { ok: true } | { ok: false; where: string; message: string };

const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ncpfs', 'afs', '9p', 'ceph', 'glusterfs', 'davfs', 'sshfs', 'fuse.sshfs', 'fuse.glusterfs', 'fuse.davfs2', 'fuse.rclone', 'fuse.cephfs']);

/** What the clerk reads: where the folder is, why not there, what to do instead (backups may go there). */
export function networkFolderMessage(dir: string, where: string): string {
  return [
    `数据文件夹“${dir}”在${where}上，台账数据文件不能放在这里。`,
    '台账数据文件只能放在本机硬盘上：放在共享文件夹或映射的网络驱动器上，网络一断或两台电脑同时打开，台账文件就可能损坏。',
    '请选择本机硬盘上的文件夹（例如 D:\\扶贫台账数据）。需要几台电脑共用一份台账时，请使用以后版本提供的“办公室服务器”方式。',
    '备份文件可以放在网络共享文件夹中。',
  ].join('\n');
}

function refuse(dir: string, where: string): FolderVerdict {
  return { ok: false, where, message: networkFolderMessage(dir, where) };
}

/** /proc/mounts line fields are space-separated with octal escapes (\040 for a space). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The filesystem type of the mount that holds `dir` (longest mount point that is a prefix), or null. */
export function mountTypeOf(dir: string, mountTable: string): string | null {
  const target = path.posix.resolve(dir);
  let best: { point: string; type: string } | null = null;
  for (const line of mountTable.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) continue;
    const point = unescapeMountField(fields[1] ?? '');
    const type = fields[2] ?? '';
    const inside = point === '/' || target === point || target.startsWith(`${point}/`);
    if (inside && (!best || point.length >= best.point.length)) best = { point, type };
  }
  return best?.type ?? null;
}

/** Refuses a network location for the live ledger; `ok` when local, or when the system could not be asked. */
export async function checkLedgerFolder(dir: string, probe: FolderProbe): Promise<FolderVerdict> {
  if (probe.platform === 'win32') {
    const normalized = dir.replace(/\//g, '\\');
    // \\?\C:\… is a local path written in long form; \\?\UNC\server\share and \\server\share are network shares.
    const longLocal = /^\\\\[?.]\\[A-Za-z]:/.exec(normalized);
    if (!longLocal && normalized.startsWith('\\\\')) return refuse(dir, '网络共享文件夹');
    const drive = /^(?:\\\\[?.]\\)?([A-Za-z]):/.exec(normalized)?.[1];
    if (!drive) return { ok: true };
    if (probe.systemDrive && probe.systemDrive.slice(0, 1).toUpperCase() === drive.toUpperCase()) return { ok: true };
    const type = await probe.driveType(drive.toUpperCase());
    return type === 'Network' ? refuse(dir, `映射的网络驱动器 ${drive.toUpperCase()}:`) : { ok: true };
  }
  const table = probe.mounts();
  const type = table === null ? null : mountTypeOf(dir, table);
  return type !== null && (NETWORK_FS.has(type) || type.startsWith('nfs')) ? refuse(dir, `网络文件系统（${type}）`) : { ok: true };
}

/** Windows: asks .NET for the drive type through PowerShell (a few hundred ms; only for non-system drives). */
export function windowsDriveType(letter: string, timeoutMs = 8000): Promise<DriveType | null> {
  if (!/^[A-Za-z]$/.test(letter)) return Promise.resolve(null);
  const command = `[System.IO.DriveInfo]::new('${letter}').DriveType.ToString()`;
  return new Promise((resolve) => {
    execFile('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      const answer = String(stdout).trim();
      resolve(!error && /^(Unknown|NoRootDirectory|Removable|Fixed|Network|CDRom|Ram)$/.test(answer) ? (answer as DriveType) : null);
    });
  });
}

export function realFolderProbe(): FolderProbe {
  return {
    platform: process.platform,
    driveType: (letter) => windowsDriveType(letter),
    systemDrive: process.env.SystemDrive,
    mounts: () => {
      try {
        return fs.readFileSync('/proc/mounts', 'utf8');
      } catch {
        return null;
      }
    },
  };
}
