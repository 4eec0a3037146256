// Bulletin printing inside Electron: a hidden, sandboxed BrowserWindow loads the bulletin's HTML (the same
// document the preview shows) and either prints it to PDF or opens the system print dialog, where the clerk
// chooses the printer. Thin on purpose: the layout and everything else is tested in Node and Chromium.
import { BrowserWindow } from 'electron';
import { setHtmlPrinter, setHtmlToPdf } from './services/bulletins/pdf';

async function withHiddenWindow<T>(html: string, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await use(win);
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

export function installBulletinPrinting(): void {
  setHtmlToPdf((html) =>
    withHiddenWindow(html, async (win) => new Uint8Array(await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } }))),
  );
  setHtmlPrinter((html) =>
    withHiddenWindow(
      html,
      (win) =>
        new Promise((resolve) => {
          // The system dialog: the user picks the printer and copies; margins come from the page (A4, none).
          win.webContents.print({ silent: false, printBackground: true, margins: { marginType: 'none' } }, (printed, reason) => resolve({ printed, reason }));
        }),
    ),
  );
}
