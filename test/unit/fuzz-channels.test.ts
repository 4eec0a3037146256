// Random input through dispatch() for EVERY channel of shared/api.ts, against a ledger full of demo data:
// nothing throws uncaught, every refusal has a known code and a Chinese message, no refusal is a program
// error (INTERNAL), and a refused call writes nothing (total_changes, the audit trail and the data folder
// stay the same). Both shapeless input (anything at all) and objects with the channel's own field names
// holding random values are tried.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionSlot } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { withSession } from '../../electron/ledger/operators/service';
import { api, CHANNELS, type Channel } from '../../shared/api';
import { ERROR_CODES } from '../../shared/errors';
import { tempLedger, type TempLedger } from '../helpers/ledger';

const CJK = /[\u4e00-\u9fff]/;
/** Channels whose accepted calls are slow (scrypt, a whole demo county): fewer runs, same checks. */
const SLOW: Partial<Record<Channel, number>> = {
  'demo.load': 15,
  'session.signIn': 20,
  'operators.create': 20,
  'operators.setPassword': 20,
  'operators.setMultiUser': 20,
  'ledgerTransfer.preview': 50,
  'ledgerTransfer.toServer': 50,
  'ledgerTransfer.toFile': 50,
  'ledgerTransfer.backupServer': 50,
  'ledgerTransfer.restoreToServer': 50,
};

/**
 * The transfers dial the server their input names. A random host name waits out DNS and the 8-second connect
 * timeout (this machine has no network), so a well-formed server is pointed at this machine's port 1, which
 * refuses at once: the input's other fields stay random, and the refusal is still checked like any other.
 */
function atRefusingServer(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  // 测试连接 takes the server's fields themselves; the transfers take them under `server`.
  if (typeof (input as { host?: unknown }).host === 'string') return { ...input, host: '127.0.0.1', port: 1 };
  if (!('server' in input)) return input;
  const { server } = input as { server: unknown };
  if (typeof server !== 'object' || server === null || typeof (server as { host?: unknown }).host !== 'string') return input;
  return { ...input, server: { ...server, host: '127.0.0.1', port: 1 } };
}
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

let ledger: TempLedger;
const tried = { calls: 0, refused: 0, accepted: 0, channels: 0 };
const byCode: Record<string, number> = {};

beforeAll(async () => {
  ledger = tempLedger();
  const demo = await dispatch(ledger, 'demo.load', { scale: 1 });
  expect(demo.ok).toBe(true);
});
afterAll(() => {
  console.log(`fuzz channels: ${tried.calls} calls over ${tried.channels} channels — ${tried.refused} refused with nothing written, ${tried.accepted} accepted; refusals by code ${JSON.stringify(byCode)}`);
  ledger.dispose();
});

/** The field names of a channel's input schema (zod 4: objects, optionals, defaults, unions). */
function fieldNames(schema: unknown, depth = 0): string[] {
  if (depth > 4 || typeof schema !== 'object' || schema === null) return [];
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return [];
  const shape = def.shape as Record<string, unknown> | undefined;
  if (shape && typeof shape === 'object') return Object.keys(shape);
  if (Array.isArray(def.options)) return [...new Set(def.options.flatMap((o: unknown) => fieldNames(o, depth + 1)))];
  for (const key of ['innerType', 'in', 'schema']) if (def[key]) return fieldNames(def[key], depth + 1);
  return [];
}

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '__proto__',
  'constructor',
  "'; drop table projects; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'x'.repeat(5000),
  '１２３',
  '2024-02-30',
  '2024-13',
  '9999-99-99',
  '110101199003071234',
  'NaN',
  '-0',
  '1e309',
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.integer({ min: -3, max: 60 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 53, Number.NaN, Infinity, -Infinity, 1e12 + 1, 0.001),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 30 }),
  nasty,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 4 }),
  fc.array(fc.record({ projectId: fc.integer({ min: -1, max: 50 }), amountFen: fc.integer() }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

type ZodDef = { type?: string; [key: string]: unknown };
const defOf = (schema: unknown): ZodDef | undefined => (schema as { _zod?: { def?: ZodDef } } | null)?._zod?.def;

/**
 * Values of the type each field asks for (strings where strings go, the enum's own words, ids that exist in
 * the demo ledger), so most calls get past validation into the handlers — where a program error would hide.
 */
function typedFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (!def || depth > 5) return value;
  switch (def.type) {
    case 'optional':
    case 'default':
      return fc.oneof(fc.constant(undefined), typedFor(def.innerType, depth + 1), typedFor(def.innerType, depth + 1));
    case 'nullable':
      return fc.oneof(fc.constant(null), typedFor(def.innerType, depth + 1), typedFor(def.innerType, depth + 1));
    case 'pipe':
      return typedFor(def.in, depth + 1);
    case 'string':
      return fc.oneof(
        fc.string({ maxLength: 12 }),
        nasty,
        fc.constantFrom('桦树镇', '前进村', '道路硬化', '县农业农村局', '2024-03-05', '2024-03', '2023年底前', '立行立改', '长期坚持', '青发〔2024〕1号'),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      );
    case 'number':
      return fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 0, max: 10_000_000_00 }), value);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries as Record<string, string>)), value);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(typedFor(def.element, depth + 1), { maxLength: 3 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => typedFor(o, depth + 1)));
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, typedFor(v, depth + 1)])), { requiredKeys: [] });
    }
    default:
      return value;
  }
}

