// Real SQLite files in temp folders for tests: no mocked database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger, type LedgerHandle, type Door } from '../../electron/platform/context';
import type { ProgressEvent } from '../../shared/api';

export function tempDir(prefix = 'ledger-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TempLedger extends LedgerHandle {
  dir: string;
  dispose(): void;
}

/** A ledger file in a new temp folder; `copyOf`: a copy of that folder (a closed ledger.db and what lies beside it). */
export function tempLedger(options: { door?: Door; now?: () => Date; onProgress?: (event: ProgressEvent) => void; copyOf?: string } = {}): TempLedger {
  const dir = tempDir();
  if (options.copyOf) fs.cpSync(options.copyOf, dir, { recursive: true });
  const ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: options.door ?? 'cli', now: options.now, onProgress: options.onProgress });
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
