// The demo county's supervision (督导检查): about six inspections a year over the last four years, each with
// its findings in the words of real bulletins, naming the places, projects and assets the inspectors saw, and
// each finding's workflow steps (交办 → 整改中 → 完成 → 销号, or 长期坚持), written through the supervision stores.
// Older inspections' findings are mostly 销号; this year's are still open, and some are overdue.
import type { FindingCategory, FindingStatus, InspectionSource } from '../../../shared/enums';
import { insertFinding, insertFindingUpdates, type FindingStep } from '../supervision/findings-store';
import { insertInspection } from '../supervision/inspections-store';
import type { DemoAsset } from './assets';
import { dayNum, isoOf, lastDayOfMonth, ymd } from './calendar';
import { chineseNumber, clerkName, personName, REVIEWERS } from './names';
import { COUNTY, DEPARTMENTS, type DeptKey, type DemoPlaces, type Township } from './places';
import type { GenProject } from './projects';
import { at, type Rng } from './random';
import { Batch, type DemoRun } from './run';

/** 立行立改 means the inspection's end plus this many days (DOMAIN.md: a configurable number; 30 assumed). */
const IMMEDIATE_DAYS = 30;

interface InspectionPlan {
  source: InspectionSource;
  name: (y: number) => string;
  doc: string;
  team: string;
  /** Month the inspection starts. */
  month: number;
}

/** Each slot gives the plan of one year's inspection: y the year, i its place among the inspection years (0 the oldest). */
const INSPECTION_SLOTS: ReadonlyArray<(y: number, i: number) => InspectionPlan> = [
  () => ({ source: 'supervision', name: (y) => `${y}年第一季度巩固拓展脱贫攻坚成果督导检查`, doc: '青乡振督', team: '县巩固拓展脱贫攻坚成果第一督导组', month: 3 }),
  () => ({ source: 'special', name: (y) => `${y}年衔接资金项目管理专项督查`, doc: '青乡振督', team: '县衔接资金项目专项督查组', month: 5 }),
  () => ({ source: 'unannounced', name: (y) => `${y}年防返贫动态监测帮扶工作暗访`, doc: '青乡振督', team: '县乡村振兴局暗访组', month: 7 }),
  (y, i) => {
    // The county party committee's tours are numbered from the third, held in the first inspection year.
    const rotation: InspectionPlan[] = [
      { source: 'inspectionTour', name: (yy) => `县委第${chineseNumber(i + 3)}轮巡察反馈问题（${yy}年）`, doc: '青巡反馈', team: `县委第${chineseNumber((y % 4) + 1)}巡察组`, month: 6 },
      { source: 'audit', name: (yy) => `${yy - 1}年度衔接资金使用情况专项审计`, doc: '青审报', team: '县审计局审计组', month: 4 },
      { source: 'assessment', name: (yy) => `${yy - 1}年度巩固脱贫攻坚成果考核评估反馈问题`, doc: '省乡振考', team: '省第三方评估组', month: 2 },
      { source: 'inspectionTour', name: (yy) => `省委巡视反馈问题整改（${yy}年）`, doc: '青巡反馈', team: '省委第三巡视组', month: 8 },
    ];
    return at(rotation, i % rotation.length);
  },
  () => ({ source: 'supervision', name: (y) => `${y}年第三季度巩固拓展脱贫攻坚成果督导检查`, doc: '青乡振督', team: '县巩固拓展脱贫攻坚成果第二督导组', month: 9 }),
  (_y, i) => {
    const rotation: InspectionPlan[] = [
      { source: 'selfCheck', name: (yy) => `${yy}年问题排查整改自查`, doc: '青乡振发', team: '县乡村振兴局自查组', month: 10 },
      { source: 'hotline12317', name: (yy) => `${yy}年12317监督举报问题线索核查`, doc: '青乡振转', team: '县乡村振兴局综合股', month: 11 },
      { source: 'petition', name: (yy) => `${yy}年信访反映问题核查`, doc: '青信转', team: '县信访局、县乡村振兴局联合核查组', month: 10 },
      { source: 'audit', name: (yy) => `${yy}年衔接资金项目绩效审计`, doc: '青审报', team: '县审计局审计组', month: 11 },
    ];
    return at(rotation, i % rotation.length);
  },
];

