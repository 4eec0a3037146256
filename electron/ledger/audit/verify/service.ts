// 校验: the ledger checked against its own trail, in three parts —
//   1. the audit chain: every row's hash and its link to the row before (audit-trail.ts verifyChain);
//   2. the chain's head against its anchors outside the database (anchors.ts);
//   3. 账实核对: the tables against the values the trail says their records became (tables.ts).
// The result is one summary a leader can read (完整 / 发现 N 处问题), the scope in words (what was compared
// and what was not: the summary never claims more), each problem with the record's name, the field, both
// values and what to do. Each 校验 is itself recorded in the trail.
import { AUDIT_ENTITY_LABEL, type AuditVerifyFinding, type AuditVerifyResult, type AuditVerifyTableProblem } from '../../../../shared/api-audit';
import { valueText, type AuditNames } from '../../../../shared/audit-describe';
import { recordField } from '../../../../shared/record-fields';
import { writeAudited } from '../../../platform/audited-write';
import { dataPort } from '../../../platform/data-port';
import { lastAuditId } from '../store';
import { namesAskedBy, RESTORE_ADVICE, verifyChain } from '../trail';
import type { ServiceContext } from '../../../platform/context';
import { logError } from '../../../platform/log';
import { checkAnchors, type AnchorsCheck } from './anchors';
import { SPLITS_ENTITY, TABLE_CHECKS } from './spec';
import { checkTables, type TableProblem } from './tables';

/** Findings listed in words; the counts cover all of them. */
const MAX_FINDINGS = 200;

const CHECKED_ENTITIES = [...TABLE_CHECKS.map((t) => t.entity), SPLITS_ENTITY];
const UNCHECKED = '区划、单位、项目类型、简报、设置、操作员和导入记录';

function entityLabel(entity: string): string {
  return AUDIT_ENTITY_LABEL[entity] ?? entity;
}

function valueInWords(entity: string, field: string | null, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined) return '（空）';
  if (field === null) return String(value);
  if (field.startsWith('project:')) return valueText(value, { kind: 'fen' }, names);
  const spec = recordField(entity, field);
  const text = spec ? valueText(value, spec.value, names) : '';
  if (text) return text;
  const raw = String(value);
  return raw.length > 16 ? `${raw.slice(0, 12)}…` : raw;
}

function fieldLabelOf(entity: string, field: string | null, names: AuditNames): string | null {
  if (field === null) return null;
  if (field.startsWith('project:')) {
    const id = Number(field.slice('project:'.length));
    return `分配给项目“${names('project', id) ?? `编号 ${id}`}”的金额`;
  }
  if (field === 'sha256') return '文件';
  return recordField(entity, field)?.label || field;
}

function nameOf(entity: string, id: number, names: AuditNames): string {
  const record = entity === SPLITS_ENTITY ? 'allocation' : entity;
  const found = names(record as Parameters<AuditNames>[0], id);
  return found ?? `编号 ${id}`;
}

function inWords(p: TableProblem, names: AuditNames): AuditVerifyTableProblem {
  const entity = p.entity;
  return {
    kind: p.kind,
    entity,
    entityLabel: entity === SPLITS_ENTITY ? '资金下达' : entityLabel(entity),
    id: p.id,
    name: nameOf(entity, p.id, names),
    field: p.field,
    fieldLabel: fieldLabelOf(entity, p.field, names),
    trail: p.kind === 'changed' || p.kind === 'fileChanged' ? valueInWords(entity, p.field, p.trail, names) : statusWords(p, 'trail'),
    table: p.kind === 'changed' || p.kind === 'fileChanged' ? valueInWords(entity, p.field, p.table, names) : statusWords(p, 'table'),
    trailValue: p.trail,
    tableValue: p.table,
  };
}

/** The two sides of a problem about a whole record, in words. */
function statusWords(p: TableProblem, side: 'trail' | 'table'): string {
  switch (p.kind) {
    case 'unrecorded':
      return side === 'trail' ? '没有记录' : '有这条记录';
    case 'missing':
      return side === 'trail' ? '存在' : '没有这条记录';
    case 'revived':
      return side === 'trail' ? '已删除' : '在用';
    case 'deletedOutside':
      return side === 'trail' ? '在用' : '已删除';
    case 'fileMissing':
      return side === 'trail' ? '有文件' : '文件不见了';
    default:
      return '';
  }
}

