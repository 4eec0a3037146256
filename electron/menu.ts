// The application menu, in Chinese. Pure: it returns the template and main.ts hands it to
// Menu.buildFromTemplate, so the tests can check it without Electron. Every item carries a Chinese label:
// roles alone would show Electron's English defaults.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isMac: boolean;
  isDev: boolean;
  onOpenDataFolder(): void;
  onAbout(): void;
  onQuit(): void;
}

export const APP_NAME = '扶贫台账';

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];

  if (opts.isMac) {
    // macOS puts About/Hide/Quit under a menu named after the app.
    template.push({
      label: APP_NAME,
      submenu: [
        { label: `关于${APP_NAME}`, click: () => opts.onAbout() },
        separator,
        { label: '服务', role: 'services' },
        separator,
        { label: `隐藏${APP_NAME}`, role: 'hide' },
        { label: '隐藏其他', role: 'hideOthers' },
        { label: '全部显示', role: 'unhide' },
        separator,
        { label: `退出${APP_NAME}`, accelerator: 'Command+Q', click: () => opts.onQuit() },
      ],
    });
  }

  template.push(
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: () => opts.onOpenDataFolder() },
        separator,
        // On macOS Quit already lives in the app menu with ⌘Q; here it would clash, so close the window instead.
        opts.isMac
          ? { label: '关闭窗口', role: 'close', accelerator: 'Command+W' }
          : { label: '退出', accelerator: 'Ctrl+Q', click: () => opts.onQuit() },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        separator,
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        separator,
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        ...(opts.isDev ? [{ label: '开发者工具', role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
        separator,
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        separator,
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      role: 'help',
      submenu: [{ label: `关于${APP_NAME}`, click: () => opts.onAbout() }],
    },
  );

  return template;
}
