// Every field of a project once: its name (DOMAIN.md's words), the header words an import recognises, its
// limits, its column in the exported ledger and in the blank template, and the template's drop-down. The
// project form, the projects import, the export, the template and the contract's messages all read this
// table, so a label or a header is never written twice. Entries are in the ledger's column order (the
// export's order; the template and the import keep that order and leave out what they do not carry).
import type { FieldType } from '../import/fields';
import { REMARK_FIELD, SEQ_FIELD, TOWNSHIP_FIELD, VILLAGE_FIELD } from '../import/common-fields';
import { CONSTRUCTION_NATURES, FARMER_LINKAGES, labels, ProjectStatus } from '../enums';

/** 公示结果 of the 公示 before 入库: only a 公示 without an objection left open lets a project enter the bank. */
export const PublicityResult = labels([
  ['noObjection', '无异议'],
  ['objectionResolved', '有异议已处理'],
  ['objectionPending', '有异议未处理'],
] as const);
export type PublicityResult = (typeof PublicityResult.values)[number];
/** 监督电话 when none is given: 12317, the national 乡村振兴 (防止返贫) 监督举报 line. */
export const DEFAULT_SUPERVISION_PHONE = '12317';
const PUBLICITY = '公示';

/** How an exported column is written (a subset of the export's column kinds). */
export type SheetColumnKind = 'seq' | 'text' | 'longText' | 'code' | 'money' | 'count' | 'date' | 'rank';
/** What a template cell accepts. */
export type TemplateInput = 'text' | 'longText' | 'money' | 'count' | 'year' | 'date';
/** Drop-downs the template fills from this ledger (区划, 项目类型, 单位). */
export type LedgerList = 'category' | 'subcategory' | 'township' | 'village' | 'unit';
/** A template drop-down: a list from the ledger, or fixed words; `strict`: only its words are accepted. */
export type TemplateList = { ledger: LedgerList; strict: boolean } | { words: readonly string[]; strict: boolean };

/** Fixed words stored by their codes (shared/enums.ts `labels`). */
export interface Choices {
  values: readonly [string, ...string[]];
  label: Readonly<Record<string, string>>;
  byLabel: ReadonlyMap<string, string>;
}
/** A plain field's value: free text, a day (2024-03-05), or one of fixed words stored by code. */
export type PlainValue = { kind: 'text' } | { kind: 'day' } | { kind: 'choice'; choices: Choices };

/**
 * The project form's sections, in the drawer's order. A section with its own component (`custom`) places its
 * plain fields where it renders PlainFieldItems; any other section is drawn from its plain fields alone.
 */
export const PROJECT_FORM_SECTIONS = [
  { key: 'basic', title: '基本信息', custom: true },
  { key: 'funds', title: '资金规模与来源', custom: true },
  { key: 'benefit', title: '受益对象', custom: true },
  { key: 'schedule', title: '进度', custom: true },
  { key: 'publicity', title: '公示', custom: false, hint: '入库前须公示期满：填写起止日期和公示结果（无异议或有异议已处理）；监督电话默认 12317' },
] as const satisfies ReadonlyArray<{ key: string; title: string; custom: boolean; hint?: string }>;
export type ProjectFormSection = (typeof PROJECT_FORM_SECTIONS)[number]['key'];
/** The sections the form draws from their plain fields alone, in order. */
export const PLAIN_FORM_SECTIONS = (PROJECT_FORM_SECTIONS as ReadonlyArray<{ key: ProjectFormSection; title: string; custom: boolean; hint?: string }>).filter((s) => !s.custom);

/** A plain field's input in the project form. */
export interface PlainFormInput {
  section: ProjectFormSection;
  input: 'text' | 'textarea' | 'day' | 'select';
  placeholder?: string;
  /** Grid columns the item spans (the form's span-2, span-3). */
  span?: 2 | 3;
  /** A text area's rows: [fewest, most]. */
  rows?: readonly [number, number];
}