const CATEGORY_WEIGHTS: Record<InspectionSource, ReadonlyArray<readonly [FindingCategory, number]>> = (() => {
  const broad: ReadonlyArray<readonly [FindingCategory, number]> = [
    ['responsibility', 6], ['policy', 6], ['work', 8], ['identification', 6], ['assistance', 7], ['exit', 3], ['education', 5], ['medical', 5],
    ['housing', 6], ['water', 6], ['projectFunds', 14], ['projectAssets', 8], ['workStyle', 6], ['monitoring', 12], ['records', 6],
  ];
  const funds: ReadonlyArray<readonly [FindingCategory, number]> = [['projectFunds', 55], ['projectAssets', 25], ['records', 10], ['work', 6], ['workStyle', 4]];
  const field: ReadonlyArray<readonly [FindingCategory, number]> = [
    ['monitoring', 30], ['housing', 15], ['water', 15], ['medical', 10], ['education', 10], ['workStyle', 10], ['identification', 10],
  ];
  const complaints: ReadonlyArray<readonly [FindingCategory, number]> = [
    ['monitoring', 25], ['housing', 20], ['assistance', 15], ['identification', 15], ['projectFunds', 15], ['workStyle', 10],
  ];
  return {
    supervision: broad, special: funds, unannounced: field, inspectionTour: broad, audit: funds, assessment: broad,
    petition: complaints, hotline12317: complaints, selfCheck: broad,
  };
})();

/** Problem descriptions in the words of real bulletins. {地} place, {项目} project, {资产} asset, {n} a count, {p} a percentage. */
const FINDING_TEXTS: Record<FindingCategory, readonly string[]> = {
  responsibility: [
    '{地}党委对巩固拓展脱贫攻坚成果工作研究部署不够，年内专题研究仅{n}次，主体责任压得不实',
    '{地}帮扶责任人调整后未及时对接帮扶对象，帮扶责任落实存在空档',
    '{地}对上级反馈问题整改重视不够，主要负责同志未亲自研究部署整改工作',
  ],
  policy: [
    '{地}到户产业奖补政策宣传不到位，入户走访的{n}户中有部分群众不知晓政策内容',
    '{地}雨露计划补助政策落实不及时，{n}名学生上学期补助未按时发放',
    '{地}小额信贷政策落实不精准，存在“户贷企用”苗头',
  ],
  work: [
    '{地}上轮督导反馈问题尚有{n}个未完成整改，整改推进缓慢',
    '{地}防返贫监测预警信息处置不及时，部门推送预警信息{n}条超期未核实',
    '{地}驻村工作队工作日志记录不全，工作开展情况无法体现',
  ],
  identification: [
    '{地}有{n}户脱贫户家庭成员信息与公安户籍信息比对不一致，未及时更新',
    '{地}{n}户农户收入核算不准确，漏算务工收入，存在“应纳未纳”风险',
    '{地}监测对象识别程序不规范，部分农户未经村民代表评议直接纳入',
  ],
  assistance: [
    '{地}部分帮扶责任人对帮扶对象家庭情况不熟悉，帮扶措施针对性不强',
    '{地}“一户一策”帮扶计划内容雷同，{n}户监测户帮扶措施未随风险变化调整',
    '{地}帮扶手册填写不规范，帮扶成效记录与实际不符',
  ],
  exit: [
    '{地}{n}户监测户风险消除时收入测算不准确，存在“数字消除”现象',
    '{地}风险消除户跟踪监测不到位，消除后未按要求持续回访',
  ],
  education: [
    '{地}{n}名义务教育阶段适龄儿童随父母外出，就学情况未跟踪核实',
    '{地}控辍保学工作台账不完善，{n}名疑似辍学学生劝返情况无记录',
  ],
  medical: [
    '{地}{n}名脱贫人口未参加城乡居民基本医疗保险，参保资助未落实到位',
    '{地}村卫生室常用药品配备不足，村医未按要求开展慢病签约服务',
    '{地}{n}户脱贫户大病医疗费用报销后自付比例偏高，未及时启动医疗救助',
  ],
  housing: [
    '{地}{n}户农户住房存在安全隐患，未及时开展住房安全性鉴定',
    '{地}危房改造后旧房未拆除，存在“人住危房”现象',
    '{地}{n}户监测户住房墙体裂缝、屋面漏雨，住房安全保障不到位',
  ],
  water: [
    '{地}{n}户农户饮水水质检测不达标，未及时采取净化措施',
    '{地}冬季供水管道冻结，{n}户群众饮水困难，应急保障措施不到位',
    '{地}农村供水工程管护责任不落实，水费收缴和维修养护机制不健全',
  ],
  projectFunds: [
    '{项目}已完工{n}个月，尚未完成竣工验收和资金报账，资金支出进度仅{p}%',
    '{地}衔接资金支出进度{p}%，低于序时进度{n}个百分点',
    '{项目}未按规定进行公告公示，公示牌信息不全、未公开监督电话',
    '{项目}存在先拨付后下达的情况，拨付金额超出已下达资金',
    '{项目}报账资料不完整，部分支付凭证缺少监理签字和验收单',
    '{地}部分项目年度计划调整未履行审批程序，项目库管理不规范',
    '{项目}实际建设内容与批复内容不一致，变更手续不完善',
  ],
  projectAssets: [
    '{资产}确权登记不及时，未纳入扶贫项目资产管理台账',
    '{资产}收益分配方案未经村民代表大会审议，收益分配不规范',
    '{资产}闲置{n}个月，未发挥应有效益',
    '{资产}经营主体租金未按合同约定按时缴纳，资产收益率低于6%',
    '{资产}管护责任不落实，存在损毁未及时维修问题',
  ],
  workStyle: [
    '{地}部分村干部入户走访不深入，存在“走过场”现象',
    '{地}驻村工作队员在岗履职不到位，抽查时{n}名队员不在岗',
    '{地}填报材料多头重复，基层存在“填表迎检”负担',
  ],
  monitoring: [
    '{地}{n}户农户因病、因灾支出较大，未及时纳入防返贫监测对象',
    '{地}防返贫监测对象帮扶措施落实不到位，{n}户监测户未落实产业或就业帮扶',
    '{地}部门预警数据比对核实不及时，{n}条预警信息未反馈处置结果',
  ],
  records: [
    '{地}脱贫户档案资料不全，“一户一档”更新不及时',
    '{项目}档案缺少招投标、验收等关键资料，资料归档不规范',
    '{地}问题整改佐证材料不完整，整改销号依据不足',
  ],
};

