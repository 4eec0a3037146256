// Diagnostic log to stderr. Personal data (ID numbers) must never reach it: messages are scrubbed of
// anything shaped like an 18-character ID number before they are written.
const ID_NUMBER_RE = /\b\d{17}[\dXx]\b/g;

export function scrubPersonalData(text: string): string {
  return text.replace(ID_NUMBER_RE, (id) => `${id.slice(0, 6)}********${id.slice(14)}`);
}

export function logError(scope: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  process.stderr.write(`[台账] ${new Date().toISOString()} ${scope}: ${scrubPersonalData(detail)}\n`);
}

export function logInfo(scope: string, message: string): void {
  process.stderr.write(`[台账] ${new Date().toISOString()} ${scope}: ${scrubPersonalData(message)}\n`);
}
