// Bulletin printing inside Electron: a hidden, sandboxed BrowserWindow loads the bulletin's HTML (the same
// document the preview shows) and either prints it to PDF or opens the system print dialog, where the clerk
// chooses the printer. The print window is a child of the main window, which is locked while the dialog is
// open; a print request while one is pending is ignored (print-guard.ts). Thin on purpose: the layout and
// everything else is tested in Node and Chromium.
import { BrowserWindow } from 'electron';
import { createPrintGuard } from './print-guard';
import { setHtmlPrinter, setHtmlToPdf } from './ledger/bulletins/pdf';

async function withHiddenWindow<T>(html: string, parent: BrowserWindow | null, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    ...(parent && !parent.isDestroyed() ? { parent } : {}),
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await use(win);
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

/** `mainWindow` is asked at each print: the window may have been recreated since start-up. */
export function installBulletinPrinting(mainWindow: () => BrowserWindow | null): void {
  setHtmlToPdf((html) =>
    withHiddenWindow(html, null, async (win) => new Uint8Array(await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } }))),
  );
  let locked: BrowserWindow | null = null;
  const guard = createPrintGuard({
    onStart: () => {
      locked = mainWindow();
      if (locked && !locked.isDestroyed()) locked.setEnabled(false);
    },
    onEnd: () => {
      if (locked && !locked.isDestroyed()) {
        locked.setEnabled(true);
        locked.focus();
      }
      locked = null;
    },
  });
  setHtmlPrinter((html) =>
    guard.run(
      () =>
        withHiddenWindow(
          html,
          mainWindow(),
          (win) =>
            new Promise((resolve) => {
              // The system dialog: the user picks the printer and copies; margins come from the page (A4, none).
              win.webContents.print({ silent: false, printBackground: true, margins: { marginType: 'none' } }, (printed, reason) => resolve({ printed, reason }));
            }),
        ),
      { printed: false, reason: 'busy' },
    ),
  );
}
