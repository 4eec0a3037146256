// The words township sheets use for statuses, categories and kinds, mapped onto the ledger's codes
// (shared/enums.ts). Unknown words are reported to the user to map; nothing here guesses silently beyond
// the synonyms listed.
import {
  FindingCategory,
  FindingStatus,
  FundLevel,
  HouseholdType,
  InspectionSource,
  PaymentType,
  ProjectStatus,
  type FindingCategory as FindingCategoryCode,
  type FindingStatus as FindingStatusCode,
  type FundLevel as FundLevelCode,
  type HouseholdType as HouseholdTypeCode,
  type InspectionSource as InspectionSourceCode,
  type PaymentType as PaymentTypeCode,
  type ProjectStatus as ProjectStatusCode,
} from '../enums';
import { foldWidth, squeeze } from './text';
import { projectTypeWords } from '../project-types';

export type WordMatch<T> = { ok: true; value: T } | { ok: false; message: string } | { ok: true; value: null; empty: true };

function key(text: string): string {
  return squeeze(foldWidth(text)).replace(/[()（）[\]【】"'“”‘’。.,，、:：;；!！]/g, '');
}

function table<T extends string>(entries: ReadonlyArray<readonly [T, readonly string[]]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, words] of entries) for (const w of words) map.set(key(w), code);
  return map;
}

// ---- 项目状态 ----------------------------------------------------------------------------------------

/** Township words (未开工/在建/已完工/已验收 …) and the lifecycle labels, onto the lifecycle. */
const PROJECT_STATUS_WORDS = table<ProjectStatusCode>([
  ['planning', ['谋划申报', '谋划', '申报', '已申报', '储备', '前期', '前期准备', '前期工作', '谋划中']],
  ['publicized', ['公示', '已公示', '公示中']],
  ['banked', ['入库', '已入库', '项目库']],
  ['approved', ['年度计划/立项', '年度计划', '立项', '已立项', '未开工', '尚未开工', '未实施', '待实施', '未启动', '计划', '待开工', '已批复']],
  ['funded', ['资金下达', '资金已下达', '已下达']],
  ['tendering', ['招投标', '招标', '招标中', '招投标中', '已招标', '采购中', '政府采购']],
  ['started', ['开工', '已开工', '在建', '在建中', '正在建设', '建设中', '实施中', '正在实施', '施工中', '推进中', '进行中', '续建']],
  ['completed', ['完工', '已完工', '竣工', '已竣工', '完成', '已完成', '建成', '已建成', '完工待验收', '已实施']],
  ['accepted', ['竣工验收', '已验收', '验收', '验收合格', '已竣工验收', '通过验收', '已通过验收']],
  ['reimbursed', ['报账', '已报账', '已结算', '结算', '已决算', '决算']],
  ['handedOver', ['资产移交', '已移交', '移交', '已确权移交', '确权移交']],
  ['maintained', ['后续管护', '管护', '运营管护', '已交付使用', '运营中', '运行']],
]);

export function matchProjectStatus(raw: string): WordMatch<ProjectStatusCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const direct = PROJECT_STATUS_WORDS.get(k) ?? ProjectStatus.byLabel.get(raw.trim());
  if (direct) return { ok: true, value: direct };
  // Progress written as a percentage ("80%", "完成投资80%"): 100% → 完工, anything less → 开工, 0% → 未开工.
  const pct = /(\d{1,3}(?:\.\d+)?)%$/.exec(k);
  if (pct) {
    const p = Number(pct[1]);
    if (p >= 100) return { ok: true, value: 'completed' };
    return { ok: true, value: p > 0 ? 'started' : 'approved' };
  }
  if (/验收/.test(k) && !/未|待/.test(k)) return { ok: true, value: 'accepted' };
  if (/^已?完工|^已?竣工/.test(k)) return { ok: true, value: 'completed' };
  if (/^(在建|正在|已开工|开工)/.test(k)) return { ok: true, value: 'started' };
  if (/^(未开工|尚未开工)/.test(k)) return { ok: true, value: 'approved' };
  return {
    ok: false,
    message: `项目状态“${raw.trim()}”无法识别，可填：未开工、在建、已完工、已验收，或 ${ProjectStatus.options.map((o) => o.label).join('、')}`,
  };
}

