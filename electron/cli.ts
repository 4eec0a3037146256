// The CLI door: `npm run --silent cli -- COMMAND ... (--db PATH | --pg postgres://…) [--json]`. The command
// names, options and JSON shapes are a contract used by checks outside the project (DESIGN.md): keep them stable.
// Exit codes: 0 success, 1 input refused, 2 usage error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { z } from 'zod';
import { BackupCheckError, freeBackupPath, writeBackup } from '../db/backup';
import type { ApiResponse, Channel, ChannelInput } from '../shared/api';
import { ImportKind } from '../shared/enums';
import { AppError } from '../shared/errors';
import { formatFen } from '../shared/money';
import { newSessionSlot, openLedger, type LedgerHandle, type ServiceContext } from './platform/context';
import { importFileInput, type ImportResult } from '../shared/api-import';
import type { AuditVerifyResult } from '../shared/api-audit';
import { readImportFile } from './ledger/imports/read';
import { importFile } from './ledger/imports/service';
import { dataPort } from './platform/data-port';
import { logError } from './platform/log';
import { openFailureReason } from './platform/open-failure';
import { currentSession, isMultiUser, sessionRole, withSession } from './ledger/operators/service';
import { roleSatisfies } from '../shared/permissions';
import { exportLedgerInput } from '../shared/api-export';
import type { OfficeServerSettings } from '../shared/api-office';
import { EXPORT_USAGE, ExportUsageError, exportCliInput } from './ledger/exports/cli-args';
import { OFFICE_URL_FORM, parseOfficeServerUrl, PG_URL_ENV } from './office/server-url';
import { connectOfficeServer, migratedSentence, OfficeServerError } from './platform/office-server';
import { openOfficeLedger } from './platform/office-ledger';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export { PG_URL_ENV };

/** Where the CLI on the office server writes the backup taken before it migrates an older ledger: under the current folder. */
export const CLI_OFFICE_BACKUP_FOLDER = path.join('备份', '办公室服务器');

const USAGE = `用法：npm run --silent cli -- 命令 (--db 数据文件 | --pg ${OFFICE_URL_FORM}) [--json]
命令：
  demo [--scale N] [--seed N]                     生成示例县的数据（仅限空台账）
  list projects|payments|findings [--township 名称] [--today YYYY-MM-DD] [--year YYYY] [--limit N]
                                                   列出项目、拨付或问题
  list teams|members|pairings [--township 名称] [--month YYYY-MM] [--limit N]
                                                   列出驻村工作队、驻村队员（含当月在村天数）或结对帮扶
  import 文件 [--kind projects|allocations|payments|findings|households] [--dry-run] [--add-places]
         [--inspection 检查名称] [--township 乡镇] [--sheet 工作表] [--unit yuan|wan] [--on-match update|skip]
         [--include-hidden] [--all-warnings] [--allow-missing-amounts]
                                                   导入乡镇报来的表格（.xlsx/.xls/.csv/网页表格）
                                                   提醒按种类归组（warningGroups）；--all-warnings 列出每一条；
                                                   有金额或日期列没有对应上时不导入，核对后加 --allow-missing-amounts
  bulletin pdf (--id N | --draft (--inspection 检查名称 | --from 日期 --to 日期)) --out 文件.pdf
  bulletin list [--year YYYY] [--keyword 词]       督导简报：导出 PDF（已签发的为归档文件）、按年度列出
  backup --out 文件或文件夹                        备份台账（在线备份，写完后做完整性检查）
  restore 备份文件                                 用备份替换 --db 台账（先备份被替换的台账；--db 可以还不存在）
  verify                                           校验：审计日志的哈希链、与台账之外锚点的比对、数据表与审计日志的核对
                                                   （发现问题时退出码 1）
${EXPORT_USAGE}

办公室服务器：用 --pg 代替 --db（各命令相同，输出的 JSON 相同），或把地址放在环境变量 ${PG_URL_ENV} 中
（这样密码不出现在命令行上）；同时给了 --db 时用 --db。backup、restore 只用于本机台账文件。服务器上的台账结构
较旧时，连接时先把它备份到当前文件夹的 备份/办公室服务器 中，再升级。

多人模式下每个命令都要指定操作员：--operator 姓名 --password-env 存放密码的环境变量名
（密码不写在命令行上，以免留在命令历史和进程列表里）；单人模式不需要。`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
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