function tableFinding(p: AuditVerifyTableProblem): AuditVerifyFinding {
  const what = `${p.entityLabel}“${p.name}”`;
  const advice = RESTORE_ADVICE;
  switch (p.kind) {
    case 'changed':
      return { title: `${what}的${p.fieldLabel ?? '内容'}与审计日志不符`, detail: `审计日志记下的是 ${p.trail}，台账中是 ${p.table}。这一改动没有经过本程序，也没有审计记录。`, advice };
    case 'unrecorded':
      return { title: `${what}在审计日志中没有任何记录`, detail: `台账中有这条记录（编号 ${p.id}），但它不是经本程序录入或导入的：审计日志里没有它。`, advice: '如果不是本单位录入的，请用问题出现之前那天的备份恢复台账（设置 → 备份与恢复），或删除这条记录；并查问这段时间谁拿到过这个数据文件。' };
    case 'missing':
      return { title: `${what}不见了`, detail: `审计日志记录它存在（编号 ${p.id}），台账中已没有这条记录，也没有删除它的审计记录。`, advice };
    case 'revived':
      return { title: `${what}已删除，台账中却仍在用`, detail: `审计日志记录它已被删除，台账中它没有删除标记（编号 ${p.id}）。`, advice };
    case 'deletedOutside':
      return { title: `${what}在程序之外被标为删除`, detail: `台账中它带着删除标记，审计日志没有删除它的记录（编号 ${p.id}）。`, advice };
    case 'fileMissing':
      return { title: `佐证材料“${p.name}”的文件不见了`, detail: '数据文件夹的 attachments 中找不到这份文件（按它的哈希存放），台账中的记录还在。', advice: '请从复制过的数据文件夹中找回 attachments 文件夹里的这份文件；找不到时请重新上传佐证材料，并查问谁动过数据文件夹。' };
    case 'fileChanged':
      return { title: `佐证材料“${p.name}”的文件大小不对`, detail: `记录的大小是 ${p.trail}，文件现在是 ${p.table}：文件被替换或损坏。`, advice: '请从复制过的数据文件夹中找回原文件，或重新上传佐证材料，并查问谁动过数据文件夹。' };
  }
}

function anchorFindings(a: AnchorsCheck): AuditVerifyFinding[] {
  const out: AuditVerifyFinding[] = [];
  const missing = a.problems.filter((p) => p.problem === 'missing');
  if (missing.length > 0 && a.missingAfterId !== null) {
    out.push({
      title: `审计日志在第 ${a.missingAfterId} 条之后被截断，至少缺少 ${a.missingCount} 条`,
      detail: `${missing.map((p) => `${p.where}记下审计日志曾写到第 ${p.id} 条`).join('；')}。台账中已没有这些记录，也没有从备份恢复的记录可以解释。`,
      advice: RESTORE_ADVICE,
    });
  }
  for (const p of a.problems.filter((x) => x.problem === 'rewritten')) {
    out.push({
      title: `审计日志第 ${p.id} 条与${p.where}记下的不同`,
      detail: '这条记录已换成了另一条：审计日志从这里起被重写过（连同哈希一起重算）。',
      advice: RESTORE_ADVICE,
    });
  }
  return out;
}

function anchorScope(a: AnchorsCheck): string {
  const parts: string[] = [];
  if (a.file === 'ok') parts.push('台账旁的锚点文件');
  if (a.backups > 0) parts.push(`${a.backups} 份备份的清单`);
  if (a.bulletins > 0) parts.push(`${a.bulletins} 期已签发简报的归档记录`);
  const missingFile = a.file === 'absent' ? '台账旁没有锚点文件，未能与之比对' : a.file === 'unreadable' ? '台账旁的锚点文件无法读取，未能与之比对' : '';
  const restored = a.restored > 0 ? `（其中 ${a.restored} 处属于从备份恢复时替换下的台账，恢复已记录在审计日志中）` : '';
  if (parts.length === 0) return `审计日志的末条没有可比对的锚点${missingFile ? `（${missingFile}）` : ''}`;
  return `审计日志的末条与 ${a.checked} 个锚点（${parts.join('、')}）比对${restored}${missingFile ? `；${missingFile}` : ''}`;
}

