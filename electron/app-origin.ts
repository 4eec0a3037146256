// The renderer's own origin in the Electron window (served by app-protocol.ts). No imports: ipc.ts uses these,
// and ipc.ts is bundled into the sandboxed preload, where nothing but 'electron' may be required.
export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
