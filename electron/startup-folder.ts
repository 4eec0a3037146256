// The start-up decision of which data folder to open, with the clerk asked whenever the answer is not
// certain: config.json unreadable, the folder on a network location, or a configured folder holding no
// ledger yet (a mistyped path would otherwise start an empty ledger). Never a silent fallback. Plain Node:
// main.ts passes Electron's dialogs in as `ui`, so every path of this flow is tested without Electron.
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from '../shared/api';
import { CONFIG_FILE_NAME, LEDGER_FILE_NAME, lookupDataDir, saveDataDirConfig, type ConfigLookup } from './data-dir';
import { checkLedgerFolder, type FolderProbe } from './folder-safety';

export interface Question {
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

export interface StartupUi {
  /** Shows the question; resolves with the index of the button chosen (closing the box = the last button). */
  ask(question: Question): Promise<number>;
  /** A folder picker; null when cancelled. */
  pickFolder(title: string): Promise<string | null>;
}

export interface StartupDeps {
  ui: StartupUi;
  probe: FolderProbe;
  lookup?: (userData: string) => ConfigLookup;
  ledgerExists?: (dataDir: string) => boolean;
  save?: (configFile: string, dataDir: string) => void;
  onSaveError?: (error: unknown) => void;
}

export interface StartupFolder {
  dataDir: string;
  source: DataSource;
}

const PICK_TITLE = '选择存放台账数据的文件夹（本机硬盘）';
const CHOOSE = '选择其他文件夹…';
const QUIT = '退出';

type Next = { use: string } | 'pick' | 'quit';

async function askUnreadable(ui: StartupUi, lookup: Extract<ConfigLookup, { kind: 'unreadable' }>): Promise<Next> {
  const buttons = lookup.namedDir ? [`打开其中写的文件夹 ${lookup.namedDir}`, CHOOSE, QUIT] : [CHOOSE, QUIT];
  const answer = await ui.ask({
    title: '设置文件有误',
    message: `扶贫台账的设置文件无法读取：\n${lookup.configFile}`,
    detail: `${lookup.problem}\n\n这个文件指定台账数据放在哪个文件夹。为免打开错误的台账，程序没有改用默认位置，请选择要打开的数据文件夹。`,
    buttons,
  });
  const chosen = buttons[answer];
  if (lookup.namedDir && answer === 0) return { use: lookup.namedDir };
  return chosen === CHOOSE ? 'pick' : 'quit';
}

async function askAfterRefusal(ui: StartupUi, message: string): Promise<Next> {
  const answer = await ui.ask({ title: '数据文件夹不能放在网络位置', message: '台账数据文件夹在网络位置上', detail: message, buttons: [CHOOSE, QUIT] });
  return answer === 0 ? 'pick' : 'quit';
}

async function askEmptyConfigured(ui: StartupUi, dataDir: string, configFile: string): Promise<Next> {
  const answer = await ui.ask({
    title: '数据文件夹中没有台账',
    message: `设置文件指定的数据文件夹中还没有台账数据文件：\n${dataDir}`,
    detail: `设置文件：${configFile}\n\n如果这是新设的文件夹，请选择“在这里新建台账”；如果路径写错了，请选择台账所在的文件夹，或退出后修改设置文件。`,
    buttons: ['在这里新建台账', CHOOSE, QUIT],
  });
  return answer === 0 ? { use: dataDir } : answer === 1 ? 'pick' : 'quit';
}

/** The folder to open and where that choice came from; null when the clerk chose to quit. */
export async function chooseDataFolder(userData: string, deps: StartupDeps): Promise<StartupFolder | null> {
  const { ui, probe } = deps;
  const lookup = (deps.lookup ?? lookupDataDir)(userData);
  const ledgerExists = deps.ledgerExists ?? ((dir: string) => fs.existsSync(path.join(dir, LEDGER_FILE_NAME)));
  const configFile = path.join(userData, CONFIG_FILE_NAME);
  const chosenSource: DataSource = { kind: 'chosen', configFile };

  let candidate: string;
  let source: DataSource;
  if (lookup.kind === 'unreadable') {
    const next = await askUnreadable(ui, lookup);
    if (next === 'quit') return null;
    const picked = next === 'pick' ? await ui.pickFolder(PICK_TITLE) : next.use;
    if (picked === null) return chooseDataFolder(userData, deps);
    candidate = picked;
    source = chosenSource;
  } else {
    candidate = lookup.dataDir;
    source = lookup.kind === 'configured' ? { kind: 'config', configFile: lookup.configFile } : { kind: 'default' };
  }

  for (;;) {
    const verdict = await checkLedgerFolder(candidate, probe);
    let next: Next | null = null;
    if (!verdict.ok) next = await askAfterRefusal(ui, verdict.message);
    else if (source.kind === 'config' && !ledgerExists(candidate)) {
      next = await askEmptyConfigured(ui, candidate, source.configFile);
      if (typeof next === 'object') break;
    } else break;
    if (next === 'quit') return null;
    if (typeof next === 'object') {
      candidate = next.use;
      continue;
    }
    const picked = await ui.pickFolder(PICK_TITLE);
    if (picked === null) continue; // cancelled the picker: the same question again
    candidate = picked;
    source = chosenSource;
  }

  if (source.kind === 'chosen') {
    try {
      (deps.save ?? saveDataDirConfig)(configFile, candidate);
    } catch (error) {
      deps.onSaveError?.(error);
    }
  }
  return { dataDir: candidate, source };
}
