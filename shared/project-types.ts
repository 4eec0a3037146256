// The words a 项目类型/子类型 is known by: its name, the aliases the office gave it, and the everyday words
// township sheets and clerks use for the seeded types (种植 and 养殖 are 生产项目 under 产业发展). The import
// matches a sheet's 项目类型/子类型 against these words exactly; the pickers of the app find a type by any
// part of them, or by their pinyin initials (shared/pinyin.ts).
import { matchesTyped } from './pinyin';

/**
 * Everyday words of the seeded dictionary (DOMAIN.md), by the type's name without a trailing 项目. A type
 * the office renamed or added carries its own words in its aliases.
 */
const EVERYDAY_WORDS: Record<string, readonly string[]> = {
  生产: ['种植', '养殖', '种养', '种植业', '养殖业', '种养殖', '种植养殖', '特色种养', '特色种养业', '农业生产', '林果', '中药材', '食用菌', '畜牧', '水产养殖'],
  加工流通: ['加工', '农产品加工', '流通', '仓储', '冷链', '冷链物流', '仓储保鲜', '电商', '农村电商', '产销对接'],
  配套设施: ['产业配套', '产业配套设施', '产业路', '产业道路', '高标准农田', '灌溉'],
  产业服务支撑: ['产业服务', '技术服务', '品牌建设', '农业社会化服务'],
  金融保险配套: ['金融', '保险', '小额信贷', '贴息', '小额信贷贴息', '农业保险', '金融保险'],
  新型农村集体经济发展: ['集体经济', '村集体经济', '壮大村集体经济', '新型农村集体经济'],
  务工补助: ['务工', '外出务工', '交通补助', '一次性交通补助', '务工交通补助'],
  就业培训: ['培训', '技能培训', '职业培训'],
  公益性岗位: ['公益岗位', '公益岗', '护林员', '保洁员'],
  农村基础设施: ['道路', '村内道路', '通村道路', '饮水', '农村供水', '饮水安全', '桥梁', '水利'],
  人居环境整治: ['人居环境', '改厕', '厕所革命', '垃圾处理', '污水处理', '村容村貌'],
  农村公共服务: ['公共服务', '村级综合服务设施', '文化设施'],
  住房: ['住房安全', '危房改造', '农村危房改造'],
  教育: ['雨露计划', '教育补助', '助学'],
  健康: ['医疗', '医疗保障', '健康帮扶'],
  综合保障: ['兜底保障', '低保', '特困供养'],
};

export interface ProjectTypeWordsSource {
  name: string;
  /** Comma-, 、- or space-separated other names the office gave the type. */
  aliases: string | null;
}

/** A type's own name, its aliases, and the everyday words of a seeded type. */
export function projectTypeWords(type: ProjectTypeWordsSource): string[] {
  const aliases = (type.aliases ?? '').split(/[,，、;；\s]+/).filter(Boolean);
  const everyday = EVERYDAY_WORDS[type.name.trim().replace(/项目$/, '')] ?? [];
  return [...new Set([type.name, ...aliases, ...everyday])];
}

/** Does the type answer to what the clerk typed (any part of one of its words, or their pinyin initials)? */
export function projectTypeMatchesTyped(type: ProjectTypeWordsSource, typed: string): boolean {
  return projectTypeWords(type).some((word) => matchesTyped(word, typed));
}

export interface ProjectTypeTree {
  id: number;
  name: string;
  aliases: string | null;
  children: ReadonlyArray<{ id: number; name: string; aliases: string | null }>;
}

/**
 * The [类型, 子类型] paths (or [类型] alone) a search offers: a 子类型 whose words match, or every 子类型 of a
 * 类型 whose words match, and the 类型 itself in that case.
 */
export function projectTypePathsMatching(types: readonly ProjectTypeTree[], typed: string): Array<[number] | [number, number]> {
  const paths: Array<[number] | [number, number]> = [];
  for (const type of types) {
    const whole = projectTypeMatchesTyped(type, typed);
    if (whole) paths.push([type.id]);
    for (const sub of type.children) if (whole || projectTypeMatchesTyped(sub, typed)) paths.push([type.id, sub.id]);
  }
  return paths;
}
