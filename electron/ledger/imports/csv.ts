// CSV (and tab-separated text): decoded as UTF-8 (BOM stripped) when it is valid UTF-8, else as GB18030 (a
// superset of GBK, built into Node and Chromium); UTF-16 with a BOM (Excel's "Unicode text") too. Encoding
// guessers are wrong on short Chinese text, so validity decides. Every cell stays a string: default number
// conversion would turn 110101199003071234 into 110101199003071230.
import { fileError, GridBuilder, LIMITS, MESSAGES, type ReadLimits, type WorkbookData } from './workbook';

export type TextEncodingName = NonNullable<WorkbookData['encoding']>;

/** Decode text bytes: BOMs first, then strict UTF-8, then GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 BOM' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/** The separator that splits the first lines most consistently (comma, tab, semicolon, vertical bar). */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < sample.length && lines.length < 20; i += 1) {
    const ch = sample.charAt(i);
    if (ch === '"') inQuotes = !inQuotes;
    else if ((ch === '\n' || ch === '\r') && !inQuotes) {
      if (i > start) lines.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  if (lines.length === 0) lines.push(sample);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', '\t', ';', '|']) {
    const counts = lines.map((l) => {
      let n = 0;
      let q = false;
      for (const ch of l) {
        if (ch === '"') q = !q;
        else if (ch === d && !q) n += 1;
      }
      return n;
    });
    const nonZero = counts.filter((n) => n > 0);
    if (nonZero.length === 0) continue;
    // Lines that agree on the most common count, weighted by that count.
    const freq = new Map<number, number>();
    for (const n of nonZero) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [n, f] of freq) if (f > modeFreq || (f === modeFreq && n > mode)) [mode, modeFreq] = [n, f];
    const score = modeFreq * 10 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Excel's way of keeping digits as text in CSV: ="0123" → 0123. */
function unwrapFormulaText(cell: string): string {
  const m = /^="(.*)"$/s.exec(cell);
  return m ? (m[1] ?? '').replace(/""/g, '"') : cell;
}

/** RFC 4180 with the usual tolerance: quoted fields with "" and line breaks, CRLF/LF/CR line ends. */
export function readCsv(bytes: Uint8Array, name: string, limits: ReadLimits = LIMITS): WorkbookData {
  const { text, encoding } = decodeText(bytes);
  if (text.replace(/[\s,;\t|"]/g, '') === '') throw fileError('EMPTY', MESSAGES.empty);
  if (text.indexOf('\u0000') >= 0) throw fileError('NOT_A_WORKBOOK', MESSAGES.notWorkbook('二进制文件'));
  const delimiter = detectDelimiter(text);
  const budget = { cells: limits.maxCells };
  const grid = new GridBuilder(name, budget, limits);
  let r = 0;
  let c = 0;
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    const value = quoted ? field : unwrapFormulaText(field);
    if (value !== '') grid.set(r, c, value);
    field = '';
    quoted = false;
    c += 1;
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */ && field === '' && !quoted) {
      // Quoted field: read to the closing quote.
      quoted = true;
      i += 1;
      let start = i;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(start);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          value += `${text.slice(start, q)}"`;
          i = q + 2;
          start = i;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      if (value.length > limits.maxCellChars) grid.set(r, c, value);
      field = value;
      // Anything between the closing quote and the delimiter is kept (tolerant).
      continue;
    }
    if (text.charAt(i) === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (ch === 10 || ch === 13) {
      endField();
      r += 1;
      c = 0;
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i += 1;
      i += 1;
      continue;
    }
    // Plain run up to the next special character.
    let j = i;
    while (j < n) {
      const cj = text.charCodeAt(j);
      if (cj === 10 || cj === 13 || text.charAt(j) === delimiter) break;
      j += 1;
    }
    field += text.slice(i, j);
    if (field.length > limits.maxCellChars) grid.set(r, c, field);
    i = j;
  }
  if (field !== '' || c > 0) endField();
  return { format: 'csv', encoding, sheets: [grid.build('visible')], reader: 'csv' };
}
