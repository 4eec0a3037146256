// The bulletin layout as a pure function: numbering, line breaking on the 28-character grid, pages of 22
// lines, headings kept with what follows, tables with a header row on every page, the tail on the last page.
import { describe, expect, it } from 'vitest';
import { chineseNumeral, issueLabel, numberSections, printedSections, stripTypedNumber, type BulletinDocument, type BulletinSection } from '../../shared/bulletin/document';
import { balancedTitle, breakLines, CHAR_MM, layoutBulletin, LINE_MM, MIN_ROWS_ON_PAGE } from '../../shared/bulletin/layout';
import { titlePieces } from '../../shared/bulletin/title-words';

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
      { level: 0, text: 'q' },
    ]);
    expect(numbers).toEqual(['一、', '', '（一）', '1.', '（1）', '2.', '（二）', '1.', '二、', '（一）', '']);
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
    const { chromiumLaunchOptions } = await import('../../electron/ledger/bulletins/pdf');
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

describe('headings with nothing under them', () => {
  const sections: BulletinSection[] = [
    { level: 1, text: '基本情况' },
    { level: 0, text: '此次督导共发现问题18个。' },
    { level: 1, text: '主要做法及成效' },
    { level: 0, text: '  ' },
    { level: 1, text: '存在问题' },
    { level: 2, text: '桦树镇' },
    { level: 3, text: '项目报账资料不完整。' },
    { level: 2, text: '青石镇' },
    { level: 0, text: '' },
    { level: 1, text: '下步要求' },
    { level: 0, text: '' },
  ];

  it('are left out of the print and the printed headings are numbered one after another', () => {
    expect(printedSections(sections)).toEqual([true, true, false, false, true, true, true, false, false, false, false]);
    expect(numberSections(sections)).toEqual(['一、', '', '', '', '二、', '（一）', '1.', '', '', '', '']);
    const { html } = layoutBulletin(doc(sections));
    expect(html).toContain('一、基本情况');
    expect(html).toContain('二、存在问题');
    expect(html).toContain('（一）桦树镇');
    expect(html).not.toContain('主要做法及成效');
    expect(html).not.toContain('下步要求');
    expect(html).not.toContain('青石镇');
    expect(html).not.toContain('三、');
  });

  it('print again once the clerk writes under them', () => {
    const filled = sections.map((s, i) => (i === 10 ? { level: 0 as const, text: '各乡镇要按时销号。' } : s));
    const { html } = layoutBulletin(doc(filled));
    expect(html).toContain('三、下步要求');
    expect(html).toContain('各乡镇要按时销号。');
  });
});

describe('the draft mark', () => {
  it('is on every page of a draft, in the top margin, and on no page without it', () => {
    const paragraphs: BulletinSection[] = Array.from({ length: 30 }, () => ({ level: 0, text: '八'.repeat(54) }));
    const draft = layoutBulletin(doc(paragraphs, 40), { draft: true });
    const ps = pages(draft.html);
    expect(ps.length).toBe(draft.pageCount);
    expect(ps.length).toBeGreaterThan(4);
    for (const p of ps) expect(p).toMatch(/^[^>]*><div class="draft ht"><span>未签发，仅供审核<\/span><b>草稿<\/b><\/div><div class="in">/);
    const issued = layoutBulletin(doc(paragraphs, 40));
    expect(issued.pageCount).toBe(draft.pageCount);
    expect(issued.html).not.toContain('草稿');
  });
});

describe('tables across pages', () => {
  /** Rows of each table fragment (one per page), in order. */
  const fragments = (html: string) => pages(html).flatMap((p) => [...p.matchAll(/<tbody>(.*?)<\/tbody>/g)].map((m) => (m[1]!.match(/<tr/g) ?? []).length));

  it('never leaves fewer than three rows (a row and its 合计) on a continued page when the page before can spare them', () => {
    for (let rows = 20; rows <= 70; rows += 1) {
      const d = doc([{ level: 0, text: '正文' }], rows);
      d.tables[0]!.rows.push(['', '合计', '50.0%']);
      d.tables[0]!.boldRows = [rows];
      d.tables[0]!.note = '注：支出进度＝累计支出÷已下达×100%。';
      const counts = fragments(layoutBulletin(d).html);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(rows + 1);
      counts.slice(1).forEach((n) => expect(n, `${rows} rows: ${counts.join(' + ')}`).toBeGreaterThanOrEqual(MIN_ROWS_ON_PAGE));
    }
  });
});

describe('titles break between words', () => {
  const TITLES = [
    '关于2026年第三季度巩固拓展脱贫攻坚成果督导检查情况的通报',
    '关于2026年衔接资金项目管理专项督查发现问题整改情况的通报',
    '关于县委第三轮巡察反馈问题（2023年）整改进度的通报',
    '关于2026年防返贫动态监测帮扶工作暗访发现问题的通报',
    '关于2024年1月1日至2026年11月24日巩固拓展脱贫攻坚成果督导检查情况的通报',
  ];
  const WORDS = ['问题', '脱贫', '攻坚', '督导', '督查', '整改', '进度', '巩固', '拓展', '衔接', '资金', '项目', '通报', '2026年', '2023年', '11月', '24日'];

  it('segments with Intl.Segmenter and the office vocabulary: 整改进度, 脱贫攻坚 stay whole, 2026年 stays with its number', () => {
    const pieces = titlePieces('县委第三轮巡察反馈问题（2023年）整改进度表').map((p) => p.text);
    expect(pieces.join('')).toBe('县委第三轮巡察反馈问题（2023年）整改进度表');
    expect(pieces).toContain('整改进度');
    expect(pieces).toContain('（2023年）');
    expect(pieces.some((p) => p.startsWith('）'))).toBe(false);
    expect(titlePieces('巩固拓展脱贫攻坚成果').map((p) => p.text)).toEqual(['巩固拓展', '脱贫攻坚', '成果']);
  });

  it('never inside a word, in balanced lines that fit the block', () => {
    for (const title of TITLES) {
      const lines = balancedTitle(title, 22);
      expect(lines.join('')).toBe(title);
      expect(lines.length).toBeGreaterThan(1);
      for (let i = 1; i < lines.length; i += 1) {
        const joint = lines[i - 1]!.length;
        const whole = lines.join('');
        const at = lines.slice(0, i).join('').length;
        for (const w of WORDS) {
          for (let k = whole.indexOf(w); k >= 0; k = whole.indexOf(w, k + 1)) {
            expect(at > k && at < k + w.length, `${title}: "${lines.join(' / ')}" breaks ${w}`).toBe(false);
          }
        }
        expect(joint).toBeGreaterThan(0);
      }
      // Balanced: no line is less than half as long as the longest.
      const lengths = lines.map((l) => l.length);
      expect(Math.min(...lengths) * 2).toBeGreaterThanOrEqual(Math.max(...lengths));
    }
    expect(balancedTitle(TITLES[0]!, 22)).toEqual(['关于2026年第三季度巩固拓展', '脱贫攻坚成果督导检查情况的通报']);
  });
});