export interface VerifyOptions {
  /** Record the result in the trail (default true). */
  record?: boolean;
  /** Who asked: the program at start-up (startup.ts) is written into the row; by hand is the default. */
  trigger?: 'startup';
}

export async function verifyLedger(ctx: ServiceContext, options: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const progress = (done: number, total: number) => ctx.emitProgress({ jobId: 'verify', label: '校验台账', done, total });
  // The trail, its anchors and the tables as of one moment: on the office server other clerks save meanwhile, and a
  // record saved between reading its trail and reading its table would read as changed outside the program.
  const { chain, chainFindings, anchors, tables, names } = await dataPort(ctx).readSnapshot(async () => {
    const { chain, findings } = await verifyChain(ctx);
    const anchors = await checkAnchors(ctx);
    const tables = await checkTables(ctx, progress);
    const names = await namesAskedBy(dataPort(ctx), (asking) => {
      for (const p of tables.problems) inWords(p, asking);
    });
    return { chain, chainFindings: findings, anchors, tables, names };
  });
  const tableProblems = tables.problems.map((p) => inWords(p, names));
  const problemCount = chainFindings.length + anchors.problems.length + tables.problemCount;
  const findings = [...chainFindings, ...anchorFindings(anchors), ...tableProblems.map(tableFinding)].slice(0, MAX_FINDINGS);
  const ok = problemCount === 0;
  const scope = [
    `核对了审计日志 ${chain.total.toLocaleString('zh-CN')} 条记录的哈希链`,
    anchorScope(anchors),
    `${CHECKED_ENTITIES.map(entityLabel).join('、')}共 ${tables.checked.toLocaleString('zh-CN')} 条记录的金额、日期、状态和关联，与审计日志记下的值逐项对照（每条记录对照审计日志记下的字段）`,
    `${tables.filesChecked} 个佐证材料文件是否还在、大小是否相符（未重新计算文件内容的哈希）`,
  ].join('；');
  const summary = ok
    ? '完整：在核对的范围内，台账和审计日志没有在程序之外改动的痕迹。'
    : `发现 ${problemCount.toLocaleString('zh-CN')} 处问题：台账或审计日志在程序之外被改动过，逐条列在下面。`;
  const result: AuditVerifyResult = {
    ok,
    summary,
    scope: `${scope}。未核对：${UNCHECKED}。`,
    problemCount,
    findings,
    chain,
    anchors: {
      ok: anchors.ok,
      checked: anchors.checked,
      file: anchors.file,
      backups: anchors.backups,
      bulletins: anchors.bulletins,
      restored: anchors.restored,
      missingAfterId: anchors.missingAfterId,
      missingCount: anchors.missingCount,
      problems: anchors.problems.map((p) => ({ where: p.where, id: p.id, problem: p.problem, lastId: p.lastId })),
    },
    tables: { checked: tables.checked, filesChecked: tables.filesChecked, problemCount: tables.problemCount, problems: tableProblems },
    recordedAs: null,
  };
  if (options.record !== false) result.recordedAs = await recordVerify(ctx, result, options.trigger);
  return result;
}

/** The 校验 itself goes into the trail: when, by whom, and what it found. */
async function recordVerify(ctx: ServiceContext, r: AuditVerifyResult, trigger: 'startup' | undefined): Promise<number | null> {
  try {
    return await writeAudited(ctx, async (tx, audit) => {
      await audit.record({
        action: 'verify',
        entity: 'ledger',
        // The trigger first: the trail's list shows a row's first fields.
        after: {
          ...(trigger ? { trigger } : {}),
          ok: r.ok,
          problems: r.problemCount,
          chainRows: r.chain.total,
          brokenAtId: r.chain.brokenAtId,
          anchorsChecked: r.anchors.checked,
          missingAfterId: r.anchors.missingAfterId,
          recordsChecked: r.tables.checked,
          findings: r.findings.slice(0, 5).map((f) => f.title),
        },
      });
      return lastAuditId(tx);
    });
  } catch (error) {
    // A read-only file or a full disk: the check itself stands.
    logError('verify record', error);
    return null;
  }
}
