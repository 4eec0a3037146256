// The Electron main process: one instance, one ledger file, one locked-down window. Everything with logic
// lives in testable modules (ledger/, platform/, ipc.ts, window-state.ts, menu.ts, startup-folder.ts, app-protocol.ts,
// dialog-folders.ts, print-guard.ts); this file only wires them to Electron, so keep it thin.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell, type OpenDialogOptions, type WebContents, type WebFrameMain } from 'electron';
import type { ProgressEvent } from '../shared/api';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../shared/csp';
import { CONFIG_FILE_NAME, LEDGER_FILE_NAME } from './data-dir';
import type { CredentialBox } from './office/credentials';
import { decideStartupLedger, officeStartFailure, type StartupLedger, type StartupLedgerDeps } from './office/startup';
import { officeBackupFolder } from './ledger/backup/service';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { dialogFolders, type DialogPurpose } from './dialog-folders';
import { isAllowedExternalUrl } from './external-links';
import { realFolderProbe } from './folder-safety';
import { isAppUrl, PROGRESS_CHANNEL, registerIpcHandlers } from './ipc';
import { APP_NAME, buildMenuTemplate } from './menu';
import { installBulletinPrinting } from './print';
import { backupFolder, startDailyBackup } from './ledger/backup/service';
import { newSessionSlot, openLedger, type LedgerHandle, type SessionSlot } from './platform/context';
import { dispatch, handlers, type HandlerTable } from './platform/handlers';
import { logError } from './platform/log';
import { openFailureReason } from './platform/open-failure';
import { openOfficeLedger } from './platform/office-ledger';
import { scheduleStartupVerify } from './ledger/audit/verify/startup';
import { withSession } from './ledger/operators/service';
import { chooseDataFolder, type StartupUi } from './startup-folder';
import { debounce, fitBoundsToDisplays, loadWindowState, minimumSizeFor, saveWindowState, type WindowState } from './window-state';


const isDev = !app.isPackaged;
/** The Vite dev server, trusted only in an unpackaged run (scripts/dev.mjs sets it). */
const devServerUrl = isDev ? process.env.VITE_DEV_SERVER_URL || undefined : undefined;
/** dist-electron/main.js → dist/renderer; inside the installed app both sit in app.asar. Served as app://ledger/. */
const rendererDir = path.join(__dirname, '..', 'dist', 'renderer');
/** The window icon (Linux taskbars; Windows takes the exe's): build/icon.png, shipped as resources/icon.png. */
const iconFile = app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(__dirname, '..', 'build', 'icon.png');

let mainWindow: BrowserWindow | null = null;
let ledger: LedgerHandle | null = null;
/** One sign-in session per window (webContents); forgotten when the window goes. */
const sessions = new Map<number, SessionSlot>();

function sessionFor(contents: WebContents): SessionSlot {
  let slot = sessions.get(contents.id);
  if (!slot) {
    slot = newSessionSlot();
    sessions.set(contents.id, slot);
    const id = contents.id;
    contents.once('destroyed', () => sessions.delete(id));
  }
  return slot;
}

/** The IPC door answers only our own window's top frame showing our own page. */
function isTrustedSender(frame: WebFrameMain | null, sender: WebContents): boolean {
  if (!mainWindow || mainWindow.isDestroyed() || sender.id !== mainWindow.webContents.id) return false;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, devServerUrl);
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

/** An address the app itself links to opens in the system browser; anything else is dropped. */
function openAllowedExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK — only https addresses listed in external-links.ts, compared exactly
}