// ---- 整改状态 ----------------------------------------------------------------------------------------

const FINDING_STATUS_WORDS = table<FindingStatusCode | 'notDone'>([
  ['notStarted', ['未启动', '未开始', '尚未启动', '未整改', '待整改', '尚未整改', '暂未整改']],
  ['inProgress', ['整改中', '正在整改', '正在整改中', '推进中', '持续整改中', '部分完成', '部分整改', '基本完成', '进行中', '已启动', '整改推进中', '正在推进', '正在推进中']],
  ['awaitingClose', ['是', '√', '✓', '✔', '已完成', '完成', '已整改', '整改完成', '已整改到位', '整改到位', '已办结', '办结', '已完成整改', '已完成待销号', '待销号', '已落实', '已整改完成', '已全部整改', '完成整改']],
  ['closed', ['已销号', '销号', '已销账', '已对账销号']],
  ['ongoing', ['长期坚持', '长期', '持续推进', '常态化', '持续整改', '长期整改']],
  ['notDone', ['否', '×', '✗', '✘', '未完成', '没有完成', '尚未完成', '未到位', '未整改到位', '未完成整改']],
]);

/**
 * Status words of a finding. 否/未完成 mean 未启动 when nothing was done yet and 整改中 when the sheet
 * reports progress (DOMAIN.md): the caller says whether the 整改进展 cell has content.
 */
export function matchFindingStatus(raw: string, hasProgress: boolean): WordMatch<FindingStatusCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const code = FINDING_STATUS_WORDS.get(k) ?? FindingStatus.byLabel.get(raw.trim());
  if (code === 'notDone') return { ok: true, value: hasProgress ? 'inProgress' : 'notStarted' };
  if (code) return { ok: true, value: code };
  if (/销号/.test(k) && !/未|待/.test(k)) return { ok: true, value: 'closed' };
  if (/^(已|基本)?(完成|整改到位|整改完成)/.test(k)) return { ok: true, value: 'awaitingClose' };
  if (/^(未|否)/.test(k)) return { ok: true, value: hasProgress ? 'inProgress' : 'notStarted' };
  if (/整改中|推进中|进行中/.test(k)) return { ok: true, value: 'inProgress' };
  return { ok: false, message: `整改状态“${raw.trim()}”无法识别，可填：${FindingStatus.options.map((o) => o.label).join('、')}，或 是/否、已完成/未完成` };
}