const LEAD_DEPT: Record<FindingCategory, DeptKey> = {
  responsibility: 'rural', policy: 'rural', work: 'rural', identification: 'rural', assistance: 'rural', exit: 'rural',
  education: 'edu', medical: 'health', housing: 'housing', water: 'water', projectFunds: 'finance', projectAssets: 'rural',
  workStyle: 'rural', monitoring: 'rural', records: 'rural',
};
/** Categories whose findings may fall on a county department rather than a township. */
const DEPARTMENT_CATEGORIES: ReadonlySet<FindingCategory> = new Set(['projectFunds', 'projectAssets', 'records', 'work', 'policy', 'responsibility']);

const MEASURES: readonly string[] = [
  '召开专题会议研究整改，逐项明确责任人和完成时限，建立整改台账，实行销号管理',
  '组织全面排查，举一反三，建立健全长效机制，防止问题反弹',
  '逐户核实，完善资料，整改完成后报县级主管部门复核',
  '督促责任单位限期整改，对整改不力的进行约谈',
];

// ---- Writing them --------------------------------------------------------------------------------------

/** What the findings draw on: the county's townships, and the projects and assets of each. */
interface SupervisionScene {
  townships: readonly Township[];
  projectsByTownship: ReadonlyMap<number, readonly GenProject[]>;
  assetsByTownship: ReadonlyMap<number, readonly DemoAsset[]>;
}

/** An inspection written, as its findings need it. */
interface WrittenInspection {
  id: number;
  name: string;
  source: InspectionSource;
  /** Years before the current one. */
  age: number;
  startDay: number;
  endDay: number;
  targetTownships: readonly Township[];
  targetDepts: readonly string[];
}

