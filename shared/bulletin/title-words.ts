// Where a 2号 title (a bulletin's title, an attachment table's title) may break: between words, never inside
// one. Body text on the 28-character grid breaks between any two characters, as 公文 do; a centred title of
// two or three lines is read as phrases, and "问/题" or "脱/贫攻坚" at a line end reads wrong.
//
// Words come from Intl.Segmenter('zh', {granularity:'word'}) (ICU's dictionary, the same in Node and in
// Chromium/Electron), which knows common words (巩固|拓展, 检查, 问题) but not the office's own terms: it splits
// 脱|贫|攻|坚 and 督|导, and cuts 整改进度 as 整|改进|度. So the office's vocabulary below is laid over it: no
// break inside one of these terms, and a break allowed at each term's edges. A number stays with its unit
// (2026年, 第3期, 100%), 第 with its numeral, and no line starts with closing or ends with opening punctuation.

/** Terms of the office's bulletins that must not be broken. */
const TERMS = [
  '乡村振兴',
  '脱贫攻坚',
  '巩固拓展',
  '防返贫',
  '衔接资金',
  '序时进度',
  '支出进度',
  '整改进度',
  '整改情况',
  '督导检查',
  '专项督查',
  '巡视巡察',
  '考核评估',
  '动态监测',
  '监测帮扶',
  '问题整改',
  '项目资产',
  '项目资金',
  '脱贫',
  '攻坚',
  '成果',
  '督导',
  '督查',
  '督办',
  '整改',
  '销号',
  '进度',
  '问题',
  '衔接',
  '资金',
  '项目',
  '专项',
  '暗访',
  '巡察',
  '巡视',
  '反馈',
  '帮扶',
  '监测',
  '排名',
  '乡镇',
  '通报',
  '简报',
  '情况',
  '季度',
  '年度',
  '管理',
  '检查',
] as const;

/** Closing marks: never at a line's start (避头). Opening marks: never at its end (避尾). */
export const NO_LINE_START = new Set([...'，。、；：？！）》」』”’〕】…—%·,.;:?!)]}']);
export const NO_LINE_END = new Set([...'（《「『“‘〔【([{']);
/** Punctuation a title line may end with: the best places to break. */
const PAUSES = new Set([...'，、；：）》」』”〕】']);
/** What follows a number as its unit. */
const UNITS = new Set([...'年月日号期个次项%万元亿户人村镇乡季']);

let segmenter: Intl.Segmenter | null | undefined;

function wordBoundaries(text: string): Set<number> {
  const cuts = new Set<number>();
  if (segmenter === undefined) segmenter = typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  if (segmenter) {
    for (const s of segmenter.segment(text)) cuts.add(s.index);
  } else {
    // No segmenter: every character boundary, the vocabulary below still holds its terms together.
    for (let i = 0; i < text.length; i += 1) cuts.add(i);
  }
  return cuts;
}

/**
 * The title as pieces a line may break between (joined they give the text back), each with whether a break
 * after it falls at a pause (punctuation), where a title reads best broken.
 */
export function titlePieces(text: string): Array<{ text: string; pause: boolean }> {
  const cuts = wordBoundaries(text);
  // The vocabulary: its terms' edges are breaks, their insides are not.
  const inside = new Set<number>();
  for (const term of TERMS) {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      // An edge that falls inside another term is no break: `inside` is checked last.
      cuts.add(at);
      cuts.add(at + term.length);
      for (let k = at + 1; k < at + term.length; k += 1) inside.add(k);
    }
  }
  const pieces: Array<{ text: string; pause: boolean }> = [];
  let start = 0;
  for (let i = 1; i <= text.length; i += 1) {
    if (i < text.length) {
      if (!cuts.has(i) || inside.has(i)) continue;
      const before = text[i - 1]!;
      const after = text[i]!;
      // Surrogate pairs, ASCII runs, a number and its unit, 第 and its numeral, punctuation rules.
      if (/[\ud800-\udbff]/u.test(before)) continue;
      if (/[\x21-\x7e]/u.test(before) && /[\x21-\x7e]/u.test(after)) continue;
      if (/[0-9一二三四五六七八九十百零]/u.test(before) && UNITS.has(after)) continue;
      if (before === '第') continue;
      if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) continue;
    }
    const piece = text.slice(start, i);
    pieces.push({ text: piece, pause: PAUSES.has(piece.at(-1) ?? '') });
    start = i;
  }
  return pieces;
}
