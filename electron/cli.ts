// The CLI door: `npm run --silent cli -- COMMAND ... --db PATH [--json]`. The command names, options and
// JSON shapes are a contract used by checks outside the project (DESIGN.md): keep them stable.
// Exit codes: 0 success, 1 input refused, 2 usage error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiResponse, Channel, ChannelInput } from '../shared/api';
import { ImportKind } from '../shared/enums';
import { AppError } from '../shared/errors';
import { formatFen } from '../shared/money';
import { openLedger, type LedgerHandle } from './services/context';
import { dispatch } from './services/handlers';
import { importFileInput, type ImportResult } from './services/import/contract';
import { readImportFile } from './services/import/read';
import { importFile } from './services/import/service';
import { exportLedgerInput } from '../shared/api-export';
import { EXPORT_USAGE, ExportUsageError, exportCliInput } from './services/export/cli-args';
import { exportLedgerToFile } from './services/export/service';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

const USAGE = `用法：npm run --silent cli -- 命令 --db 数据文件 [--json]
命令：
  demo [--scale N] [--seed N]                     生成示例县的数据（仅限空台账）
  list projects|payments|findings [--township 名称] [--today YYYY-MM-DD] [--year YYYY] [--limit N]
                                                   列出项目、拨付或问题
  import 文件 [--kind projects|allocations|payments|findings|households] [--dry-run] [--add-places]
         [--inspection 检查名称] [--township 乡镇] [--sheet 工作表] [--unit yuan|wan] [--on-match update|skip]
         [--include-hidden]                        导入乡镇报来的表格（.xlsx/.xls/.csv/网页表格）
${EXPORT_USAGE}`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface Output {
  json: boolean;
  lines: string[];
  errors: string[];
}

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

function toInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) usage(`选项 --${name} 需要整数，收到“${value}”`);
  return Number(value);
}

async function call<C extends Channel>(ledger: LedgerHandle, channel: C, input: ChannelInput<C>): Promise<ApiResponse> {
  return dispatch(ledger, channel, input);
}

function table(rows: Array<Record<string, string | number | null>>, columns: Array<[string, string]>): string[] {
  const header = columns.map(([, label]) => label).join('\t');
  return [header, ...rows.map((r) => columns.map(([key]) => String(r[key] ?? '')).join('\t'))];
}

