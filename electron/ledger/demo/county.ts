// 示例数据: a believable county (青山县) for a first look at the app, for screenshots and for benchmarks.
// Everything is drawn from a seeded PRNG so the same seed gives the same ledger on every machine. The
// money invariants the services enforce hold here too: a project is never paid above its funds and an
// allocation is never split above its amount. A few deliberate irregularities (拨付超下达, payments on a
// project that has not started, low-yield assets, overdue findings) give the supervisor flags something to
// find. Scale 100 writes over a million rows, so rows go through prepared statements in one transaction
// with a single audit row instead of one per row.
import type { DemoResult } from '../../../shared/api';
import type {
  AssetKind,
  AssetOperationMode,
  AssetRightsLevel,
  AssetStatus,
  FindingCategory,
  FindingStatus,
  FundLevel,
  HouseholdType,
  InspectionSource,
  PaymentType,
  ProjectStatus,
} from '../../../shared/enums';
import { projectStatusRank } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { localToday } from '../../../shared/dates';
import { idNumberCheckDigit } from '../../../shared/id-number';
import { writeWithAudit } from '../../platform/audit';
import { demoSupervisionWriter } from '../supervision/demo';
import { bulkAuditRecorder } from '../imports/fast-audit';
import { recordBulkCreated } from '../audit/verify/bulk-trail';
import type { ServiceContext } from '../../platform/context';
import { demoProjectWriter } from '../projects/demo';
import { writeSetting } from '../settings/store';

export const DEFAULT_DEMO_SEED = 20241;

/**
 * Projects per year at scale 1 (about 1 000 in all), growing a little as the 衔接资金 pool grew; indexed by
 * age, 0 the current year. The demo's years follow the ledger's clock: projects in the five years up to
 * the current one, inspections in the last four (see demoCalendar).
 */
const PROJECTS_PER_YEAR_BY_AGE = [220, 210, 200, 190, 180] as const;
const INSPECTION_YEAR_COUNT = 4;
const HOUSEHOLDS_PER_SCALE = 400;
/** Deliberate payments on projects that have not started, per scale (the 未开工先拨付 flag needs examples). */
const EARLY_PAID_PER_SCALE = 6;
/** 立行立改 means the inspection's end plus this many days (DOMAIN.md: a configurable number; 30 assumed). */
const IMMEDIATE_DAYS = 30;

const COUNTY = { name: '青山县', code: '632123000000', office: '青山县乡村振兴局', short: '青山' } as const;

// ---- Seeded randomness -------------------------------------------------------------------------------

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same sequence everywhere. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return at(items, items.length - 1)[0];
  }
  /** k distinct items (k ≤ items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    for (let i = 0; i < k; i += 1) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = at(copy, i);
      copy[i] = at(copy, j);
      copy[j] = tmp;
    }
    return copy.slice(0, k);
  }
}

/** Indexing that fails loudly: an out-of-range index here is a bug in the generator, not data. */
function at<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) throw new RangeError(`demo: index ${index} out of range ${items.length}`);
  return value;
}

// ---- Calendar days as integers (no time zones involved) ----------------------------------------------

