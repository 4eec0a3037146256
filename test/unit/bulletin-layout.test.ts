// The bulletin layout as a pure function: numbering, line breaking on the 28-character grid, pages of 22
// lines, headings kept with what follows, tables with a header row on every page, the tail on the last page.
import { describe, expect, it } from 'vitest';
import { chineseNumeral, issueLabel, numberSections, stripTypedNumber, type BulletinDocument, type BulletinSection } from '../../shared/bulletin/document';
import { breakLines, CHAR_MM, layoutBulletin, LINE_MM } from '../../shared/bulletin/layout';

const BODY = { pt: 16, spacingMm: CHAR_MM - 16 * (25.4 / 72) };

function doc(sections: BulletinSection[], rows = 0): BulletinDocument {
  return {
    masthead: { seriesName: '脱贫攻坚督导简报', issuer: '青山县乡村振兴局', classification: null, isSupplement: false, number: 3, year: 2026, issueDate: '2026-04-01' },
    title: '关于第一季度督导检查情况的通报',
    sections,
    tables:
      rows > 0
        ? [
            {
              title: '各乡镇衔接资金支出进度排名',
              subtitle: '（截至2026年3月31日，金额单位：万元）',
              columns: [
                { title: '排名', widthMm: 20, align: 'center' },
                { title: '乡镇', widthMm: 86, align: 'left' },
                { title: '支出进度', widthMm: 50, align: 'right' },
              ],
              rows: Array.from({ length: rows }, (_, i) => [String(i + 1), i === 5 ? '一个名字特别特别长的乡镇人民政府所在地的街道办事处（试点）' : `乡镇${i + 1}`, `${i}.0%`]),
              boldRows: [],
              note: null,
            },
          ]
        : [],
    tail: { recipients: { report: ['县委、县政府'], send: [], distribute: ['各乡镇'] }, copies: 40 },
  };
}

/** The pages of the HTML, each as its text lines' tops and texts in order. */
function pages(html: string): string[] {
  return html.split('<div class="page"').slice(1);
}

describe('bulletin numbering', () => {
  it('writes Chinese numerals and numbers headings by level, restarting under a new parent', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十']);
    const numbers = numberSections([
      { level: 1, text: 'a' },
      { level: 0, text: 'p' },
      { level: 2, text: 'b' },
      { level: 3, text: 'c' },
      { level: 4, text: 'd' },
      { level: 3, text: 'e' },
      { level: 2, text: 'f' },
      { level: 3, text: 'g' },
      { level: 1, text: 'h' },
      { level: 2, text: 'i' },
    ]);
    expect(numbers).toEqual(['一、', '', '（一）', '1.', '（1）', '2.', '（二）', '1.', '二、', '（一）']);
    expect(stripTypedNumber('三、存在问题')).toBe('存在问题');
    expect(stripTypedNumber('（二）桦树镇')).toBe('桦树镇');
    expect(stripTypedNumber('12. 项目')).toBe('项目');
    expect(issueLabel(4, false)).toBe('第4期');
    expect(issueLabel(1, true)).toBe('增刊第1期');
  });
});

describe('line breaking on the grid', () => {
  it('puts 28 Chinese characters on a line (26 after the indent) and keeps numbers whole', () => {
    const text = '一'.repeat(60);
    const lines = breakLines(text, BODY, 156 - 2 * CHAR_MM, 156);
    expect(lines.map((l) => l.length)).toEqual([26, 28, 6]);
    const withNumber = `${'二'.repeat(24)}12,345.67万元`;
    const broken = breakLines(withNumber, BODY, 156);
    expect(broken[1]!.startsWith('12,345.67')).toBe(true);
  });

  it('keeps closing punctuation off the start of a line and opening brackets off its end', () => {
    const closing = `${'三'.repeat(28)}。四`;
    const lines = breakLines(closing, BODY, 156);
    expect(lines[1]!.startsWith('。')).toBe(false);
    expect(lines[0]!.length).toBe(27);
    const opening = `${'五'.repeat(27)}（六）`;
    const l2 = breakLines(opening, BODY, 156);
    expect(l2[0]!.endsWith('（')).toBe(false);
  });
});

