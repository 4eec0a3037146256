// Client processes of a load test (office-load.ts, test/bench/load.bench.ts), both sides of their talk: the parent
// starts each (node + tsx, as the other benches start theirs) with an IPC channel; the client sets itself up, says
// 'ready', waits for 'go' — so that all of them start writing at one moment — and sends one report.
import { spawn } from 'node:child_process';
import path from 'node:path';

export type ClientMessage<R> = { type: 'ready' } | { type: 'report'; report: R };
export type ParentMessage = { type: 'go' };

const ROOT = path.resolve(__dirname, '..', '..');
/** A client not set up by then (tsx compiling on a busy machine) fails the run. */
const READY_TIMEOUT_MS = 120_000;

export interface RunningClient<R> {
  ready: Promise<void>;
  go(): void;
  /** Its report, once it has exited cleanly; a client that dies or exits non-zero rejects with its stderr. */
  report: Promise<R>;
  /** End it (a run that fails before 'go'). */
  stop(): void;
}

export function startClientProcess<R>(script: string, args: readonly string[], label: string): RunningClient<R> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => resolve(`exited (code ${code}, signal ${signal})`));
  });
  const failed = (what: string) => new Error(`${label} ${what}\n${stderr.trim()}`);
  let markReady: () => void = () => undefined;
  let markReport: (report: R) => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const report = new Promise<R>((resolve) => (markReport = resolve));
  child.on('message', (message: ClientMessage<R>) => {
    if (message.type === 'ready') markReady();
    else markReport(message.report);
  });
  const died = exited.then((how) => Promise.reject(failed(how)));
  // A client that exits is an error only while something is still awaited of it.
  died.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failed(`was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
  });
  timeout.catch(() => undefined);
  return {
    ready: Promise.race([ready, died, timeout]).finally(() => clearTimeout(timer)),
    go: () => {
      if (child.connected) child.send({ type: 'go' } satisfies ParentMessage);
    },
    report: Promise.race([report, died]).then(async (r) => {
      await exited;
      if (child.exitCode !== 0) throw failed(`reported, then exited with code ${child.exitCode}`);
      return r;
    }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** All `clients` ready, else every one of them ended and the first failure thrown. */
export async function allReady<R>(clients: ReadonlyArray<RunningClient<R>>): Promise<void> {
  try {
    await Promise.all(clients.map((c) => c.ready));
  } catch (error) {
    for (const c of clients) c.stop();
    await Promise.allSettled(clients.map((c) => c.report));
    throw error;
  }
}

// ---- In the client --------------------------------------------------------------------------------------

export function tellParent<R>(message: ClientMessage<R>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) reject(new Error('a load-test client runs with an IPC channel (client-process.ts starts it)'));
    else process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/** Resolves at the parent's 'go'; listen before saying 'ready', so the 'go' cannot come first. */
export function parentSaysGo(): Promise<void> {
  return new Promise((resolve) => {
    process.on('message', (message: ParentMessage) => {
      if (message.type === 'go') resolve();
    });
  });
}