// ---- The arguments -----------------------------------------------------------------------------------------

/**
 * Every option of every command. node:util's parseArgs reads the command line (strict: an option not listed
 * is a usage error) and this schema turns its loosely typed values into CliOptions. A boolean is a flag; any
 * other option takes a value, checked by the command that reads it, in the order its messages are promised.
 */
const cliOptions = z.object({
  db: z.string().optional(),
  pg: z.string().optional(),
  json: z.boolean().optional(),
  scale: z.string().optional(),
  seed: z.string().optional(),
  township: z.string().optional(),
  today: z.string().optional(),
  month: z.string().optional(),
  year: z.string().optional(),
  limit: z.string().optional(),
  kind: z.string().optional(),
  'dry-run': z.boolean().optional(),
  'add-places': z.boolean().optional(),
  inspection: z.string().optional(),
  sheet: z.string().optional(),
  unit: z.string().optional(),
  'on-match': z.string().optional(),
  'include-hidden': z.boolean().optional(),
  'all-warnings': z.boolean().optional(),
  'allow-missing-amounts': z.boolean().optional(),
  id: z.string().optional(),
  out: z.string().optional(),
  draft: z.boolean().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  keyword: z.string().optional(),
  operator: z.string().optional(),
  'password-env': z.string().optional(),
  cutoff: z.string().optional(),
  level: z.string().optional(),
  'by-township': z.boolean().optional(),
  'all-columns': z.boolean().optional(),
  'reveal-ids': z.boolean().optional(),
  help: z.boolean().optional(),
});

type CliOptions = z.infer<typeof cliOptions>;

const SHORT_OPTIONS: Partial<Record<keyof CliOptions, string>> = { help: 'h' };

/** parseArgs' option table, read off the schema so the two cannot disagree. */
const PARSE_ARGS_OPTIONS: ParseArgsOptionsConfig = Object.fromEntries(
  Object.entries(cliOptions.shape).map(([name, schema]) => {
    const short = SHORT_OPTIONS[name as keyof CliOptions];
    return [name, { type: schema.unwrap() instanceof z.ZodBoolean ? 'boolean' : 'string', ...(short ? { short } : {}) }];
  }),
);

interface CliArguments {
  command: string | undefined;
  rest: string[];
  options: CliOptions;
}

function parseCliArguments(argv: string[]): CliArguments {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: PARSE_ARGS_OPTIONS });
  } catch (error) {
    usage(`命令行参数有误：${error instanceof Error ? error.message : String(error)}`);
  }
  const options = cliOptions.safeParse(parsed.values);
  if (!options.success) usage(`命令行参数有误：${options.error.issues[0]?.message ?? '选项的值不对'}`);
  const [command, ...rest] = parsed.positionals;
  return { command, rest, options: options.data };
}

// ---- Opening the ledger ------------------------------------------------------------------------------------

// The handler table, the bulletins, exports and backups load only for the commands that use them: an
// import from the terminal (a 100 000-row file in a batch script) does not pay for loading them all.
const handlersModule = () => import('./platform/handlers');
const backupModule = () => import('./ledger/backup/service');

async function call<C extends Channel>(ctx: ServiceContext, channel: C, input: ChannelInput<C>): Promise<ApiResponse> {
  const { dispatch } = await handlersModule();
  return dispatch(ctx, channel, input);
}

class RefusedError extends Error {}

/** Where the command's ledger is: a local file (--db) or the office server (--pg or FUPIN_PG_URL). */
type LedgerTarget = { kind: 'file'; dbFile: string } | { kind: 'office'; server: OfficeServerSettings; password: string };

function ledgerTarget(options: CliOptions): LedgerTarget {
  if (options.db !== undefined && options.pg !== undefined) usage('--db 与 --pg 只能给一个：本机台账文件用 --db，办公室服务器用 --pg');
  if (options.db !== undefined) {
    if (options.db === '') usage('缺少 --db 数据文件路径');
    return { kind: 'file', dbFile: options.db };
  }
  const address = options.pg ?? process.env[PG_URL_ENV];
  if (address === undefined || address === '') usage(`缺少 --db 数据文件路径（办公室服务器用 --pg ${OFFICE_URL_FORM}，或环境变量 ${PG_URL_ENV}）`);
  const parsed = parseOfficeServerUrl(address);
  if ('problem' in parsed) usage(parsed.problem);
  return { kind: 'office', server: parsed.settings, password: parsed.password };
}

