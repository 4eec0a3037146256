// Enumerations of the ledger: English codes in the database and in code, Chinese labels for people.
// Each list is ordered as a clerk reads it.

/** An enumeration from its [code, label] entries, in the order a clerk reads them. */
export function labels<T extends string>(entries: ReadonlyArray<readonly [T, string]>) {
  const values = entries.map(([value]) => value) as [T, ...T[]];
  const label = Object.fromEntries(entries) as Record<T, string>;
  const byLabel = new Map(entries.map(([value, text]) => [text, value] as const));
  return { values, label, byLabel, options: entries.map(([value, text]) => ({ value, label: text })) };
}

/** 资金级次: the source level of money in a project or an allocation. */
export const FundLevel = labels([
  ['central', '中央'],
  ['provincial', '省级'],
  ['municipal', '市级'],
  ['county', '县级'],
  ['other', '其他'],
] as const);
export type FundLevel = (typeof FundLevel.values)[number];

/** 项目状态, in lifecycle order: a project moves forward; a step back needs a reason. */
export const ProjectStatus = labels([
  ['planning', '谋划申报'],
  ['publicized', '公示'],
  ['banked', '入库'],
  ['approved', '年度计划/立项'],
  ['funded', '资金下达'],
  ['tendering', '招投标'],
  ['started', '开工'],
  ['completed', '完工'],
  ['accepted', '竣工验收'],
  ['reimbursed', '报账'],
  ['handedOver', '资产移交'],
  ['maintained', '后续管护'],
] as const);
export type ProjectStatus = (typeof ProjectStatus.values)[number];

export function projectStatusRank(status: ProjectStatus): number {
  return ProjectStatus.values.indexOf(status);
}

/** 建设性质 (the office may add its own words; these are the defaults). */
export const CONSTRUCTION_NATURES = ['新建', '续建', '改建', '扩建', '购置'] as const;

/** 联农带农方式. */
export const FARMER_LINKAGES = ['劳务联结', '租赁联结', '技术联结', '订单联结', '资产收益', '折股量化分红'] as const;

/** 单位 kinds. */
export const UnitKind = labels([
  ['department', '部门'],
  ['townshipGov', '乡镇政府'],
  ['assisting', '帮扶单位'],
  ['enterprise', '企业'],
] as const);
export type UnitKind = (typeof UnitKind.values)[number];

/** 支付类型 of a payment. */
export const PaymentType = labels([
  ['advance', '预拨'],
  ['progress', '进度款'],
  ['settlement', '结算'],
  ['retention', '质保金'],
] as const);
export type PaymentType = (typeof PaymentType.values)[number];

/** 资产类型. */
export const AssetKind = labels([
  ['operating', '经营性'],
  ['publicWelfare', '公益性'],
  ['household', '到户类'],
] as const);
export type AssetKind = (typeof AssetKind.values)[number];

export const AssetRightsLevel = labels([
  ['county', '县'],
  ['township', '乡'],
  ['village', '村'],
  ['household', '户'],
] as const);
export type AssetRightsLevel = (typeof AssetRightsLevel.values)[number];

export const AssetOperationMode = labels([
  ['selfRun', '自营'],
  ['lease', '出租'],
  ['equity', '入股'],
  ['trust', '托管'],
] as const);
export type AssetOperationMode = (typeof AssetOperationMode.values)[number];

export const AssetStatus = labels([
  ['normal', '正常'],
  ['idle', '闲置'],
  ['inefficient', '低效'],
  ['damaged', '损毁'],
  ['disposed', '已处置'],
] as const);
export type AssetStatus = (typeof AssetStatus.values)[number];

/** 检查类型 / 问题来源. */
export const InspectionSource = labels([
  ['supervision', '督导检查'],
  ['special', '专项督查'],
  ['unannounced', '暗访'],
  ['inspectionTour', '巡视巡察'],
  ['audit', '审计'],
  ['assessment', '考核评估反馈'],
  ['petition', '信访'],
  ['hotline12317', '12317'],
  ['selfCheck', '自查'],
] as const);
export type InspectionSource = (typeof InspectionSource.values)[number];

/** 问题类别. */
export const FindingCategory = labels([
  ['responsibility', '责任落实'],
  ['policy', '政策落实'],
  ['work', '工作落实'],
  ['identification', '精准识别'],
  ['assistance', '精准帮扶'],
  ['exit', '精准退出'],
  ['education', '义务教育'],
  ['medical', '基本医疗'],
  ['housing', '住房安全'],
  ['water', '饮水安全'],
  ['projectFunds', '项目资金管理'],
  ['projectAssets', '项目资产'],
  ['workStyle', '作风建设'],
  ['monitoring', '防返贫监测帮扶'],
  ['records', '档案资料'],
] as const);
export type FindingCategory = (typeof FindingCategory.values)[number];

/** 整改状态. */
export const FindingStatus = labels([
  ['notStarted', '未启动'],
  ['inProgress', '整改中'],
  ['awaitingClose', '已完成待销号'],
  ['closed', '已销号'],
  ['ongoing', '长期坚持'],
] as const);
export type FindingStatus = (typeof FindingStatus.values)[number];

/** 户类型. */
export const HouseholdType = labels([
  ['lifted', '脱贫户'],
  ['unstable', '脱贫不稳定户'],
  ['marginal', '边缘易致贫户'],
  ['sudden', '突发严重困难户'],
] as const);
export type HouseholdType = (typeof HouseholdType.values)[number];

/** 导入种类. */
export const ImportKind = labels([
  ['projects', '项目'],
  ['allocations', '资金下达'],
  ['payments', '资金拨付'],
  ['findings', '问题整改'],
  ['households', '受益户'],
] as const);
export type ImportKind = (typeof ImportKind.values)[number];

/** The two-level 项目类型 dictionary seeded into a new ledger (the office may edit it). */
export const SEED_PROJECT_TYPES: ReadonlyArray<{ name: string; children: readonly string[] }> = [
  { name: '产业发展', children: ['生产项目', '加工流通项目', '配套设施项目', '产业服务支撑项目', '金融保险配套项目', '新型农村集体经济发展项目'] },
  { name: '就业项目', children: ['务工补助', '就业培训', '公益性岗位'] },
  { name: '乡村建设行动', children: ['农村基础设施', '人居环境整治', '农村公共服务'] },
  { name: '易地搬迁后扶', children: ['易地搬迁后扶'] },
  { name: '巩固三保障成果', children: ['住房', '教育', '健康', '综合保障'] },
  { name: '乡村治理和精神文明建设', children: ['乡村治理', '精神文明建设'] },
  { name: '项目管理费', children: ['项目管理费'] },
  { name: '其他', children: ['其他'] },
];

/** 操作员角色, from least to most rights: each role may do all its predecessors may. */
export const OperatorRole = labels([
  ['clerk', '录入员'],
  ['reviewer', '审核员'],
  ['admin', '管理员'],
] as const);
export type OperatorRole = (typeof OperatorRole.values)[number];