/** Applies to every web contents, including ones created later (print windows, devtools): no way out. */
function guardContents(contents: WebContents): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url, devServerUrl)) return;
    event.preventDefault();
    openAllowedExternal(event.url);
  };
  contents.on('will-navigate', refuseForeign);
  // Frames (none are allowed by the CSP, but still): refuse without opening anything.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openAllowedExternal(url);
    return { action: 'deny' };
  });
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
    icon: iconFile,
    backgroundColor: '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(__dirname, 'preload.js'), // eng-disable PRELOAD_JS_CHECK — sandboxed preload exposes only call(channel, input) and onProgress via contextBridge; every channel is checked against the contract and the sender in ipc.ts
      // Middle-click must not open links in new windows (setWindowOpenHandler denies them anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      // No developer tools in the installed app (a clerk's machine is not a debugging station).
      devTools: isDev,
      // A page cannot flood the user with alert()/confirm() dialogs.
      safeDialogs: true,
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

  void win.loadURL(devServerUrl ?? APP_INDEX_URL);
  return win;
}

/** The start-up questions about the data folder, asked with Electron's own message box and folder picker. */
const startupUi: StartupUi = {
  ask: async (question) => {
    const answer = await dialog.showMessageBox({ type: 'warning', noLink: true, defaultId: 0, cancelId: question.buttons.length - 1, ...question });
    return answer.response;
  },
  pickFolder: async (title) => {
    const picked = await dialog.showOpenDialog({ title, defaultPath: app.getPath('documents'), properties: ['openDirectory', 'createDirectory'] });
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  },
};

/**
 * The office server's password, sealed by the operating system (Windows DPAPI, macOS Keychain, Linux secret
 * service). Linux's basic_text fallback only obfuscates: counted as unavailable, so no password is kept there.
 */
const safeStorageBox: CredentialBox = {
  available: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
  open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
};

/** A system file dialog over the main window, starting in the folder last used for `purpose`. */
async function pickPath(folders: ReturnType<typeof dialogFolders>, purpose: DialogPurpose, fallback: string, options: OpenDialogOptions): Promise<{ path: string | null }> {
  const withStart: OpenDialogOptions = { ...options, defaultPath: folders.startIn(purpose, fallback) };
  const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, withStart) : await dialog.showOpenDialog(withStart);
  const chosen = picked.canceled ? null : (picked.filePaths[0] ?? null);
  if (chosen) folders.remember(purpose, chosen, options.properties?.includes('openDirectory') ? 'folder' : 'file');
  return { path: chosen };
}

/**
 * The ledger this start opens. A chosen office server that cannot be opened is said, with the choice to try
 * again, to open the local file this once (its notice stays in 设置 → 数据存放), or to quit (null).
 */
async function startupLedgerOrAsk(deps: StartupLedgerDeps): Promise<StartupLedger | null> {
  for (;;) {
    try {
      return await decideStartupLedger(deps);
    } catch (error) {
      logError('office server at start', error);
      const failure = officeStartFailure(deps, error);
      const buttons = ['重试', '本次打开本机文件', '退出'];
      const answer = await dialog.showMessageBox({ type: 'warning', noLink: true, title: '办公室服务器', message: '没能打开办公室服务器上的台账', detail: failure.message, buttons, defaultId: 0, cancelId: 2 });
      if (answer.response === 0) continue;
      if (answer.response === 1) return { open: 'local', notice: failure.localNotice };
      return null;
    }
  }
}

