import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from '../../electron/menu';

type Item = ReturnType<typeof buildMenuTemplate>[number];
type ClickArgs = Parameters<NonNullable<Item['click']>>;

const CHINESE = /[\u4e00-\u9fff]/;

function options(over: Partial<MenuOptions> = {}) {
  const calls: string[] = [];
  const opts: MenuOptions = {
    isMac: false,
    isDev: false,
    onOpenDataFolder: () => calls.push('openDataFolder'),
    onAbout: () => calls.push('about'),
    onQuit: () => calls.push('quit'),
    ...over,
  };
  return { opts, calls };
}

function submenuOf(item: Item): Item[] {
  return Array.isArray(item.submenu) ? (item.submenu as Item[]) : [];
}

function allItems(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...allItems(submenuOf(item))]);
}

function find(items: Item[], label: string): Item {
  const item = allItems(items).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

/** Electron passes (menuItem, window, event); the handlers here ignore them. */
function click(item: Item): void {
  item.click?.(...([] as unknown as ClickArgs));
}

describe('application menu', () => {
  it('has exactly 文件 编辑 视图 帮助 on Windows and Linux', () => {
    const template = buildMenuTemplate(options().opts);
    expect(template.map((i) => i.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('adds the app menu first on macOS', () => {
    const template = buildMenuTemplate(options({ isMac: true }).opts);
    expect(template.map((i) => i.label)).toEqual(['扶贫台账', '文件', '编辑', '视图', '帮助']);
  });

  it('labels every item in Chinese (a role alone would show English)', () => {
    for (const isMac of [false, true]) {
      for (const item of allItems(buildMenuTemplate(options({ isMac, isDev: true }).opts))) {
        if (item.type === 'separator') continue;
        expect(item.label, JSON.stringify({ role: item.role })).toMatch(CHINESE);
        expect(item.label).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it('shows 开发者工具 only in development', () => {
    const hasDevTools = (isDev: boolean) =>
      allItems(buildMenuTemplate(options({ isDev }).opts)).some((i) => i.role === 'toggleDevTools' || i.label === '开发者工具');
    expect(hasDevTools(false)).toBe(false);
    expect(hasDevTools(true)).toBe(true);
  });

  it('has the file, edit and view entries the brief names', () => {
    const template = buildMenuTemplate(options().opts);
    const [file, edit, view] = template as [Item, Item, Item, Item];
    expect(submenuOf(file).map((i) => i.label ?? i.type)).toEqual(['打开数据文件夹', 'separator', '退出']);
    expect(submenuOf(edit).filter((i) => i.role).map((i) => [i.label, i.role])).toEqual([
      ['撤销', 'undo'],
      ['重做', 'redo'],
      ['剪切', 'cut'],
      ['复制', 'copy'],
      ['粘贴', 'paste'],
      ['全选', 'selectAll'],
    ]);
    expect(submenuOf(view).filter((i) => i.role).map((i) => i.label)).toEqual(['重新加载', '实际大小', '放大', '缩小', '全屏']);
    expect(find(template, '退出').accelerator).toBe('Ctrl+Q');
  });

  it('wires the clicks to the callbacks', () => {
    const { opts, calls } = options();
    const template = buildMenuTemplate(opts);
    click(find(template, '打开数据文件夹'));
    click(find(template, '关于扶贫台账'));
    click(find(template, '退出'));
    expect(calls).toEqual(['openDataFolder', 'about', 'quit']);
  });

  it('on macOS quits from the app menu with ⌘Q and has no clashing shortcuts', () => {
    const { opts, calls } = options({ isMac: true });
    const template = buildMenuTemplate(opts);
    const quit = find(template, '退出扶贫台账');
    expect(quit.accelerator).toBe('Command+Q');
    click(quit);
    expect(calls).toEqual(['quit']);
    const accelerators = allItems(template).flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
