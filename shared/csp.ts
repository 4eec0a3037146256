// The Content-Security-Policy of every page the app shows: only our own scripts, no eval, no remote
// content, no frames, no forms. Electron sends it as a header (app://ledger/, electron/app-protocol.ts) and the
// built index.html carries it as a meta tag too; the browser-mode bridge sends it as well.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'none'; form-action 'none'";

/** `npm run dev` only: Vite's dev server injects an inline React-refresh preamble and talks HMR over a websocket. */
export const DEV_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:5173; object-src 'none'; base-uri 'none'; frame-src 'none'; form-action 'none'";