/** Run one CLI invocation; returns what to print and the exit code (kept pure for tests). */
export async function runCli(argv: string[]): Promise<CliResult> {
  const out: Output = { json: argv.includes('--json'), lines: [], errors: [] };
  const finish = (exitCode: number, body: unknown, human: string[]): CliResult => {
    if (out.json) return { exitCode, stdout: `${JSON.stringify(body)}\n`, stderr: out.errors.join('\n') };
    const text = human.join('\n');
    return exitCode === EXIT_OK ? { exitCode, stdout: text ? `${text}\n` : '', stderr: '' } : { exitCode, stdout: '', stderr: `${text}\n` };
  };

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        township: { type: 'string' },
        today: { type: 'string' },
        year: { type: 'string' },
        limit: { type: 'string' },
        kind: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'add-places': { type: 'boolean' },
        inspection: { type: 'string' },
        sheet: { type: 'string' },
        unit: { type: 'string' },
        'on-match': { type: 'string' },
        'include-hidden': { type: 'boolean' },
        out: { type: 'string' },
        cutoff: { type: 'string' },
        level: { type: 'string' },
        'by-township': { type: 'boolean' },
        'all-columns': { type: 'boolean' },
        'reveal-ids': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = `命令行参数有误：${error instanceof Error ? error.message : String(error)}`;
    return finish(EXIT_USAGE, { ok: false, error: { code: 'BAD_REQUEST', message } }, [message, USAGE]);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const [command, ...rest] = parsed.positionals;
  if (values.help || !command) return finish(command ? EXIT_OK : EXIT_USAGE, { ok: !!command, usage: USAGE }, [USAGE]);

  let ledger: LedgerHandle | null = null;
  try {
    const dbFile = values.db;
    if (typeof dbFile !== 'string' || dbFile === '') usage('缺少 --db 数据文件路径');
    const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);

    let response: ApiResponse;
    let human: (value: unknown) => string[];
    let jsonBody: (value: unknown) => Record<string, unknown>;

    if (command === 'import') {
      return await runImport(dbFile, rest, values, finish);
    }

    if (command === 'demo') {
      if (rest.length > 0) usage(`demo 不接受多余的参数：${rest.join(' ')}`);
      const scale = toInt(str('scale'), 'scale') ?? 1;
      const seed = toInt(str('seed'), 'seed');
      ledger = openLedger({ dbFile, door: 'cli' });
      response = await call(ledger, 'demo.load', seed === undefined ? { scale } : { scale, seed });
      jsonBody = (value) => ({ ok: true, ...(value as Record<string, unknown>) });
      human = (value) => {
        const r = value as Record<string, number>;
        return [`示例数据已生成：乡镇 ${r.townships} 个，村 ${r.villages} 个，项目 ${r.projects} 个，拨付 ${r.payments} 笔，问题 ${r.findings} 条`];
      };
    } else if (command === 'list') {
      const [what, ...extra] = rest;
      if (extra.length > 0) usage(`list 只接受一个种类，多余的参数：${extra.join(' ')}`);
      const limit = toInt(str('limit'), 'limit') ?? 100_000;
      const township = str('township');
      ledger = openLedger({ dbFile, door: 'cli' });
      if (what === 'projects') {
        const year = toInt(str('year'), 'year');
        response = await call(ledger, 'projects.list', { township, year, limit });
        human = (value) =>
          table(
            (value as { rows: Array<Record<string, unknown>> }).rows.map((r) => ({
              year: r.year as number,
              township: r.township as string,
              village: r.village as string,
              name: r.name as string,
              category: r.category as string,
              status: r.status as string,
              total: formatFen(r.totalFen as number, 'wan'),
            })),
            [['year', '年度'], ['township', '乡镇'], ['village', '村'], ['name', '项目名称'], ['category', '项目类型'], ['status', '状态'], ['total', '总投资（万元）']],
          );
      } else if (what === 'payments') {
        response = await call(ledger, 'payments.list', { township, limit });
        human = (value) =>
          table(
            (value as { rows: Array<Record<string, unknown>> }).rows.map((r) => ({
              date: r.date as string,
              project: r.project as string,
              amount: formatFen(r.amountFen as number, 'yuan'),
              voucher: r.voucher as string,
            })),
            [['date', '拨付日期'], ['project', '项目'], ['amount', '金额（元）'], ['voucher', '凭证号']],
          );
      } else if (what === 'findings') {
        response = await call(ledger, 'findings.list', { township, today: str('today'), limit });
        human = (value) =>
          table(
            (value as { rows: Array<Record<string, unknown>> }).rows.map((r) => ({
              township: r.township as string,
              category: r.category as string,
              status: r.status as string,
              deadline: (r.deadlineText ?? r.deadline) as string,
              overdue: r.overdue ? '逾期' : '',
              description: r.description as string,
            })),
            [['township', '乡镇'], ['category', '问题类别'], ['status', '状态'], ['deadline', '整改时限'], ['overdue', '逾期'], ['description', '问题描述']],
          );
      } else {
        usage(what ? `list 不认识“${what}”，可选 projects、payments、findings` : 'list 需要指定 projects、payments 或 findings');
      }
      jsonBody = (value) => ({ ok: true, rows: (value as { rows: unknown[] }).rows, total: (value as { total: number }).total });
    } else if (command === 'export') {
      const [which, ...extra] = rest;
      if (extra.length > 0) usage(`export 只接受一个台账，多余的参数：${extra.join(' ')}`);
      const out = str('out');
      if (!out) usage('export 需要 --out 文件.xlsx');
      ledger = openLedger({ dbFile, door: 'cli' });
      const opened = ledger;
      let input: ChannelInput<'export.ledger'>;
      try {
        input = exportCliInput(opened, which, {
          year: toInt(str('year'), 'year'),
          township: str('township'),
          unit: str('unit'),
          cutoff: str('cutoff'),
          level: str('level'),
          today: str('today'),
          byTownship: values['by-township'] === true,
          allColumns: values['all-columns'] === true,
          revealIds: values['reveal-ids'] === true,
        });
      } catch (error) {
        if (error instanceof ExportUsageError) usage(error.message);
        if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`操作未完成：${error.message}`]);
        throw error;
      }
      // Straight to the file (no base64 copy in memory), through the same service as the export.ledger channel.
      const parsedInput = exportLedgerInput.safeParse(input);
      if (!parsedInput.success) usage(parsedInput.error.issues[0]?.message ?? '参数有误');
      try {
        response = { ok: true, value: await exportLedgerToFile(opened, parsedInput.data, out) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        response = { ok: false, error: error.toApiError() };
      }
      jsonBody = (value) => ({ ok: true, ledger: which, out: path.resolve(out), ...(value as Record<string, unknown>) });
      human = (value) => {
        const r = value as { rows: number; sheets: string[] };
        return [`已导出 ${r.rows} 行（${r.sheets.join('、')}）到 ${out}`];
      };
    } else {
      usage(`不认识的命令“${command}”`);
    }

    if (!response.ok) {
      return finish(EXIT_REFUSED, { ok: false, error: response.error }, [`操作未完成：${response.error.message}`]);
    }
    return finish(EXIT_OK, jsonBody(response.value), human(response.value));
  } catch (error) {
    if (error instanceof UsageError) {
      return finish(EXIT_USAGE, { ok: false, error: { code: 'BAD_REQUEST', message: error.message } }, [error.message, USAGE]);
    }
    const message = `无法打开或处理数据文件：${error instanceof Error ? error.message : String(error)}`;
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'INTERNAL', message } }, [message]);
  } finally {
    ledger?.close();
  }
}

