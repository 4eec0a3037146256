// The first draft of a bulletin's text, written from the ledger: 基本情况 (the inspection or the period, how
// many townships, projects and findings, the state of 整改, and the 支出进度 figures), 主要做法及成效 (what the
// ledger can show: projects started and finished, townships at or above 序时进度, problems put right),
// 存在问题 grouped by township from the findings, and 下步要求 aimed at what the ledger shows still open
// (problems not yet put right, the overdue ones by township, townships behind 序时进度, 待销号). The clerk
// edits it all; a heading the clerk empties is left out of the print (printedSections).
import type { BulletinSection } from '../../../shared/bulletin/document';
import { formatChineseDate, formatChineseDateRange } from '../../../shared/dates';
import { FindingCategory, FindingStatus, InspectionSource, projectStatusRank } from '../../../shared/enums';
import { formatWanRounded } from '../../../shared/money';
import { gapText } from '../../../shared/progress';
import type { ProgressSummary } from '../../../shared/api';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { townshipsAmong } from '../divisions/store';
import { projectStatusCounts } from '../projects/store';
import { countInspectionsStartingBetween, type InspectionRecord } from '../supervision/inspections-store';
import { completionPercent, countByTownship, NO_TOWNSHIP, type BulletinScope, type ScopedFinding } from './ledger-figures';

/** A sentence ends with 。 (or the clerk's own ！？；). */
function sentence(text: string): string {
  const t = text.trim().replace(/[，,、；;\s]+$/u, '');
  return /[。！？.!?]$/u.test(t) ? t : `${t}。`;
}