/** An open ledger and how to close it. */
interface OpenedLedger {
  ledger: LedgerHandle;
  close(): Promise<void>;
}

function openFileLedger(dbFile: string): OpenedLedger {
  const ledger = openLedger({ dbFile, door: 'cli' });
  return { ledger, close: async () => ledger.close() };
}

/**
 * The ledger on the office server: connected as 设置 → 数据存放 connects (an older schema backed up and migrated
 * under the lock; `notices` hears the waits and the migration), and opened as the app opens it there
 * (platform/office-ledger.ts). Its data folder is a temporary one: anchors, local backups and files belong to a
 * local ledger.
 */
async function openServerLedger(target: Extract<LedgerTarget, { kind: 'office' }>, notices: string[]): Promise<OpenedLedger> {
  const connection = await connectOfficeServer(target.server, target.password, {
    backupFolder: path.resolve(CLI_OFFICE_BACKUP_FOLDER),
    onWait: (message) => notices.push(message),
  });
  const migrated = migratedSentence(connection);
  if (migrated) notices.push(migrated);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-cli-office-'));
  const ledger = openOfficeLedger({ pool: connection.pool, server: target.server, door: 'cli', dataDir });
  const close = async () => {
    ledger.close(); // ends the pool
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ledger, close };
}

/** An office server with no 管理员 yet has nobody the CLI could sign in as: its first one is made in the program. */
export const NO_ADMIN_ON_SERVER =
  '办公室服务器上的这个台账还没有管理员，命令行无法登录。请先在一台连接这个服务器的电脑上打开扶贫台账，在登录界面点“创建第一个管理员”；再由管理员在“设置 → 操作员”中添加操作员，然后用 --operator 姓名 --password-env 环境变量名 运行命令。';

/**
 * The CLI's session: in single-user mode it acts as the single operator; in multi-user mode it signs in as
 * --operator NAME with the password read from the environment variable --password-env names.
 */
async function cliSession(ledger: LedgerHandle, options: CliOptions): Promise<ServiceContext> {
  const slot = newSessionSlot();
  const ctx = withSession(ledger, slot);
  const name = options.operator;
  const envName = options['password-env'];
  if (name !== undefined && envName === undefined) usage('--operator 需要同时给出 --password-env 环境变量名（密码放在这个环境变量里）');
  if (!(await isMultiUser(ledger))) return ctx;
  const noAdminYet = async () => (await currentSession(ctx)).firstAdminNeeded;
  if (name === undefined) {
    throw new RefusedError((await noAdminYet()) ? NO_ADMIN_ON_SERVER : '这个台账已开启多人模式：请用 --operator 姓名 --password-env 环境变量名 指定操作员后再运行。');
  }
  const password = envName === undefined ? undefined : process.env[envName];
  if (!password) throw new RefusedError(`环境变量 ${envName ?? ''} 没有设置或为空：请把操作员“${name}”的密码放在这个环境变量里。`);
  const answer = await call(ctx, 'session.signIn', { name, password });
  if (!answer.ok) throw new RefusedError(`操作员登录失败：${answer.error.message}${(await noAdminYet()) ? NO_ADMIN_ON_SERVER : ''}`);
  return ctx;
}

// ---- The output --------------------------------------------------------------------------------------------

type Finish = (exitCode: number, body: unknown, human: string[]) => CliResult;

/** With --json one JSON object on stdout whatever the outcome; otherwise lines on stdout, or on stderr for a failure. */
function cliOutput(json: boolean): Finish {
  return (exitCode, body, human) => {
    if (json) return { exitCode, stdout: `${JSON.stringify(body)}\n`, stderr: '' };
    const text = human.join('\n');
    return exitCode === EXIT_OK ? { exitCode, stdout: text ? `${text}\n` : '', stderr: '' } : { exitCode, stdout: '', stderr: `${text}\n` };
  };
}

function table(rows: Array<Record<string, string | number | null>>, columns: Array<[string, string]>): string[] {
  const header = columns.map(([, label]) => label).join('\t');
  return [header, ...rows.map((r) => columns.map(([key]) => String(r[key] ?? '')).join('\t'))];
}

