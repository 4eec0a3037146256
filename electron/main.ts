// The Electron main process: one instance, one ledger file, one locked-down window. Everything with logic
// lives in testable modules (services/, ipc.ts, window-state.ts, menu.ts); this file only wires them to
// Electron, so keep it thin.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type WebContents, type WebFrameMain } from 'electron';
import type { ProgressEvent } from '../shared/api';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAppUrl, PROGRESS_CHANNEL, registerIpcHandlers } from './ipc';
import { APP_NAME, buildMenuTemplate } from './menu';
import { startDailyBackup } from './services/backup/service';
import { openLedger, type LedgerHandle } from './services/context';
import { dispatch, handlers, type HandlerTable } from './services/handlers';
import { logError } from './services/log';
import { debounce, fitBoundsToDisplays, loadWindowState, minimumSizeFor, saveWindowState, type WindowState } from './window-state';


const isDev = !app.isPackaged;
/** The Vite dev server, trusted only in an unpackaged run (scripts/dev.mjs sets it). */
const devServerUrl = isDev ? process.env.VITE_DEV_SERVER_URL || undefined : undefined;
/** dist-electron/main.js → dist/renderer; inside the installed app both sit in app.asar. */
const rendererDir = path.join(__dirname, '..', 'dist', 'renderer');

let mainWindow: BrowserWindow | null = null;
let ledger: LedgerHandle | null = null;

/** config.json in userData may move the data folder (e.g. to D:\ or a backed-up share); absolute paths only. */
function resolveDataDir(userData: string): string {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(userData, 'config.json'), 'utf8')) as { dataDir?: unknown } | null;
    const dir = typeof raw?.dataDir === 'string' ? raw.dataDir.trim() : '';
    if (dir && path.isAbsolute(dir)) return dir;
  } catch {
    // Missing or unreadable config: use the default folder.
  }
  return path.join(userData, 'data');
}

/** A sentence a clerk can act on, for the start-up failures that actually happen. */
function openFailureReason(error: unknown): string {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return '数据文件正被另一个程序占用。请关闭其他打开此文件的程序后重试。';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return '数据文件已损坏或不是扶贫台账的数据文件。请用“备份”文件夹中的副本恢复，或联系技术支持。';
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return '没有权限读写数据文件夹。请检查文件夹权限，或在 config.json 中改用其他数据文件夹。';
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return '磁盘空间已满。请清理磁盘空间后重试。';
  return '打开或升级数据文件时出错，数据文件未被修改。请重新启动；如仍出错，请联系技术支持。';
}

/** The IPC door answers only our own window's top frame showing our own page. */
function isTrustedSender(frame: WebFrameMain | null, sender: WebContents): boolean {
  if (!mainWindow || mainWindow.isDestroyed() || sender.id !== mainWindow.webContents.id) return false;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, rendererDir, devServerUrl);
}

function sendProgress(event: ProgressEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(PROGRESS_CHANNEL, event);
}

/** CSP on every response, and no permission (camera, notifications, …) is ever granted. */
function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const fromDevServer = devServerUrl !== undefined && details.url.startsWith(devServerUrl);
    const policy = fromDevServer ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Applies to every web contents, including ones created later (print windows, devtools): no way out. */