/** Where the opening word of a 整改进展 text ends: "已整改。村委会已于…", "整改中，已完成…", "未整改（资金未到位）". */
const PROGRESS_WORD_END = /[，。；;,.:：、！!？?\s（(【[—-]/;

/**
 * The status a 整改进展/整改情况 text opens with, when the sheet has no 状态 column of its own (a separate
 * status column wins): the text up to the first punctuation must be one of the status words above, whole —
 * "已整改到位" → 已完成待销号, "整改中，…" → 整改中, "未整改" → 未启动 (never 已整改), while "已完成投资80%" opens
 * with no status word and gives nothing. 未完成/未到位 mean 整改中 when the text goes on to report progress,
 * 未启动 when the word is all there is (DOMAIN.md's 否/未完成 rule). Single characters and marks (是, 否, √)
 * answer a 是否 column and are not read from prose.
 */
export function findingStatusFromProgress(text: string): FindingStatusCode | null {
  const folded = foldWidth(text).replace(/^[\s\d一二三四五六七八九十]+[、.．)）]\s*/, '');
  const end = folded.search(PROGRESS_WORD_END);
  const opening = squeeze(end < 0 ? folded : folded.slice(0, end));
  if (opening.length < 2) return null;
  const code = FINDING_STATUS_WORDS.get(key(opening)) ?? FindingStatus.byLabel.get(opening);
  if (!code) return null;
  if (code === 'notDone') return squeeze(folded).length > opening.length + 1 ? 'inProgress' : 'notStarted';
  return code;
}

// ---- 问题类别 ----------------------------------------------------------------------------------------

const FINDING_CATEGORY_WORDS = table<FindingCategoryCode>([
  ['responsibility', ['责任落实', '主体责任', '责任', '责任不落实', '落实责任', '压实责任', '三落实责任落实']],
  ['policy', ['政策落实', '政策', '政策不落实', '政策执行', '落实政策', '三落实政策落实']],
  ['work', ['工作落实', '工作', '工作不落实', '落实工作', '三落实工作落实']],
  ['identification', ['精准识别', '识别', '识别不精准', '识别精准', '三精准精准识别']],
  ['assistance', ['精准帮扶', '帮扶', '帮扶不精准', '帮扶措施', '帮扶精准']],
  ['exit', ['精准退出', '退出', '退出不精准', '退出精准']],
  ['education', ['义务教育', '教育', '控辍保学', '教育保障', '义务教育保障']],
  ['medical', ['基本医疗', '医疗', '医疗保障', '基本医疗保障', '健康', '健康扶贫']],
  ['housing', ['住房安全', '住房', '危房', '危房改造', '住房安全保障', '住房保障']],
  ['water', ['饮水安全', '饮水', '饮水安全保障', '安全饮水', '供水']],
  ['projectFunds', ['项目资金管理', '资金项目管理', '项目资金', '资金项目', '资金管理', '项目管理', '扶贫项目资金', '衔接资金', '资金使用', '项目建设']],
  ['projectAssets', ['项目资产', '资产管理', '扶贫资产', '项目资产管理', '资产', '资产后续管理']],
  ['workStyle', ['作风建设', '作风', '工作作风', '作风问题', '形式主义', '官僚主义']],
  ['monitoring', ['防返贫监测帮扶', '防返贫监测', '监测帮扶', '防止返贫', '动态监测', '防返贫', '监测']],
  ['records', ['档案资料', '档案', '资料', '档案管理', '基础资料', '内业资料', '台账资料']],
]);

export function matchFindingCategory(raw: string): WordMatch<FindingCategoryCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const direct = FINDING_CATEGORY_WORDS.get(k) ?? FindingCategory.byLabel.get(raw.trim());
  if (direct) return { ok: true, value: direct };
  // "四保障-住房安全", "三精准：识别不精准": the part after the group name.
  const tail = k.replace(/^(三落实|三精准|四保障|两不愁三保障|三保障)[-—:：]?/, '');
  const fromTail = FINDING_CATEGORY_WORDS.get(tail);
  if (fromTail) return { ok: true, value: fromTail };
  // A longer phrase that contains exactly one known word of three characters or more.
  const hits = new Set<FindingCategoryCode>();
  for (const [word, code] of FINDING_CATEGORY_WORDS) if (word.length >= 3 && k.includes(word)) hits.add(code);
  if (hits.size === 1) return { ok: true, value: [...hits][0] as FindingCategoryCode };
  return { ok: false, message: `问题类别“${raw.trim()}”无法识别，可填：${FindingCategory.options.map((o) => o.label).join('、')}` };
}

// ---- 资金级次、支付类型、户类型、检查类型 -------------------------------------------------------------

const FUND_LEVEL_WORDS = table<FundLevelCode>([
  ['central', ['中央', '中央级', '中央资金', '中央财政', '中央衔接资金', '中央财政衔接资金', '中央财政衔接推进乡村振兴补助资金', '中央补助']],
  ['provincial', ['省', '省级', '省级资金', '省财政', '省级财政', '省级衔接资金', '省级财政衔接资金', '省级财政衔接推进乡村振兴补助资金']],
  ['municipal', ['市', '市级', '市级资金', '市财政', '市级财政', '州级', '州', '地区', '盟', '市级衔接资金', '市级财政衔接资金']],
  ['county', ['县', '县级', '县级资金', '县财政', '县级财政', '本级', '县本级', '区级', '旗级', '县级衔接资金', '县级财政衔接资金']],
  ['other', ['其他', '其它', '其他资金', '整合资金', '东西部协作', '定点帮扶', '社会捐赠', '群众自筹', '自筹', '社会资金']],
]);

export function matchFundLevel(raw: string): WordMatch<FundLevelCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const direct = FUND_LEVEL_WORDS.get(k) ?? FundLevel.byLabel.get(raw.trim());
  if (direct) return { ok: true, value: direct };
  return { ok: false, message: `资金级次“${raw.trim()}”无法识别，可填：中央、省级、市级、县级、其他` };
}