/** A channel's answer and how a command shows its value, as JSON and as lines. */
interface CommandAnswer {
  response: ApiResponse;
  jsonBody: (value: unknown) => Record<string, unknown>;
  human: (value: unknown) => string[];
}

function answerResult(answer: CommandAnswer, finish: Finish): CliResult {
  const { response } = answer;
  if (!response.ok) return finish(EXIT_REFUSED, { ok: false, error: response.error }, [`操作未完成：${response.error.message}`]);
  return finish(EXIT_OK, answer.jsonBody(response.value), answer.human(response.value));
}

/** A refusal, a usage error or a file that cannot be opened or processed, as the contract's exit code and error. */
function failureResult(error: unknown, finish: Finish): CliResult {
  if (error instanceof RefusedError) {
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'FORBIDDEN', message: error.message } }, [error.message]);
  }
  if (error instanceof UsageError) {
    return finish(EXIT_USAGE, { ok: false, error: { code: 'BAD_REQUEST', message: error.message } }, [error.message, USAGE]);
  }
  if (error instanceof OfficeServerError) {
    // The office server's own sentence (unreachable, wrong password, not a ledger, newer schema, …) and its kind.
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'CONFLICT', message: error.message, problem: error.problem } }, [error.message]);
  }
  logError('cli', error);
  const message = `无法打开或处理数据文件：${openFailureReason(error)}`;
  return finish(EXIT_REFUSED, { ok: false, error: { code: 'INTERNAL', message } }, [message]);
}

// ---- The commands ------------------------------------------------------------------------------------------

/** What a command gets: its words after the command name, the options, the output, and the ledger to open. */
interface CommandScope {
  target: LedgerTarget;
  rest: string[];
  options: CliOptions;
  finish: Finish;
  /** Opens the ledger (--db or --pg) and signs in as the CLI's operator; the ledger is closed when the command has answered. */
  session(): Promise<ServiceContext>;
}

/** A command answers through a channel (CommandAnswer) or with its whole result. */
type Command = (scope: CommandScope) => Promise<CommandAnswer | CliResult>;

async function demoCommand({ rest, options, session }: CommandScope): Promise<CommandAnswer> {
  if (rest.length > 0) usage(`demo 不接受多余的参数：${rest.join(' ')}`);
  const scale = toInt(options.scale, 'scale') ?? 1;
  const seed = toInt(options.seed, 'seed');
  const ctx = await session();
  return {
    response: await call(ctx, 'demo.load', seed === undefined ? { scale } : { scale, seed }),
    jsonBody: (value) => ({ ok: true, ...(value as Record<string, unknown>) }),
    human: (value) => {
      const r = value as Record<string, number>;
      return [`示例数据已生成：乡镇 ${r.townships} 个，村 ${r.villages} 个，项目 ${r.projects} 个，拨付 ${r.payments} 笔，问题 ${r.findings} 条`];
    },
  };
}

type ListRows = (value: unknown) => Array<Record<string, unknown>>;
const listRows: ListRows = (value) => (value as { rows: Array<Record<string, unknown>> }).rows;

