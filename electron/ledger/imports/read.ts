// Reading a file for import: size checked before reading, SHA-256 of the bytes (the same file imported
// again is recognised by it), then parsing in a worker thread with a heap limit and a timeout. When no
// worker script is available (a bundle built without it) the parse runs in-process; the zip directory
// checks and the capped inflation still bound what a hostile file can cost.
import { sha256Of } from '../../platform/file-hash';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { logError } from '../../platform/log';
import { parseWorkbookBytes } from './parse-file';
import { fileError, ImportFileError, LIMITS, MESSAGES, unpackWorkbook, type FileErrorCode, type PackedWorkbook, type ReadLimits, type WorkbookData } from './workbook';

export interface ReadFileResult {
  data: WorkbookData;
  fileName: string;
  sha256: string;
  size: number;
}

export interface ReadOptions {
  limits?: ReadLimits;
  signal?: AbortSignal;
  /** Parse in this thread (tests of the worker-less path). */
  inProcess?: boolean;
  /** Another worker script (tests of a worker that cannot start). */
  workerScript?: string;
}

const FILE_CODES = new Set(['EMPTY', 'NOT_A_WORKBOOK', 'CORRUPT', 'ENCRYPTED', 'TOO_LARGE', 'UNSUPPORTED', 'NO_HEADER']);

/**
 * Where the worker script is: the .ts beside this file (tsx, vitest) or import-read-worker.js beside the
 * bundled main.js. In the installed app both sit inside resources/app.asar: Electron's fs reads the asar
 * (existsSync below), and since Electron 17 (electron/electron#33216) worker threads load their script and
 * its require()s (exceljs, @e965/xlsx from app.asar/node_modules) from the asar too, so nothing is unpacked.
 * If a worker still cannot start, runWorker falls back to parsing in this thread.
 */
function workerScript(): { file: string; execArgv: string[] } | null {
  const dir = __dirname;
  const bundled = path.join(dir, 'import-read-worker.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = path.join(dir, 'read-worker.ts');
  if (fs.existsSync(source)) {
    try {
      require.resolve('tsx');
      return { file: source, execArgv: ['--import', 'tsx'] };
    } catch {
      return null;
    }
  }
  return null;
}

function runWorker(bytes: Buffer, fileName: string, limits: ReadLimits, signal?: AbortSignal, override?: string): Promise<WorkbookData> | null {
  const script = override ? { file: override, execArgv: [] } : workerScript();
  if (!script) return null;
  return new Promise<WorkbookData>((resolve, reject) => {
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const worker = new Worker(script.file, {
      workerData: { bytes: copy, fileName, limits },
      transferList: [copy],
      execArgv: script.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, stackSizeMb: 8 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Let the worker's heap go before the caller starts on the sheets (keeps the peak down).
      worker.terminate().then(fn, fn);
    };
    const timer = setTimeout(() => {
      finish(() => reject(fileError('TOO_LARGE', MESSAGES.tooLarge(`读取超过 ${Math.round(limits.timeoutMs / 1000)} 秒仍未完成，文件过大或结构过于复杂`))));
    }, limits.timeoutMs);
    const onAbort = () => finish(() => reject(new AppError('CANCELLED', '已取消读取文件')));
    signal?.addEventListener('abort', onAbort);
    worker.on('message', (msg: { ok: true; packed: PackedWorkbook } | { ok: false; code: string; message: string }) => {
      finish(() => {
        if (msg.ok) resolve(unpackWorkbook(msg.packed));
        else if (FILE_CODES.has(msg.code)) reject(new ImportFileError(msg.code as FileErrorCode, msg.message));
        else {
          logError('import read worker', new Error(msg.message));
          reject(fileError('CORRUPT', MESSAGES.corrupt('读取时出错')));
        }
      });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finish(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(fileError('TOO_LARGE', MESSAGES.tooLarge('读取时所需内存超过上限')));
        } else {
          // The worker itself failed (could not load its script, …): read in this thread instead.
          logError('import read worker', error);
          reject(new WorkerFailed());
        }
      });
    });
    worker.on('exit', (code) => {
      finish(() => reject(fileError('CORRUPT', MESSAGES.corrupt(`读取进程意外退出（${code}）`))));
    });
  });
}

class WorkerFailed extends Error {}

export async function parseBytes(bytes: Buffer, fileName: string, options: ReadOptions = {}): Promise<WorkbookData> {
  const limits = options.limits ?? LIMITS;
  if (bytes.length === 0) throw fileError('EMPTY', MESSAGES.empty);
  if (!options.inProcess) {
    const viaWorker = runWorker(bytes, fileName, limits, options.signal, options.workerScript);
    if (viaWorker) {
      try {
        return await viaWorker;
      } catch (error) {
        if (!(error instanceof WorkerFailed)) throw error;
      }
    }
  }
  return parseWorkbookBytes(bytes, fileName, limits);
}

/** Read a file from disk (or bytes the wizard uploaded) into sheets. */
export async function readImportFile(
  source: { path: string; fileName?: string } | { bytes: Buffer; fileName: string },
  options: ReadOptions = {},
): Promise<ReadFileResult> {
  const limits = options.limits ?? LIMITS;
  let bytes: Buffer;
  let fileName: string;
  if ('path' in source) {
    fileName = source.fileName ?? path.basename(source.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source.path);
    } catch {
      throw new AppError('NOT_FOUND', `找不到文件“${fileName}”，请确认文件位置后重新选择`);
    }
    if (stat.isDirectory()) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('文件夹'));
    if (stat.size === 0) throw fileError('EMPTY', MESSAGES.empty);
    if (stat.size > limits.maxFileBytes) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`文件有 ${Math.round(stat.size / 1048576)} MB，超过 ${Math.round(limits.maxFileBytes / 1048576)} MB`));
    }
    bytes = fs.readFileSync(source.path);
  } else {
    bytes = source.bytes;
    fileName = source.fileName;
    if (bytes.length > limits.maxFileBytes) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`文件有 ${Math.round(bytes.length / 1048576)} MB，超过 ${Math.round(limits.maxFileBytes / 1048576)} MB`));
    }
  }
  const sha256 = sha256Of(bytes);
  const size = bytes.length;
  const data = await parseBytes(bytes, fileName, options);
  return { data, fileName, sha256, size };
}
