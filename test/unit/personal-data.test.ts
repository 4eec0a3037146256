// ID numbers are personal data: never in a log. A households sheet full of errors is imported through the
// CLI (the door that prints and logs the most), a program error carrying ID numbers goes through the same
// path any handler crash takes, and then every log file under the data folder is searched for an ID number.
// (The ledger file itself is not a log: it keeps the households' real numbers.)
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { toApiError } from '../../electron/platform/handlers';
import { logError, logFileFor, logInfo, scrubPersonalData } from '../../electron/platform/log';
import { idNumberCheckDigit } from '../../shared/id-number';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { seedPlaces } from '../helpers/import-ledger';
import { tempLedger, type TempLedger } from '../helpers/ledger';

const ID_ANYWHERE = /[0-9０-９]{17}[0-9０-９XxＸｘ]/;
const id = (first17: string) => first17 + idNumberCheckDigit(first17);

let ledger: TempLedger;
beforeEach(async () => {
  ledger = tempLedger();
  await seedPlaces(ledger);
});
afterEach(() => ledger.dispose());

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('ID numbers never reach a log', () => {
  it('scrubs every spelling of an ID number', () => {
    const good = id('63212319800101001');
    for (const text of [good, `id_${good}`, `身份证${good}有误`, good.toLowerCase(), good.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), '632123800101001']) {
      const scrubbed = scrubPersonalData(`x ${text} y`);
      expect(scrubbed, text).not.toMatch(ID_ANYWHERE);
      expect(scrubbed).not.toContain(text);
    }
    expect(scrubPersonalData('金额 1234567 元，编号 HS-2024-01')).toBe('金额 1234567 元，编号 HS-2024-01');
  });

  it('after a households import with errors and a program error carrying ID numbers, no log file under the data folder holds one', async () => {
    const good = id('63212319800101001');
    const other = id('11010519491231002');
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const sheet = await exceljsXlsx(path.join(ledger.dir, '受益户.xlsx'), [
      {
        rows: [
          ['户主姓名', '身份证号码', '家庭人口', '户类型', '乡镇', '村'],
          ['张三', good, 4, '脱贫户', '桦树镇', '前进村'],
          ['李四', bad, 3, '边缘户', '桦树镇', '前进村'],
          ['王五', Number('632123198001010010'), 3, '一般户', '桦树镇', '前进村'],
          ['赵六', good.toLowerCase(), 2, '脱贫户', '桦树镇', '没有这个村'],
          ['钱七', other, 5, '突发严重困难户', '柳林乡', '柳林村'],
        ],
      },
    ]);
    const human = await runCli(['import', sheet, '--db', ledger.dbFile, '--kind', 'households']);
    const json = await runCli(['import', sheet, '--db', ledger.dbFile, '--kind', 'households', '--dry-run', '--json']);
    // A file named after a person (it happens): reading it fails, and the failure must not log the number.
    const unreadable = path.join(ledger.dir, `坏文件-${other}.xlsx`);
    fs.writeFileSync(unreadable, Buffer.from('PK\u0003\u0004 this is not really a workbook'));
    const broken = await runCli(['import', unreadable, '--db', ledger.dbFile, '--kind', 'households', '--json']);
    expect(broken.exitCode).toBe(1);
    for (const r of [human, json, broken]) {
      expect(`${r.stdout}${r.stderr}`).not.toContain(good);
      expect(`${r.stdout}${r.stderr}`).not.toContain(bad);
    }
    expect(human.stdout).toMatch(/错误/);

    // What any handler crash does with its error: it is logged (scrubbed) and the user gets INTERNAL.
    const crash = new Error(`户主 ${good} 与 ${other} 冲突；旧号 632123800101001；id=${bad}`);
    expect(toApiError(crash, 'households.save').code).toBe('INTERNAL');
    logError('import', crash);
    logInfo('import', `跳过 ${good.toLowerCase()}`);

    const logFile = logFileFor();
    expect(logFile && logFile.startsWith(ledger.dir)).toBe(true);
    const logs = filesUnder(ledger.dir).filter((f) => !/ledger\.db(-wal|-shm)?$/.test(f) && !f.endsWith('.xlsx'));
    expect(logs.length).toBeGreaterThan(0);
    let logged = '';
    for (const f of logs) logged += fs.readFileSync(f, 'utf8');
    expect(logged).toContain('households.save');
    expect(logged).toContain('632123********');
    expect(logged).not.toMatch(ID_ANYWHERE);
    for (const n of [good, bad, other, '632123800101001']) expect(logged).not.toContain(n);

    // The ledger itself keeps the real number (it is the record, not a log).
    expect(ledger.sqlite.prepare('select id_number from households order by id').pluck().all()).toContain(good);
  });
});