async function listCommand({ rest, options, session }: CommandScope): Promise<CommandAnswer> {
  const [what, ...extra] = rest;
  if (extra.length > 0) usage(`list 只接受一个种类，多余的参数：${extra.join(' ')}`);
  const limit = toInt(options.limit, 'limit') ?? 100_000;
  const township = options.township;
  const ctx = await session();
  const jsonBody = (value: unknown) => ({ ok: true, rows: (value as { rows: unknown[] }).rows, total: (value as { total: number }).total });
  if (what === 'projects') {
    const year = toInt(options.year, 'year');
    return {
      response: await call(ctx, 'projects.list', { township, year, limit }),
      jsonBody,
      human: (value) =>
        table(
          listRows(value).map((r) => ({
            year: r.year as number,
            township: r.township as string,
            village: r.village as string,
            name: r.name as string,
            category: r.category as string,
            status: r.status as string,
            total: formatFen(r.totalFen as number, 'wan'),
          })),
          [['year', '年度'], ['township', '乡镇'], ['village', '村'], ['name', '项目名称'], ['category', '项目类型'], ['status', '状态'], ['total', '总投资（万元）']],
        ),
    };
  }
  if (what === 'payments') {
    return {
      response: await call(ctx, 'payments.list', { township, limit }),
      jsonBody,
      human: (value) =>
        table(
          listRows(value).map((r) => ({
            date: r.date as string,
            project: r.project as string,
            amount: formatFen(r.amountFen as number, 'yuan'),
            voucher: r.voucher as string,
          })),
          [['date', '拨付日期'], ['project', '项目'], ['amount', '金额（元）'], ['voucher', '凭证号']],
        ),
    };
  }
  if (what === 'findings') {
    return {
      response: await call(ctx, 'findings.list', { township, today: options.today, limit }),
      jsonBody,
      human: (value) =>
        table(
          listRows(value).map((r) => ({
            township: r.township as string,
            category: r.category as string,
            status: r.status as string,
            deadline: (r.deadlineText ?? r.deadline) as string,
            overdue: r.overdue ? '逾期' : '',
            description: r.description as string,
          })),
          [['township', '乡镇'], ['category', '问题类别'], ['status', '状态'], ['deadline', '整改时限'], ['overdue', '逾期'], ['description', '问题描述']],
        ),
    };
  }
  const assistance = assistanceList(what, ctx, { township, month: options.month, limit });
  if (assistance) return { ...(await assistance), jsonBody };
  return usage(what ? `list 不认识“${what}”，可选 ${LIST_KINDS}` : `list 需要指定 ${LIST_KINDS} 之一`);
}

const LIST_KINDS = 'projects、payments、findings、teams、members、pairings';

/**
 * `list teams|members|pairings` (帮扶力量): teams with village, township, unit, leader and members; members with
 * name, role, unit, termStart, termEnd, status, daysInVillage and belowRule for --month (default this month);
 * pairings with cadre, unit, household, the masked ID number and since. Undefined for another kind.
 */
function assistanceList(what: string | undefined, ctx: ServiceContext, filter: { township?: string; month?: string; limit: number }): Promise<Omit<CommandAnswer, 'jsonBody'>> | undefined {
  const { township, month, limit } = filter;
  if (what === 'teams') {
    return call(ctx, 'teams.list', { township, month, limit }).then((response) => ({
      response,
      human: (value) =>
        table(
          listRows(value).map((r) => ({ township: r.township as string, village: r.village as string, unit: r.unit as string, leader: (r.leader ?? '') as string, members: r.members as number })),
          [['township', '乡镇'], ['village', '村'], ['unit', '派出单位'], ['leader', '队长'], ['members', '队员人数']],
        ),
    }));
  }
  if (what === 'members') {
    return call(ctx, 'members.list', { township, month, limit }).then((response) => ({
      response,
      human: (value) =>
        table(
          listRows(value).map((r) => ({
            village: r.village as string,
            name: r.name as string,
            role: r.role as string,
            unit: (r.unit ?? '') as string,
            term: `${r.termStart as string} 至 ${(r.termEnd ?? '') as string}`,
            status: r.status as string,
            days: r.daysInVillage as number | null,
            below: r.belowRule ? '低于要求' : '',
          })),
          [['village', '村'], ['name', '姓名'], ['role', '驻村职务'], ['unit', '工作单位'], ['term', '任期'], ['status', '在岗状态'], ['days', '在村天数'], ['below', '在岗要求']],
        ),
    }));
  }
  if (what === 'pairings') {
    return call(ctx, 'pairings.list', { township, month, limit }).then((response) => ({
      response,
      human: (value) =>
        table(
          listRows(value).map((r) => ({ cadre: r.cadre as string, unit: (r.unit ?? '') as string, household: r.household as string, idNumber: r.idNumber as string, since: r.since as string })),
          [['cadre', '帮扶责任人'], ['unit', '工作单位'], ['household', '结对户'], ['idNumber', '身份证号'], ['since', '结对日期']],
        ),
    }));
  }
  return undefined;
}