const DAY_MS = 86_400_000;
function dayNum(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
function isoOf(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
function ymd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The demo county's calendar, taken from the ledger's clock: its "today" (as-of day) is the local
 * calendar date of ctx.now(), and nothing that happened (actual dates, allocations, payments, steps of a
 * finding) is dated later. Plans and deadlines may lie ahead, as they do in a real ledger.
 */
interface DemoCalendar {
  /** The as-of day as a day number. */
  asOf: number;
  /** The current year Y (the as-of day's). */
  year: number;
  /** 1 January of Y as a day number. */
  yearStart: number;
  /** Project years Y-4 … Y, oldest first. */
  projectYears: readonly number[];
  /** Inspection years Y-3 … Y, oldest first. */
  inspectionYears: readonly number[];
}

function demoCalendar(now: Date): DemoCalendar {
  const asOf = dayNum(localToday(now));
  const year = Number(isoOf(asOf).slice(0, 4));
  return {
    asOf,
    year,
    yearStart: ymd(year, 1, 1),
    projectYears: PROJECTS_PER_YEAR_BY_AGE.map((_, i) => year - (PROJECTS_PER_YEAR_BY_AGE.length - 1) + i),
    inspectionYears: Array.from({ length: INSPECTION_YEAR_COUNT }, (_, i) => year - (INSPECTION_YEAR_COUNT - 1) + i),
  };
}

// ---- Names -------------------------------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤';
const MALE_CHARS = '伟强磊军勇杰涛斌超明辉刚健峰建国志华海波鹏飞宇浩东亮林成俊文兵春生福贵德祥庆山宝忠义全胜利民立新';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英兰玲红梅萍燕琴慧颖雪凤翠桂珍淑云玉丹莉洁春荣';

function personName(rng: Rng, female: boolean = rng.chance(0.35)): string {
  const chars = female ? FEMALE_CHARS : MALE_CHARS;
  const surname = SURNAMES.charAt(rng.int(0, SURNAMES.length - 1));
  const first = chars.charAt(rng.int(0, chars.length - 1));
  if (rng.chance(0.3)) return surname + first;
  return surname + first + chars.charAt(rng.int(0, chars.length - 1));
}

/** County office staff who review 销号; completers are township clerks, never one of these. */
const REVIEWERS = ['王建国', '李淑芬', '赵立新', '陈晓东'] as const;
const REVIEWER_SET: ReadonlySet<string> = new Set(REVIEWERS);
function clerkName(rng: Rng): string {
  for (;;) {
    const name = personName(rng);
    if (!REVIEWER_SET.has(name)) return name;
  }
}

function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits.charAt(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : digits.charAt(n % 10)}`;
  if (n < 100) return `${digits.charAt(Math.floor(n / 10))}十${n % 10 === 0 ? '' : digits.charAt(n % 10)}`;
  return String(n);
}

// ---- Places ------------------------------------------------------------------------------------------

/** 20 townships: 镇 get TTT 100–199, 乡 200–399 (shared/divisions.ts). */
const TOWNSHIPS: ReadonlyArray<{ name: string; seat: string }> = [
  { name: '桦树镇', seat: '桦树村' },
  { name: '青石镇', seat: '青石村' },
  { name: '红旗镇', seat: '红旗村' },
  { name: '白杨镇', seat: '白杨村' },
  { name: '太平镇', seat: '太平村' },
  { name: '新安镇', seat: '新安村' },
  { name: '龙泉镇', seat: '龙泉村' },
  { name: '三道沟镇', seat: '三道沟村' },
  { name: '永丰镇', seat: '永丰村' },
  { name: '长岭镇', seat: '长岭村' },
  { name: '石门镇', seat: '石门村' },
  { name: '兴隆镇', seat: '兴隆村' },
  { name: '南山乡', seat: '南山村' },
  { name: '柳河乡', seat: '柳河村' },
  { name: '双河乡', seat: '双河村' },
  { name: '杨树乡', seat: '杨树村' },
  { name: '东风乡', seat: '东风村' },
  { name: '四合乡', seat: '四合村' },
  { name: '榆林乡', seat: '榆林村' },
  { name: '黄泥河乡', seat: '黄泥河村' },
];

const VILLAGE_NAMES: readonly string[] = (
  '前进 向阳 新桑 桦树沟 大榆树 红光 胜利 光明 永安 新华 民主 团结 和平 建设 东升 长青 富民 丰收 新立 新兴 新发 永胜 ' +
  '永兴 永红 红星 红岩 曙光 五星 三合 双井 双山 双庙 大房身 小房身 大营子 小营子 王家店 李家堡 张家屯 刘家沟 赵家窝棚 ' +
  '孙家岗 马家店 杨家湾 高家岭 何家营 二道沟 四道河 头道岗 五里坡 十里堡 八里庄 二龙山 石头河 黑石 白石 青龙 卧龙 龙湾 ' +
  '柳树屯 柳条沟 杨树林 松树 榆树屯 桦甸子 椴木 核桃沟 山楂 梨树 苇塘 河西 河东 河南 北沟 南沟 西山 东山 北岭 后山 前屯 ' +
  '后屯 中心 腰站 平安 长胜 德胜 全胜 保安 复兴 振兴 丰乐 庆丰 富强 同心 合心 金星 金山 银河 宝山 东兴 西兴 南岗 北岗 ' +
  '上营 下营 大泉眼 小河口 大河口 水泉 清水 草甸子 荒地 窑地 官地 联合 火星 新光 四方 太阳升 良种场 三家子 五家子 七家子'
)
  .split(/\s+/)
  .map((n) => `${n}村`);

// ---- Units -------------------------------------------------------------------------------------------

const DEPARTMENTS = {
  agri: '县农业农村局',
  water: '县水利局',
  transport: '县交通运输局',
  hr: '县人社局',
  edu: '县教育局',
  health: '县卫健局',
  housing: '县住建局',
  finance: '县财政局',
  rural: '县乡村振兴局',
  drc: '县发改局',
  civil: '县民政局',
  ecology: '县生态环境局',
  forestry: '县林业和草原局',
  commerce: '县商务局',
  medins: '县医疗保障局',
  audit: '县审计局',
} as const;
type DeptKey = keyof typeof DEPARTMENTS;

const ASSISTING_UNITS = ['省农业农村厅驻青山县帮扶工作队', '市人民医院', '中国农业银行青山县支行', '浙江省宁波市鄞州区（东西部协作）', '市直机关工委'] as const;
const ENTERPRISES = [
  '青山县农业发展投资有限公司',
  '青山县城乡建设投资有限公司',
  '青山县绿源农牧专业合作社联合社',
  '青山县富民食用菌有限公司',
  '青山县光伏电力开发有限公司',
  '青山县恒达建筑工程有限公司',
  '青山县顺通路桥工程有限公司',
  '青山县清源水利工程有限公司',
] as const;
/** Enterprises that run industry projects (the first five); the rest are builders. */
const INDUSTRY_ENTERPRISES = ENTERPRISES.slice(0, 5);
const CONTRACTORS = [
  '青山县恒达建筑工程有限公司',
  '青山县顺通路桥工程有限公司',
  '青山县清源水利工程有限公司',
  '青山县宏远建筑安装有限公司',
  '青山县兴业市政工程有限公司',
  '青山县天宇电力工程有限公司',
  '青山县鑫盛建材有限公司',
  '吉顺建设集团有限公司',
] as const;
const BANK_PAYEE = '青山县农村信用合作联社（代发）';

// ---- Project kinds: subcategory, names, content, money ------------------------------------------------

type Group = 'industry' | 'collective' | 'infra' | 'employment' | 'welfare' | 'household' | 'fee';
type PayeeKind = 'contractor' | 'enterprise' | 'township' | 'bank' | 'village';

interface ProjectItem {
  noun: string;
  /** Name of the asset the project leaves (without the village), when it leaves one. */
  asset?: string;
  /** When the asset is not of the kind its group implies (到户类 livestock from an industry project). */
  assetKind?: AssetKind;
  content: (r: Rng) => string;
}

interface ProjectKind {
  parent: string;
  sub: string;
  weight: number;
  /** 总投资 range in 万元; drawn log-uniformly, as small projects are many and big ones few. */
  wan: readonly [number, number];
  dept: DeptKey;
  group: Group;
  payee: PayeeKind;
  items: readonly ProjectItem[];
}

const km = (r: Rng, lo: number, hi: number) => r.real(lo, hi).toFixed(1);

const PROJECT_KINDS: readonly ProjectKind[] = [
  {
    parent: '产业发展', sub: '生产项目', weight: 20, wan: [20, 300], dept: 'agri', group: 'industry', payee: 'contractor',
    items: [
      { noun: '种植业基地项目', asset: '种植业基地', content: (r) => `新建高标准日光温室${r.int(10, 60)}栋，配套水肥一体化灌溉设施及作业道路` },
      { noun: '肉牛养殖项目', asset: '肉牛养殖场', content: (r) => `新建标准化牛舍${r.int(2, 8)}栋共${r.int(1500, 6000)}平方米，配套青贮窖${r.int(1, 3)}座、堆粪场1处` },
      { noun: '中药材种植基地项目', asset: '中药材种植基地', content: (r) => `种植黄芪、党参等中药材${r.int(300, 2000)}亩，配套晾晒场${r.int(1, 3)}处` },
      { noun: '食用菌大棚项目', asset: '食用菌大棚', content: (r) => `新建食用菌生产大棚${r.int(20, 100)}栋，配套冷库${r.int(1, 2)}座` },
      { noun: '到户基础母牛养殖项目', asset: '到户基础母牛', assetKind: 'household', content: (r) => `为${r.int(20, 120)}户脱贫户和监测户每户购置基础母牛1至2头，配套建设简易棚圈` },
      { noun: '庭院经济到户补助项目', asset: '庭院经济到户设施', assetKind: 'household', content: (r) => `对${r.int(50, 300)}户脱贫户和监测户发展庭院种植养殖给予到户补助` },
    ],
  },
  {
    parent: '产业发展', sub: '加工流通项目', weight: 5, wan: [50, 500], dept: 'agri', group: 'industry', payee: 'contractor',
    items: [
      { noun: '农产品加工厂项目', asset: '农产品加工厂', content: (r) => `新建农产品加工车间${r.int(800, 3000)}平方米，购置清洗、分级、包装生产线${r.int(1, 3)}条` },
      { noun: '冷链仓储设施项目', asset: '冷链仓储库', content: (r) => `新建冷藏保鲜库${r.int(500, 3000)}立方米，配套预冷间及分拣场地` },
      { noun: '粮食烘干塔项目', asset: '粮食烘干塔', content: (r) => `新建日处理能力${r.pick([100, 200, 300])}吨的粮食烘干塔${r.int(1, 2)}座及配套晾晒场` },
    ],
  },
  {
    parent: '产业发展', sub: '配套设施项目', weight: 6, wan: [20, 200], dept: 'agri', group: 'infra', payee: 'contractor',
    items: [
      { noun: '产业路硬化项目', asset: '产业路', content: (r) => `硬化产业基地道路${km(r, 1, 5)}公里，路面宽4.5米、厚0.18米` },
      { noun: '高标准农田配套项目', asset: '农田配套设施', content: (r) => `配套建设田间道路${km(r, 1, 4)}公里、灌溉管道${km(r, 2, 8)}公里` },
      { noun: '养殖小区配套设施项目', asset: '养殖小区配套设施', content: (r) => `新建养殖小区粪污处理设施${r.int(1, 3)}处、饲草料库${r.int(300, 1200)}平方米` },
    ],
  },
  {
    parent: '产业发展', sub: '产业服务支撑项目', weight: 3, wan: [10, 80], dept: 'agri', group: 'industry', payee: 'enterprise',
    items: [
      { noun: '农技推广服务项目', content: (r) => `开展农业实用技术培训${r.int(6, 30)}期，培训农户${r.int(200, 1200)}人次` },
      { noun: '农村电商服务站项目', asset: '电商服务站', content: (r) => `建设村级电商服务站${r.int(1, 5)}个，配套物流配送设备` },
      { noun: '农产品品牌培育项目', content: (r) => `开展“青山”农产品区域公用品牌宣传推广，认证绿色食品${r.int(2, 8)}个` },
    ],
  },
  {
    parent: '产业发展', sub: '金融保险配套项目', weight: 3, wan: [5, 60], dept: 'finance', group: 'welfare', payee: 'bank',
    items: [
      { noun: '小额信贷贴息项目', content: (r) => `对${r.int(100, 900)}户脱贫户和监测户发放的小额信贷给予全额贴息` },
      { noun: '农业保险保费补贴项目', content: (r) => `对脱贫户、监测户种植养殖保险给予保费补贴，覆盖${r.int(300, 2000)}户` },
    ],
  },
  {
    parent: '产业发展', sub: '新型农村集体经济发展项目', weight: 8, wan: [30, 200], dept: 'agri', group: 'collective', payee: 'contractor',
    items: [
      { noun: '村集体经济光伏电站项目', asset: '村级光伏电站', content: (r) => `建设村级光伏电站${r.int(100, 500)}千瓦，并网发电收益归村集体所有` },
      { noun: '村集体经济标准化厂房项目', asset: '标准化厂房', content: (r) => `新建标准化厂房${r.int(800, 3000)}平方米，出租给企业经营，租金归村集体` },
      { noun: '村集体经济入股分红项目', asset: '村集体入股资产', content: (r) => `以衔接资金${r.int(50, 200)}万元入股龙头企业，按年度固定比例分红` },
    ],
  },
  {
    parent: '就业项目', sub: '务工补助', weight: 3, wan: [5, 40], dept: 'hr', group: 'employment', payee: 'bank',
    items: [
      { noun: '外出务工交通补助项目', content: (r) => `对跨省外出务工的${r.int(100, 800)}名脱贫劳动力给予一次性交通补助` },
      { noun: '稳岗就业补助项目', content: (r) => `对吸纳脱贫劳动力稳定就业的${r.int(5, 30)}家经营主体给予稳岗补助` },
    ],
  },
  {
    parent: '就业项目', sub: '就业培训', weight: 3, wan: [3, 30], dept: 'hr', group: 'employment', payee: 'enterprise',
    items: [
      { noun: '劳动力技能培训项目', content: (r) => `开展电焊、厨师、家政等技能培训${r.int(4, 20)}期，培训脱贫劳动力${r.int(150, 900)}人` },
      { noun: '致富带头人培训项目', content: (r) => `培训乡村致富带头人${r.int(30, 150)}人，开展外出观摩学习${r.int(1, 3)}次` },
    ],
  },
  {
    parent: '就业项目', sub: '公益性岗位', weight: 5, wan: [10, 80], dept: 'hr', group: 'employment', payee: 'bank',
    items: [
      { noun: '公益性岗位项目', content: (r) => `开发保洁、护路、管水等乡村公益性岗位${r.int(30, 300)}个，按月发放岗位补贴` },
      { noun: '生态护林员岗位补助项目', content: (r) => `聘用脱贫人口生态护林员${r.int(20, 150)}名，按月发放管护补助` },
    ],
  },
  {
    parent: '乡村建设行动', sub: '农村基础设施', weight: 20, wan: [20, 400], dept: 'transport', group: 'infra', payee: 'contractor',
    items: [
      { noun: '农村道路建设项目', asset: '农村道路', content: (r) => `新建水泥混凝土路面${km(r, 1.2, 6.5)}公里，路面宽${r.pick(['3.5', '4.5', '5'])}米、厚0.2米，配套涵洞${r.int(2, 8)}道` },
      { noun: '安全饮水巩固提升项目', asset: '供水工程', content: (r) => `新打机电井${r.int(1, 3)}眼，铺设供水管网${km(r, 2, 12)}公里，更换入户水表${r.int(50, 300)}块` },
      { noun: '小型农田水利设施项目', asset: '农田水利设施', content: (r) => `新建灌溉渠道${km(r, 1, 5)}公里，配套闸门${r.int(4, 20)}座，改善灌溉面积${r.int(300, 3000)}亩` },
      { noun: '桥涵建设项目', asset: '桥涵', content: (r) => `新建钢筋混凝土桥${r.int(1, 2)}座，桥长${r.int(12, 40)}米、宽${r.pick(['4.5', '6', '7'])}米` },
    ],
  },
  {
    parent: '乡村建设行动', sub: '人居环境整治', weight: 7, wan: [10, 150], dept: 'housing', group: 'infra', payee: 'contractor',
    items: [
      { noun: '农村户厕改造项目', content: (r) => `改造农村卫生户厕${r.int(60, 400)}户，配套建设粪污收集设施` },
      { noun: '生活污水治理项目', asset: '污水处理设施', content: (r) => `铺设污水管网${km(r, 1, 6)}公里，建设一体化污水处理站${r.int(1, 2)}座` },
      { noun: '垃圾收运设施项目', asset: '垃圾收运设施', content: (r) => `购置垃圾转运车${r.int(1, 3)}辆、分类垃圾箱${r.int(30, 200)}个，建设垃圾收集点${r.int(5, 20)}处` },
      { noun: '村庄绿化亮化项目', asset: '村庄亮化设施', content: (r) => `安装太阳能路灯${r.int(40, 200)}盏，植树绿化${r.int(2000, 12000)}平方米` },
    ],
  },
  {
    parent: '乡村建设行动', sub: '农村公共服务', weight: 4, wan: [20, 200], dept: 'health', group: 'infra', payee: 'contractor',
    items: [
      { noun: '村卫生室标准化建设项目', asset: '村卫生室', content: (r) => `新建村卫生室${r.int(80, 160)}平方米，配备诊疗设备${r.int(10, 30)}台（套）` },
      { noun: '村级综合服务中心项目', asset: '村级综合服务中心', content: (r) => `新建村级综合服务中心${r.int(200, 600)}平方米，含便民服务大厅、文化活动室` },
      { noun: '互助幸福院建设项目', asset: '互助幸福院', content: (r) => `改建互助幸福院${r.int(200, 500)}平方米，设置床位${r.int(10, 40)}张` },
    ],
  },
  {
    parent: '易地搬迁后扶', sub: '易地搬迁后扶', weight: 2, wan: [30, 300], dept: 'drc', group: 'infra', payee: 'contractor',
    items: [
      { noun: '易地搬迁安置点配套设施项目', asset: '安置点配套设施', content: (r) => `完善安置点供暖、道路、绿化等配套设施，惠及搬迁户${r.int(50, 400)}户` },
      { noun: '安置点帮扶车间项目', asset: '帮扶车间', content: (r) => `建设安置点帮扶车间${r.int(600, 2000)}平方米，吸纳搬迁群众就近就业` },
    ],
  },
  {
    parent: '巩固三保障成果', sub: '住房', weight: 3, wan: [10, 100], dept: 'housing', group: 'household', payee: 'village',
    items: [{ noun: '农村危房改造项目', content: (r) => `对${r.int(10, 80)}户脱贫户、监测户C级、D级危房进行加固改造或拆除重建` }],
  },
  {
    parent: '巩固三保障成果', sub: '教育', weight: 2, wan: [5, 50], dept: 'edu', group: 'welfare', payee: 'bank',
    items: [{ noun: '雨露计划职业教育补助项目', content: (r) => `对${r.int(100, 600)}名脱贫家庭中职、高职在校生给予每生每学期1500元补助` }],
  },
  {
    parent: '巩固三保障成果', sub: '健康', weight: 2, wan: [5, 50], dept: 'medins', group: 'welfare', payee: 'bank',
    items: [
      { noun: '脱贫人口参保资助项目', content: (r) => `资助${r.int(1000, 8000)}名脱贫人口和监测对象参加城乡居民基本医疗保险` },
      { noun: '乡村医生补助项目', content: (r) => `对${r.int(20, 120)}名在岗乡村医生给予定额补助` },
    ],
  },
  {
    parent: '巩固三保障成果', sub: '综合保障', weight: 1, wan: [5, 30], dept: 'civil', group: 'welfare', payee: 'bank',
    items: [{ noun: '防返贫保险项目', content: (r) => `为脱贫户和监测户购买防返贫综合保险，覆盖${r.int(500, 4000)}人` }],
  },
  {
    parent: '乡村治理和精神文明建设', sub: '乡村治理', weight: 1, wan: [3, 20], dept: 'rural', group: 'welfare', payee: 'village',
    items: [{ noun: '积分超市建设项目', content: (r) => `建设村级积分超市${r.int(1, 3)}个，推行积分制管理，购置兑换物品` }],
  },
  {
    parent: '乡村治理和精神文明建设', sub: '精神文明建设', weight: 1, wan: [3, 20], dept: 'rural', group: 'infra', payee: 'contractor',
    items: [{ noun: '新时代文明实践站项目', asset: '新时代文明实践站', content: (r) => `改造新时代文明实践站${r.int(100, 300)}平方米，配套文体器材` }],
  },
  {
    parent: '其他', sub: '其他', weight: 1, wan: [5, 50], dept: 'rural', group: 'infra', payee: 'contractor',
    items: [{ noun: '村级产业发展规划编制项目', content: (r) => `编制村级产业发展规划${r.int(1, 3)}项，开展现场勘察和可行性论证` }],
  },
];
const FEE_KIND: ProjectKind = {
  parent: '项目管理费', sub: '项目管理费', weight: 0, wan: [5, 30], dept: 'rural', group: 'fee', payee: 'township',
  items: [{ noun: '衔接资金项目管理费', content: () => '用于项目前期设计、评审、招标、监理及验收等管理费用' }],
};

type StatusMix = ReadonlyArray<readonly [ProjectStatus, number]>;

/** Status mixes of past project years by age (1 = last year … 4 = the oldest): older years mostly finished. */
const STATUS_BY_AGE: Readonly<Record<number, StatusMix>> = {
  4: [['maintained', 35], ['handedOver', 30], ['reimbursed', 20], ['accepted', 10], ['completed', 5]],
  3: [['maintained', 25], ['handedOver', 30], ['reimbursed', 25], ['accepted', 13], ['completed', 7]],
  2: [['maintained', 15], ['handedOver', 30], ['reimbursed', 25], ['accepted', 15], ['completed', 10], ['started', 5]],
  1: [['maintained', 5], ['handedOver', 15], ['reimbursed', 20], ['accepted', 20], ['completed', 18], ['started', 17], ['tendering', 3], ['funded', 2]],
};

/** Days of the current year a status needs behind it (start after tendering, completion, acceptance). */
const MIN_DAYS_FOR: Partial<Record<ProjectStatus, number>> = { started: 25, completed: 75, accepted: 120 };

/**
 * The current year's mix, by how far the year has gone (elapsed = days since 1 January): early statuses
 * in January, by December mostly started with some completed and accepted. Statuses that need more days
 * than have passed are left out, so every date they imply fits between 1 January and the as-of day.
 */
function currentYearStatusMix(elapsed: number): StatusMix {
  const f = Math.min(1, Math.max(0, elapsed / 365));
  const mix: Array<readonly [ProjectStatus, number]> = [
    ['planning', 5 + 20 * (1 - f)],
    ['publicized', 5 + 10 * (1 - f)],
    ['banked', 8 + 12 * (1 - f)],
    ['approved', 10 + 10 * (1 - f)],
    ['funded', 10 + 5 * (1 - f)],
    ['tendering', 10 + 5 * (1 - f)],
    ['started', 30 * f],
    ['completed', 15 * f * f],
    ['accepted', 7 * f * f * f],
  ];
  return mix.filter(([status, w]) => w > 0 && elapsed >= (MIN_DAYS_FOR[status] ?? 0));
}

const RANK_FUNDED = projectStatusRank('funded');
const RANK_STARTED = projectStatusRank('started');
const RANK_COMPLETED = projectStatusRank('completed');
const RANK_ACCEPTED = projectStatusRank('accepted');
const RANK_REIMBURSED = projectStatusRank('reimbursed');
const RANK_HANDED_OVER = projectStatusRank('handedOver');

const FUND_LEVELS: readonly FundLevel[] = ['central', 'provincial', 'municipal', 'county', 'other'];
const OTHER_FUND_NOTES = ['整合资金', '东西部协作', '定点帮扶', '社会捐赠', '群众自筹'] as const;

/** Allocation documents per year and level at scale 1 (scaled with the projects they fund). */
const ALLOCATION_DOCS: Record<FundLevel, number> = { central: 5, provincial: 4, municipal: 2, county: 3, other: 2 };
const ALLOCATION_PREFIX: Record<FundLevel, string> = { central: '青财农字', provincial: '青财农字', municipal: '青财预字', county: '青财预字', other: '青振字' };
const ALLOCATION_FUND_NAME: Record<FundLevel, readonly string[]> = {
  central: ['中央财政衔接推进乡村振兴补助资金'],
  provincial: ['省级财政衔接推进乡村振兴补助资金'],
  municipal: ['市级财政衔接推进乡村振兴补助资金'],
  county: ['县级财政衔接推进乡村振兴资金'],
  other: ['东西部协作资金', '统筹整合涉农资金', '定点帮扶资金'],
};

// ---- What the generator keeps in memory --------------------------------------------------------------

interface Village {
  id: number;
  name: string;
  township: Township;
  poverty: boolean;
}
interface Township {
  id: number;
  name: string;
  govUnitId: number;
  govName: string;
  villages: Village[];
}
interface GenProject {
  id: number;
  year: number;
  name: string;
  kind: ProjectKind;
  item: ProjectItem;
  township: Township;
  village: Village | null;
  status: ProjectStatus;
  rank: number;
  /** Funds per level in fen, in FUND_LEVELS order. */
  funds: number[];
  totalFen: number;
  plannedStart: number;
  actualStart: number | null;
  actualEnd: number | null;
  payee: string;
  households: number;
  /** Splits assigned to it: [allocation id, fen], in the order payments draw on them. */
  splits: Array<readonly [number, number]>;
  /** 拨付超下达 example: splits cover only part of the funds, payments all of them. */
  underSplit: boolean;
}

interface DemoAsset {
  id: number;
  name: string;
  villageId: number | null;
  formed: number;
}

class Progress {
  private lastStep = -1;
  constructor(private readonly ctx: ServiceContext) {}
  /** Report every 5 % (fraction 0…1); the renderer's bar needs no finer steps. */
  set(fraction: number): void {
    const step = Math.min(20, Math.floor(fraction * 20));
    if (step <= this.lastStep) return;
    this.lastStep = step;
    this.ctx.emitProgress({ jobId: 'demo', label: '生成示例数据', done: step * 5, total: 100 });
  }
}

// ---- The generator -----------------------------------------------------------------------------------

export function loadDemoData(ctx: ServiceContext, input: { scale: number; seed?: number }): DemoResult {
  const scale = input.scale;
  if (!Number.isInteger(scale) || scale < 1 || scale > 200) {
    throw new AppError('VALIDATION', '规模倍数应为 1 到 200 之间的整数', 'scale');
  }
  const seed = input.seed ?? DEFAULT_DEMO_SEED;
  const progress = new Progress(ctx);

  const result = writeWithAudit(ctx, (audit) => {
    // Checked inside the IMMEDIATE transaction so two windows cannot both fill the same ledger.
    const hasCounty = ctx.sqlite.prepare("select count(*) from divisions where level = 'county'").pluck().get() as number;
    const hasProjects = ctx.sqlite.prepare('select count(*) from projects').pluck().get() as number;
    if (hasCounty > 0 || hasProjects > 0) {
      throw new AppError('CONFLICT', '示例数据只能载入空白台账：本台账已经有区划或项目数据。请新建一个数据文件后再载入示例数据。');
    }
    progress.set(0);
    const counts = generate(ctx, new Rng(seed), scale, progress);
    // The records went in by raw SQL: leave what 校验 replays (verify/bulk-trail.ts), chained in memory.
    recordBulkCreated(ctx, bulkAuditRecorder(ctx));
    audit.record({ action: 'demo.load', entity: 'ledger', after: { scale, seed, ...counts } });
    return counts;
  });
  progress.set(1);
  return {
    townships: result.townships,
    villages: result.villages,
    units: result.units,
    projects: result.projects,
    allocations: result.allocations,
    payments: result.payments,
    inspections: result.inspections,
    findings: result.findings,
    assets: result.assets,
  };
}

interface DemoCounts extends DemoResult {
  allocationSplits: number;
  assetIncomes: number;
  findingUpdates: number;
  households: number;
}

function generate(ctx: ServiceContext, rng: Rng, scale: number, progress: Progress): DemoCounts {
  const db = ctx.sqlite;
  // One timestamp for every row: the load is one event, and the audit row carries the same instant.
  const now = ctx.now();
  const stamp = now.toISOString();
  const cal = demoCalendar(now);
  const asOf = cal.asOf;
  const counts: DemoCounts = {
    townships: 0, villages: 0, units: 0, projects: 0, allocations: 0, payments: 0, inspections: 0, findings: 0, assets: 0,
    allocationSplits: 0, assetIncomes: 0, findingUpdates: 0, households: 0,
  };

  // -- Settings, county, townships, villages, units --------------------------------------------------
  writeSetting(ctx, 'officeName', COUNTY.office, { at: stamp });
  writeSetting(ctx, 'countyName', COUNTY.name, { at: stamp });

  const insertDivision = db.prepare(
    `insert into divisions (code, name, level, parent_id, is_poverty_village, exit_year, sort_order, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUnit = db.prepare(
    'insert into units (name, kind, division_id, contact_person, phone, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const countyId = Number(insertDivision.run(COUNTY.code, COUNTY.name, 'county', null, 0, null, 0, stamp, stamp).lastInsertRowid);
  const prefix6 = COUNTY.code.slice(0, 6);

  const departmentIds = new Map<DeptKey, number>();
  for (const key of Object.keys(DEPARTMENTS) as DeptKey[]) {
    const id = Number(insertUnit.run(DEPARTMENTS[key], 'department', countyId, personName(rng), null, null, stamp, stamp).lastInsertRowid);
    departmentIds.set(key, id);
    counts.units += 1;
  }
  const deptId = (key: DeptKey): number => {
    const id = departmentIds.get(key);
    if (id === undefined) throw new RangeError(`demo: no department ${key}`);
    return id;
  };

  // Village counts: 12 or 13 each, then shuffled ±1 steps inside 10–15 so the county keeps ~250 villages.
  const villageCounts: number[] = TOWNSHIPS.map((_, i) => (i < 10 ? 13 : 12));
  for (let k = 0; k < 40; k += 1) {
    const from = rng.int(0, villageCounts.length - 1);
    const to = rng.int(0, villageCounts.length - 1);
    if (from !== to && at(villageCounts, from) > 10 && at(villageCounts, to) < 15) {
      villageCounts[from] = at(villageCounts, from) - 1;
      villageCounts[to] = at(villageCounts, to) + 1;
    }
  }

  const townships: Township[] = [];
  const allVillages: Village[] = [];
  let nextTown = 100;
  let nextTownship = 200;
  TOWNSHIPS.forEach((t, ti) => {
    const isTown = t.name.endsWith('镇');
    const ttt = isTown ? nextTown++ : nextTownship++;
    const code = `${prefix6}${String(ttt).padStart(3, '0')}000`;
    const id = Number(insertDivision.run(code, t.name, 'township', countyId, 0, null, ti + 1, stamp, stamp).lastInsertRowid);
    counts.townships += 1;
    const govName = `${t.name}人民政府`;
    const govUnitId = Number(insertUnit.run(govName, 'townshipGov', id, personName(rng), null, null, stamp, stamp).lastInsertRowid);
    counts.units += 1;
    const township: Township = { id, name: t.name, govUnitId, govName, villages: [] };
    townships.push(township);

    // The seat village carries the township's name, as it does in most real townships.
    const names = [t.seat];
    const taken = new Set(names);
    const wanted = at(villageCounts, ti);
    while (names.length < wanted) {
      const name = rng.pick(VILLAGE_NAMES);
      if (taken.has(name)) continue;
      taken.add(name);
      names.push(name);
    }
    names.forEach((name, vi) => {
      const poverty = rng.chance(0.3);
      // 脱贫攻坚 ended in 2020: exit years are history, not relative to the clock.
      const exitYear = poverty ? rng.int(2016, 2020) : null;
      const vcode = `${code.slice(0, 9)}${String(200 + vi).padStart(3, '0')}`;
      const vid = Number(insertDivision.run(vcode, name, 'village', id, poverty ? 1 : 0, exitYear, vi + 1, stamp, stamp).lastInsertRowid);
      counts.villages += 1;
      const village: Village = { id: vid, name, township, poverty };
      township.villages.push(village);
      allVillages.push(village);
    });
  });

  for (const name of ASSISTING_UNITS) {
    insertUnit.run(name, 'assisting', null, personName(rng), null, '帮扶单位', stamp, stamp);
    counts.units += 1;
  }
  const enterpriseIds = new Map<string, number>();
  for (const name of ENTERPRISES) {
    enterpriseIds.set(name, Number(insertUnit.run(name, 'enterprise', countyId, personName(rng), null, null, stamp, stamp).lastInsertRowid));
    counts.units += 1;
  }
  progress.set(0.02);

  // -- Project types from the seeded dictionary (the office may have renamed some: skip what is gone) --
  const typeRows = db.prepare('select id, parent_id as parentId, name from project_types').all() as Array<{ id: number; parentId: number | null; name: string }>;
  const parentIdByName = new Map(typeRows.filter((r) => r.parentId === null).map((r) => [r.name, r.id] as const));
  const typeIds = (kind: ProjectKind): readonly [number, number] | null => {
    const parentId = parentIdByName.get(kind.parent);
    if (parentId === undefined) return null;
    const child = typeRows.find((r) => r.parentId === parentId && r.name === kind.sub);
    return child ? [parentId, child.id] : null;
  };
  const kindTypes = new Map<ProjectKind, readonly [number, number]>();
  for (const kind of [...PROJECT_KINDS, FEE_KIND]) {
    const ids = typeIds(kind);
    if (ids) kindTypes.set(kind, ids);
  }
  const usableKinds = PROJECT_KINDS.filter((k) => kindTypes.has(k)).map((k) => [k, k.weight] as const);
  if (usableKinds.length === 0) {
    throw new AppError('CONFLICT', '项目类型字典中找不到示例数据使用的类型（如“产业发展 → 生产项目”），无法生成示例项目。');
  }

  // -- Statements for the bulk part --------------------------------------------------------------------
  const write = demoProjectWriter(db, stamp);
  const insertAllocation = db.prepare(
    `insert into allocations (doc_number, level, fund_name, date, year, amount_fen, recipient, remark, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSplit = db.prepare('insert into allocation_splits (allocation_id, project_id, amount_fen, created_at, updated_at) values (?, ?, ?, ?, ?)');
  const insertPayment = db.prepare(
    `insert into payments (project_id, allocation_id, date, amount_fen, payee, voucher, payment_type, remark, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // Projects, allocations and payments take 2 %…72 % of the bar: one step for making a project, one for paying it.
  const stepProjects = (): void => {
    projectSteps += 1;
    if (projectSteps % 256 === 0) progress.set(0.02 + (0.7 * projectSteps) / (2 * totalProjects));
  };
  let projectSteps = 0;
  const totalProjects = PROJECTS_PER_YEAR_BY_AGE.reduce((s, n) => s + n * scale, 0);
  const allProjects: GenProject[] = [];
  const voucherSeq = new Map<number, number>();
  const docSeq = new Map<string, number>();
  let earlyPaidLeft = EARLY_PAID_PER_SCALE * scale;
  // Villages drawn for projects: 贫困村 twice as often, as the money follows them.
  const villageDraw = allVillages.map((v) => [v, v.poverty ? 2 : 1] as const);

  for (const year of cal.projectYears) {
    const age = cal.year - year;
    const feeCount = 3 * scale;
    const regularCount = at(PROJECTS_PER_YEAR_BY_AGE, age) * scale - feeCount;
    const statusMix = age === 0 ? currentYearStatusMix(asOf - cal.yearStart) : STATUS_BY_AGE[age];
    if (statusMix === undefined || statusMix.length === 0) throw new RangeError(`demo: no status mix for ${year}`);
    const yearStart = ymd(year, 1, 1);
    const yearProjects: GenProject[] = [];
    const namesUsed = new Set<string>();
    let seq = 0;

    const makeProject = (kind: ProjectKind, item: ProjectItem, township: Township, village: Village | null): void => {
      seq += 1;
      const ids = kindTypes.get(kind) ?? null;
      const status = rng.weighted(statusMix);
      const rank = projectStatusRank(status);

      // A name is unique within its year and township; repeats become 二期, 三期 … as real ledgers write.
      const base = village ? `${village.name}${item.noun}` : `${township.name}${year}年度${item.noun}`;
      let name = base;
      for (let k = 2; namesUsed.has(`${township.id}|${name}`); k += 1) name = `${base}（${chineseNumber(k)}期）`;
      namesUsed.add(`${township.id}|${name}`);

      // Funds: 总投资 log-uniform in the kind's range, whole 百元; levels as shares with central the rest.
      const [lo, hi] = kind.wan;
      const totalYuan = Math.round(lo * Math.pow(hi / lo, rng.next()) * 100) * 100;
      const weights = [
        rng.real(0.45, 0.75),
        rng.real(0.15, 0.35),
        rng.chance(0.25) ? rng.real(0.03, 0.1) : 0,
        rng.chance(0.4) ? rng.real(0.05, 0.15) : 0,
        rng.chance(0.15) ? rng.real(0.05, 0.25) : 0,
      ];
      const wsum = weights.reduce((a, b) => a + b, 0);
      const fundsYuan = weights.map((w, i) => (i === 0 ? 0 : Math.floor((totalYuan * w) / wsum / 100) * 100));
      fundsYuan[0] = totalYuan - fundsYuan.reduce((a, b) => a + b, 0);
      const funds = fundsYuan.map((y) => y * 100);
      const otherNote = at(funds, 4) > 0 ? rng.pick(OTHER_FUND_NOTES) : null;
      const financing = otherNote ? `财政衔接资金+${otherNote}` : at(funds, 3) > 0 ? '中央、省、县级财政衔接资金' : '中央、省级财政衔接资金';

      // Dates: planned within the year; actual ones only as far as the status has gone, within the year's
      // days up to the as-of day (currentYearStatusMix leaves out statuses there are not days enough for).
      let plannedStart = ymd(year, 3, 1) + rng.int(0, 120);
      const plannedDays = rng.int(60, 240);
      let actualStart: number | null = null;
      let actualEnd: number | null = null;
      if (rank >= RANK_STARTED) {
        // Accepted-or-later projects need room for acceptance before the as-of day, completed ones for the end.
        const latestStart = Math.max(yearStart, rank >= RANK_ACCEPTED ? asOf - 60 : asOf - 20);
        let start = plannedStart + rng.int(-10, 45);
        if (start > latestStart) {
          // Early in the current year: it started in the days there have been, and was planned to.
          start = yearStart + rng.int(0, latestStart - yearStart);
          if (plannedStart > start + 10) plannedStart = Math.max(yearStart, start - rng.int(0, 10));
        }
        actualStart = start;
        if (rank >= RANK_COMPLETED) {
          const latestEnd = Math.max(start + 15, rank >= RANK_ACCEPTED ? asOf - 45 : asOf - 5);
          let end = start + rng.int(45, 200);
          if (end > latestEnd) end = start + 15 + rng.int(0, latestEnd - start - 15);
          actualEnd = end;
        }
      }
      const plannedEnd = plannedStart + plannedDays;

      // Beneficiaries: 脱贫户 and 监测户 are part of the households reached, never more.
      let households: number;
      let povertyShare: number;
      switch (kind.group) {
        case 'welfare':
          households = rng.int(50, 2000);
          povertyShare = rng.real(0.75, 0.95);
          break;
        case 'household':
          households = rng.int(10, 300);
          povertyShare = rng.real(0.8, 0.95);
          break;
        case 'employment':
          households = rng.int(30, 500);
          povertyShare = rng.real(0.5, 0.9);
          break;
        case 'industry':
          households = rng.int(20, 300);
          povertyShare = rng.real(0.3, 0.7);
          break;
        case 'collective':
          households = rng.int(50, 400);
          povertyShare = rng.real(0.25, 0.5);
          break;
        case 'fee':
          households = rng.int(1000, 3000);
          povertyShare = rng.real(0.2, 0.4);
          break;
        default:
          households = rng.int(50, 600);
          povertyShare = rng.real(0.2, 0.5);
      }
      const povertyHouseholds = Math.floor(households * povertyShare);
      const monitoredHouseholds = Math.min(households - povertyHouseholds, Math.floor(households * rng.real(0.02, 0.08)));
      const perHousehold = rng.real(2.4, 3.4);
      const people = Math.round(households * perHousehold);
      const povertyPeople = Math.round(povertyHouseholds * perHousehold);
      const monitoredPeople = Math.round(monitoredHouseholds * perHousehold);

      const { target, linkage, linkageNote } = describeBenefits(rng, kind, item, households, povertyHouseholds);

      // Who does it: township governments build, departments run subsidies, enterprises run industry.
      let implementerId = township.govUnitId;
      let enterprise: string | null = null;
      if (kind.group === 'industry' && rng.chance(0.4)) {
        enterprise = rng.pick(INDUSTRY_ENTERPRISES);
        implementerId = enterpriseIds.get(enterprise) ?? implementerId;
      } else if (kind.group === 'welfare' || kind.group === 'employment' || kind.group === 'fee') {
        implementerId = rng.chance(0.6) ? deptId(kind.dept) : township.govUnitId;
      } else if (kind.group === 'infra' && rng.chance(0.3)) {
        implementerId = deptId(kind.dept === 'transport' && item.noun.includes('水') ? 'water' : kind.dept);
      }
      const departmentId = deptId(item.noun.includes('饮水') || item.noun.includes('水利') ? 'water' : kind.dept);

      let payee: string;
      switch (kind.payee) {
        case 'contractor':
          payee = rng.pick(CONTRACTORS);
          break;
        case 'enterprise':
          payee = enterprise ?? rng.pick(INDUSTRY_ENTERPRISES);
          break;
        case 'bank':
          payee = BANK_PAYEE;
          break;
        case 'village':
          payee = village ? `${village.name}股份经济合作社` : township.govName;
          break;
        default:
          payee = township.govName;
      }

      const nature =
        kind.group === 'infra'
          ? rng.weighted([['新建', 60], ['改建', 20], ['扩建', 10], ['续建', 10]] as const)
          : kind.group === 'industry' || kind.group === 'collective'
            ? rng.weighted([['新建', 70], ['扩建', 15], ['续建', 10], ['购置', 5]] as const)
            : '新建';

      const code = `${COUNTY.short}-${year}-${String(seq).padStart(4, '0')}`;
      const id = write.project(
        {
          year, code, name, categoryId: ids ? ids[0] : null, subcategoryId: ids ? ids[1] : null, constructionNature: nature,
          townshipId: township.id, villageId: village ? village.id : null,
          location: village ? `${township.name}${village.name}` : `${township.name}全域`, content: item.content(rng),
          plannedStart: isoOf(plannedStart), plannedEnd: isoOf(plannedEnd),
          actualStart: actualStart === null ? null : isoOf(actualStart), actualEnd: actualEnd === null ? null : isoOf(actualEnd),
          departmentId, implementerId, responsiblePerson: personName(rng),
          fundCentralFen: at(funds, 0), fundProvincialFen: at(funds, 1), fundMunicipalFen: at(funds, 2), fundCountyFen: at(funds, 3),
          fundOtherFen: at(funds, 4), fundOtherNote: otherNote, financingMethod: financing,
          beneficiaryVillages: village ? 1 : township.villages.length, beneficiaryHouseholds: households, beneficiaryPeople: people,
          povertyHouseholds, povertyPeople, monitoredHouseholds, monitoredPeople,
          performanceTarget: target, farmerLinkage: [...linkage], farmerLinkageNote: linkageNote, status, remark: null,
        },
        township.name,
        village ? village.name : null,
      );
      counts.projects += 1;
      yearProjects.push({
        id,
        year,
        name,
        kind,
        item,
        township,
        village,
        status,
        rank,
        funds,
        totalFen: totalYuan * 100,
        plannedStart,
        actualStart,
        actualEnd,
        payee,
        households,
        splits: [],
        // A few finished projects whose allocation records lag behind their payments (拨付超下达).
        underSplit: rank >= RANK_ACCEPTED && at(funds, 0) > 0 && rng.chance(0.02),
      });
    };

    for (let i = 0; i < regularCount; i += 1) {
      const kind = rng.weighted(usableKinds);
      const village = rng.weighted(villageDraw);
      makeProject(kind, rng.pick(kind.items), village.township, village);
      stepProjects();
    }
    // Management fees last, so the year's first rows are ordinary village projects.
    if (kindTypes.has(FEE_KIND)) {
      for (let i = 0; i < feeCount; i += 1) makeProject(FEE_KIND, at(FEE_KIND.items, 0), rng.pick(townships), null);
    }
    for (let i = 0; i < feeCount; i += 1) stepProjects();

    // -- Allocations of the year, level by level, split across the funded projects ----------------------
    const funded = yearProjects.filter((p) => p.rank >= RANK_FUNDED);
    FUND_LEVELS.forEach((level, li) => {
      const needs: Array<readonly [GenProject, number]> = [];
      let total = 0;
      for (const p of funded) {
        let need = at(p.funds, li);
        if (li === 0 && p.underSplit) need = Math.floor((need * rng.real(0.6, 0.85)) / 100) * 100;
        if (need > 0) {
          needs.push([p, need]);
          total += need;
        }
      }
      if (total === 0) return;
      const docs = Math.max(1, Math.min(needs.length, Math.round(ALLOCATION_DOCS[level] * scale)));
      const docWeights = Array.from({ length: docs }, () => rng.real(0.5, 1.5));
      const wsum = docWeights.reduce((a, b) => a + b, 0);
      // Some money is left unassigned at the end of a year: the 闲置/滞留 flag needs it.
      const slack = rng.chance(0.6) ? rng.real(0, 0.04) : 0;
      const caps = docWeights.map((w) => Math.ceil((total * (1 + slack) * w) / wsum / 1_000_000) * 1_000_000);
      // Documents of the year up to October, or up to the as-of day while the year is young.
      const latestDoc = Math.min(ymd(year, 10, 31), asOf);
      const days = Array.from({ length: docs }, () => rng.int(Math.min(ymd(year, 1, 8), latestDoc), latestDoc)).sort((a, b) => a - b);
      const prefix = ALLOCATION_PREFIX[level];
      const allocIds = caps.map((cap, d) => {
        const key = `${prefix}|${year}`;
        const n = (docSeq.get(key) ?? rng.int(100, 400)) + rng.int(1, 25);
        docSeq.set(key, n);
        const id = Number(
          insertAllocation.run(
            `${prefix}〔${year}〕${n}号`, level, rng.pick(ALLOCATION_FUND_NAME[level]), isoOf(at(days, d)), year, cap,
            '各乡镇人民政府、县直有关部门', null, stamp, stamp,
          ).lastInsertRowid,
        );
        counts.allocations += 1;
        return id;
      });
      // Walk the documents in order: a split takes what the document has left, never more.
      let doc = 0;
      let left = at(caps, 0);
      for (const [p, need] of needs) {
        let rest = need;
        while (rest > 0) {
          while (left === 0) {
            doc += 1;
            if (doc >= caps.length) throw new RangeError('demo: allocations do not cover the projects');
            left = at(caps, doc);
          }
          const take = Math.min(rest, left);
          insertSplit.run(at(allocIds, doc), p.id, take, stamp, stamp);
          counts.allocationSplits += 1;
          p.splits.push([at(allocIds, doc), take]);
          left -= take;
          rest -= take;
        }
      }
    });

    // -- Payments ---------------------------------------------------------------------------------------
    for (const p of yearProjects) {
      const planned = planPayments(rng, p, earlyPaidLeft > 0, cal);
      if (planned.early) earlyPaidLeft -= 1;
      let paidSoFar = 0;
      let splitIndex = 0;
      let splitEnd = p.splits.length > 0 ? at(p.splits, 0)[1] : 0;
      for (const pay of planned.payments) {
        // The allocation a payment draws on is the split its first fen falls in; beyond the splits (拨付超下达)
        // the document has not reached the office yet, so none is named.
        while (splitIndex < p.splits.length && paidSoFar >= splitEnd) {
          splitIndex += 1;
          if (splitIndex < p.splits.length) splitEnd += at(p.splits, splitIndex)[1];
        }
        const allocationId = splitIndex < p.splits.length ? at(p.splits, splitIndex)[0] : null;
        const payYear = Number(pay.date.slice(0, 4));
        const n = (voucherSeq.get(payYear) ?? 0) + 1;
        voucherSeq.set(payYear, n);
        insertPayment.run(p.id, allocationId, pay.date, pay.fen, p.payee, `付-${payYear}-${String(n).padStart(6, '0')}`, pay.type, null, stamp, stamp);
        counts.payments += 1;
        paidSoFar += pay.fen;
      }
      stepProjects();
    }
    for (const p of yearProjects) {
      // Keep only what assets and findings need; the splits are done with.
      p.splits = [];
      allProjects.push(p);
    }
  }
  progress.set(0.72);

  // -- Assets of finished projects, and their yearly incomes -------------------------------------------
  const insertAsset = db.prepare(
    `insert into assets (code, name, kind, project_id, original_value_fen, formed_date, township_id, village_id, owner, rights_level,
       handover_date, manager, operation_mode, contract_start, contract_end, status, remark, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertIncome = db.prepare('insert into asset_incomes (asset_id, year, income_fen, distribution, remark, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
  const assetsByTownship = new Map<number, DemoAsset[]>();
  const assetSeq = new Map<number, number>();
  // A year's income is booked in December: the current year's only once December has come.
  const lastIncomeYear = asOf >= ymd(cal.year, 12, 1) ? cal.year : cal.year - 1;
  allProjects.forEach((p, index) => {
    if (index % 1024 === 0) progress.set(0.72 + (0.08 * index) / allProjects.length);
    if (p.rank < RANK_COMPLETED || p.item.asset === undefined || p.actualEnd === null || !rng.chance(0.62)) return;
    const kind: AssetKind = p.item.assetKind ?? (p.kind.group === 'industry' || p.kind.group === 'collective' ? 'operating' : p.kind.group === 'household' ? 'household' : 'publicWelfare');
    const placeName = p.village ? p.village.name : p.township.name;
    const valueFen = Math.floor((p.totalFen * rng.real(0.7, 1)) / 100) * 100;
    const formed = Math.min(p.actualEnd + rng.int(5, 40), asOf);
    const handover = p.rank >= RANK_HANDED_OVER ? Math.min(formed + rng.int(15, 120), asOf) : null;
    let rightsLevel: AssetRightsLevel;
    let owner: string;
    if (kind === 'household') {
      rightsLevel = 'household';
      owner = `${placeName}受益农户`;
    } else {
      rightsLevel = p.village ? rng.weighted([['village', 85], ['township', 10], ['county', 5]] as const) : 'township';
      owner =
        rightsLevel === 'village' && p.village ? `${p.village.name}股份经济合作社` : rightsLevel === 'county' ? ENTERPRISES[0] : p.township.govName;
    }
    let mode: AssetOperationMode;
    let manager: string;
    if (kind === 'operating') {
      mode = rng.weighted([['selfRun', 20], ['lease', 40], ['equity', 25], ['trust', 15]] as const);
      manager = mode === 'selfRun' ? owner : rng.pick(INDUSTRY_ENTERPRISES);
    } else {
      mode = 'selfRun';
      manager = kind === 'household' ? '受益农户' : p.village ? `${p.village.name}村民委员会` : p.township.govName;
    }
    const contractStart = mode === 'selfRun' ? null : Math.min((handover ?? formed) + rng.int(0, 30), asOf);
    const contractEnd = contractStart === null ? null : dayNum(`${Number(isoOf(contractStart).slice(0, 4)) + rng.pick([3, 5, 10])}${isoOf(contractStart).slice(4)}`) - 1;
    const status: AssetStatus =
      kind === 'operating'
        ? rng.weighted([['normal', 85], ['idle', 4], ['inefficient', 6], ['damaged', 3], ['disposed', 2]] as const)
        : rng.weighted([['normal', 92], ['damaged', 5], ['idle', 3]] as const);
    const n = (assetSeq.get(p.year) ?? 0) + 1;
    assetSeq.set(p.year, n);
    const assetName = `${placeName}${p.item.asset}`;
    const assetId = Number(
      insertAsset.run(
        `${COUNTY.short}ZC-${p.year}-${String(n).padStart(4, '0')}`, assetName, kind, p.id, valueFen, isoOf(formed), p.township.id,
        p.village ? p.village.id : null, owner, rightsLevel, handover === null ? null : isoOf(handover), manager, mode,
        contractStart === null ? null : isoOf(contractStart), contractEnd === null ? null : isoOf(contractEnd), status,
        status === 'disposed' ? '经村民代表大会同意已处置' : null, stamp, stamp,
      ).lastInsertRowid,
    );
    counts.assets += 1;
    const list = assetsByTownship.get(p.township.id) ?? [];
    list.push({ id: assetId, name: assetName, villageId: p.village ? p.village.id : null, formed });
    assetsByTownship.set(p.township.id, list);

    // Incomes from the year after it formed: a quarter earn below the 6 % a county typically expects.
    if (kind === 'operating' && status !== 'disposed') {
      const baseRate = status === 'idle' ? rng.real(0, 0.01) : status === 'inefficient' ? rng.real(0.01, 0.04) : rng.chance(0.25) ? rng.real(0.02, 0.059) : rng.real(0.06, 0.1);
      const toVillagers = rng.pick([50, 60, 70]);
      for (let y = Number(isoOf(formed).slice(0, 4)) + 1; y <= lastIncomeYear; y += 1) {
        const rate = Math.max(0, baseRate + rng.real(-0.005, 0.005));
        insertIncome.run(assetId, y, Math.round((valueFen / 100) * rate) * 100, `${toVillagers}%用于脱贫户、监测户分红，${100 - toVillagers}%用于公益岗位和小型公益事业`, null, stamp, stamp);
        counts.assetIncomes += 1;
      }
    }
  });
  progress.set(0.8);

  // -- Inspections and findings ----------------------------------------------------------------------------
  generateFindings(ctx, rng, scale, stamp, cal, townships, allProjects, assetsByTownship, counts, progress);
  progress.set(0.95);

  // -- Households ----------------------------------------------------------------------------------------
  const usedIds = new Set<string>();
  // Registered households live mostly in the former 贫困村.
  const householdDraw = allVillages.map((v) => [v, v.poverty ? 3 : 1] as const);
  for (let i = 0; i < HOUSEHOLDS_PER_SCALE * scale; i += 1) {
    const village = rng.weighted(householdDraw);
    const female = rng.chance(0.25);
    let idNumber: string;
    do {
      const birthYear = rng.int(cal.year - 90, cal.year - 20);
      const month = rng.int(1, 12);
      const day = rng.int(1, lastDayOfMonth(birthYear, month));
      // Sequence: odd for men, even for women (GB 11643 §4.3).
      const sequence = rng.int(0, 499) * 2 + (female ? 0 : 1);
      const first17 = `${prefix6}${birthYear}${pad2(month)}${pad2(day)}${String(sequence).padStart(3, '0')}`;
      idNumber = first17 + idNumberCheckDigit(first17);
    } while (usedIds.has(idNumber));
    usedIds.add(idNumber);
    const type: HouseholdType = rng.weighted([['lifted', 75], ['unstable', 10], ['marginal', 10], ['sudden', 5]] as const);
    const members = rng.weighted([[1, 8], [2, 22], [3, 28], [4, 24], [5, 12], [6, 6]] as const);
    write.household({ headName: personName(rng, female), idNumber, members, householdType: type, townshipId: village.township.id, villageId: village.id, remark: null });
    counts.households += 1;
  }
  return counts;
}

/** 绩效目标 and 联农带农 as a project bank form would carry them. */
function describeBenefits(
  rng: Rng,
  kind: ProjectKind,
  item: ProjectItem,
  households: number,
  povertyHouseholds: number,
): { target: string; linkage: string[]; linkageNote: string } {
  switch (kind.group) {
    case 'industry':
      return {
        target: `项目建成后带动${households}户农户增收，其中脱贫户、监测户${povertyHouseholds}户，户均年增收${rng.int(8, 30) * 100}元以上，受益群众满意度≥95%`,
        linkage: rng.sample(['劳务联结', '订单联结', '技术联结', '租赁联结', '资产收益'], rng.int(1, 3)),
        linkageNote: `优先吸纳脱贫劳动力务工，与农户签订收购协议，带动${povertyHouseholds}户脱贫户、监测户增收`,
      };
    case 'collective':
      return {
        target: `村集体经济年增收${rng.int(3, 20)}万元以上，收益分配惠及脱贫户、监测户${povertyHouseholds}户，资产收益率不低于6%`,
        linkage: rng.chance(0.5) ? ['资产收益', '折股量化分红'] : ['资产收益', '劳务联结'],
        linkageNote: '资产确权到村集体，收益按村集体经济收益分配方案用于脱贫户、监测户分红和公益岗位',
      };
    case 'employment':
      return {
        target: `帮助${povertyHouseholds}名脱贫劳动力和监测对象稳定就业，人均月增收${rng.int(10, 25) * 100}元以上`,
        linkage: item.noun.includes('培训') ? ['技术联结', '劳务联结'] : ['劳务联结'],
        linkageNote: '补助资金直接发放到人，促进脱贫劳动力稳岗就业',
      };
    case 'welfare':
    case 'household':
      return {
        target: `保障${households}户脱贫户和监测户政策应享尽享，资金发放准确率100%，受益群众满意度≥95%`,
        linkage: item.noun.includes('教育') || item.noun.includes('培训') ? ['技术联结'] : ['劳务联结'],
        linkageNote: '补助资金通过“一卡通”直接发放到户',
      };
    case 'fee':
      return {
        target: '保障衔接资金项目前期设计、评审、监理、验收等工作规范开展，项目管理费不超过规定比例',
        linkage: ['劳务联结'],
        linkageNote: '项目建设优先使用本地脱贫劳动力',
      };
    default:
      return {
        target: `项目建成后受益群众${households}户，其中脱贫户${povertyHouseholds}户，工程质量合格率100%，受益群众满意度≥95%`,
        linkage: ['劳务联结'],
        linkageNote: '项目建设优先吸纳本村脱贫劳动力务工，以工代赈发放劳务报酬',
      };
  }
}

interface PlannedPayment {
  date: string;
  fen: number;
  type: PaymentType;
}

/**
 * The payments of one project: nothing before it is funded; an advance, progress payments, settlement
 * and 质保金 as its status allows; never more in total than its funds.
 */
function planPayments(rng: Rng, p: GenProject, mayPayEarly: boolean, cal: DemoCalendar): { payments: PlannedPayment[]; early: boolean } {
  const asOf = cal.asOf;
  const yearStart = ymd(p.year, 1, 5);
  if (p.rank < RANK_STARTED) {
    // A handful of funded projects get an advance before they start: the 未开工先拨付 flag needs examples.
    if (!mayPayEarly || p.rank < RANK_FUNDED || p.year !== cal.year) return { payments: [], early: false };
    const day = Math.min(Math.max(p.plannedStart + rng.int(-20, 30), yearStart), asOf);
    const fen = Math.floor((p.totalFen * rng.real(0.1, 0.3)) / 100) * 100;
    return { payments: [{ date: isoOf(day), fen, type: 'advance' }], early: true };
  }
  const start = p.actualStart ?? p.plannedStart;
  const end = p.actualEnd ?? asOf;
  let fraction: number;
  let count: number;
  if (p.rank >= RANK_REIMBURSED || p.underSplit) {
    fraction = p.underSplit || rng.chance(0.6) ? 1 : rng.real(0.97, 1);
    count = rng.int(9, 17);
  } else if (p.rank >= RANK_ACCEPTED) {
    fraction = rng.real(0.8, 1);
    count = rng.int(9, 17);
  } else if (p.rank >= RANK_COMPLETED) {
    fraction = rng.real(0.6, 0.9);
    count = rng.int(7, 14);
  } else {
    fraction = rng.real(0.2, 0.6);
    count = rng.int(3, 10);
  }
  const totalYuan = Math.floor((p.totalFen / 100) * fraction);
  const settlement = p.rank >= RANK_ACCEPTED && p.actualEnd !== null;
  const retention = p.rank >= RANK_REIMBURSED && p.actualEnd !== null && p.actualEnd + 365 <= asOf;
  const progressCount = Math.max(1, count - 1 - (settlement ? 1 : 0) - (retention ? 1 : 0));

  const types: PaymentType[] = ['advance'];
  const weights: number[] = [rng.real(20, 30)];
  const days: number[] = [Math.min(Math.max(start + rng.int(-15, 10), yearStart), asOf)];
  const progressDays = Array.from({ length: progressCount }, () => Math.min(start + 10 + Math.floor(rng.next() * Math.max(1, end - start)), asOf)).sort((a, b) => a - b);
  for (const d of progressDays) {
    types.push('progress');
    weights.push(rng.real(5, 15) * (4 / progressCount));
    days.push(d);
  }
  if (settlement && p.actualEnd !== null) {
    types.push('settlement');
    weights.push(rng.real(10, 20));
    days.push(Math.min(p.actualEnd + rng.int(20, 120), asOf));
  }
  if (retention && p.actualEnd !== null) {
    types.push('retention');
    weights.push(3);
    days.push(Math.min(p.actualEnd + rng.int(365, 420), asOf));
  }
  // Whole 元 by weight; the rounding remainder goes to the first progress payment so the sum is exact.
  const wsum = weights.reduce((a, b) => a + b, 0);
  const yuan = weights.map((w) => Math.floor((totalYuan * w) / wsum));
  const remainder = totalYuan - yuan.reduce((a, b) => a + b, 0);
  yuan[1] = at(yuan, 1) + remainder;
  const payments: PlannedPayment[] = [];
  for (let i = 0; i < types.length; i += 1) {
    const fen = at(yuan, i) * 100;
    if (fen <= 0) continue;
    payments.push({ date: isoOf(at(days, i)), fen, type: at(types, i) });
  }
  return { payments, early: false };
}

// ---- Supervision ---------------------------------------------------------------------------------------

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

function generateFindings(
  ctx: ServiceContext,
  rng: Rng,
  scale: number,
  stamp: string,
  cal: DemoCalendar,
  townships: readonly Township[],
  projects: readonly GenProject[],
  assetsByTownship: ReadonlyMap<number, readonly DemoAsset[]>,
  counts: DemoCounts,
  progress: Progress,
): void {
  const write = demoSupervisionWriter(ctx.sqlite, stamp);
  const projectsByTownship = new Map<number, GenProject[]>();
  for (const p of projects) {
    const list = projectsByTownship.get(p.township.id) ?? [];
    list.push(p);
    projectsByTownship.set(p.township.id, list);
  }
  const deptNames = Object.values(DEPARTMENTS);
  const docSeq = new Map<string, number>();
  const asOf = cal.asOf;
  const totalInspections = cal.inspectionYears.length * INSPECTION_SLOTS.length;

  for (const [yearIndex, year] of cal.inspectionYears.entries()) {
    const age = cal.year - year;
    for (const slot of INSPECTION_SLOTS) {
      const plan = slot(year, yearIndex);
      const startDay = ymd(year, plan.month, 1) + rng.int(0, 20);
      const endDay = startDay + rng.int(3, 15);
      // This year's inspections that have not ended by the as-of day have not given findings yet.
      if (endDay >= asOf) continue;
      const docKey = `${plan.doc}|${year}`;
      const docN = (docSeq.get(docKey) ?? 0) + rng.int(1, 6);
      docSeq.set(docKey, docN);
      const targetTownships = plan.source === 'supervision' || plan.source === 'assessment' ? townships.slice() : rng.sample(townships, rng.int(6, 12));
      const targetDepts = rng.sample(deptNames, rng.int(2, 5));
      const inspectionId = write.inspection({
        name: plan.name(year), source: plan.source, sourceDocNumber: `${plan.doc}〔${year}〕${docN}号`, team: plan.team, leader: personName(rng),
        startDate: isoOf(startDay), endDate: isoOf(endDay), targets: JSON.stringify({ townshipIds: targetTownships.map((t) => t.id), departments: targetDepts }), remark: null,
      });
      counts.inspections += 1;
      const inspectionName = plan.name(year);

      const findingCount = rng.int(15, 40) * scale;
      for (let seq = 1; seq <= findingCount; seq += 1) {
        const category = rng.weighted(CATEGORY_WEIGHTS[plan.source]);
        const onDepartment = DEPARTMENT_CATEGORIES.has(category) && rng.chance(0.2);
        const township = onDepartment ? null : rng.pick(targetTownships);
        const village = township && rng.chance(0.7) ? rng.pick(township.villages) : null;
        const department = onDepartment ? rng.pick(targetDepts) : null;

        const template = rng.pick(FINDING_TEXTS[category]);
        // A finding names a project or asset that existed when the inspectors came (finished, if it says so).
        let project: GenProject | null = null;
        if (township && template.includes('{项目}')) {
          const needsEnd = template.includes('已完工');
          const candidates = projectsByTownship.get(township.id) ?? [];
          for (let tries = 0; tries < 8 && candidates.length > 0; tries += 1) {
            const c = rng.pick(candidates);
            if (c.actualStart !== null && c.actualStart < startDay && (!needsEnd || (c.actualEnd !== null && c.actualEnd < startDay))) {
              project = c;
              break;
            }
          }
        }
        let asset: DemoAsset | null = null;
        if (township && template.includes('{资产}')) {
          const candidates = assetsByTownship.get(township.id) ?? [];
          for (let tries = 0; tries < 8 && candidates.length > 0; tries += 1) {
            const c = rng.pick(candidates);
            if (c.formed < startDay) {
              asset = c;
              break;
            }
          }
        }
        const place = department ?? (township ? `${township.name}${village ? village.name : ''}` : COUNTY.name);
        const description = template
          .replace('{地}', place)
          .replace('{项目}', project ? `${project.township.name}${project.name}` : `${place}部分项目`)
          .replace('{资产}', asset ? `${township ? township.name : ''}${asset.name}` : `${place}部分扶贫项目资产`)
          .replace('{n}', String(rng.int(2, 12)))
          .replace('{p}', String(rng.int(35, 80)));
        const findingVillageId = project ? (project.village ? project.village.id : null) : asset ? asset.villageId : village ? village.id : null;

        // 整改时限 as sheets write it, with the date it means (null for 长期坚持).
        const deadline = deadlineFor(rng, endDay);
        const responsibleUnit = department ?? (township ? township.govName : DEPARTMENTS.rural);
        const responsiblePerson = clerkName(rng);
        const leader = clerkName(rng);

        // Status: older inspections are mostly 销号; this year's still open. The as-of day bounds every date.
        let status: FindingStatus;
        if (deadline.date === null) {
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
        let completedDay: number | null = null;
        let closedDay: number | null = null;
        if (status === 'closed' || status === 'awaitingClose') {
          const deadlineDay = deadline.date === null ? endDay + 90 : dayNum(deadline.date);
          // Mostly on time; one in ten finished late.
          const target = rng.chance(0.9) ? endDay + 5 + Math.floor(rng.next() * Math.max(1, deadlineDay - endDay - 5)) : deadlineDay + rng.int(1, 40);
          completedDay = Math.min(target, asOf - 2);
          if (completedDay <= endDay) completedDay = Math.min(endDay + 1, asOf);
          if (status === 'closed') {
            closedDay = completedDay + rng.int(3, 40);
            if (closedDay > asOf) {
              closedDay = null;
              status = 'awaitingClose';
            }
          }
        }
        const reviewer = status === 'closed' ? rng.pick(REVIEWERS) : null;
        const progressText =
          status === 'closed'
            ? '已完成整改，佐证材料齐全，经审核同意销号'
            : status === 'awaitingClose'
              ? '已完成整改，佐证材料已报送，待审核销号'
              : status === 'inProgress'
                ? `正在整改，已完成${rng.int(3, 8) * 10}%`
                : status === 'ongoing'
                  ? '已建立长效机制，持续推进'
                  : '尚未启动整改';
        const goal =
          deadline.kind === 'ongoing'
            ? '建立长效机制，持续巩固整改成果'
            : deadline.kind === 'immediate'
              ? '立行立改，问题立即清零'
              : `${deadline.text.replace(/前$/, '')}前完成整改，问题清零`;

        const findingId = write.finding({
          inspectionId, seq, category, description, townshipId: township ? township.id : null, villageId: findingVillageId, projectId: project ? project.id : null,
          assetId: asset ? asset.id : null, leadUnit: DEPARTMENTS[LEAD_DEPT[category]], responsibleUnit, responsibleLeader: leader, responsiblePerson, goal,
          measures: rng.pick(MEASURES), deadlineText: deadline.text, deadlineDate: deadline.date, progressText, status,
          completedBy: completedDay === null ? null : responsiblePerson, completedDate: completedDay === null ? null : isoOf(completedDay),
          closedDate: closedDay === null ? null : isoOf(closedDay), closedReviewer: reviewer,
        });
        counts.findings += 1;

        // The steps of the workflow, each dated and signed: 交办 → 整改中 → 完成 → 销号 (or 长期坚持).
        const assignDay = Math.min(endDay + rng.int(1, 7), asOf);
        write.step({ findingId, date: isoOf(assignDay), fromStatus: null, toStatus: 'notStarted', note: `${inspectionName}反馈问题交办至${responsibleUnit}`, operator: rng.pick(REVIEWERS) });
        counts.findingUpdates += 1;
        if (status === 'ongoing') {
          write.step({ findingId, date: isoOf(Math.min(assignDay + rng.int(3, 20), asOf)), fromStatus: 'notStarted', toStatus: 'ongoing', note: '已建立长效机制，转为长期坚持', operator: responsiblePerson });
          counts.findingUpdates += 1;
        } else if (status !== 'notStarted') {
          const lastDay = completedDay ?? asOf;
          const startDay2 = Math.min(assignDay + rng.int(2, 20), Math.max(assignDay, lastDay));
          write.step({ findingId, date: isoOf(startDay2), fromStatus: 'notStarted', toStatus: 'inProgress', note: '制定整改方案，明确责任人和整改时限', operator: responsiblePerson });
          counts.findingUpdates += 1;
          if (completedDay !== null) {
            write.step({ findingId, date: isoOf(Math.max(completedDay, startDay2)), fromStatus: 'inProgress', toStatus: 'awaitingClose', note: '整改完成，提交佐证材料申请销号', operator: responsiblePerson });
            counts.findingUpdates += 1;
          }
          if (closedDay !== null && reviewer !== null) {
            write.step({ findingId, date: isoOf(closedDay), fromStatus: 'awaitingClose', toStatus: 'closed', note: '经审核整改到位，同意销号', operator: reviewer });
            counts.findingUpdates += 1;
          }
        }
      }
      progress.set(0.8 + (0.15 * counts.inspections) / totalInspections);
    }
  }
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