/** The inspection years' inspections with their findings and steps; 80 %…95 % of the bar. */
export async function writeSupervision(run: DemoRun, places: DemoPlaces, projects: readonly GenProject[], assetsByTownship: ReadonlyMap<number, readonly DemoAsset[]>): Promise<void> {
  const { rng, cal } = run;
  const projectsByTownship = new Map<number, GenProject[]>();
  for (const p of projects) {
    const list = projectsByTownship.get(p.township.id) ?? [];
    list.push(p);
    projectsByTownship.set(p.township.id, list);
  }
  const scene: SupervisionScene = { townships: places.townships, projectsByTownship, assetsByTownship };
  const docSeq = new Map<string, number>();
  const totalInspections = cal.inspectionYears.length * INSPECTION_SLOTS.length;
  for (const [yearIndex, year] of cal.inspectionYears.entries()) {
    for (const slot of INSPECTION_SLOTS) {
      const plan = slot(year, yearIndex);
      const startDay = ymd(year, plan.month, 1) + rng.int(0, 20);
      const endDay = startDay + rng.int(3, 15);
      // This year's inspections that have not ended by the as-of day have not given findings yet.
      if (endDay >= cal.asOf) continue;
      const inspection = await writeInspection(run, scene, plan, year, [startDay, endDay], docSeq);
      const steps = new Batch<FindingStep>((rows) => insertFindingUpdates(run.tx, rows, run.stamp));
      const findingCount = rng.int(15, 40) * run.scale;
      for (let seq = 1; seq <= findingCount; seq += 1) await writeFinding(run, scene, inspection, seq, steps);
      await steps.flush();
      run.progress.set(0.8 + (0.15 * run.counts.inspections) / totalInspections);
    }
  }
}

async function writeInspection(
  run: DemoRun,
  scene: SupervisionScene,
  plan: InspectionPlan,
  year: number,
  [startDay, endDay]: readonly [number, number],
  docSeq: Map<string, number>,
): Promise<WrittenInspection> {
  const { rng } = run;
  const docKey = `${plan.doc}|${year}`;
  const docN = (docSeq.get(docKey) ?? 0) + rng.int(1, 6);
  docSeq.set(docKey, docN);
  const targetTownships = plan.source === 'supervision' || plan.source === 'assessment' ? scene.townships.slice() : rng.sample(scene.townships, rng.int(6, 12));
  const targetDepts = rng.sample(Object.values(DEPARTMENTS), rng.int(2, 5));
  const name = plan.name(year);
  const id = await insertInspection(
    run.tx,
    {
      name, source: plan.source, sourceDocNumber: `${plan.doc}〔${year}〕${docN}号`, team: plan.team, leader: personName(rng),
      startDate: isoOf(startDay), endDate: isoOf(endDay), targets: JSON.stringify({ townshipIds: targetTownships.map((t) => t.id), departments: targetDepts }), remark: null,
    },
    run.stamp,
  );
  run.counts.inspections += 1;
  return { id, name, source: plan.source, age: run.cal.year - year, startDay, endDay, targetTownships, targetDepts };
}

/** The seq-th finding of an inspection: where, about what, who answers for it, how far its 整改 has gone; then its steps. */
async function writeFinding(run: DemoRun, scene: SupervisionScene, inspection: WrittenInspection, seq: number, steps: Batch<FindingStep>): Promise<void> {
  const { rng } = run;
  const category = rng.weighted(CATEGORY_WEIGHTS[inspection.source]);
  const onDepartment = DEPARTMENT_CATEGORIES.has(category) && rng.chance(0.2);
  const township = onDepartment ? null : rng.pick(inspection.targetTownships);
  const village = township && rng.chance(0.7) ? rng.pick(township.villages) : null;
  const department = onDepartment ? rng.pick(inspection.targetDepts) : null;

  const template = rng.pick(FINDING_TEXTS[category]);
  const project = township && template.includes('{项目}') ? subjectProject(rng, scene, township, inspection.startDay, template.includes('已完工')) : null;
  const asset = township && template.includes('{资产}') ? subjectAsset(rng, scene, township, inspection.startDay) : null;
  const place = department ?? (township ? `${township.name}${village ? village.name : ''}` : COUNTY.name);
  const description = template
    .replace('{地}', place)
    .replace('{项目}', project ? `${project.township.name}${project.name}` : `${place}部分项目`)
    .replace('{资产}', asset ? `${township ? township.name : ''}${asset.name}` : `${place}部分扶贫项目资产`)
    .replace('{n}', String(rng.int(2, 12)))
    .replace('{p}', String(rng.int(35, 80)));

  // 整改时限 as sheets write it, with the date it means (null for 长期坚持).
  const deadline = deadlineFor(rng, inspection.endDay);
  const responsibleUnit = department ?? (township ? township.govName : DEPARTMENTS.rural);
  const responsiblePerson = clerkName(rng);
  const leader = clerkName(rng);
  const outcome = drawOutcome(rng, deadline.date, inspection.age, inspection.endDay, run.cal.asOf);
  const reviewer = outcome.status === 'closed' ? rng.pick(REVIEWERS) : null;
  const progressText = progressTextOf(rng, outcome.status);
  const goal =
    deadline.kind === 'ongoing' ? '建立长效机制，持续巩固整改成果' : deadline.kind === 'immediate' ? '立行立改，问题立即清零' : `${deadline.text.replace(/前$/, '')}前完成整改，问题清零`;

  const findingId = await insertFinding(
    run.tx,
    {
      inspectionId: inspection.id, seq, category, description, townshipId: township ? township.id : null,
      villageId: project ? (project.village ? project.village.id : null) : asset ? asset.villageId : village ? village.id : null,
      projectId: project ? project.id : null, assetId: asset ? asset.id : null, leadUnit: DEPARTMENTS[LEAD_DEPT[category]], responsibleUnit,
      responsibleLeader: leader, responsiblePerson, goal, measures: rng.pick(MEASURES), deadlineText: deadline.text, deadlineDate: deadline.date, progressText,
      status: outcome.status, completedBy: outcome.completedDay === null ? null : responsiblePerson,
      completedDate: outcome.completedDay === null ? null : isoOf(outcome.completedDay), closedDate: outcome.closedDay === null ? null : isoOf(outcome.closedDay),
      closedReviewer: reviewer,
    },
    run.stamp,
  );
  run.counts.findings += 1;
  const signers = { reviewer, responsiblePerson, assignNote: `${inspection.name}反馈问题交办至${responsibleUnit}` };
  for (const step of drawSteps(rng, findingId, outcome, signers, inspection.endDay, run.cal.asOf)) {
    steps.add(step);
    run.counts.findingUpdates += 1;
  }
  await steps.flushIfFull();
}