async function exportCommand({ rest, options, finish, session }: CommandScope): Promise<CommandAnswer | CliResult> {
  const [which, ...extra] = rest;
  if (extra.length > 0) usage(`export 只接受一个台账，多余的参数：${extra.join(' ')}`);
  const out = options.out;
  if (!out) usage('export 需要 --out 文件.xlsx');
  const ctx = await session();
  let input: ChannelInput<'export.ledger'>;
  try {
    input = await exportCliInput(ctx, which, {
      year: toInt(options.year, 'year'),
      township: options.township,
      unit: options.unit,
      cutoff: options.cutoff,
      level: options.level,
      today: options.today,
      byTownship: options['by-township'] === true,
      allColumns: options['all-columns'] === true,
      revealIds: options['reveal-ids'] === true,
    });
  } catch (error) {
    if (error instanceof ExportUsageError) usage(error.message);
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`操作未完成：${error.message}`]);
    throw error;
  }
  // Straight to the file (no base64 copy in memory), through the same service as the export.ledger channel.
  const parsedInput = exportLedgerInput.safeParse(input);
  if (!parsedInput.success) usage(parsedInput.error.issues[0]?.message ?? '参数有误');
  let response: ApiResponse;
  try {
    const { exportLedgerToFile } = await import('./ledger/exports/service');
    response = { ok: true, value: await exportLedgerToFile(ctx, parsedInput.data, out) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    response = { ok: false, error: error.toApiError() };
  }
  return {
    response,
    jsonBody: (value) => ({ ok: true, ledger: which, out: path.resolve(out), ...(value as Record<string, unknown>) }),
    human: (value) => {
      const r = value as { rows: number; sheets: string[] };
      return [`已导出 ${r.rows} 行（${r.sheets.join('、')}）到 ${out}`];
    },
  };
}

async function verifyCommand({ target, rest, finish, session }: CommandScope): Promise<CommandAnswer | CliResult> {
  if (rest.length > 0) usage(`verify 不接受多余的参数：${rest.join(' ')}`);
  if (target.kind === 'file' && !fs.existsSync(target.dbFile)) {
    const message = `找不到数据文件“${target.dbFile}”，请检查 --db 的路径`;
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'NOT_FOUND', message } }, [message]);
  }
  const ctx = await session();
  const response = await call(ctx, 'audit.verify', {});
  if (response.ok) {
    // 校验 found something: exit 1, with the whole result (DESIGN.md's CLI contract).
    const r = response.value as AuditVerifyResult;
    const lines = [r.summary, ...r.findings.map((f, i) => `${i + 1}. ${f.title}：${f.detail} 怎么办：${f.advice}`), r.scope];
    return finish(r.ok ? EXIT_OK : EXIT_REFUSED, { ...r }, lines);
  }
  return { response, jsonBody: (value) => value as Record<string, unknown>, human: () => [] };
}

async function bulletinCommand({ rest, options, finish, session }: CommandScope): Promise<CliResult> {
  const { runBulletinCommand } = await import('./bulletin-cli');
  const r = await runBulletinCommand(session, rest, options);
  return finish(r.exitCode, r.body, r.human);
}

/** backup and restore copy and swap the local ledger file itself (SQLite's VACUUM INTO, the file swap): not on the office server. */
function localFile(target: LedgerTarget, command: 'backup' | 'restore'): string {
  if (target.kind === 'file') return target.dbFile;
  return usage(
    command === 'backup'
      ? 'backup 只用于本机台账文件（--db）。办公室服务器上的台账请在扶贫台账的 设置 → 数据存放 中点“备份办公室服务器”，备份在本机的 备份/办公室服务器 文件夹中；或请管理员在服务器上用 pg_dump 备份数据库。'
      : 'restore 只用于本机台账文件（--db）。要把备份恢复到办公室服务器，请在扶贫台账的 设置 → 数据存放 中点“恢复到新的服务器数据库”，选一个新建的空数据库。',
  );
}

/** The commands by name (DESIGN.md's CLI contract). */
const COMMANDS: Readonly<Record<string, Command>> = {
  import: ({ rest, options, finish, session }) => runImport(session, rest, options, finish),
  backup: ({ target, rest, options, finish }) => runBackupCommand('backup', localFile(target, 'backup'), rest, options.out, finish),
  restore: ({ target, rest, options, finish }) => runBackupCommand('restore', localFile(target, 'restore'), rest, options.out, finish),
  bulletin: bulletinCommand,
  demo: demoCommand,
  list: listCommand,
  export: exportCommand,
  verify: verifyCommand,
};

