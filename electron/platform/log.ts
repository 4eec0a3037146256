// Diagnostic log: stderr, and — once a ledger is open — a daily file under the data folder's 日志 folder,
// which the INTERNAL error message asks the user to send to support. Personal data (ID numbers) must never
// reach either: every message is scrubbed of anything shaped like an ID number before it is written.
import { officeDay } from '../../shared/dates';
import fs from 'node:fs';
import path from 'node:path';
import { maskIdNumbersInText } from '../../shared/id-number';

export function scrubPersonalData(text: string): string {
  return maskIdNumbersInText(text);
}

let logFolder: string | null = null;

/** Where log files go from now on (openLedger sets <data folder>/日志); null: stderr only. */
export function setLogFolder(folder: string | null): void {
  logFolder = folder;
}

export function logFileFor(day: Date = new Date()): string | null {
  if (!logFolder) return null;
  const stamp = officeDay(day);
  return path.join(logFolder, `台账-${stamp}.log`);
}

function write(line: string): void {
  process.stderr.write(line);
  const file = logFileFor();
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, line, 'utf8');
  } catch {
    // A log that cannot be written (read-only or full disk) must not turn into a second error.
  }
}

export function logError(scope: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  write(`[台账] ${new Date().toISOString()} ${scope}: ${scrubPersonalData(detail)}\n`);
}

export function logInfo(scope: string, message: string): void {
  write(`[台账] ${new Date().toISOString()} ${scope}: ${scrubPersonalData(message)}\n`);
}
