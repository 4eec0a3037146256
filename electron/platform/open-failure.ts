// Why the ledger file could not be opened, as a sentence a clerk can act on. Shared by the Electron start-up
// dialog and the CLI so neither shows SQLite's English.

export function openFailureReason(error: unknown): string {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return '数据文件正被另一个程序占用。请关闭其他打开此文件的程序后重试。';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return '数据文件已损坏或不是扶贫台账的数据文件。请用“备份”文件夹中的副本恢复，或联系技术支持。';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return '没有权限读写数据文件夹（文件夹可能是只读的）。请检查文件夹权限，或在 config.json 中改用其他数据文件夹。数据文件未被修改。';
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return '磁盘空间已满。请清理磁盘空间后重试。';
  return '打开或升级数据文件时出错，数据文件未被修改。请重新启动；如仍出错，请联系技术支持。';
}
