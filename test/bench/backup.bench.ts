// Issue 8's figure: backup + verify of the scale-100 demo database. Beside it, in the same run: a plain
// file copy of the same file (the floor any backup pays) and integrity_check alone, so the ratio says what
// the online backup and the check add. Also the preview a restore shows first, and 校验 of the audit chain.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkLedgerCopy, writeBackup } from '../../db/backup';
import { previewBackup } from '../../electron/ledger/backup/service';
import { writeAudited } from '../../electron/platform/audited-write';
import { verifyChain } from '../../electron/ledger/audit/trail';
import { openLedger } from '../../electron/platform/context';
import type { BenchSuite } from './run';
import { time } from './stats';

const RUNS = Number(process.env.BENCH_BACKUP_RUNS ?? 3);
const AUDIT_ROWS = 200_000;

export const backupSuite: BenchSuite = {
  name: 'backup',
  async run({ ledger, dbFile, workDir }) {
    ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.statSync(dbFile).size;
    let n = 0;
    const next = () => path.join(workDir, `backup-${(n += 1)}.db`);
    const copy = await time(RUNS, () => fs.copyFileSync(dbFile, next()), 1);
    const backup = await time(RUNS, () => writeBackup(ledger.sqlite, next()), 1);
    const sample = next();
    await writeBackup(ledger.sqlite, sample);
    const check = await time(RUNS, () => checkLedgerCopy(sample), 1);
    const preview = await time(RUNS, () => previewBackup(sample), 1);
    // The demo writes its data in bulk (one audit row); 校验 is timed on a trail of AUDIT_ROWS real rows.
    const trail = openLedger({ dbFile: path.join(workDir, 'audit-trail.db'), door: 'cli' });
    await writeAudited(trail, (_tx, audit) =>
      audit.recordMany(
        Array.from({ length: AUDIT_ROWS }, (_, k) => {
          const i = k + 1;
          return { action: 'update' as const, entity: 'payment', entityId: i, before: { amountFen: i * 100, voucher: `记-${i}` }, after: { amountFen: i * 100 + 1, voucher: `记-${i}` } };
        }),
      ),
    );
    const started = performance.now();
    const { chain } = await verifyChain(trail);
    const verifyMs = Math.round(performance.now() - started);
    trail.close();
    for (const f of fs.readdirSync(workDir)) if (f.startsWith('backup-') || f.startsWith('audit-trail')) fs.rmSync(path.join(workDir, f), { force: true });
    const mb = (bytes / 1024 / 1024).toFixed(0);
    const ratio = (backup.p50Ms / copy.p50Ms).toFixed(1);
    return {
      data: { bytes, fileCopy: copy, backupAndVerify: backup, integrityCheck: check, restorePreview: preview, auditVerify: { ms: verifyMs, rows: chain.total, ok: chain.brokenAtId === null } },
      rows: [
        { name: `backup + verify (${mb} MB)`, value: `${(backup.p50Ms / 1000).toFixed(2)} s p50`, note: `${ratio}× a plain file copy (${(copy.p50Ms / 1000).toFixed(2)} s); integrity_check alone ${(check.p50Ms / 1000).toFixed(2)} s` },
        { name: 'restore preview (check + counts)', value: `${(preview.p50Ms / 1000).toFixed(2)} s p50` },
        { name: `校验 audit chain (${chain.total} rows)`, value: `${verifyMs} ms`, note: chain.brokenAtId === null ? 'intact' : 'BROKEN' },
      ],
    };
  },
};