/** A project the finding names: one that had started when the inspectors came (finished, if it says so). */
function subjectProject(rng: Rng, scene: SupervisionScene, township: Township, startDay: number, needsEnd: boolean): GenProject | null {
  const candidates = scene.projectsByTownship.get(township.id) ?? [];
  for (let tries = 0; tries < 8 && candidates.length > 0; tries += 1) {
    const c = rng.pick(candidates);
    if (c.actualStart !== null && c.actualStart < startDay && (!needsEnd || (c.actualEnd !== null && c.actualEnd < startDay))) return c;
  }
  return null;
}

/** An asset the finding names: one formed before the inspectors came. */
function subjectAsset(rng: Rng, scene: SupervisionScene, township: Township, startDay: number): DemoAsset | null {
  const candidates = scene.assetsByTownship.get(township.id) ?? [];
  for (let tries = 0; tries < 8 && candidates.length > 0; tries += 1) {
    const c = rng.pick(candidates);
    if (c.formed < startDay) return c;
  }
  return null;
}

interface FindingOutcome {
  status: FindingStatus;
  completedDay: number | null;
  closedDay: number | null;
}

/** Status: older inspections are mostly 销号; this year's still open. The as-of day bounds every date. */
function drawOutcome(rng: Rng, deadlineDate: string | null, age: number, endDay: number, asOf: number): FindingOutcome {
  let status: FindingStatus;
  if (deadlineDate === null) {
    status = rng.chance(0.85) ? 'ongoing' : 'inProgress';
  } else {
    const mix: ReadonlyArray<readonly [FindingStatus, number]> =
      age >= 2
        ? [['closed', 88], ['awaitingClose', 5], ['inProgress', 5], ['notStarted', 2]]
        : age === 1
          ? [['closed', 65], ['awaitingClose', 15], ['inProgress', 15], ['notStarted', 5]]
          : [['closed', 25], ['awaitingClose', 20], ['inProgress', 40], ['notStarted', 15]];
    status = rng.weighted(mix);
  }
  if (status !== 'closed' && status !== 'awaitingClose') return { status, completedDay: null, closedDay: null };
  const deadlineDay = deadlineDate === null ? endDay + 90 : dayNum(deadlineDate);
  // Mostly on time; one in ten finished late.
  const target = rng.chance(0.9) ? endDay + 5 + Math.floor(rng.next() * Math.max(1, deadlineDay - endDay - 5)) : deadlineDay + rng.int(1, 40);
  let completedDay = Math.min(target, asOf - 2);
  if (completedDay <= endDay) completedDay = Math.min(endDay + 1, asOf);
  if (status === 'awaitingClose') return { status, completedDay, closedDay: null };
  const closedDay = completedDay + rng.int(3, 40);
  return closedDay > asOf ? { status: 'awaitingClose', completedDay, closedDay: null } : { status, completedDay, closedDay };
}