/** Run one CLI invocation; returns what to print and the exit code (kept pure for tests). */
export async function runCli(argv: string[]): Promise<CliResult> {
  const finish = cliOutput(argv.includes('--json'));
  const opened: OpenedLedger[] = [];
  // What the office server told this run (another PC migrating, a migration and its backup): on stderr, beside the answer.
  const notices: string[] = [];
  let result: CliResult;
  try {
    const { command, rest, options } = parseCliArguments(argv);
    if (options.help || !command) return finish(command ? EXIT_OK : EXIT_USAGE, { ok: !!command, usage: USAGE }, [USAGE]);
    const target = ledgerTarget(options);
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) usage(`不认识的命令“${command}”`);
    const session = async () => {
      const open = target.kind === 'file' ? openFileLedger(target.dbFile) : await openServerLedger(target, notices);
      opened.push(open);
      return cliSession(open.ledger, options);
    };
    const answer = await run({ target, rest, options, finish, session });
    result = 'exitCode' in answer ? answer : answerResult(answer, finish);
  } catch (error) {
    result = failureResult(error, finish);
  } finally {
    for (const ledger of opened) await ledger.close();
  }
  return notices.length === 0 ? result : { ...result, stderr: `${notices.join('\n')}\n${result.stderr}` };
}

function importSummary(r: ImportResult): string[] {
  const lines = [
    `${r.dryRun ? '试导入（未写入）' : '导入完成'}：${ImportKind.label[r.kind]}，工作表“${r.sheet}”，读取 ${r.rowsRead} 行，新增 ${r.imported}，更新 ${r.updated}，跳过 ${r.skipped.length}，错误 ${r.errors.length}，提醒 ${r.warningCount}`,
  ];
  if (r.totals.amountFen > 0) lines.push(`金额合计 ${formatFen(r.totals.amountFen, 'yuan')} 元`);
  if (r.batchId !== null) lines.push(`导入批次 ${r.batchId}`);
  for (const e of r.errors.slice(0, 50)) lines.push(`错误  ${e.message}`);
  // Warnings by kind: one line per kind with its count, then its first rows (every one with --all-warnings).
  const everyOne = r.warnings.length === r.warningCount;
  for (const g of r.warningGroups) {
    lines.push(`提醒  ${g.message}（共 ${g.count} 处）`);
    const own = everyOne ? r.warnings.filter((w) => w.kind === g.kind) : g.rows.slice(0, 3);
    for (const w of own) lines.push(`      ${w.message}`);
    if (g.count > own.length) lines.push(`      ……其余 ${g.count - own.length} 处请加 --all-warnings 列出`);
  }
  return lines;
}

async function runImport(session: () => Promise<ServiceContext>, rest: string[], values: CliOptions, finish: Finish): Promise<CliResult> {
  const [file, ...extra] = rest;
  if (!file) usage('import 需要指定要导入的文件');
  if (extra.length > 0) usage(`import 只接受一个文件，多余的参数：${extra.join(' ')}`);
  const kind = values.kind;
  if (kind !== undefined && !(ImportKind.values as readonly string[]).includes(kind)) {
    usage(`--kind 应为 ${ImportKind.values.join('、')} 之一，收到“${kind}”`);
  }
  const unit = values.unit;
  if (unit !== undefined && unit !== 'yuan' && unit !== 'wan') usage(`--unit 应为 yuan（元）或 wan（万元），收到“${unit}”`);
  const onMatch = values['on-match'];
  if (onMatch !== undefined && onMatch !== 'update' && onMatch !== 'skip') usage(`--on-match 应为 update 或 skip，收到“${onMatch}”`);
  const parsed = importFileInput.safeParse({
    path: file,
    kind,
    sheet: values.sheet,
    township: values.township,
    inspection: values.inspection,
    unit,
    onMatch,
    addPlaces: values['add-places'] === true,
    includeHiddenRows: values['include-hidden'] === true,
    dryRun: values['dry-run'] === true,
    allWarnings: values['all-warnings'] === true,
    allowMissingAmounts: values['allow-missing-amounts'] === true,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? '参数有误';
    return finish(EXIT_REFUSED, { ok: false, error: { code: 'VALIDATION', message } }, [message]);
  }
  // A file that is not there is a mistake in the command line (exit 2), not a file the import refused.
  if (!fs.existsSync(file)) usage(`找不到要导入的文件“${file}”，请检查文件路径（含空格的路径请加引号）`);
  // The file is read before the ledger is opened: a file that cannot be read leaves the database untouched.
  let read: Awaited<ReturnType<typeof readImportFile>>;
  try {
    read = await readImportFile({ path: file });
  } catch (error) {
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`不能导入：${error.message}`]);
    throw error;
  }
  const ctx = await session();
  try {
    // Import writes ledgers: 录入员 or above (the import channels' own classification, checked here because
    // the CLI calls the import service directly).
    if (!roleSatisfies((await sessionRole(ctx)).role, 'clerk')) {
      const message = '当前操作员没有导入的权限（需要录入员或以上），没有导入。';
      return finish(EXIT_REFUSED, { ok: false, error: { code: 'FORBIDDEN', message } }, [message]);
    }
    const result = await importFile(ctx, parsed.data, read);
    return finish(EXIT_OK, result, importSummary(result));
  } catch (error) {
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`不能导入：${error.message}`]);
    throw error;
  }
}

