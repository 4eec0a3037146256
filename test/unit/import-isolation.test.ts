// An import on the office server is one transaction (issue 16, 多人同时录入): while a clerk's large import is
// half written, another clerk reads none of its rows and still gets work done; once it commits every row is
// there; an import that fails half-way leaves nothing, not even its batch or audit rows. The import is held
// half-way by its clerk's port: after it has inserted its payments, before it goes on to commit.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ledger/imports/service';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import type { ServiceContext } from '../../electron/platform/context';
import type { DataPort, DataWriter } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import type { DivisionRow, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { csvText } from '../helpers/import-fixtures';
import { SAMPLE_COUNTY, tempLedger, type TempLedger } from '../helpers/ledger';
import { signedInClerks } from '../helpers/office-clerks';
import { migratedDatabase } from '../helpers/pg-server';

const NOW = () => new Date('2026-12-07T14:32:00+08:00');
const ROWS = 500;

/** What the importing clerk's port does once the import has inserted its payments, inside its transaction. */
type AfterPayments = () => Promise<void>;

/** `port` whose transactions call `afterPayments` right after their first insert into payments. */
function heldPort(port: DataPort, afterPayments: { current: AfterPayments | null }): DataPort {
  const hold = async (table: string) => {
    const step = afterPayments.current;
    if (table === 'payments' && step) {
      afterPayments.current = null;
      await step();
    }
  };
  const held = Object.create(port) as DataPort;
  held.transaction = (work) =>
    port.transaction(async (tx) => {
      const inner = Object.create(tx) as DataWriter;
      inner.insertManyReturningIds = async (table, columns, rows) => {
        const ids = await tx.insertManyReturningIds(table, columns, rows);
        await hold(table);
        return ids;
      };
      inner.insertMany = async (table, columns, rows) => {
        const n = await tx.insertMany(table, columns, rows);
        await hold(table);
        return n;
      };
      return work(inner);
    });
  return held;
}

async function ok<T>(ctx: ServiceContext, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ctx, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

let local: TempLedger;
const pools: Pool[] = [];
let server: DataPort;
let importer: ServiceContext;
let other: ServiceContext;
const afterPayments: { current: AfterPayments | null } = { current: null };
let projects: { imported: ProjectDetail; other: ProjectDetail };
let csv: string;

const count = async (table: string) => Number((await server.get<{ n: number }>(`select count(*) as n from ${table}`))?.n);

beforeAll(async () => {
  const url = await migratedDatabase();
  local = tempLedger({ now: NOW });
  const pool = () => {
    const p = ledgerPool(url);
    pools.push(p);
    return p;
  };
  server = postgresPort(pool());
  let heldNext = true;
  const clerk = signedInClerks(() => {
    const ctx = Object.create(local) as ServiceContext;
    // The first clerk imports, through the port that holds the import half-way.
    ctx.port = heldNext ? heldPort(postgresPort(pool()), afterPayments) : postgresPort(pool());
    heldNext = false;
    return ctx;
  });
  importer = await clerk('张三');
  other = await clerk('李四');
  const county = await ok<DivisionRow>(importer, 'county.setup', SAMPLE_COUNTY);
  const township = await ok<DivisionRow>(importer, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const base = { year: 2026, townshipId: township.id, fundCentralFen: 100_000_000_00 };
  projects = {
    imported: await ok<ProjectDetail>(importer, 'projects.create', { ...base, name: '前进村道路硬化', code: '青山-2026-0001' }),
    other: await ok<ProjectDetail>(importer, 'projects.create', { ...base, name: '新桑村产业路', code: '青山-2026-0002' }),
  };
  csv = path.join(local.dir, '拨付.csv');
  const lines = Array.from({ length: ROWS }, (_, i) => ['青山-2026-0001', '2026-11-01', `${i + 1}.00`, `记-${i + 1}`]);
  fs.writeFileSync(csv, csvText([['项目编号', '拨付日期', '拨付金额(元)', '凭证号'], ...lines]));
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  local.dispose();
});

describe('an import on the office server is one transaction', () => {
  it('while it is half written others see none of it and their own write goes through; after the commit every row is there', async () => {
    const auditBefore = await count('audit_log');
    let release: () => void = () => undefined;
    const reached = new Promise<void>((resolveReached) => {
      afterPayments.current = () =>
        new Promise<void>((resolveRelease) => {
          release = resolveRelease;
          resolveReached();
        });
    });
    const importing = importFile(importer, { path: csv, kind: 'payments' });
    await reached;

    // Half-way: the payments are inserted in the import's transaction, and nobody else sees any of them.
    expect(await count('payments')).toBe(0);
    expect(await count('import_batches')).toBe(0);
    expect(await count('audit_log')).toBe(auditBefore);
    expect(await ok<ProjectDetail>(other, 'projects.get', { id: projects.imported.id })).toMatchObject({ paidFen: 0 });
    // 李四 records a payment on another project meanwhile: it is neither refused nor lost. (It waits for the
    // audit chain's append lock, which the import holds to its commit.)
    const paying = dispatch(other, 'payments.create', { projectId: projects.other.id, date: '2026-11-02', amountFen: 500_00, voucher: '记-李四' });

    release();
    const result = await importing;
    expect(result).toMatchObject({ imported: ROWS, errors: [] });
    const paid = await paying;
    expect(paid.ok).toBe(true);
    expect((paid as { ok: true; value: PaymentWriteResult }).value.payment).toMatchObject({ projectId: projects.other.id, amountFen: 500_00 });

    const sum = Number((await server.get<{ fen: number }>('select coalesce(sum(amount_fen), 0) as fen from payments where project_id = ?', [projects.imported.id]))?.fen);
    expect(await count('payments')).toBe(ROWS + 1);
    expect(sum).toBe(((ROWS * (ROWS + 1)) / 2) * 100);
    expect(await verifyChainOnPort(server)).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('an import that fails half-way leaves nothing: no payment, no batch, no audit row', async () => {
    const before = { payments: await count('payments'), batches: await count('import_batches'), audit: await count('audit_log') };
    afterPayments.current = async () => {
      throw new Error('连接中断（测试在导入写到一半时让它失败）');
    };
    const second = path.join(local.dir, '拨付二.csv');
    const lines = Array.from({ length: ROWS }, (_, i) => ['青山-2026-0002', '2026-11-03', `${i + 1}.00`, `记-二-${i + 1}`]);
    fs.writeFileSync(second, csvText([['项目编号', '拨付日期', '拨付金额(元)', '凭证号'], ...lines]));
    await expect(importFile(importer, { path: second, kind: 'payments' })).rejects.toThrow('连接中断');
    expect({ payments: await count('payments'), batches: await count('import_batches'), audit: await count('audit_log') }).toEqual(before);
    expect(await verifyChainOnPort(server)).toMatchObject({ ok: true, brokenAtId: null });
  });
});
