// People's names and Chinese numerals for the demo county.
import type { Rng } from './random';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤';
const MALE_CHARS = '伟强磊军勇杰涛斌超明辉刚健峰建国志华海波鹏飞宇浩东亮林成俊文兵春生福贵德祥庆山宝忠义全胜利民立新';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英兰玲红梅萍燕琴慧颖雪凤翠桂珍淑云玉丹莉洁春荣';

export function personName(rng: Rng, female: boolean = rng.chance(0.35)): string {
  const chars = female ? FEMALE_CHARS : MALE_CHARS;
  const surname = SURNAMES.charAt(rng.int(0, SURNAMES.length - 1));
  const first = chars.charAt(rng.int(0, chars.length - 1));
  if (rng.chance(0.3)) return surname + first;
  return surname + first + chars.charAt(rng.int(0, chars.length - 1));
}

/** County office staff who review 销号; completers are township clerks, never one of these. */
export const REVIEWERS = ['王建国', '李淑芬', '赵立新', '陈晓东'] as const;
const REVIEWER_SET: ReadonlySet<string> = new Set(REVIEWERS);
export function clerkName(rng: Rng): string {
  for (;;) {
    const name = personName(rng);
    if (!REVIEWER_SET.has(name)) return name;
  }
}

export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits.charAt(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : digits.charAt(n % 10)}`;
  if (n < 100) return `${digits.charAt(Math.floor(n / 10))}十${n % 10 === 0 ? '' : digits.charAt(n % 10)}`;
  return String(n);
}
