// The reading worker: parses a file's bytes into sheets off the main thread, inside resource limits set by
// read.ts (heap size, a timeout), so a hostile file costs at most this worker, never the app.
import { parentPort, workerData } from 'node:worker_threads';
import { parseWorkbookBytes } from './parse-file';
import { packWorkbook, type ReadLimits } from './workbook';

interface Job {
  bytes: ArrayBuffer;
  fileName: string;
  limits: ReadLimits;
}

const job = workerData as Job;
parseWorkbookBytes(Buffer.from(job.bytes), job.fileName, job.limits).then(
  (data) => {
    // Packed: the sheets' strings once each and their cells in transferred typed arrays (workbook.ts).
    const { packed, transfer } = packWorkbook(data);
    parentPort?.postMessage({ ok: true, packed }, transfer);
  },
  (error: unknown) => {
    const e = error as { name?: string; code?: string; message?: string };
    if (e && e.name === 'ImportFileError') parentPort?.postMessage({ ok: false, code: e.code, message: e.message });
    else parentPort?.postMessage({ ok: false, code: 'INTERNAL', message: e?.message ?? String(error) });
  },
);