export interface ProjectFieldDef {
  /** The field's name: the import wizard, the audit trail, the contract's and the rules' messages. */
  label: string;
  /** The project form's label, where it is shorter than the name. */
  formLabel?: string;
  /** Longest text accepted (form, contract and import). */
  max?: number;
  /** The import: header words (the label is one too), the cell type, how strongly it says "projects". */
  import?: { type: FieldType; aliases: readonly string[]; weight: number; required?: boolean; multi?: boolean };
  /** The column header in the exported ledger and the template, under its group header. */
  sheet?: { header: string; group?: string };
  /** The exported ledger's column (see electron/ledger/exports/table.ts ColumnSpec). */
  export?: { kind: SheetColumnKind; width?: number; detail?: boolean; onPaper?: boolean; total?: 'none' };
  /** The blank template's column: its cell, the header cell's hint, its drop-down. */
  template?: { input: TemplateInput; hint: string; required?: boolean; width?: number; list?: TemplateList };
  /**
   * A plain field: stored as it is in the `projects` column named by the entry's key, with no rule beyond its
   * value's kind, its limit, its start (`notBefore`) and the 入库 requirement that names it. The contract,
   * the project detail, the store's reads, the import, the export, the audit trail and the form take such a
   * field from this entry alone. `initial`: the value a new project's form starts with, and what the import
   * stores when a row fills another field of the same form section and leaves this one empty.
   */
  plain?: { value: PlainValue; form?: PlainFormInput; initial?: string };
  /** An end date: the field holding its start, which it may not precede (shared/projects/rules.ts). */
  notBefore?: string;
}

type With<P extends keyof ProjectFieldDef> = ProjectFieldDef & Required<Pick<ProjectFieldDef, P>>;

const FUND = '资金规模';
const BENEFIT = '受益对象';
const shared = (f: typeof SEQ_FIELD): Pick<ProjectFieldDef, 'label' | 'max' | 'import'> => ({
  label: f.label,
  ...(f.maxLength !== undefined ? { max: f.maxLength } : {}),
  import: { type: f.type, aliases: f.aliases, weight: f.weight },
});
const fund = (label: string, header: string, aliases: readonly string[], hint: string, weight = 2, multi = false): With<'import' | 'sheet' | 'export' | 'template'> => ({
  label,
  import: { type: 'money', aliases, weight, ...(multi ? { multi } : {}) },
  sheet: { header, group: FUND },
  export: { kind: 'money' },
  template: { input: 'money', hint },
});

