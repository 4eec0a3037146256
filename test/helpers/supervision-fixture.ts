// Supervision fixtures: a ledger on a fixed clock (2026-11-24 10:00 in UTC+8), the small county of
// county-fixture.ts, sample files whose bytes are what their names say (and some that are not), and a
// snapshot of every table and of the attachments folder to prove a refusal wrote nothing.
import fs from 'node:fs';
import path from 'node:path';
import { dispatchFromForm } from './form-version';
import type { AttachmentRow, FindingDetail, InspectionDetail } from '../../shared/api';
import type { ServiceContext } from '../../electron/platform/context';
import { channels, setupCounty, tablesSnapshot, type County } from './county-fixture';
import { ON_SERVER, testLedger, type TestLedger } from './test-ledger';

/** The fixed clock of these tests: today is 2026-11-24 in the users' time zone. */
export const NOW = () => new Date('2026-11-24T10:00:00+08:00');
export const TODAY = '2026-11-24';

export interface Supervision {
  ledger: TestLedger;
  api: ReturnType<typeof channels>;
  c: County;
  /** Tables (the stored files' bytes among them) and attachment files, to compare before and after a refused call. */
  snapshot(): Promise<string>;
  /** Files under dataDir/attachments, relative, sorted (the folder's layout; always empty on the server). */
  files(): string[];
  /** The stored copies of attached files, wherever this engine keeps them (../../electron/ledger/files/kept.ts). */
  stored: StoredFiles;
  inspection(overrides?: Record<string, unknown>): Promise<InspectionDetail>;
  finding(inspectionId: number, overrides?: Record<string, unknown>): Promise<FindingDetail>;
  attach(ownerType: string, ownerId: number, name: string, bytes: Uint8Array): Promise<AttachmentRow>;
  setOperator(name: string): Promise<void>;
  /** Move a finding through the workflow with evidence, dated `date`, as `operator` then `reviewer`. */
  advance(id: number, to: 'inProgress' | 'awaitingClose' | 'closed' | 'ongoing', date?: string): Promise<FindingDetail>;
}

/** Stored files by their hash: on a ledger file its data folder's files, on the server its file_contents rows. */
export interface StoredFiles {
  /** The hashes kept, sorted. */
  hashes(): Promise<string[]>;
  /** The bytes kept under a hash, or undefined. */
  bytes(sha256: string): Promise<Buffer | undefined>;
  /** Behind the app's back, as a disk fault or a bad restore would: other bytes under the hash, or none. */
  spoil(sha256: string, bytes: Buffer | null): Promise<void>;
}

const TABLES = ['inspections', 'findings', 'finding_updates', 'attachments', 'file_contents', 'projects', 'assets', 'settings', 'audit_log'];