function start(): void {
  app.enableSandbox();
  // Before ready: app://ledger/ is a standard, secure origin (fetch, module scripts), not a CSP bypass.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
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

  void app.whenReady().then(async () => {
    hardenSession();
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
    const userData = app.getPath('userData');
    // Never a silent fallback: an unreadable config.json or a network folder is asked about (startup-folder.ts).
    const folder = await chooseDataFolder(userData, { ui: startupUi, probe: realFolderProbe(), onSaveError: (error) => logError('config.json', error) });
    if (!folder) {
      app.quit();
      return;
    }
    const { dataDir, source: dataSource } = folder;
    // 本机文件 or 办公室服务器 (设置 → 数据存放): the one decision lives in office/startup.ts.
    const configFile = path.join(userData, CONFIG_FILE_NAME);
    const pgMigrationsFolder = app.isPackaged ? path.join(process.resourcesPath, 'migrations-pg') : path.join(app.getAppPath(), 'db', 'migrations-pg');
    const migrationsFolder = app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(app.getAppPath(), 'db', 'migrations');
    const dbFile = path.join(dataDir, LEDGER_FILE_NAME);
    const where = await startupLedgerOrAsk({ configFile, credentials: safeStorageBox, migrationsFolder: pgMigrationsFolder, backupFolder: officeBackupFolder({ dbFile }) });
    if (!where) {
      app.quit();
      return;
    }
    const startupNotice = where.notice;
    const ledgerLocation = {
      configFile,
      credentials: safeStorageBox,
      pgMigrationsFolder,
      sqliteMigrationsFolder: migrationsFolder,
      open: where.open,
      // 设置 → 数据存放 warns only when the chosen server was not opened; a migration's notice is said once, below.
      startupNotice: where.open === 'local' ? startupNotice : null,
    };

    try {
      fs.mkdirSync(dataDir, { recursive: true });
      ledger =
        where.open === 'office'
          ? openOfficeLedger({ pool: where.connection.pool, server: where.server, door: 'electron', dataDir, dataSource, version: app.getVersion(), onProgress: sendProgress, ledgerLocation })
          : openLedger({ dbFile, door: 'electron', dataDir, dataSource, migrationsFolder, version: app.getVersion(), onProgress: sendProgress, ledgerLocation });
    } catch (error) {
      logError('open ledger', error);
      dialog.showErrorBox(`${APP_NAME}无法启动`, `无法打开台账数据文件：\n${dbFile}\n\n${openFailureReason(error)}`);
      app.quit();
      return;
    }
    const opened = ledger;
    installBulletinPrinting(() => mainWindow);
    const folders = dialogFolders(path.join(userData, 'dialog-folders.json'), { onError: (error) => logError('dialog-folders', error) });
    // The daily copy is of a local file; the office server's ledger is backed up on purpose (备份与恢复), not by every PC each day.
    if (where.open === 'local') void startDailyBackup(opened);

    // The system dialogs for 备份与恢复; every other channel is the shared table.
    const table: HandlerTable = {
      ...handlers,
      // Backups may go to a USB stick or a network share (only the live ledger must be local).
      'backup.pickFolder': () => pickPath(folders, 'backupFolder', app.getPath('documents'), { title: '选择备份存放的文件夹（如U盘）', properties: ['openDirectory', 'createDirectory'] }),
      'backup.pickFile': () =>
        pickPath(folders, 'restoreFile', backupFolder(opened), { title: '选择要恢复的备份文件', properties: ['openFile'], filters: [{ name: '台账备份', extensions: ['db'] }] }),
    };
    registerIpcHandlers(ipcMain, {
      dispatch: (channel, input, sender) => dispatch(withSession(opened, sessionFor(sender)), channel, input, table),
      isTrustedSender,
    });

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
              detail: `县级乡村振兴（扶贫）部门的项目库、资金、督导整改台账。\n\n${where.open === 'office' ? '台账' : '数据文件'}：${opened.dbFile}`,
              buttons: ['确定'],
            };
            void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
          },
          onQuit: () => app.quit(),
        }),
      ),
    );

    mainWindow = createWindow(path.join(userData, 'window-state.json'));
    // 校验 once per start, in the background once the first screen is up (verify/startup.ts).
    mainWindow.once('ready-to-show', () => void scheduleStartupVerify(opened));
    if (startupNotice) {
      const win = mainWindow;
      const message = where.open === 'office' ? '已打开办公室服务器上的台账' : '本次打开的是本机的台账文件';
      win.once('ready-to-show', () => void dialog.showMessageBox(win, { type: 'info', title: '台账存放位置', message, detail: startupNotice, buttons: ['确定'] }));
    }
  }).catch((error: unknown) => {
    logError('start', error);
    dialog.showErrorBox(`${APP_NAME}无法启动`, `启动时出错：${error instanceof Error ? error.message : String(error)}\n\n请重新启动扶贫台账；如仍出错，请联系技术人员。`);
    app.quit();
  });
}

// Two copies writing one SQLite file would fight over it: the second start only wakes the first.
if (app.requestSingleInstanceLock()) start();
else app.quit();
