// Where the ledger lives: config.json in the app's user-data folder may move the data folder (e.g. to D:\台账).
// Read the way a clerk or an IT helper actually writes that file on Windows — Notepad's BOM or its older
// ANSI (GBK) encoding, UTF-16 ("Unicode"), a path typed with single backslashes, Chinese quotes — and when
// it still cannot be read, say exactly what is wrong instead of quietly opening an empty ledger elsewhere.
// Plain Node (no 'electron'): main.ts asks the questions and shows the dialogs.
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from '../shared/api';

export const CONFIG_FILE_NAME = 'config.json';
export const LEDGER_FILE_NAME = 'ledger.db';

export type ConfigLookup =
  /** No config.json, or one that names no folder: the default folder under userData. */
  | { kind: 'default'; dataDir: string }
  | { kind: 'configured'; dataDir: string; configFile: string }
  /** config.json exists but says nothing usable; `namedDir` is the folder it seems to name, when one can be made out. */
  | { kind: 'unreadable'; configFile: string; problem: string; namedDir: string | null };

/** path.win32 on Windows, path.posix elsewhere; a parameter so the tests can read Windows paths on Linux. */
export type PathApi = Pick<typeof path.win32, 'isAbsolute' | 'normalize'>;

/** Bytes → text the way Notepad may have saved them: UTF-8 with or without BOM, UTF-16 with BOM, else GBK (ANSI). */
export function decodeConfigBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * The file read as written by hand: every backslash inside a quoted string is a path separator, not a JSON
 * escape ("D:\台账" → D:\台账, "\\server\share" → \\server\share). Only used when the strict reading fails or
 * gives a path with control characters (the "\n" of "D:\new" read as a line break).
 */
export function backslashesAsWritten(text: string): string {
  let out = '';
  let inString = false;
  for (const ch of text) {
    if (ch === '"') inString = !inString;
    out += inString && ch === '\\' ? '\\\\' : ch;
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f]/;

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function dataDirField(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).dataDir : undefined;
}

/** The folder a broken file seems to name ("dataDir": "…", also with Chinese quotes or colon), if it is an absolute path. */
export function guessNamedDir(text: string, pathApi: PathApi): string | null {
  const match = /["“”]dataDir["“”]\s*[:：]\s*["“”]([^"“”\r\n]+)["“”]/.exec(text);
  const raw = match?.[1]?.trim();
  if (!raw) return null;
  // Written JSON-style ("D:\\台账") or as is ("D:\台账"): the escaped reading when it is one.
  const escaped = parseJson(`"${raw}"`);
  const dir = escaped.ok && typeof escaped.value === 'string' && !CONTROL_CHARS.test(escaped.value) ? escaped.value : raw;
  return pathApi.isAbsolute(dir) ? pathApi.normalize(dir) : null;
}

/** What config.json's text says: a folder, no folder (null), or a Chinese sentence saying what is wrong. */
export function readConfigText(text: string, pathApi: PathApi): { dataDir: string | null } | { problem: string; namedDir: string | null } {
  let parsed = parseJson(text);
  const strictDir = parsed.ok ? dataDirField(parsed.value) : undefined;
  if (!parsed.ok || (typeof strictDir === 'string' && CONTROL_CHARS.test(strictDir))) {
    const asWritten = parseJson(backslashesAsWritten(text));
    if (asWritten.ok) parsed = asWritten;
  }
  if (!parsed.ok) {
    return { problem: `它的内容不是有效的 JSON（${parsed.error}）。正确的写法是：{"dataDir": "D:\\\\台账"}`, namedDir: guessNamedDir(text, pathApi) };
  }
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return { problem: '它的内容应当是 {"dataDir": "数据文件夹的完整路径"} 这样的一组设置。', namedDir: null };
  }
  const dir = dataDirField(parsed.value);
  if (dir === undefined || dir === null || (typeof dir === 'string' && dir.trim() === '')) return { dataDir: null };
  if (typeof dir !== 'string') return { problem: 'dataDir 应当是用英文双引号括起来的文件夹路径，例如 "D:\\\\台账"。', namedDir: null };
  const trimmed = dir.trim();
  if (CONTROL_CHARS.test(trimmed)) return { problem: `dataDir 中有无法识别的字符：${JSON.stringify(trimmed)}。`, namedDir: null };
  if (!pathApi.isAbsolute(trimmed)) return { problem: `dataDir（${trimmed}）不是完整路径，应写成带盘符的完整路径，例如 D:\\台账。`, namedDir: null };
  return { dataDir: pathApi.normalize(trimmed) };
}

export interface LookupDeps {
  readFile(file: string): Uint8Array;
  pathApi: PathApi;
}

const realDeps = (platform: NodeJS.Platform): LookupDeps => ({
  readFile: (file) => fs.readFileSync(file),
  pathApi: platform === 'win32' ? path.win32 : path.posix,
});

/** Which data folder config.json in `userData` names, the default one, or why the file cannot be read. */
export function lookupDataDir(userData: string, deps: LookupDeps = realDeps(process.platform)): ConfigLookup {
  const configFile = path.join(userData, CONFIG_FILE_NAME);
  const fallback: ConfigLookup = { kind: 'default', dataDir: path.join(userData, 'data') };
  let bytes: Uint8Array;
  try {
    bytes = deps.readFile(configFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') return fallback;
    return { kind: 'unreadable', configFile, problem: `无法读取这个文件（${code ?? (error instanceof Error ? error.message : String(error))}）。`, namedDir: null };
  }
  const read = readConfigText(decodeConfigBytes(bytes), deps.pathApi);
  if ('problem' in read) return { kind: 'unreadable', configFile, problem: read.problem, namedDir: read.namedDir };
  return read.dataDir === null ? fallback : { kind: 'configured', dataDir: read.dataDir, configFile };
}

/** How 设置 tells where the open folder came from. */
export function dataSourceOf(lookup: ConfigLookup): DataSource {
  return lookup.kind === 'configured' ? { kind: 'config', configFile: lookup.configFile } : { kind: 'default' };
}

/** config.json as an object (read as lookupDataDir reads it): {} when absent, null when it is not a JSON object. */
export function readConfigObject(configFile: string): Record<string, unknown> | null {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(configFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return null;
  }
  const text = decodeConfigBytes(bytes);
  let parsed = parseJson(text);
  if (!parsed.ok) parsed = parseJson(backslashesAsWritten(text));
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return null;
  return parsed.value as Record<string, unknown>;
}

/**
 * Save the folder the clerk settled on into config.json (correct JSON, so the next start reads it without
 * asking), keeping the file's other settings (the office server's, electron/office/location-file.ts). A file
 * that could not be read is kept beside it as config.json.bak, for whoever wrote it.
 */
export function saveDataDirConfig(configFile: string, dataDir: string): void {
  const others = readConfigObject(configFile) ?? {};
  if (fs.existsSync(configFile)) fs.copyFileSync(configFile, `${configFile}.bak`);
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, `${JSON.stringify({ ...others, dataDir }, null, 2)}\n`, 'utf8');
}
