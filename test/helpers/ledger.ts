// Real SQLite files in temp folders for tests: no mocked database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger, type LedgerHandle, type Door } from '../../electron/platform/context';

export function tempDir(prefix = 'ledger-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TempLedger extends LedgerHandle {
  dir: string;
  dispose(): void;
}

export function tempLedger(options: { door?: Door; now?: () => Date } = {}): TempLedger {
  const dir = tempDir();
  const ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: options.door ?? 'cli', now: options.now });
  return Object.assign(ledger, {
    dir,
    dispose() {
      ledger.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A county with two townships and a village each, entered through the services as a clerk would. */
export const SAMPLE_COUNTY = { name: '青山县', code: '632123000000' } as const;