export const PROJECT_FIELD = {
  seq: { ...shared(SEQ_FIELD), sheet: { header: '序号' }, export: { kind: 'seq' }, template: { input: 'count', hint: '可不填' } },
  year: {
    label: '年度',
    import: { type: 'year', aliases: ['年度', '项目年度', '实施年度', '年份', '计划年度', '建设年度', '资金年度', '批次年度'], weight: 0.5 },
    sheet: { header: '年度' },
    export: { kind: 'rank', onPaper: false },
    template: { input: 'year', required: true, hint: '项目实施年度，如 2024' },
  },
  code: {
    label: '项目编号',
    max: 40,
    import: { type: 'text', aliases: ['项目编号', '项目代码', '项目库编号', '入库编号', '项目编码', '编号', '项目序号编号'], weight: 1 },
    sheet: { header: '项目编号' },
    export: { kind: 'code', onPaper: false },
    template: { input: 'text', hint: '项目库编号；新项目可不填' },
  },
  name: {
    label: '项目名称',
    max: 100,
    import: { type: 'name', aliases: ['项目名称', '项目名', '名称', '项目', '建设项目', '项目全称', '项目名称全称', '建设项目名称'], required: true, weight: 2 },
    sheet: { header: '项目名称' },
    export: { kind: 'text', width: 24 },
    template: { input: 'text', required: true, hint: '必填：项目全称', width: 26 },
  },
  category: {
    label: '项目类型',
    import: { type: 'word', aliases: ['项目类型', '项目类别', '类别', '项目大类', '类型', '项目分类', '大类', '一级类别', '项目类型一级'], weight: 1.5 },
    sheet: { header: '项目类型' },
    export: { kind: 'text', onPaper: false },
    template: { input: 'text', list: { ledger: 'category', strict: true }, hint: '从下拉列表选择项目类型' },
  },
  subcategory: {
    label: '子类型',
    import: { type: 'word', aliases: ['子类型', '项目子类型', '项目子类', '二级类别', '项目小类', '小类', '子类', '二级分类', '项目类型二级', '二级项目类型'], weight: 1.5 },
    sheet: { header: '子类型' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { ledger: 'subcategory', strict: true }, hint: '从下拉列表选择，须属于所选项目类型' },
  },
  nature: {
    label: '建设性质',
    max: 20,
    import: { type: 'text', aliases: ['建设性质', '项目性质', '性质', '建设类别'], weight: 2 },
    sheet: { header: '建设性质' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { words: CONSTRUCTION_NATURES, strict: false }, hint: '新建、续建、改建、扩建或购置' },
  },
  township: { ...shared(TOWNSHIP_FIELD), sheet: { header: '乡镇' }, export: { kind: 'text' }, template: { input: 'text', list: { ledger: 'township', strict: true }, hint: '从下拉列表选择乡镇' } },
  village: {
    ...shared(VILLAGE_FIELD),
    sheet: { header: '村' },
    export: { kind: 'text' },
    template: { input: 'text', list: { ledger: 'village', strict: true }, hint: '从下拉列表选择行政村（须属于所填乡镇）' },
  },
  location: {
    label: '实施地点',
    max: 200,
    import: { type: 'location', aliases: ['建设地点', '实施地点', '项目地点', '地点', '建设地址', '项目实施地点', '项目建设地点', '实施地点村', '建设地点村', '项目所在地'], weight: 1.5 },
    sheet: { header: '建设地点' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '跨村或具体地点时填写' },
  },
  content: {
    label: '建设内容及规模',
    max: 2000,
    import: {
      type: 'text',
      aliases: ['建设内容', '建设内容及规模', '建设任务', '主要建设内容', '建设规模及内容', '项目内容', '建设规模', '主要内容', '建设内容和规模', '项目建设内容', '建设内容及标准', '实施内容'],
      weight: 2,
    },
    sheet: { header: '建设内容及规模' },
    export: { kind: 'longText', width: 36 },
    template: { input: 'longText', hint: '建设任务、规模和标准', width: 30 },
  },
  plannedStart: {
    label: '计划开工日期',
    formLabel: '计划开工',
    import: { type: 'date', aliases: ['计划开工时间', '计划开工日期', '开工日期', '开工时间', '计划开工', '开始时间', '起始时间', '开工', '计划开始时间', '实施开始时间', '计划实施时间开始'], weight: 1 },
    sheet: { header: '计划开工' },
    export: { kind: 'date', onPaper: false },
    template: { input: 'date', hint: '日期，如 2024-03-05；只知月份可填 2024-03' },
  },
  plannedEnd: {
    label: '计划完工日期',
    formLabel: '计划完工',
    notBefore: 'plannedStart',
    import: {
      type: 'date',
      aliases: ['计划完工时间', '计划完工日期', '完工日期', '完工时间', '计划完工', '竣工日期', '竣工时间', '计划竣工时间', '计划竣工日期', '结束时间', '完成时间', '完工', '计划完成时间', '实施结束时间'],
      weight: 1,
    },
    sheet: { header: '计划完工' },
    export: { kind: 'date', onPaper: false },
    template: { input: 'date', hint: '日期，如 2024-10-31' },
  },
  actualStart: {
    label: '实际开工日期',
    formLabel: '实际开工',
    import: { type: 'date', aliases: ['实际开工时间', '实际开工日期', '实际开工'], weight: 1 },
    sheet: { header: '实际开工' },
    export: { kind: 'date', detail: true },
    template: { input: 'date', hint: '已开工的填写' },
  },
  actualEnd: {
    label: '实际完工日期',
    formLabel: '实际完工',
    notBefore: 'actualStart',
    import: { type: 'date', aliases: ['实际完工时间', '实际完工日期', '实际竣工时间', '实际完工', '实际竣工日期', '实际竣工', '实际完成时间'], weight: 1 },
    sheet: { header: '实际完工' },
    export: { kind: 'date', detail: true },
    template: { input: 'date', hint: '已完工的填写' },
  },
  department: {
    label: '主管部门',
    max: 100,
    import: { type: 'name', aliases: ['主管部门', '行业主管部门', '项目主管部门', '主管单位', '责任单位', '责任部门', '项目责任单位', '行业部门'], weight: 1 },
    sheet: { header: '主管部门' },
    export: { kind: 'text', onPaper: false },
    template: { input: 'text', list: { ledger: 'unit', strict: false }, hint: '从单位名录中选择行业主管部门' },
  },
  implementer: {
    label: '实施单位',
    max: 100,
    import: { type: 'name', aliases: ['实施单位', '项目业主', '建设单位', '项目实施单位', '业主单位', '项目法人', '实施主体', '项目实施主体', '项目业主单位'], weight: 1 },
    sheet: { header: '实施单位' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { ledger: 'unit', strict: false }, hint: '项目业主 / 实施单位' },
  },
  responsiblePerson: {
    label: '责任人',
    max: 30,
    import: { type: 'text', aliases: ['责任人', '项目负责人', '负责人', '联系人', '项目责任人'], weight: 0.5 },
    sheet: { header: '责任人' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '项目负责人姓名' },
  },
  total: {
    label: '总投资（资金规模）',
    import: {
      type: 'money',
      aliases: ['总投资', '资金规模', '项目总投资', '投资总额', '计划投资', '总投资额', '投资规模', '项目资金规模', '资金总额', '合计', '总计', '计划总投资', '投资', '项目投资', '资金规模合计', '总投资合计', '资金合计', '项目资金', '小计', '估算投资', '项目总投资额', '投资额'],
      weight: 3,
    },
    sheet: { header: '合计', group: FUND },
    export: { kind: 'money' },
  },
  linkage: {
    label: '衔接资金（未分级次）',
    import: {
      type: 'money',
      aliases: ['衔接资金', '财政衔接资金', '衔接推进乡村振兴补助资金', '财政衔接推进乡村振兴补助资金', '财政资金', '财政专项扶贫资金', '专项扶贫资金', '扶贫资金', '财政补助资金', '财政衔接补助资金', '补助资金', '衔接补助资金', '财政补助', '各级财政衔接资金'],
      weight: 2,
    },
  },
  fundCentral: fund('中央衔接资金', '中央', ['中央', '中央资金', '中央衔接资金', '中央财政', '中央财政衔接资金', '中央财政资金', '中央补助', '中央级', '中央财政衔接推进乡村振兴补助资金'], '中央衔接资金'),
  fundProvincial: fund('省级衔接资金', '省级', ['省级', '省', '省级资金', '省级衔接资金', '省级财政', '省财政', '省级财政衔接资金', '省级财政资金'], '省级衔接资金'),
  fundMunicipal: fund('市级衔接资金', '市级', ['市级', '市', '市级资金', '市级衔接资金', '市级财政', '市财政', '州级', '市州级', '市级财政衔接资金', '市级财政资金'], '市级衔接资金'),
  fundCounty: fund('县级衔接资金', '县级', ['县级', '县', '县级资金', '县级衔接资金', '县级财政', '县财政', '本级', '县本级', '县区级', '县级财政衔接资金', '县级财政资金', '区级', '旗级'], '县级衔接资金'),
  fundOther: fund(
    '其他资金',
    '其他',
    ['其他', '其他资金', '其它', '其它资金', '整合资金', '统筹整合资金', '涉农整合资金', '东西部协作', '东西部协作资金', '定点帮扶', '定点帮扶资金', '社会捐赠', '社会资金', '群众自筹', '自筹', '自筹资金', '其他来源', '银行贷款', '部门资金', '行业部门资金', '其他资金来源金额', '社会帮扶资金', '企业自筹', '村集体自筹', '其他财政资金'],
    '整合资金、东西部协作、定点帮扶、社会捐赠、群众自筹等合计',
    1.5,
    true,
  ),
  fundOtherNote: {
    label: '其他资金说明',
    max: 200,
    import: { type: 'text', aliases: ['其他资金说明', '其他资金来源', '其他资金构成'], weight: 0.5 },
    sheet: { header: '其他资金说明' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '其他资金的来源构成' },
  },
  financingMethod: {
    label: '筹资方式',
    max: 200,
    import: { type: 'text', aliases: ['筹资方式', '筹资渠道', '资金筹措方式', '资金筹措'], weight: 1 },
    sheet: { header: '筹资方式' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '如 财政补助、村集体自筹' },
    plain: { value: { kind: 'text' }, form: { section: 'funds', input: 'text', placeholder: '如 财政衔接资金+群众自筹' } },
  },
  beneficiaryVillages: {
    label: '受益村数',
    import: { type: 'count', aliases: ['受益村数', '受益村', '覆盖村数', '受益村个数', '受益行政村', '受益村个', '带动村数'], weight: 1 },
    sheet: { header: '受益村数', group: BENEFIT },
    export: { kind: 'count', detail: true, total: 'none' },
    template: { input: 'count', hint: '受益的行政村个数' },
  },
  households: {
    label: '受益户数',
    import: { type: 'count', aliases: ['受益户数', '受益户', '受益农户', '带动户数', '受益总户数', '受益农户数', '户数', '受益总户', '受益户数合计', '受益户合计', '带动农户数'], weight: 1 },
    sheet: { header: '户数', group: BENEFIT },
    export: { kind: 'count', onPaper: false },
    template: { input: 'count', hint: '受益总户数' },
  },
  povertyHouseholds: {
    label: '其中脱贫户数',
    formLabel: '其中脱贫户',
    import: { type: 'count', aliases: ['脱贫户数', '脱贫户', '受益脱贫户数', '带动脱贫户数', '脱贫户户数', '受益脱贫户', '贫困户数', '建档立卡户数', '建档立卡贫困户', '脱贫户受益户数', '带动脱贫户'], weight: 1 },
    sheet: { header: '其中脱贫户', group: BENEFIT },
    export: { kind: 'count', onPaper: false },
    template: { input: 'count', hint: '受益户中的脱贫户数，不超过户数' },
  },
  monitoredHouseholds: {
    label: '其中监测户数',
    formLabel: '其中监测户',
    import: { type: 'count', aliases: ['监测户数', '监测户', '监测对象户数', '受益监测户', '监测户户数', '监测对象户', '受益监测户数', '带动监测户'], weight: 1 },
    sheet: { header: '其中监测户', group: BENEFIT },
    export: { kind: 'count', detail: true },
    template: { input: 'count', hint: '受益户中的监测户数，不超过户数' },
  },
  people: {
    label: '受益人数',
    import: { type: 'count', aliases: ['受益人数', '受益人口', '带动人数', '受益总人数', '受益人口数', '人数', '受益群众', '受益人口合计', '受益人数合计', '带动人口'], weight: 1 },
    sheet: { header: '人数', group: BENEFIT },
    export: { kind: 'count', onPaper: false },
    template: { input: 'count', hint: '受益总人数' },
  },
  povertyPeople: {
    label: '其中脱贫人数',
    formLabel: '其中脱贫人口',
    import: { type: 'count', aliases: ['脱贫人口', '脱贫人数', '受益脱贫人口', '带动脱贫人口', '贫困人口', '脱贫户人数', '脱贫人口数', '建档立卡贫困人口', '受益脱贫人数'], weight: 1 },
    sheet: { header: '其中脱贫人口', group: BENEFIT },
    export: { kind: 'count', detail: true },
    template: { input: 'count', hint: '受益人口中的脱贫人口，不超过人数' },
  },
  monitoredPeople: {
    label: '其中监测人数',
    formLabel: '其中监测人口',
    import: { type: 'count', aliases: ['监测人数', '监测人口', '监测对象人数', '监测户人数', '监测对象人口', '受益监测人口', '受益监测人数'], weight: 1 },
    sheet: { header: '其中监测人口', group: BENEFIT },
    export: { kind: 'count', detail: true },
    template: { input: 'count', hint: '受益人口中的监测对象人数，不超过人数' },
  },
  performanceTarget: {
    label: '绩效目标',
    max: 1000,
    import: { type: 'text', aliases: ['绩效目标', '绩效指标', '预期效益', '项目绩效目标', '预期绩效目标', '绩效目标及指标'], weight: 1.5 },
    sheet: { header: '绩效目标' },
    export: { kind: 'longText', detail: true },
    template: { input: 'longText', hint: '产出、效益、满意度目标', width: 24 },
    plain: { value: { kind: 'text' }, form: { section: 'benefit', input: 'textarea', placeholder: '产出、效益、满意度指标', span: 3, rows: [2, 4] } },
  },
  farmerLinkage: {
    label: '联农带农方式',
    max: 500,
    import: { type: 'text', aliases: ['联农带农方式', '联农带农机制', '利益联结机制', '利益联结方式', '带贫机制', '联农带农', '带贫减贫机制', '联农带农情况', '利益联结'], weight: 1.5 },
    sheet: { header: '联农带农方式' },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { words: FARMER_LINKAGES, strict: false }, hint: `${FARMER_LINKAGES.join('、')}；多种用顿号隔开` },
  },
  farmerLinkageNote: { label: '联农带农说明', formLabel: '带农说明', max: 500, sheet: { header: '联农带农说明' }, export: { kind: 'text', detail: true } },
  publicityStart: {
    label: '公示开始日期',
    formLabel: '公示开始',
    import: { type: 'day', aliases: ['公示开始日期', '公示开始时间', '公示开始', '公示起始日期', '公示起始时间', '公示日期', '公示时间'], weight: 1 },
    sheet: { header: '公示开始日期', group: PUBLICITY },
    export: { kind: 'date', detail: true },
    template: { input: 'date', hint: '入库前公示的开始日期，如 2024-02-05' },
    plain: { value: { kind: 'day' }, form: { section: 'publicity', input: 'day', placeholder: '2024-02-05' } },
  },
  publicityEnd: {
    label: '公示结束日期',
    formLabel: '公示结束',
    notBefore: 'publicityStart',
    import: { type: 'day', aliases: ['公示结束日期', '公示结束时间', '公示结束', '公示截止日期', '公示截止时间', '公示截止'], weight: 1 },
    sheet: { header: '公示结束日期', group: PUBLICITY },
    export: { kind: 'date', detail: true },
    template: { input: 'date', hint: '不早于公示开始日期' },
    plain: { value: { kind: 'day' }, form: { section: 'publicity', input: 'day', placeholder: '2024-02-14' } },
  },
  supervisionPhone: {
    label: '监督电话',
    max: 30,
    import: { type: 'text', aliases: ['监督电话', '监督举报电话', '举报电话', '公示监督电话', '监督举报'], weight: 1 },
    sheet: { header: '监督电话', group: PUBLICITY },
    export: { kind: 'code', detail: true },
    template: { input: 'text', hint: `不填为 ${DEFAULT_SUPERVISION_PHONE}` },
    plain: { value: { kind: 'text' }, form: { section: 'publicity', input: 'text' }, initial: DEFAULT_SUPERVISION_PHONE },
  },
  publicityPlace: {
    label: '公示地点',
    max: 200,
    import: { type: 'text', aliases: ['公示地点', '公示场所', '公示位置', '公示方式及地点', '公示栏'], weight: 1 },
    sheet: { header: '公示地点', group: PUBLICITY },
    export: { kind: 'text', detail: true },
    template: { input: 'text', hint: '如 前进村村务公开栏' },
    plain: { value: { kind: 'text' }, form: { section: 'publicity', input: 'text', placeholder: '如 前进村村务公开栏', span: 2 } },
  },
  publicityResult: {
    label: '公示结果',
    import: { type: 'word', aliases: ['公示结果', '公示情况', '公示结论', '公示反馈', '公示意见'], weight: 1 },
    sheet: { header: '公示结果', group: PUBLICITY },
    export: { kind: 'text', detail: true },
    template: { input: 'text', list: { words: PublicityResult.options.map((o) => o.label), strict: true }, hint: PublicityResult.options.map((o) => o.label).join('、') },
    plain: { value: { kind: 'choice', choices: PublicityResult }, form: { section: 'publicity', input: 'select', placeholder: '公示期满后选择' } },
  },
  status: {
    label: '项目状态',
    import: {
      type: 'word',
      aliases: ['项目状态', '实施进度', '进展情况', '建设进度', '项目进度', '状态', '项目进展', '实施状态', '建设状态', '项目实施进度', '项目进展情况', '实施情况', '项目实施情况', '建设情况', '当前状态'],
      weight: 1,
    },
    sheet: { header: '项目状态' },
    export: { kind: 'text', width: 10 },
    template: { input: 'text', list: { words: ProjectStatus.options.map((o) => o.label), strict: true }, hint: '从下拉列表选择；也可写 未开工、在建、已完工、已验收' },
  },
  paid: { label: '已拨付', sheet: { header: '已拨付' }, export: { kind: 'money' } },
  remark: { ...shared(REMARK_FIELD), sheet: { header: '备注' }, export: { kind: 'text', detail: true }, template: { input: 'text', hint: '其他需要说明的情况' } },
} as const satisfies Record<string, ProjectFieldDef>;

