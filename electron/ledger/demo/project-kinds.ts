// The demo county's kinds of project: for each 项目类型 subcategory its weight, money range, department,
// payee and the items it is made of (name, content, the asset it leaves).
import type { AssetKind } from '../../../shared/enums';
import type { DeptKey } from './places';
import type { Rng } from './random';

export type Group = 'industry' | 'collective' | 'infra' | 'employment' | 'welfare' | 'household' | 'fee';
type PayeeKind = 'contractor' | 'enterprise' | 'township' | 'bank' | 'village';

export interface ProjectItem {
  noun: string;
  /** Name of the asset the project leaves (without the village), when it leaves one. */
  asset?: string;
  /** When the asset is not of the kind its group implies (到户类 livestock from an industry project). */
  assetKind?: AssetKind;
  content: (r: Rng) => string;
}

export interface ProjectKind {
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

export const PROJECT_KINDS: readonly ProjectKind[] = [
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
export const FEE_KIND: ProjectKind = {
  parent: '项目管理费', sub: '项目管理费', weight: 0, wan: [5, 30], dept: 'rural', group: 'fee', payee: 'township',
  items: [{ noun: '衔接资金项目管理费', content: () => '用于项目前期设计、评审、招标、监理及验收等管理费用' }],
};