function guardContents(contents: WebContents): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url, rendererDir, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function createWindow(stateFile: string): BrowserWindow {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  // Primary first: fitBoundsToDisplays centres lost windows on displays[0].
  const ordered = [primary, ...displays.filter((d) => d.id !== primary.id)];
  const state = fitBoundsToDisplays(loadWindowState(stateFile), ordered);
  // The minimum size must fit the display the window opens on (a small laptop screen may be under 1100×700).
  const home = state.x !== undefined && state.y !== undefined ? screen.getDisplayMatching({ x: state.x, y: state.y, width: state.width, height: state.height }) : primary;
  const min = minimumSizeFor(home.workArea);

  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: min.width,
    minHeight: min.height,
    show: false,
    title: APP_NAME,
    backgroundColor: '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(__dirname, 'preload.js'),
      spellcheck: false,
    },
  });

  win.once('ready-to-show', () => {
    if (state.isMaximized) win.maximize();
    win.show();
  });

  // Remember the normal (un-maximized) bounds plus the maximized flag.
  const currentState = (): WindowState => ({ ...win.getNormalBounds(), isMaximized: win.isMaximized() });
  const save = debounce(() => {
    try {
      saveWindowState(stateFile, currentState());
    } catch (error) {
      logError('window-state', error);
    }
  }, 500);
  win.on('resize', () => save());
  win.on('move', () => save());
  win.on('maximize', () => save());
  win.on('unmaximize', () => save());
  win.on('close', () => {
    save();
    save.flush();
  });
  win.on('closed', () => {
    mainWindow = null;
  });

  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(path.join(rendererDir, 'index.html'));
  return win;
}

function start(): void {
  app.enableSandbox();
  // Same id as electron-builder.yml's appId, so Windows groups the taskbar icon with the installed shortcut.
  if (process.platform === 'win32') app.setAppUserModelId('cn.gov.county.fupinledger');
  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  app.on('second-instance', () => {
    // A second double-click brings the running window forward instead of opening the file twice.
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    ledger?.close();
    ledger = null;
  });

  void app.whenReady().then(() => {
    hardenSession();
    const userData = app.getPath('userData');
    const dataDir = resolveDataDir(userData);
    const dbFile = path.join(dataDir, 'ledger.db');
    const migrationsFolder = app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(app.getAppPath(), 'db', 'migrations');

    try {
      fs.mkdirSync(dataDir, { recursive: true });
      ledger = openLedger({ dbFile, door: 'electron', dataDir, migrationsFolder, version: app.getVersion(), onProgress: sendProgress });
    } catch (error) {
      logError('open ledger', error);
      dialog.showErrorBox(`${APP_NAME}无法启动`, `无法打开台账数据文件：\n${dbFile}\n\n${openFailureReason(error)}`);
      app.quit();
      return;
    }
    const opened = ledger;
    void startDailyBackup(opened);

    // The system dialogs for 备份与恢复; every other channel is the shared table.
    const table: HandlerTable = {
      ...handlers,
      'backup.pickFolder': async () => {
        const options = { title: '选择备份存放的文件夹（如U盘）', properties: ['openDirectory' as const, 'createDirectory' as const] };
        const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return { path: picked.canceled ? null : (picked.filePaths[0] ?? null) };
      },
      'backup.pickFile': async () => {
        const options = { title: '选择要恢复的备份文件', properties: ['openFile' as const], filters: [{ name: '台账备份', extensions: ['db'] }] };
        const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return { path: picked.canceled ? null : (picked.filePaths[0] ?? null) };
      },
    };
    registerIpcHandlers(ipcMain, { dispatch: (channel, input) => dispatch(opened, channel, input, table), isTrustedSender });

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          isMac: process.platform === 'darwin',
          isDev,
          onOpenDataFolder: () => {
            void shell.openPath(dataDir).then((problem) => {
              if (problem) dialog.showErrorBox('无法打开数据文件夹', `${dataDir}\n\n${problem}`);
            });
          },
          onAbout: () => {
            const options = {
              type: 'info' as const,
              title: `关于${APP_NAME}`,
              message: `${APP_NAME} ${app.getVersion()}`,
              detail: `县级乡村振兴（扶贫）部门的项目库、资金、督导整改台账。\n\n数据文件：${dbFile}`,
              buttons: ['确定'],
            };
            void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
          },
          onQuit: () => app.quit(),
        }),
      ),
    );

    mainWindow = createWindow(path.join(userData, 'window-state.json'));
  });
}

// Two copies writing one SQLite file would fight over it: the second start only wakes the first.
if (app.requestSingleInstanceLock()) start();
else app.quit();