export async function setupSupervision(): Promise<Supervision> {
  const ledger = await testLedger({ now: NOW });
  const api = channels(ledger);
  const c = await setupCounty(ledger);
  const root = path.join(ledger.dataDir, 'attachments');
  const files = (): string[] => {
    if (!fs.existsSync(root)) return [];
    return (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((p) => fs.statSync(path.join(root, p)).isFile())
      .map((p) => p.split(path.sep).join('/'))
      .sort();
  };
  const fileOf = (sha256: string): string | undefined => {
    const rel = files().find((p) => path.posix.basename(p).startsWith(`${sha256}.`));
    return rel === undefined ? undefined : path.join(root, rel);
  };
  const stored: StoredFiles = ON_SERVER
    ? {
        hashes: () => ledger.sql.column<string>('select sha256 from file_contents order by sha256'),
        async bytes(sha256) {
          const content = await ledger.sql.value<Uint8Array>('select content from file_contents where sha256 = ?', [sha256]);
          return content === undefined ? undefined : Buffer.from(content);
        },
        async spoil(sha256, bytes) {
          const { changes } = bytes
            ? await ledger.sql.run('update file_contents set content = ?, size_bytes = ? where sha256 = ?', [bytes, bytes.length, sha256])
            : await ledger.sql.run('delete from file_contents where sha256 = ?', [sha256]);
          if (changes !== 1) throw new Error(`no stored file ${sha256}`);
        },
      }
    : {
        hashes: async () => files().map((p) => path.posix.basename(p).split('.')[0] ?? p).sort(),
        async bytes(sha256) {
          const file = fileOf(sha256);
          return file === undefined ? undefined : fs.readFileSync(file);
        },
        async spoil(sha256, bytes) {
          const file = fileOf(sha256);
          if (file === undefined) throw new Error(`no stored file ${sha256}`);
          if (bytes) fs.writeFileSync(file, bytes);
          else fs.rmSync(file);
        },
      };
  const snapshot = async () => JSON.stringify({ tables: await tablesSnapshot(ledger, TABLES), files: files() });
  let seq = 0;
  const s: Supervision = {
    ledger,
    api,
    c,
    snapshot,
    files,
    stored,
    inspection: (overrides = {}) =>
      api.ok<InspectionDetail>('inspections.create', {
        name: `2026年第三季度巩固衔接督导检查${++seq}`,
        source: 'supervision',
        sourceDocNumber: '青乡振督[2026]12号',
        team: '县乡村振兴局第一督导组',
        leader: '王建国',
        startDate: '2026-09-01',
        endDate: '2026-09-10',
        townshipIds: [c.huashu.id, c.nanshan.id],
        departments: ['县住建局'],
        ...overrides,
      }),
    finding: (inspectionId, overrides = {}) =>
      api.ok<FindingDetail>('findings.create', {
        inspectionId,
        category: 'housing',
        description: '前进村2户脱贫户住房安全等级鉴定资料缺失',
        townshipId: c.huashu.id,
        villageId: c.qianjin.id,
        leadUnit: '县住建局',
        responsibleUnit: '桦树镇人民政府',
        responsibleLeader: '赵副镇长',
        responsiblePerson: '钱干事',
        goal: '补齐鉴定资料',
        measures: '逐户核实，补办鉴定',
        deadline: '2026年12月31日前',
        ...overrides,
      }),
    attach: (ownerType, ownerId, name, bytes) =>
      api.ok<AttachmentRow>('attachments.add', { ownerType, ownerId, name, base64: Buffer.from(bytes).toString('base64') }),
    setOperator: (name) => ledger.actAs(name),
    async advance(id, to, date = '2026-11-20') {
      if (to === 'awaitingClose' || to === 'closed') {
        const f = await api.ok<FindingDetail>('findings.get', { id });
        if (f.attachments.length === 0 && f.updates.every((u) => u.attachments.length === 0)) {
          await s.attach('finding', id, `整改照片${id}.png`, samplePng(id));
        }
        if (f.status !== 'awaitingClose') await api.ok('findings.progress', { id, date, note: '整改完成，提交佐证材料', status: 'awaitingClose' });
        if (to === 'awaitingClose') return api.ok<FindingDetail>('findings.get', { id });
        return api.ok<FindingDetail>('findings.progress', { id, date, note: '经审核同意销号', status: 'closed', reviewer: '县乡村振兴局审核员' });
      }
      return api.ok<FindingDetail>('findings.progress', { id, date, note: '正在整改', status: to });
    },
  };
  return s;
}

/** Call a channel and return the raw response (for refusals whose message is checked elsewhere). */
export async function call(ledger: ServiceContext, channel: string, input?: unknown) {
  return dispatchFromForm(ledger, channel, input);
}

// ---- Sample files -----------------------------------------------------------------------------------

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A real 1×1 PNG; `variant` appends a text chunk-free trailer so different variants hash differently. */
export function samplePng(variant = 0): Buffer {
  const png = Buffer.from(PNG_1X1, 'base64');
  return variant === 0 ? png : Buffer.concat([png, Buffer.from(`variant-${variant}`)]);
}

export function sampleJpeg(fill = 0x11, size = 64): Buffer {
  const body = Buffer.alloc(size, fill);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), body, Buffer.from([0xff, 0xd9])]);
}

export function samplePdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

export function sampleExe(): Buffer {
  return Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from('This program cannot be run in DOS mode.')]);
}

export function sampleDocx(): Buffer {
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('[Content_Types].xml'), Buffer.alloc(8), Buffer.from('word/document.xml')]);
}

export function sampleZip(): Buffer {
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('photos/a.txt')]);
}

function utf16(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

export function sampleXls(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), utf16('Root Entry'), Buffer.alloc(44), utf16('Workbook')]);
}

export function sampleDoc(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), utf16('Root Entry'), Buffer.alloc(44), utf16('WordDocument')]);
}