function joinNames(names: string[], max = 6): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等${names.length}个乡镇`;
}

/** 项目资金管理问题 12 个、住房安全问题 3 个 … (the most frequent categories first). */
function categorySummary(findings: readonly ScopedFinding[]): string {
  const counts = new Map<FindingCategory, number>();
  for (const f of findings) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || FindingCategory.values.indexOf(a[0]) - FindingCategory.values.indexOf(b[0]));
  const shown = sorted.slice(0, 4).map(([c, n]) => `${FindingCategory.label[c]}方面${n}个`);
  return sorted.length > 4 ? `${shown.join('、')}等` : shown.join('、');
}

function rectificationSentence(findings: readonly ScopedFinding[], today: string): string {
  const { total } = countByTownship(findings);
  if (total.total === 0) return '';
  const s = total.byStatus;
  const parts = [
    `已销号${s.closed}个`,
    `已完成整改待销号${s.awaitingClose}个`,
    `正在整改${s.inProgress}个`,
    ...(s.notStarted > 0 ? [`尚未启动整改${s.notStarted}个`] : []),
    ...(s.ongoing > 0 ? [`需长期坚持${s.ongoing}个`] : []),
  ];
  const overdue = total.overdue > 0 ? `其中${total.overdue}个问题已超过整改时限仍未完成整改。` : '未发现超过整改时限未完成整改的问题。';
  return `截至${formatChineseDate(today)}，上述问题${parts.join('，')}，整改完成率${(completionPercent(total) ?? 0).toFixed(1)}%；${overdue}`;
}

function progressSentences(summary: ProgressSummary): string {
  const o = summary.overall;
  const at = `截至${formatChineseDate(summary.cutoff)}`;
  if (o.allocatedFen === 0) return `${at}，全县${summary.year}年度衔接资金尚未下达。`;
  let text = `${at}，全县${summary.year}年度衔接资金已下达${formatWanRounded(o.allocatedFen)}万元，累计支出${formatWanRounded(o.spentFen)}万元，支出进度${(o.progressPercent ?? 0).toFixed(1)}%，${gapText(o.gapPoints).replace(/ /g, '')}。`;
  const ranked = summary.byTownship.filter((r) => r.id !== null && r.progressPercent !== null);
  if (ranked.length >= 6) {
    const show = (rows: typeof ranked) => rows.map((r) => `${r.name}（${(r.progressPercent ?? 0).toFixed(1)}%）`).join('、');
    const behind = ranked.filter((r) => (r.gapPoints ?? 0) < 0).length;
    text += `从乡镇看，支出进度排名前三位的是${show(ranked.slice(0, 3))}，排名后三位的是${show(ranked.slice(-3))}`;
    text += behind > 0 ? `，共有${behind}个乡镇低于序时进度。` : '，各乡镇均达到序时进度。';
  }
  return text;
}

export interface DraftInput {
  scope: BulletinScope;
  inspection: InspectionRecord | null;
  findings: ScopedFinding[];
  summary: ProgressSummary;
  today: string;
}

/** The default title: 关于…情况的通报. */
export function draftTitle(input: DraftInput): string {
  if (input.inspection) {
    const name = input.inspection.name.replace(/^关于/, '').replace(/(情况)?的?(通报|简报)$/u, '');
    return `关于${name}${/情况$/u.test(name) ? '' : '情况'}的通报`;
  }
  const { start, end } = input.scope as { start: string; end: string };
  return `关于${formatChineseDateRange(start, end)}巩固拓展脱贫攻坚成果督导检查情况的通报`;
}

async function townshipsCovered(db: DataReader, input: DraftInput): Promise<Array<{ id: number; name: string }>> {
  const ids = new Set<number>();
  if (input.inspection?.targets) {
    try {
      const t = JSON.parse(input.inspection.targets) as { townshipIds?: unknown };
      if (Array.isArray(t.townshipIds)) for (const v of t.townshipIds) if (Number.isInteger(v)) ids.add(v as number);
    } catch {
      // Unreadable targets: count the findings' townships only.
    }
  }
  for (const f of input.findings) if (f.townshipId !== null) ids.add(f.townshipId);
  return townshipsAmong(db, [...ids]);
}

/** The year's projects of the townships, and how many have started (开工 or later) and finished (完工 or later). */
async function projectProgress(db: DataReader, townshipIds: number[], year: number): Promise<{ total: number; started: number; completed: number }> {
  const counts = { total: 0, started: 0, completed: 0 };
  for (const r of await projectStatusCounts(db, year, townshipIds)) {
    counts.total += r.n;
    if (projectStatusRank(r.status) >= projectStatusRank('started')) counts.started += r.n;
    if (projectStatusRank(r.status) >= projectStatusRank('completed')) counts.completed += r.n;
  }
  return counts;
}

const percent = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;

/** 主要做法及成效 as far as the ledger knows it; empty when it knows nothing to say (the heading then does not print). */
function achievementsParagraphs(input: DraftInput, projects: { total: number; started: number; completed: number }): string[] {
  const { findings, summary } = input;
  const out: string[] = [];
  if (projects.total > 0) {
    out.push(
      `各乡镇加快推进衔接资金项目建设，督导涉及的${summary.year}年度项目${projects.total}个中，已开工${projects.started}个、开工率${percent(projects.started, projects.total)}，` +
        `已完工${projects.completed}个、完工率${percent(projects.completed, projects.total)}。`,
    );
  }
  // County-wide, as the ranking attachment is.
  const ahead = summary.byTownship.filter((r) => r.id !== null && r.gapPoints !== null && r.gapPoints >= 0);
  if (ahead.length > 0) out.push(`${joinNames(ahead.map((r) => r.name))}衔接资金支出进度达到或超过序时进度。`);
  const { total } = countByTownship(findings);
  const fixed = total.byStatus.closed + total.byStatus.awaitingClose;
  if (fixed > 0) out.push(`对督导发现的问题坚持边督边改，已整改到位${fixed}个，其中已销号${total.byStatus.closed}个。`);
  return out;
}

/** 下步要求: one （一）（二）… item for each kind of open work the ledger shows, each with a drafted sentence. */
function requirementSections(input: DraftInput): BulletinSection[] {
  const { findings, summary } = input;
  const out: BulletinSection[] = [];
  const { rows, total } = countByTownship(findings);
  const open = total.byStatus.notStarted + total.byStatus.inProgress;
  if (open > 0) {
    const overdueTownships = rows.filter((r) => r.overdue > 0).map((r) => r.township);
    const overdue = total.overdue > 0 ? `，其中已逾期的${total.overdue}个问题（涉及${joinNames(overdueTownships)}）要立行立改` : '';
    out.push(
      { level: 2, text: '抓紧整改到位' },
      { level: 0, text: `各乡镇、各有关单位要对照问题清单逐项整改，尚未完成整改的${open}个问题要明确责任人和整改时限${overdue}，确保按期整改到位。` },
    );
  }
  // The furthest behind first: they are the ones named when the list is cut short.
  const behind = summary.byTownship.filter((r) => r.id !== null && r.gapPoints !== null && r.gapPoints < 0).sort((a, b) => (a.gapPoints ?? 0) - (b.gapPoints ?? 0));
  if (behind.length > 0) {
    out.push(
      { level: 2, text: '加快资金支出' },
      { level: 0, text: `${joinNames(behind.map((r) => r.name))}衔接资金支出进度低于序时进度，要倒排工期、加快项目实施和资金拨付，尽快赶上序时进度。` },
    );
  }
  if (total.byStatus.awaitingClose > 0) {
    out.push(
      { level: 2, text: '及时审核销号' },
      { level: 0, text: `已完成整改待销号的${total.byStatus.awaitingClose}个问题，责任单位要及时提交佐证材料，经审核后按程序销号。` },
    );
  }
  if (total.byStatus.ongoing > 0) {
    out.push(
      { level: 2, text: '建立长效机制' },
      { level: 0, text: `需长期坚持整改的${total.byStatus.ongoing}个问题，要制定长效措施，定期跟踪调度，防止问题反弹。` },
    );
  }
  return out;
}

/** One finding as a 存在问题 item: what, where, by when, how far. */
function findingItem(f: ScopedFinding): string {
  // The village leads the item unless the description already names it.
  const where = f.village && !f.description.includes(f.village) ? `${f.village}：` : '';
  const deadline = f.deadlineText ? formatChineseDate(f.deadlineText) : f.deadlineDate ? `${formatChineseDate(f.deadlineDate)}前` : null;
  const state = `目前${FindingStatus.label[f.status]}${f.overdue ? '，已逾期' : ''}`;
  return `${where}${sentence(f.description)}（${FindingCategory.label[f.category]}；${deadline ? `整改时限：${deadline}；` : ''}${state}）`;
}

export async function draftSections(ctx: ServiceContext, input: DraftInput): Promise<BulletinSection[]> {
  const { inspection, findings, summary, today } = input;
  const db = dataPort(ctx);
  const townships = await townshipsCovered(db, input);
  const progress = await projectProgress(
    db,
    townships.map((t) => t.id),
    summary.year,
  );
  const projects = progress.total;
  const sections: BulletinSection[] = [{ level: 1, text: '基本情况' }];

  let opening: string;
  if (inspection) {
    const when = formatChineseDateRange(inspection.startDate, inspection.endDate);
    const who = inspection.team ?? '县督导组';
    const leader = inspection.leader ? `（组长：${inspection.leader}）` : '';
    const kind = InspectionSource.label[inspection.source] ?? '督导检查';
    const basis = inspection.sourceDocNumber ? `，依据${inspection.sourceDocNumber}` : '';
    const where = townships.length > 0 ? `对${joinNames(townships.map((t) => t.name))}` : '';
    opening = `${when ? `${when}，` : ''}${who}${leader}${where}开展了${kind}（${inspection.name}${basis}）。`;
  } else {
    const { start, end } = input.scope as { start: string; end: string };
    const n = await countInspectionsStartingBetween(db, start, end);
    opening = `${formatChineseDateRange(start, end)}，县乡村振兴局组织开展督导检查${n}次${townships.length > 0 ? `，覆盖${joinNames(townships.map((t) => t.name))}` : ''}。`;
  }
  const scale =
    findings.length > 0
      ? `此次督导涉及${summary.year}年度衔接资金项目${projects}个，共发现问题${findings.length}个，其中${categorySummary(findings)}。`
      : `此次督导涉及${summary.year}年度衔接资金项目${projects}个，未发现需要整改的问题。`;
  sections.push({ level: 0, text: opening + scale });
  const rectified = rectificationSentence(findings, today);
  if (rectified) sections.push({ level: 0, text: rectified });
  sections.push({ level: 0, text: progressSentences(summary) });

  const achievements = achievementsParagraphs(input, progress);
  sections.push({ level: 1, text: '主要做法及成效' }, ...(achievements.length > 0 ? achievements : ['']).map((text) => ({ level: 0 as const, text })));

  sections.push({ level: 1, text: '存在问题' });
  if (findings.length === 0) {
    sections.push({ level: 0, text: '此次督导未发现需要整改的问题。' });
  } else {
    sections.push({ level: 0, text: '从督导情况看，主要存在以下问题：' });
    let current: string | null = null;
    for (const f of findings) {
      const township = f.township ?? NO_TOWNSHIP;
      if (township !== current) {
        sections.push({ level: 2, text: township });
        current = township;
      }
      sections.push({ level: 3, text: findingItem(f) });
    }
  }

  const requirements = requirementSections(input);
  sections.push({ level: 1, text: '下步要求' }, ...(requirements.length > 0 ? requirements : [{ level: 0 as const, text: '' }]));
  return sections;
}