function inputFor(channel: Channel): fc.Arbitrary<unknown> {
  const names = fieldNames(api[channel].input);
  const shaped =
    names.length > 0
      ? fc.record(Object.fromEntries(names.map((n) => [n, value])), { requiredKeys: [] }).chain((obj) =>
          fc.oneof(fc.constant(obj), fc.constant({ ...obj, ['__proto__']: { polluted: true } }), fc.constant({ ...obj, unexpected: 'x' })),
        )
      : fc.constant({});
  const typedAnywhere = typedFor(api[channel].input);
  const typed = channel.startsWith('ledgerTransfer.') || channel === 'ledgerLocation.test' ? typedAnywhere.map(atRefusingServer) : typedAnywhere;
  return fc.oneof(typed, typed, typed, shaped, fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true }));
}

function dataFolderState(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/ledger\.db(-wal|-shm)?$/.test(e.name)) out.push(`${path.relative(dir, p)}:${fs.statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

describe('every channel with random input', () => {
  it('classifies the refusal, says it in Chinese, and writes nothing', async () => {
    const changes = ledger.sqlite.prepare('select total_changes()').pluck();
    const auditCount = ledger.sqlite.prepare('select count(*) from audit_log').pluck();
    const problems: string[] = [];
    for (const channel of CHANNELS) {
      tried.channels += 1;
      // A fresh session per channel: operators.setMultiUser may turn sign-in on; the next channel's fuzz
      // then also meets the "not signed in" refusals, which must obey the same rules.
      const ctx = withSession(ledger, newSessionSlot());
      await fc.assert(
        fc.asyncProperty(inputFor(channel), async (input) => {
          tried.calls += 1;
          const beforeChanges = changes.get() as number;
          const beforeAudit = auditCount.get() as number;
          const beforeFiles = dataFolderState(ledger.dir);
          let res;
          try {
            res = await dispatch(ctx, channel, input);
          } catch (error) {
            problems.push(`${channel} threw ${String(error)}`);
            return false;
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          if (res.ok) {
            tried.accepted += 1;
            return true;
          }
          tried.refused += 1;
          const { code, message } = res.error;
          byCode[code] = (byCode[code] ?? 0) + 1;
          if (!ERROR_CODES.includes(code)) problems.push(`${channel}: unknown code ${code}`);
          if (code === 'INTERNAL') problems.push(`${channel}: INTERNAL for ${JSON.stringify(input)?.slice(0, 200)}`);
          if (!CJK.test(message)) problems.push(`${channel}: message not Chinese: ${message}`);
          if ((changes.get() as number) !== beforeChanges) problems.push(`${channel}: refused (${message}) but wrote rows`);
          if ((auditCount.get() as number) !== beforeAudit) problems.push(`${channel}: refused but wrote audit rows`);
          if (dataFolderState(ledger.dir) !== beforeFiles) problems.push(`${channel}: refused but changed the data folder`);
          return problems.length === 0;
        }),
        { numRuns: SLOW[channel] ?? RUNS },
      ).catch((error: unknown) => {
        problems.push(`${channel}: ${error instanceof Error ? error.message.split('\n').slice(0, 6).join(' | ') : String(error)}`);
      });
      // Leave the ledger in single-user mode for the next channel.
      ledger.sqlite.prepare("update settings set value = 'false' where key = 'multiUser'").run();
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(tried.calls).toBeGreaterThan(CHANNELS.length * 50);
  }, 600_000);

  it('in multi-user mode refuses every non-public channel to a window that has not signed in, whatever the input', async () => {
    const admin = withSession(ledger, newSessionSlot());
    const on = await dispatch(admin, 'operators.setMultiUser', { enabled: true, adminName: '模糊测试管理员', password: 'fuzz-admin-pass' });
    expect(on.ok).toBe(true);
    const anonymous = withSession(ledger, newSessionSlot());
    const changes = ledger.sqlite.prepare('select total_changes()').pluck();
    const problems: string[] = [];
    for (const channel of CHANNELS.filter((c) => !c.startsWith('session.') && c !== 'app.info')) {
      await fc.assert(
        fc.asyncProperty(inputFor(channel), async (input) => {
          tried.calls += 1;
          const before = changes.get() as number;
          const res = await dispatch(anonymous, channel, input);
          tried.refused += 1;
          if (res.ok || res.error.code !== 'FORBIDDEN') problems.push(`${channel}: not refused to a signed-out window (${JSON.stringify(res).slice(0, 120)})`);
          if ((changes.get() as number) !== before) problems.push(`${channel}: wrote while signed out`);
          return problems.length === 0;
        }),
        { numRuns: 30 },
      ).catch(() => undefined);
    }
    ledger.sqlite.prepare("update settings set value = 'false' where key = 'multiUser'").run();
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
