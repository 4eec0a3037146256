// Where the ledger lives, kept in config.json beside the data-folder choice (electron/data-dir.ts): "ledger"
// is "local" or "office", "officeServer" the server's fields and its password encrypted by the PC's
// credential box (Electron's safeStorage: the password is never in the file in plain text). The other keys of
// the file (dataDir) are kept as they are.
import fs from 'node:fs';
import path from 'node:path';
import { LEDGER_LOCATIONS, officeServerFields, type LedgerLocation, type OfficeServerSettings } from '../../shared/api-office';
import { readConfigObject } from '../data-dir';
import type { CredentialBox } from './credentials';

export interface StoredLocation {
  location: LedgerLocation;
  server: OfficeServerSettings | null;
  /** The password as the credential box sealed it (base64), or null. */
  sealedPassword: string | null;
  /** What in the file could not be used (a Chinese sentence); the location is then local. */
  problem: string | null;
}

/** What a door needs to read and change the choice: the file and this PC's credential box. */
export interface LocationSettingsAccess {
  configFile: string;
  credentials: CredentialBox;
  /** db/migrations-pg as this build ships it (测试连接 compares the server's schema with it). */
  pgMigrationsFolder?: string;
  /** db/migrations as this build ships it (a new local ledger file made from the server). */
  sqliteMigrationsFolder?: string;
  /** What this run opened (electron/office/startup.ts decides). */
  open: LedgerLocation;
  /** Why this run did not open the office server although it is chosen (electron/office/startup.ts), else null. */
  startupNotice: string | null;
  /** The office server this run was given at start (browser mode's --pg or FUPIN_PG_URL), over the file's choice. */
  givenServer?: OfficeServerSettings;
}

const LOCAL: StoredLocation = { location: 'local', server: null, sealedPassword: null, problem: null };

type ConfigObject = Record<string, unknown>;

export function readStoredLocation(configFile: string): StoredLocation {
  const config = readConfigObject(configFile);
  if (config === null) return { ...LOCAL, problem: `设置文件 ${configFile} 无法读取，台账存放位置按“本机文件”处理。` };
  const location = (LEDGER_LOCATIONS as readonly unknown[]).includes(config.ledger) ? (config.ledger as LedgerLocation) : 'local';
  const raw = config.officeServer;
  if (raw === undefined || raw === null) {
    return location === 'office' ? { ...LOCAL, problem: `设置文件 ${configFile} 选了办公室服务器，却没有写服务器的地址。` } : LOCAL;
  }
  const parsed = officeServerFields.safeParse(raw);
  if (!parsed.success) {
    return { ...LOCAL, problem: `设置文件 ${configFile} 中的办公室服务器设置有误（${parsed.error.issues[0]?.message ?? '格式不对'}），请在 设置 → 数据存放 中重新填写。` };
  }
  const sealed = (raw as ConfigObject).sealedPassword;
  return { location, server: parsed.data, sealedPassword: typeof sealed === 'string' && sealed !== '' ? sealed : null, problem: null };
}

/** Record the choice in config.json, keeping the file's other keys; refuses a file it cannot read. */
export function saveStoredLocation(configFile: string, stored: Omit<StoredLocation, 'problem'>): void {
  const config = readConfigObject(configFile);
  if (config === null) throw new Error(`设置文件 ${configFile} 无法读取，没有保存。请先修正或删除这个文件。`);
  const next: ConfigObject = { ...config, ledger: stored.location };
  if (stored.server) next.officeServer = { ...stored.server, ...(stored.sealedPassword ? { sealedPassword: stored.sealedPassword } : {}) };
  else delete next.officeServer;
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  const temp = `${configFile}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
  fs.renameSync(temp, configFile);
}