type Finish = (exitCode: number, body: unknown, human: string[]) => CliResult;

function importSummary(r: ImportResult): string[] {
  const lines = [
    `${r.dryRun ? '试导入（未写入）' : '导入完成'}：${ImportKind.label[r.kind]}，工作表“${r.sheet}”，读取 ${r.rowsRead} 行，新增 ${r.imported}，更新 ${r.updated}，跳过 ${r.skipped.length}，错误 ${r.errors.length}，提醒 ${r.warnings.length}`,
  ];
  if (r.totals.amountFen > 0) lines.push(`金额合计 ${formatFen(r.totals.amountFen, 'yuan')} 元`);
  if (r.batchId !== null) lines.push(`导入批次 ${r.batchId}`);
  for (const e of r.errors.slice(0, 50)) lines.push(`错误  ${e.message}`);
  for (const w of r.warnings.slice(0, 50)) lines.push(`提醒  ${w.message}`);
  return lines;
}

async function runImport(dbFile: string, rest: string[], values: Record<string, string | boolean | undefined>, finish: Finish): Promise<CliResult> {
  const [file, ...extra] = rest;
  if (!file) usage('import 需要指定要导入的文件');
  if (extra.length > 0) usage(`import 只接受一个文件，多余的参数：${extra.join(' ')}`);
  const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const kind = str('kind');
  if (kind !== undefined && !(ImportKind.values as readonly string[]).includes(kind)) {
    usage(`--kind 应为 ${ImportKind.values.join('、')} 之一，收到“${kind}”`);
  }
  const unit = str('unit');
  if (unit !== undefined && unit !== 'yuan' && unit !== 'wan') usage(`--unit 应为 yuan（元）或 wan（万元），收到“${unit}”`);
  const onMatch = str('on-match');
  if (onMatch !== undefined && onMatch !== 'update' && onMatch !== 'skip') usage(`--on-match 应为 update 或 skip，收到“${onMatch}”`);
  const parsed = importFileInput.safeParse({
    path: file,
    kind,
    sheet: str('sheet'),
    township: str('township'),
    inspection: str('inspection'),
    unit,
    onMatch,
    addPlaces: values['add-places'] === true,
    includeHiddenRows: values['include-hidden'] === true,
    dryRun: values['dry-run'] === true,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? '参数有误';
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'VALIDATION', message } }, [message]);
  }
  // The file is read before the ledger is opened: a file that cannot be read leaves the database untouched.
  let read: Awaited<ReturnType<typeof readImportFile>>;
  try {
    read = await readImportFile({ path: file });
  } catch (error) {
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`不能导入：${error.message}`]);
    throw error;
  }
  const ledger = openLedger({ dbFile, door: 'cli' });
  try {
    const result = await importFile(ledger, parsed.data, read);
    return finish(EXIT_OK, result, importSummary(result));
  } catch (error) {
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`不能导入：${error.message}`]);
    throw error;
  } finally {
    ledger.close();
  }
}

if (require.main === module) {
  // A reader that stops early (`… --json | head`) closes the pipe: that is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2)).then(
    (result) => {
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.stderr) process.stderr.write(result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`);
      process.exitCode = result.exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT_REFUSED;
    },
  );
}
