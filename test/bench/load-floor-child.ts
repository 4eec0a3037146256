// The floor beside the load bench's clients: one process writing the least an audited write can be on the office
// server — the chain's append lock, its last hash, one row (a setting) and its audit row, committed — through the
// same port and writer as every service (writeAuditedOn), with no service, no check and no read-back. Started by
// load.bench.ts like the clients (client-process.ts): `load-floor-child.ts URL NAME WRITES`; reports each write's ms.
import { performance } from 'node:perf_hooks';
import { writeAuditedOn } from '../../electron/platform/audited-write';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import { parentSaysGo, tellParent } from '../helpers/client-process';

export interface FloorReport {
  ms: number[];
}

async function main(): Promise<void> {
  const [url, name, writes] = process.argv.slice(2);
  if (!url || !name || !writes) throw new Error('usage: load-floor-child URL NAME WRITES');
  const pool = ledgerPool(url);
  try {
    const port = postgresPort(pool);
    await port.get('select 1');
    const go = parentSaysGo();
    await tellParent<FloorReport>({ type: 'ready' });
    await go;
    const ms: number[] = [];
    for (let i = 0; i < Number(writes); i += 1) {
      const key = `floor.${name}.${i}`;
      const started = performance.now();
      await writeAuditedOn(port, { operator: name, at: new Date().toISOString() }, async (tx, audit) => {
        await tx.run('insert into settings (key, value) values (?, ?)', [key, String(i)]);
        await audit.record({ action: 'create', entity: 'settings', after: { key } });
      });
      ms.push(performance.now() - started);
    }
    await tellParent<FloorReport>({ type: 'report', report: { ms } });
  } finally {
    await pool.end();
    process.disconnect?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