export type ProjectFieldKey = keyof typeof PROJECT_FIELD;
const ENTRIES = Object.entries(PROJECT_FIELD) as Array<[ProjectFieldKey, ProjectFieldDef]>;

/** The keys of the fields with an exported column, in the ledger's order. */
export type ExportedProjectField = { [K in ProjectFieldKey]: (typeof PROJECT_FIELD)[K] extends { export: object } ? K : never }[ProjectFieldKey];

/** The fields the import knows, in the ledger's order. */
export const PROJECT_IMPORT_FIELDS = ENTRIES.filter((e): e is [ProjectFieldKey, With<'import'>] => e[1].import !== undefined);
/** The exported ledger's columns, in order. */
export const PROJECT_EXPORT_FIELDS = ENTRIES.filter((e): e is [ExportedProjectField, With<'export' | 'sheet'>] => e[1].export !== undefined && e[1].sheet !== undefined);
/** The blank template's columns, in order. */
export const PROJECT_TEMPLATE_FIELDS = ENTRIES.filter((e): e is [ProjectFieldKey, With<'template' | 'sheet'>] => e[1].template !== undefined && e[1].sheet !== undefined);

/** The end dates, each with its start (`notBefore`). */
export type EndDateField = { [K in ProjectFieldKey]: (typeof PROJECT_FIELD)[K] extends { notBefore: string } ? K : never }[ProjectFieldKey];
export const END_DATE_FIELDS = ENTRIES.filter((e): e is [EndDateField, With<'notBefore'>] => e[1].notBefore !== undefined);

