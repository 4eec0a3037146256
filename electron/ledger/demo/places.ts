// The demo county's places and units: 青山县, its 20 townships and about 250 villages (区划), and the county
// departments, township governments, assisting units and enterprises (单位), written through the 区划与单位
// store, with the two settings that name the office.
import { insertDivision, insertUnit, type UnitFields } from '../divisions/store';
import { writeSettingOn } from '../settings/store';
import { personName } from './names';
import { at, type Rng } from './random';
import type { DemoRun } from './run';

export const COUNTY = { name: '青山县', code: '632123000000', office: '青山县乡村振兴局', short: '青山' } as const;

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

export const DEPARTMENTS = {
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
export type DeptKey = keyof typeof DEPARTMENTS;

const ASSISTING_UNITS = ['省农业农村厅驻青山县帮扶工作队', '市人民医院', '中国农业银行青山县支行', '浙江省宁波市鄞州区（东西部协作）', '市直机关工委'] as const;
export const ENTERPRISES = [
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
export const INDUSTRY_ENTERPRISES = ENTERPRISES.slice(0, 5);
export const CONTRACTORS = [
  '青山县恒达建筑工程有限公司',
  '青山县顺通路桥工程有限公司',
  '青山县清源水利工程有限公司',
  '青山县宏远建筑安装有限公司',
  '青山县兴业市政工程有限公司',
  '青山县天宇电力工程有限公司',
  '青山县鑫盛建材有限公司',
  '吉顺建设集团有限公司',
] as const;
export const BANK_PAYEE = '青山县农村信用合作联社（代发）';

// ---- What the later sections need of them ----------------------------------------------------------

export interface Village {
  id: number;
  name: string;
  township: Township;
  poverty: boolean;
}
export interface Township {
  id: number;
  name: string;
  govUnitId: number;
  govName: string;
  villages: Village[];
}
export interface DemoPlaces {
  townships: readonly Township[];
  villages: readonly Village[];
  /** The id of a county department. */
  deptId(key: DeptKey): number;
  enterpriseIds: ReadonlyMap<string, number>;
}

// ---- Writing them ----------------------------------------------------------------------------------

/** The settings, the county, its departments, townships with their governments and villages, then the other units. */
export async function writePlaces(run: DemoRun): Promise<DemoPlaces> {
  const { tx, stamp } = run;
  await writeSettingOn(tx, 'officeName', COUNTY.office, stamp);
  await writeSettingOn(tx, 'countyName', COUNTY.name, stamp);
  const countyId = await insertDivision(
    tx,
    { code: COUNTY.code, name: COUNTY.name, level: 'county', parentId: null, isPovertyVillage: false, exitYear: null, sortOrder: 0 },
    stamp,
  );
  const departmentIds = new Map<DeptKey, number>();
  for (const key of Object.keys(DEPARTMENTS) as DeptKey[]) departmentIds.set(key, await writeUnit(run, DEPARTMENTS[key], 'department', countyId));

  const villageCounts = drawVillageCounts(run.rng);
  const townships: Township[] = [];
  let nextTown = 100;
  let nextTownship = 200;
  for (const [ti, t] of TOWNSHIPS.entries()) {
    const ttt = t.name.endsWith('镇') ? nextTown++ : nextTownship++;
    townships.push(await writeTownship(run, countyId, ti, ttt, at(villageCounts, ti)));
  }

  for (const name of ASSISTING_UNITS) await writeUnit(run, name, 'assisting', null, '帮扶单位');
  const enterpriseIds = new Map<string, number>();
  for (const name of ENTERPRISES) enterpriseIds.set(name, await writeUnit(run, name, 'enterprise', countyId));
  run.progress.set(0.02);
  return {
    townships,
    villages: townships.flatMap((t) => t.villages),
    deptId: (key) => {
      const id = departmentIds.get(key);
      if (id === undefined) throw new RangeError(`demo: no department ${key}`);
      return id;
    },
    enterpriseIds,
  };
}

/** A unit with a contact person drawn for it. */
async function writeUnit(run: DemoRun, name: string, kind: UnitFields['kind'], divisionId: number | null, remark: string | null = null): Promise<number> {
  const id = await insertUnit(run.tx, { name, kind, divisionId, contactPerson: personName(run.rng), phone: null, remark }, run.stamp);
  run.counts.units += 1;
  return id;
}

/** Village counts: 12 or 13 each, then shuffled ±1 steps inside 10–15 so the county keeps ~250 villages. */
function drawVillageCounts(rng: Rng): number[] {
  const villageCounts: number[] = TOWNSHIPS.map((_, i) => (i < 10 ? 13 : 12));
  for (let k = 0; k < 40; k += 1) {
    const from = rng.int(0, villageCounts.length - 1);
    const to = rng.int(0, villageCounts.length - 1);
    if (from !== to && at(villageCounts, from) > 10 && at(villageCounts, to) < 15) {
      villageCounts[from] = at(villageCounts, from) - 1;
      villageCounts[to] = at(villageCounts, to) + 1;
    }
  }
  return villageCounts;
}

/** The ti-th township (code TTT `ttt`), its government and `villageCount` villages. */
async function writeTownship(run: DemoRun, countyId: number, ti: number, ttt: number, villageCount: number): Promise<Township> {
  const { tx, rng, stamp, counts } = run;
  const t = at(TOWNSHIPS, ti);
  const code = `${COUNTY.code.slice(0, 6)}${String(ttt).padStart(3, '0')}000`;
  const id = await insertDivision(tx, { code, name: t.name, level: 'township', parentId: countyId, isPovertyVillage: false, exitYear: null, sortOrder: ti + 1 }, stamp);
  counts.townships += 1;
  const govName = `${t.name}人民政府`;
  const govUnitId = await writeUnit(run, govName, 'townshipGov', id);
  const township: Township = { id, name: t.name, govUnitId, govName, villages: [] };

  // The seat village carries the township's name, as it does in most real townships.
  const names = [t.seat];
  const taken = new Set(names);
  while (names.length < villageCount) {
    const name = rng.pick(VILLAGE_NAMES);
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  for (const [vi, name] of names.entries()) {
    const poverty = rng.chance(0.3);
    // 脱贫攻坚 ended in 2020: exit years are history, not relative to the clock.
    const exitYear = poverty ? rng.int(2016, 2020) : null;
    const vcode = `${code.slice(0, 9)}${String(200 + vi).padStart(3, '0')}`;
    const vid = await insertDivision(tx, { code: vcode, name, level: 'village', parentId: id, isPovertyVillage: poverty, exitYear, sortOrder: vi + 1 }, stamp);
    counts.villages += 1;
    township.villages.push({ id: vid, name, township, poverty });
  }
  return township;
}
