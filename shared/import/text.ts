// Text folding for matching what clerks type: full-width forms, spaces inside words ("项 目 名 称"), line
// breaks in headers, brackets of every width, units written into headers ("总投资（万元）").
import type { MoneyUnit } from '../money';

/** Full-width ASCII and ideographic spaces → ASCII (NFKC), then trimmed. Chinese characters are unchanged. */
const NEEDS_NFKC = /[\u00a0\u2000-\u33ff\uf900-\ufaff\ufe30-\uffef]/;

export function foldWidth(text: string): string {
  // Most cells hold plain ASCII and ordinary Chinese, which NFKC leaves alone: skip the normalisation then.
  if (!NEEDS_NFKC.test(text)) return text.trim();
  return text.normalize('NFKC').replace(/[\u00a0\u3000]/g, ' ').trim();
}

/** Remove every kind of whitespace, including line breaks inside a cell. */
export function squeeze(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
}

/** Plain text of a cell for names and descriptions: width folded only for spaces, inner line breaks kept as one space. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Names (projects, places, units): spaces and line breaks dropped, full-width brackets kept as written. */
export function cleanName(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, (m, offset: number, whole: string) => {
    // Keep a single space between two Latin letters or digits ("G 102 国道" → "G 102国道" stays readable).
    const before = whole.charAt(offset - 1);
    const after = whole.charAt(offset + m.length);
    return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? ' ' : '';
  });
}

/** A key for comparing names: width folded, spaces dropped, brackets unified. */
export function nameKey(text: string): string {
  return squeeze(foldWidth(text)).replace(/[〔［【[]/g, '(').replace(/[〕］】\]]/g, ')');
}

export interface HeaderText {
  /** The folded header used for matching ("总投资"). */
  key: string;
  /** A money unit written in the header, if any. */
  unit: MoneyUnit | null;
}

const UNIT_IN_BRACKETS = /[(（[【〔]\s*(?:单位\s*[:：]?\s*)?(万元|万|元|亿元)\s*[)）\]】〕]/;

/**
 * Fold a header for matching: width, spaces and line breaks, units in brackets ("（万元）" → unit), other
 * bracket characters dropped but their content kept ("乡（镇）" → "乡镇"), leading "其中：" and marks like
 * "*" or "△" of required columns dropped.
 */
export function normaliseHeader(raw: string): HeaderText {
  let text = squeeze(foldWidth(raw));
  let unit: MoneyUnit | null = null;
  const m = UNIT_IN_BRACKETS.exec(text);
  if (m) {
    unit = m[1] === '元' ? 'yuan' : m[1] === '亿元' ? null : 'wan';
    text = text.replace(UNIT_IN_BRACKETS, '');
  }
  // Other bracketed units of counts and dates: (户) (人) (个) (年) (月) (日) (%) (万元/亩)…
  text = text.replace(/[(（[【〔](?:户|人|个|人次|村|年|月|日|天|%|％|亩|公里|km|处|座|套|吨|元\/[^)）\]】〕]*)[)）\]】〕]/g, '');
  // A trailing unit without brackets: "总投资万元", "金额/元".
  const tail = /(资金|投资|金额|规模|拨付|支付|下达|合计|小计|总计|中央|省级|市级|县级|其他|其它|衔接|资金数|额)(?:\/|单位[:：]?)?(万元|元)$/.exec(text);
  if (tail) {
    unit = tail[2] === '元' ? 'yuan' : 'wan';
    text = text.slice(0, text.length - tail[0].length) + (tail[1] ?? '');
  }
  text = text
    .replace(/[(（)）[\]【】〔〕{}<>《》「」『』"'“”‘’]/g, '')
    .replace(/^(?:其中|含)[:：]?/, '')
    .replace(/^[*＊△▲#№]+|[*＊△▲#]+$/g, '')
    .replace(/[:：、,，;；.。/\\|_-]+$/g, '')
    .replace(/^[:：、,，;；.。/\\|_-]+/g, '');
  return { key: text, unit };
}

/** Words that mark the sheet's money unit in titles and notes: "单位：万元", "金额单位：元", "（单位：万元）". */
export function unitFromNote(text: string): MoneyUnit | null {
  const folded = squeeze(foldWidth(text));
  const m = /(?:金额|资金)?单位[:：]?(万元|元)/.exec(folded);
  if (m) return m[1] === '元' ? 'yuan' : 'wan';
  return null;
}