/** The keys of the plain fields (each also a column of `projects` under the same name). */
export type PlainProjectField = { [K in ProjectFieldKey]: (typeof PROJECT_FIELD)[K] extends { plain: object } ? K : never }[ProjectFieldKey];
type PlainValueOf<K extends PlainProjectField> = (typeof PROJECT_FIELD)[K] extends { plain: { value: { kind: 'choice'; choices: { values: ReadonlyArray<infer C> } } } } ? C : string;
/** The stored values of the plain fields (null when empty). */
export type PlainProjectValues = { [K in PlainProjectField]: PlainValueOf<K> | null };

/** The plain fields, in the ledger's order. */
export const PLAIN_PROJECT_FIELDS = ENTRIES.filter((e): e is [PlainProjectField, With<'plain'>] => e[1].plain !== undefined);
/** The plain fields' keys. */
export const PLAIN_PROJECT_KEYS: readonly PlainProjectField[] = PLAIN_PROJECT_FIELDS.map(([k]) => k);

export function isPlainField(key: string): key is PlainProjectField {
  return (PLAIN_PROJECT_KEYS as readonly string[]).includes(key);
}

/** The plain fields of a stored row or a form's input. */
export function plainValuesOf(row: PlainProjectValues): PlainProjectValues {
  return Object.fromEntries(PLAIN_PROJECT_KEYS.map((k) => [k, row[k]])) as PlainProjectValues;
}