/** The level a fund's name implies ("中央财政衔接推进乡村振兴补助资金" → 中央), or null. */
export function fundLevelFromName(name: string): FundLevelCode | null {
  const k = key(name);
  if (/^中央/.test(k)) return 'central';
  if (/^省/.test(k)) return 'provincial';
  if (/^(市|州)/.test(k)) return 'municipal';
  if (/^(县|本级)/.test(k)) return 'county';
  return null;
}

const PAYMENT_TYPE_WORDS = table<PaymentTypeCode>([
  ['advance', ['预拨', '预付', '预付款', '预拨款', '预拨资金', '首付款', '启动资金']],
  ['progress', ['进度款', '进度', '工程进度款', '中期款', '阶段款', '进度拨付']],
  ['settlement', ['结算', '结算款', '决算', '尾款', '竣工结算', '结算拨付', '清算']],
  ['retention', ['质保金', '质量保证金', '保证金', '质保']],
]);

export function matchPaymentType(raw: string): WordMatch<PaymentTypeCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const direct = PAYMENT_TYPE_WORDS.get(k) ?? PaymentType.byLabel.get(raw.trim());
  if (direct) return { ok: true, value: direct };
  return { ok: false, message: `支付类型“${raw.trim()}”无法识别，可填：预拨、进度款、结算、质保金` };
}

const HOUSEHOLD_TYPE_WORDS = table<HouseholdTypeCode | 'none'>([
  ['lifted', ['脱贫户', '已脱贫户', '脱贫人口', '脱贫享受政策户', '脱贫不享受政策户', '稳定脱贫户', '建档立卡户', '建档立卡脱贫户', '脱贫']],
  ['unstable', ['脱贫不稳定户', '脱贫不稳定', '不稳定户']],
  ['marginal', ['边缘易致贫户', '边缘易致贫', '边缘户', '边缘易致贫人口']],
  ['sudden', ['突发严重困难户', '突发严重困难', '突发困难户', '严重困难户']],
  ['none', ['一般户', '一般农户', '普通农户', '非贫困户', '农户']],
]);

/** 户类型; "一般户" and the like mean no type (null), which is not an error. */
export function matchHouseholdType(raw: string): WordMatch<HouseholdTypeCode> {
  const k = key(raw);
  if (k === '') return { ok: true, value: null, empty: true };
  const code = HOUSEHOLD_TYPE_WORDS.get(k) ?? HouseholdType.byLabel.get(raw.trim());
  if (code === 'none') return { ok: true, value: null, empty: true };
  if (code) return { ok: true, value: code };
  if (/不稳定/.test(k)) return { ok: true, value: 'unstable' };
  if (/边缘/.test(k)) return { ok: true, value: 'marginal' };
  if (/突发|严重困难/.test(k)) return { ok: true, value: 'sudden' };
  return { ok: false, message: `户类型“${raw.trim()}”无法识别，可填：${HouseholdType.options.map((o) => o.label).join('、')}` };
}

/** The kind of inspection a title names (督导检查 by default). */
export function inspectionSourceFromTitle(title: string): InspectionSourceCode {
  const k = key(title);
  for (const [code, label] of InspectionSource.options.map((o) => [o.value, o.label] as const)) {
    if (k.includes(label)) return code;
  }
  if (/专项/.test(k)) return 'special';
  if (/暗访/.test(k)) return 'unannounced';
  if (/巡视|巡察/.test(k)) return 'inspectionTour';
  if (/审计/.test(k)) return 'audit';
  if (/考核|评估|成效/.test(k)) return 'assessment';
  if (/信访/.test(k)) return 'petition';
  if (/12317/.test(k)) return 'hotline12317';
  if (/自查/.test(k)) return 'selfCheck';
  return 'supervision';
}

// ---- 项目类型 (the office's dictionary) ----------------------------------------------------------------

export interface ProjectTypeEntry {
  id: number;
  parentId: number | null;
  name: string;
  /** Comma-, 、- or space-separated other names the office gave the type. */
  aliases: string | null;
}

export interface ProjectTypeMatch {
  categoryId: number;
  subcategoryId: number | null;
}

