// The PostgreSQL test harness never lets a test pass without a server: when the cluster cannot start, every
// test that asked for it fails with why, in Chinese and in English (the first file's failure is shared with
// the files that waited for it); and what it starts, it stops and removes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { newRunDir, startCluster, stopCluster } from '../helpers/pg-cluster';
import { clusterPortIn, pgServer } from '../helpers/pg-server';

const runDirs: string[] = [];
const savedPgBin = process.env.PG_BIN;
afterEach(() => {
  if (savedPgBin === undefined) delete process.env.PG_BIN;
  else process.env.PG_BIN = savedPgBin;
  for (const dir of runDirs.splice(0)) stopCluster(dir);
});
function runDir(): string {
  const dir = newRunDir();
  runDirs.push(dir);
  return dir;
}

describe('PostgreSQL test harness', () => {
  it('a server that cannot start fails the test, saying why in Chinese and English', async () => {
    process.env.PG_BIN = '/nonexistent/postgresql/bin';
    const dir = runDir();
    const message = /PostgreSQL 测试服务器无法启动：环境变量 PG_BIN（\/nonexistent\/postgresql\/bin）里没有 initdb 和 pg_ctl。\nThe PostgreSQL test server could not start: PG_BIN/;
    await expect(clusterPortIn(dir)).rejects.toThrow(message);
    // A second file of the same run does not try again: it fails with the first one's reason.
    delete process.env.PG_BIN;
    await expect(clusterPortIn(dir)).rejects.toThrow(message);
  });

  it('starts a cluster that answers, and stopping it removes everything', async () => {
    const dir = runDir();
    const port = await startCluster(dir);
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    const row = await client.query<{ server_version: string }>('show server_version');
    await client.end();
    expect(row.rows[0]?.server_version).toMatch(/^\d+/);
    stopCluster(dir);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
    await expect(new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2000 }).connect()).rejects.toThrow();
  });

  it("the run's server gives each caller a database of its own", async () => {
    const server = await pgServer();
    const [a, b] = [await server.createDatabase(), await server.createDatabase()];
    expect(a).not.toBe(b);
  });
});

describe('clusters left behind', () => {
  it('a run killed before its teardown: the next run stops its cluster and removes its folder; live runs are left alone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const orphan = newRunDir(Number(gone.stdout));
    const port = await startCluster(orphan);
    const live = runDir();
    runDir(); // the next run
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    await expect(new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2000 }).connect()).rejects.toThrow();
  });
});