/** A plain field's value as a clerk reads it: a choice by its words, anything else as stored. */
export function plainValueText(key: PlainProjectField, value: string | null): string | null {
  const def: ProjectFieldDef = PROJECT_FIELD[key];
  const v = def.plain?.value;
  return value !== null && v?.kind === 'choice' ? (v.choices.label[value] ?? value) : value;
}

/** The plain fields a form section shows, in order. */
export function plainFieldsOfSection(section: ProjectFormSection): Array<[PlainProjectField, With<'plain'>]> {
  return PLAIN_PROJECT_FIELDS.filter(([, f]) => f.plain.form?.section === section);
}

/** The words the project form shows for a field. */
export function projectFormLabel(key: ProjectFieldKey): string {
  const f: ProjectFieldDef = PROJECT_FIELD[key];
  return f.formLabel ?? f.label;
}

/** The longest text of a field (its form's maxLength, the contract's and the import's limit). */
export function projectFieldMax(key: ProjectFieldKey): number {
  const f: ProjectFieldDef = PROJECT_FIELD[key];
  if (f.max === undefined) throw new Error(`项目字段 ${key} 没有长度上限`);
  return f.max;
}

/** The sentence when a text is too long: the same for the form and the contract. */
export function tooLongText(label: string, max: number): string {
  return `${label}不能超过 ${max} 个字`;
}