function progressTextOf(rng: Rng, status: FindingStatus): string {
  switch (status) {
    case 'closed':
      return '已完成整改，佐证材料齐全，经审核同意销号';
    case 'awaitingClose':
      return '已完成整改，佐证材料已报送，待审核销号';
    case 'inProgress':
      return `正在整改，已完成${rng.int(3, 8) * 10}%`;
    case 'ongoing':
      return '已建立长效机制，持续推进';
    default:
      return '尚未启动整改';
  }
}

/** The steps of the workflow, each dated and signed: 交办 → 整改中 → 完成 → 销号 (or 长期坚持). */
function drawSteps(
  rng: Rng,
  findingId: number,
  { status, completedDay, closedDay }: FindingOutcome,
  signers: { reviewer: string | null; responsiblePerson: string; assignNote: string },
  endDay: number,
  asOf: number,
): FindingStep[] {
  const assignDay = Math.min(endDay + rng.int(1, 7), asOf);
  const steps: FindingStep[] = [{ findingId, date: isoOf(assignDay), fromStatus: null, toStatus: 'notStarted', note: signers.assignNote, operator: rng.pick(REVIEWERS) }];
  const by = signers.responsiblePerson;
  if (status === 'ongoing') {
    steps.push({ findingId, date: isoOf(Math.min(assignDay + rng.int(3, 20), asOf)), fromStatus: 'notStarted', toStatus: 'ongoing', note: '已建立长效机制，转为长期坚持', operator: by });
  } else if (status !== 'notStarted') {
    const lastDay = completedDay ?? asOf;
    const startDay = Math.min(assignDay + rng.int(2, 20), Math.max(assignDay, lastDay));
    steps.push({ findingId, date: isoOf(startDay), fromStatus: 'notStarted', toStatus: 'inProgress', note: '制定整改方案，明确责任人和整改时限', operator: by });
    if (completedDay !== null) {
      steps.push({ findingId, date: isoOf(Math.max(completedDay, startDay)), fromStatus: 'inProgress', toStatus: 'awaitingClose', note: '整改完成，提交佐证材料申请销号', operator: by });
    }
    if (closedDay !== null && signers.reviewer !== null) {
      steps.push({ findingId, date: isoOf(closedDay), fromStatus: 'awaitingClose', toStatus: 'closed', note: '经审核整改到位，同意销号', operator: signers.reviewer });
    }
  }
  return steps;
}

/** 整改时限 variants of real sheets: 'YYYY年M月D日前', 'YYYY年底前', '立行立改', '长期坚持', a plain date. */
type DeadlineKind = 'before' | 'yearEnd' | 'immediate' | 'ongoing' | 'plain';

function deadlineFor(rng: Rng, inspectionEnd: number): { kind: DeadlineKind; text: string; date: string | null } {
  const end = isoOf(inspectionEnd);
  const endYear = Number(end.slice(0, 4));
  const endMonth = Number(end.slice(5, 7));
  const kind = rng.weighted<DeadlineKind>([['before', 35], ['yearEnd', 20], ['immediate', 15], ['ongoing', 10], ['plain', 20]]);
  switch (kind) {
    case 'before': {
      const months = rng.int(1, 4);
      const m0 = endMonth + months;
      const y = endYear + Math.floor((m0 - 1) / 12);
      const m = ((m0 - 1) % 12) + 1;
      const d = lastDayOfMonth(y, m);
      return { kind, text: `${y}年${m}月${d}日前`, date: isoOf(ymd(y, m, d)) };
    }
    case 'yearEnd': {
      // An inspection late in the year gives until the end of the next one.
      const y = endMonth >= 10 ? endYear + 1 : endYear;
      return { kind, text: `${y}年底前`, date: `${y}-12-31` };
    }
    case 'immediate':
      return { kind, text: '立行立改', date: isoOf(inspectionEnd + IMMEDIATE_DAYS) };
    case 'ongoing':
      return { kind, text: '长期坚持', date: null };
    default: {
      const day = inspectionEnd + rng.int(30, 90);
      const iso = isoOf(day);
      const text = rng.chance(0.5) ? iso : `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
      return { kind, text, date: iso };
    }
  }
}
