// Where PostgreSQL's server programs (initdb, pg_ctl) are on this machine: the one place the test harness
// (test/helpers/pg-cluster.ts) and the check of `npm test` (scripts/test-deps.ts) agree on.
// PG_BIN names a bin folder and wins; else Debian's /usr/lib/postgresql/<version>/bin, newest version first
// (Debian keeps these off PATH); else initdb on PATH (other distributions, Homebrew).
import path from 'node:path';

export interface PostgresBinProbe {
  env: NodeJS.ProcessEnv;
  fileExists(file: string): boolean;
  /** The names in a folder; empty when it does not exist. */
  listDir(dir: string): string[];
  /** The folder holding an executable of this name on PATH, or null. */
  commandDir(name: string): string | null;
}

export const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

export type PostgresBin = { ok: true; dir: string } | { ok: false; fromEnv: boolean };

const hasServerPrograms = (probe: PostgresBinProbe, dir: string) =>
  probe.fileExists(path.join(dir, 'initdb')) && probe.fileExists(path.join(dir, 'pg_ctl'));

export function findPostgresBin(probe: PostgresBinProbe): PostgresBin {
  const fromEnv = probe.env.PG_BIN;
  if (fromEnv) return hasServerPrograms(probe, fromEnv) ? { ok: true, dir: fromEnv } : { ok: false, fromEnv: true };
  const versions = probe
    .listDir(DEBIAN_POSTGRES_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(DEBIAN_POSTGRES_ROOT, version, 'bin');
    if (hasServerPrograms(probe, dir)) return { ok: true, dir };
  }
  const onPath = probe.commandDir('initdb');
  if (onPath && hasServerPrograms(probe, onPath)) return { ok: true, dir: onPath };
  return { ok: false, fromEnv: false };
}