/** `backup --out FILE|FOLDER` and `restore FILE`: refusals (missing or damaged files) exit 1 with a Chinese message. */
async function runBackupCommand(command: 'backup' | 'restore', dbFile: string, rest: string[], out: string | undefined, finish: Finish): Promise<CliResult> {
  const { ledgerCountsOn, recordRestore, restoreBackup, restoreIntoNewFile } = await backupModule();
  const refuse = (error: unknown) => {
    if (error instanceof AppError) return finish(EXIT_REFUSED, { ok: false, error: error.toApiError() }, [`操作未完成：${error.message}`]);
    throw error;
  };
  if (command === 'backup') {
    if (rest.length > 0) usage(`backup 不接受多余的参数：${rest.join(' ')}`);
    if (!out) usage('backup 需要 --out 备份文件（或文件夹）');
    if (!fs.existsSync(dbFile)) return refuse(new AppError('NOT_FOUND', `数据文件“${dbFile}”不存在，没有可备份的台账`));
    let target = path.resolve(out);
    const ledger = openLedger({ dbFile, door: 'cli' });
    try {
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = freeBackupPath(target, 'manual', ledger.now());
      const started = performance.now();
      // The backup file is the local ledger file's own copy (SQLite's VACUUM INTO), hence its connection.
      const written = await writeBackup(ledger.sqlite, target);
      const seconds = (performance.now() - started) / 1000;
      const counts = await ledgerCountsOn(dataPort(ledger));
      return finish(EXIT_OK, { ok: true, file: written.file, bytes: written.bytes, integrity: 'ok', seconds, counts }, [
        `备份完成：${written.file}（${(written.bytes / 1024 / 1024).toFixed(1)} MB，完整性检查通过，用时 ${seconds.toFixed(1)} 秒）`,
      ]);
    } catch (error) {
      if (error instanceof BackupCheckError) return refuse(new AppError('CORRUPT', `备份写好后检查未通过（${error.message}），已删除这份备份`));
      return refuse(error);
    } finally {
      ledger.close();
    }
  }
  const [file, ...extra] = rest;
  if (!file) usage('restore 需要指定备份文件');
  if (extra.length > 0) usage(`restore 只接受一个备份文件，多余的参数：${extra.join(' ')}`);
  try {
    if (!fs.existsSync(dbFile) || fs.statSync(dbFile).size === 0) {
      await restoreIntoNewFile(dbFile, file);
      const ledger = openLedger({ dbFile, door: 'cli' });
      try {
        await recordRestore(ledger, file);
        const counts = await ledgerCountsOn(dataPort(ledger));
        return finish(EXIT_OK, { ok: true, restoredFrom: path.resolve(file), previousBackup: null, counts }, [`已从 ${file} 恢复到新的数据文件 ${dbFile}`]);
      } finally {
        ledger.close();
      }
    }
    const ledger = openLedger({ dbFile, door: 'cli' });
    try {
      const result = await restoreBackup(ledger, file);
      return finish(EXIT_OK, { ok: true, ...result }, [`已从 ${result.restoredFrom} 恢复；恢复前的台账已备份到 ${result.previousBackup ?? ''}`]);
    } finally {
      ledger.close();
    }
  } catch (error) {
    return refuse(error);
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