describe('pages', () => {
  it('fills 22 lines a page after the masthead, numbers every page and ends with the tail', () => {
    const paragraphs: BulletinSection[] = Array.from({ length: 30 }, () => ({ level: 0, text: '八'.repeat(54) }));
    const { html, pageCount } = layoutBulletin(doc(paragraphs));
    // Masthead 6 lines + title 1 + blank 1 = 8 lines on page 1: 14 lines there, 22 lines on the others.
    // 30 paragraphs × 2 lines = 60 lines → 14 + 22 + 22 + 2, and the tail fits under the last 2 lines.
    expect(pageCount).toBe(4);
    const ps = pages(html);
    expect(ps).toHaveLength(4);
    ps.forEach((p, i) => expect(p).toContain(`— ${i + 1} —`));
    expect(ps[0]).toContain('folio st odd');
    expect(ps[1]).toContain('folio st even');
    expect(ps[3]).toContain('共印40份');
    expect(ps[3]).toContain('报：县委、县政府');
    expect(html).toContain('第3期');
    expect(html).toContain('2026年4月1日');
    expect(html).toContain('@page{size:A4;margin:0}');
    expect(LINE_MM * 22).toBeCloseTo(225, 6);
  });

  it('never leaves a heading alone at the foot of a page', () => {
    // 13 one-line paragraphs leave 1 line on page 1: the heading must move to page 2 with its paragraph.
    const sections: BulletinSection[] = [...Array.from({ length: 13 }, () => ({ level: 0 as const, text: '九'.repeat(20) })), { level: 1, text: '存在问题' }, { level: 0, text: '十'.repeat(40) }];
    const ps = pages(layoutBulletin(doc(sections)).html);
    expect(ps[0]).not.toContain('存在问题');
    expect(ps[1]).toContain('一、存在问题');
  });

  it('repeats the table header on every page and wraps long names inside their cell', () => {
    const { html, pageCount } = layoutBulletin(doc([{ level: 0, text: '正文' }], 80));
    expect(pageCount).toBeGreaterThanOrEqual(4);
    const tablePages = pages(html).filter((p) => p.includes('<table'));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const p of tablePages) expect(p).toMatch(/<thead><tr[^>]*><th[^>]*>排名<\/th>/);
    // The long name is broken onto lines of at most 86 mm (about 19 characters of 12 pt).
    const cell = /<td style="text-align:left">(一个名字[^<]*(?:<br>[^<]*)*)<\/td>/.exec(html);
    expect(cell).not.toBeNull();
    expect(cell![1]!.split('<br>').length).toBeGreaterThan(1);
    expect(html.indexOf('附件1')).toBeGreaterThan(0);
  });

  it('escapes what the clerk typed', () => {
    const { html } = layoutBulletin(doc([{ level: 0, text: '<script>alert(1)</script> & “引号”' }]));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('line breaking with brackets around numbers', () => {
  it('moves an opening bracket and its number down rather than start a line with ）or ，', () => {
    const text = '从乡镇看，支出进度排名前三位的是南山乡（176.9%）、榆林乡（160.3%）、三道沟镇（127.2%），排名后三位的是新安镇（60.4%）';
    for (const width of [150, 140, 131, 120, 100]) {
      const lines = breakLines(text, BODY, width);
      expect(lines.join('')).toBe(text);
      for (const line of lines.slice(1)) expect(line).not.toMatch(/^[），、。%]/);
      for (const line of lines) expect(line).not.toMatch(/（$/);
    }
  });
});

describe('what Chromium draws', () => {
  it('draws every line the layout broke on one line within its width, and every cell within its column', async () => {
    const { chromium } = await import('playwright-core');
    const { chromiumLaunchOptions } = await import('../../electron/services/bulletins/pdf');
    const mixed = 'WWW MMM 项目编号QS-2026-0001、ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz mmmwww 1234567890 100.00% 12,345,678.90万元（176.9%）。';
    const sections: BulletinSection[] = [
      { level: 1, text: `WMWMWMWM标题${mixed}` },
      { level: 2, text: `二级${mixed}` },
      ...Array.from({ length: 6 }, (_, i) => ({ level: 0 as const, text: mixed.repeat(i + 1) })),
      { level: 3, text: mixed },
    ];
    const d = doc(sections, 30);
    d.title = `关于WWW-MMM项目${'长标题'.repeat(8)}的通报`;
    d.tables[0]!.rows[3] = ['4', 'WWWWWWWWWWWWWWWWWWWWMMMMMMMMMM', '99,999,999.99%'];
    const { html } = layoutBulletin(d);
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const problems = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.l'))) {
          if (!el.textContent) continue;
          const range = document.createRange();
          range.selectNodeContents(el);
          const rects = Array.from(range.getClientRects());
          const box = el.getBoundingClientRect();
          const tops = new Set(rects.map((r) => Math.round(r.top)));
          const right = Math.max(...rects.map((r) => r.right));
          if (tops.size > 1 || right > box.right + 0.5) out.push(`${el.textContent} (${tops.size} lines, ${(right - box.right).toFixed(1)} px over)`);
        }
        for (const cell of Array.from(document.querySelectorAll<HTMLElement>('td, th'))) {
          if (cell.scrollWidth > cell.clientWidth + 0.5) out.push(`cell ${cell.textContent} overflows`);
        }
        return out;
      });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