/** Common older names of the categories (扶贫 era) → today's dictionary names. */
const CATEGORY_SYNONYMS: Record<string, string> = {
  产业: '产业发展',
  产业项目: '产业发展',
  产业发展项目: '产业发展',
  产业扶贫: '产业发展',
  就业: '就业项目',
  就业扶贫: '就业项目',
  基础设施: '乡村建设行动',
  基础设施建设: '乡村建设行动',
  乡村建设: '乡村建设行动',
  村基础设施: '乡村建设行动',
  易地扶贫搬迁: '易地搬迁后扶',
  易地搬迁: '易地搬迁后扶',
  搬迁后扶: '易地搬迁后扶',
  三保障: '巩固三保障成果',
  巩固三保障: '巩固三保障成果',
  乡村治理: '乡村治理和精神文明建设',
  精神文明建设: '乡村治理和精神文明建设',
  管理费: '项目管理费',
};

/**
 * Match a 项目类型 (or a 子类型 written in the category column) against the office's dictionary by name,
 * aliases and the everyday words of shared/project-types.ts, with and without a trailing 项目/类.
 */
export function matchProjectType(raw: string, types: readonly ProjectTypeEntry[], subRaw?: string): WordMatch<ProjectTypeMatch> {
  const k = key(raw);
  const sk = subRaw ? key(subRaw) : '';
  if (k === '' && sk === '') return { ok: true, value: null, empty: true };
  const strip = (s: string) => s.replace(/(项目|类)$/, '');
  const names = (t: ProjectTypeEntry) => projectTypeWords(t).map(key).filter(Boolean);
  const find = (word: string, level: 'top' | 'sub' | 'any') => {
    if (word === '') return [];
    const matching = (w: string) =>
      types.filter((t) => (level === 'any' || (level === 'top') === (t.parentId === null)) && names(t).some((n) => n === w || strip(n) === strip(w)));
    // The word itself first: 乡村治理 is a 子类型 by name, and only a synonym of its 项目类型 when no type has that name.
    const direct = matching(word);
    const synonym = CATEGORY_SYNONYMS[word];
    return direct.length > 0 || !synonym ? direct : matching(key(synonym));
  };
  let category: ProjectTypeEntry | undefined;
  let sub: ProjectTypeEntry | undefined;
  if (k) {
    const top = find(k, 'top');
    if (top.length === 1) category = top[0];
    else {
      const subs = find(k, 'sub');
      if (subs.length === 1) {
        sub = subs[0];
        category = types.find((t) => t.id === sub?.parentId);
      }
    }
    if (!category) return { ok: false, message: `项目类型“${raw.trim()}”不在项目类型字典中，请在向导中选择对应类型或先在字典中添加` };
  }
  if (sk) {
    const subs = find(sk, 'sub').filter((t) => !category || t.parentId === category.id);
    if (subs.length >= 1) {
      sub = subs[0];
      if (!category) category = types.find((t) => t.id === sub?.parentId);
    } else if (category) {
      return { ok: false, message: `子类型“${(subRaw ?? '').trim()}”不属于“${category.name}”，请在向导中选择对应子类型` };
    } else {
      return { ok: false, message: `子类型“${(subRaw ?? '').trim()}”不在项目类型字典中` };
    }
  }
  if (!category) return { ok: true, value: null, empty: true };
  return { ok: true, value: { categoryId: category.id, subcategoryId: sub ? sub.id : null } };
}

/** 联农带农方式 words → the ledger's six; the rest stays in the note. */
export function matchFarmerLinkages(raw: string): { linkages: string[]; rest: string | null } {
  const words: Array<[RegExp, string]> = [
    [/劳务|务工|就业/, '劳务联结'],
    [/租赁|土地流转|流转/, '租赁联结'],
    [/技术|培训/, '技术联结'],
    [/订单|收购|包销/, '订单联结'],
    [/资产收益|收益分配|分红收益/, '资产收益'],
    [/折股量化|入股分红|股份分红|量化分红|分红/, '折股量化分红'],
  ];
  const k = key(raw);
  const linkages = [...new Set(words.filter(([re]) => re.test(k)).map(([, w]) => w))];
  return { linkages, rest: raw.trim() === '' ? null : raw.trim() };
}
