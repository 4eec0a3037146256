// Which ledger opens at start-up (electron/data-dir.ts, folder-safety.ts, startup-folder.ts): config.json as
// clerks write it on Windows, network folders refused, and the clerk asked — never a silent fallback.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backslashesAsWritten, decodeConfigBytes, lookupDataDir, readConfigText, saveDataDirConfig, type ConfigLookup } from '../../electron/data-dir';
import { checkLedgerFolder, mountTypeOf, type DriveType, type FolderProbe } from '../../electron/folder-safety';
import { chooseDataFolder, type Question, type StartupUi } from '../../electron/startup-folder';
import { tempDir } from '../helpers/ledger';

const win = path.win32;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function read(text: string) {
  return readConfigText(text, win);
}

describe('config.json as written on a Windows PC', () => {
  it('reads proper JSON, a single-backslash path, a UNC path as typed, and D:\\new (not a line break)', () => {
    expect(read('{"dataDir": "D:\\\\台账"}')).toEqual({ dataDir: 'D:\\台账' });
    expect(read('{"dataDir": "D:\\台账"}')).toEqual({ dataDir: 'D:\\台账' });
    expect(read('{"dataDir": "D:\\台账\\"}')).toEqual({ dataDir: 'D:\\台账\\' });
    expect(read('{"dataDir": "D:\\new\\table"}')).toEqual({ dataDir: 'D:\\new\\table' });
    expect(read('{"dataDir": "\\\\server\\share\\台账"}')).toEqual({ dataDir: '\\\\server\\share\\台账' });
    expect(read('{"dataDir": "D:/台账"}')).toEqual({ dataDir: 'D:\\台账' });
    // Python's json.dump writes Chinese as \u escapes: still read as escapes.
    expect(read('{"dataDir": "D:\\\\\\u53f0\\u8d26"}')).toEqual({ dataDir: 'D:\\台账' });
    expect(backslashesAsWritten('{"a": "x\\y"}')).toBe('{"a": "x\\\\y"}');
  });

  it('strips a UTF-8 BOM, reads UTF-16 ("Unicode") and ANSI (GBK) files', () => {
    const json = '{"dataDir": "D:\\\\台账"}';
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]);
    expect(read(decodeConfigBytes(utf8))).toEqual({ dataDir: 'D:\\台账' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    expect(decodeConfigBytes(utf16)).toBe(json);
    // "台账" in GBK is CC A8 D5 CB.
    const gbk = Buffer.concat([Buffer.from('{"dataDir": "D:\\\\', 'ascii'), Buffer.from([0xcc, 0xa8, 0xd5, 0xcb]), Buffer.from('"}', 'ascii')]);
    expect(decodeConfigBytes(gbk)).toBe(json);
  });

  it('treats a file naming no folder as the default, and says what is wrong with anything else', () => {
    expect(read('{}')).toEqual({ dataDir: null });
    expect(read('{"dataDir": "  "}')).toEqual({ dataDir: null });
    const relative = read('{"dataDir": "台账"}');
    expect(relative).toEqual({ problem: expect.stringMatching(/不是完整路径/), namedDir: null });
    expect(read('{"dataDir": 5}')).toEqual({ problem: expect.stringMatching(/双引号/), namedDir: null });
    expect(read('[1]')).toEqual({ problem: expect.stringMatching(/一组设置/), namedDir: null });
    // Chinese quotes and a trailing comma: not JSON, but the folder it names can be made out.
    expect(read('{“dataDir”： “D:\\台账”,}')).toEqual({ problem: expect.stringMatching(/不是有效的 JSON/), namedDir: 'D:\\台账' });
    expect(read('{"dataDir": "D:\\\\台账",}')).toEqual({ problem: expect.stringMatching(/不是有效的 JSON/), namedDir: 'D:\\台账' });
    expect(read('not json at all')).toEqual({ problem: expect.stringMatching(/不是有效的 JSON/), namedDir: null });
  });

  it('looks config.json up in userData: missing → default, unreadable → a problem, never the default', () => {
    const userData = tempDir('cfg-');
    dirs.push(userData);
    const posixDeps = { readFile: (f: string) => fs.readFileSync(f), pathApi: path.posix };
    expect(lookupDataDir(userData, posixDeps)).toEqual({ kind: 'default', dataDir: path.join(userData, 'data') });
    fs.writeFileSync(path.join(userData, 'config.json'), '\ufeff{"dataDir": "/srv/台账"}');
    expect(lookupDataDir(userData, posixDeps)).toEqual({ kind: 'configured', dataDir: '/srv/台账', configFile: path.join(userData, 'config.json') });
    fs.writeFileSync(path.join(userData, 'config.json'), '{"dataDir": "/srv/台账"');
    expect(lookupDataDir(userData, posixDeps)).toMatchObject({ kind: 'unreadable', namedDir: '/srv/台账' });
    const denied = lookupDataDir(userData, { ...posixDeps, readFile: () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      } });
    expect(denied).toMatchObject({ kind: 'unreadable', problem: expect.stringContaining('EACCES') });
  });

  it('saves a chosen folder as correct JSON and keeps the unreadable file as config.json.bak', () => {
    const userData = tempDir('cfg-');
    dirs.push(userData);
    const file = path.join(userData, 'config.json');
    fs.writeFileSync(file, '{"dataDir": D:\\台账}');
    saveDataDirConfig(file, 'D:\\台账');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ dataDir: 'D:\\台账' });
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"dataDir": D:\\台账}');
  });
});

function winProbe(types: Record<string, DriveType | null>, asked: string[] = []): FolderProbe {
  return {
    platform: 'win32',
    systemDrive: 'C:',
    driveType: (letter) => {
      asked.push(letter);
      return Promise.resolve(types[letter] ?? 'Fixed');
    },
    mounts: () => null,
  };
}

describe('a folder safe for the ledger', () => {
  it('refuses UNC paths and mapped network drives on Windows, with the office server as the way', async () => {
    const probe = winProbe({ Z: 'Network', E: 'Removable', Q: null });
    for (const unc of ['\\\\server\\share\\台账', '//server/share/台账', '\\\\?\\UNC\\server\\share']) {
      const verdict = await checkLedgerFolder(unc, probe);
      expect(verdict, unc).toMatchObject({ ok: false, where: '网络共享文件夹' });
    }
    const mapped = await checkLedgerFolder('z:\\台账', probe);
    expect(mapped).toMatchObject({ ok: false, where: '映射的网络驱动器 Z:' });
    if (!mapped.ok) {
      expect(mapped.message).toContain('办公室服务器');
      expect(mapped.message).toContain('备份文件可以放在网络共享文件夹中');
    }
    expect(await checkLedgerFolder('D:\\台账', probe)).toEqual({ ok: true });
    expect(await checkLedgerFolder('E:\\台账', probe)).toEqual({ ok: true });
    expect(await checkLedgerFolder('\\\\?\\D:\\台账', probe)).toEqual({ ok: true });
    // The system could not be asked: the clerk is not locked out.
    expect(await checkLedgerFolder('Q:\\台账', probe)).toEqual({ ok: true });
  });

  it('does not ask Windows about the system drive (the default folder is there)', async () => {
    const asked: string[] = [];
    expect(await checkLedgerFolder('C:\\Users\\李\\AppData\\Roaming\\扶贫台账\\data', winProbe({ C: 'Network' }, asked))).toEqual({ ok: true });
    expect(asked).toEqual([]);
    await checkLedgerFolder('D:\\x', winProbe({}, asked));
    expect(asked).toEqual(['D']);
  });

  it('refuses NFS/SMB mounts on Linux desktops, by the mount that holds the folder', async () => {
    const table = ['/dev/sda1 / ext4 rw 0 0', 'srv:/export /mnt/nfs nfs4 rw 0 0', '//srv/share /mnt/my\\040share cifs rw 0 0', 'tmpfs /mnt/nfs/local tmpfs rw 0 0'].join('\n');
    expect(mountTypeOf('/mnt/nfs/台账', table)).toBe('nfs4');
    expect(mountTypeOf('/mnt/nfs/local/x', table)).toBe('tmpfs');
    expect(mountTypeOf('/mnt/my share/x', table)).toBe('cifs');
    expect(mountTypeOf('/mnt/nfsx', table)).toBe('ext4');
    const probe: FolderProbe = { platform: 'linux', driveType: () => Promise.resolve(null), mounts: () => table };
    expect(await checkLedgerFolder('/mnt/nfs/台账', probe)).toMatchObject({ ok: false, where: '网络文件系统（nfs4）' });
    expect(await checkLedgerFolder('/mnt/my share/台账', probe)).toMatchObject({ ok: false });
    expect(await checkLedgerFolder('/home/li/台账', probe)).toEqual({ ok: true });
  });
});

/** A clerk who answers the start-up questions from a script. */
function scriptedUi(answers: Array<number | string>, picks: Array<string | null> = []): StartupUi & { asked: Question[]; picked: number } {
  const ui = {
    asked: [] as Question[],
    picked: 0,
    ask(question: Question) {
      ui.asked.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${question.title}`);
      return Promise.resolve(typeof answer === 'number' ? answer : question.buttons.indexOf(answer));
    },
    pickFolder() {
      ui.picked += 1;
      const pick = picks.shift();
      if (pick === undefined) throw new Error('unexpected folder picker');
      return Promise.resolve(pick);
    },
  };
  return ui;
}

describe('choosing the folder at start-up', () => {
  const userData = 'C:\\Users\\李\\AppData\\Roaming\\扶贫台账';
  const configFile = path.join(userData, 'config.json');
  const probe = winProbe({ Z: 'Network' });
  const unreadable = (namedDir: string | null): ConfigLookup => ({ kind: 'unreadable', configFile: 'cfg', problem: '它的内容不是有效的 JSON', namedDir });

  it('opens the default or configured folder without a question when all is well', async () => {
    const ui = scriptedUi([]);
    expect(await chooseDataFolder(userData, { ui, probe, lookup: () => ({ kind: 'default', dataDir: 'C:\\x\\data' }), ledgerExists: () => false })).toEqual({
      dataDir: 'C:\\x\\data',
      source: { kind: 'default' },
    });
    expect(await chooseDataFolder(userData, { ui, probe, lookup: () => ({ kind: 'configured', dataDir: 'D:\\台账', configFile: 'cfg' }), ledgerExists: () => true })).toEqual({
      dataDir: 'D:\\台账',
      source: { kind: 'config', configFile: 'cfg' },
    });
    expect(ui.asked).toEqual([]);
  });

  it('never falls back silently: an unreadable config.json asks, offering the folder it names', async () => {
    const saved: Array<[string, string]> = [];
    const ui = scriptedUi([0]);
    const result = await chooseDataFolder(userData, { ui, probe, lookup: () => unreadable('D:\\台账'), save: (f, d) => saved.push([f, d]) });
    expect(ui.asked[0]?.buttons).toEqual(['打开其中写的文件夹 D:\\台账', '选择其他文件夹…', '退出']);
    expect(ui.asked[0]?.detail).toContain('没有改用默认位置');
    expect(result).toEqual({ dataDir: 'D:\\台账', source: { kind: 'chosen', configFile } });
    expect(saved).toEqual([[configFile, 'D:\\台账']]);
  });

  it('lets the clerk pick another folder (asking again after a cancelled picker) or quit', async () => {
    const ui = scriptedUi(['选择其他文件夹…', '选择其他文件夹…'], [null, 'E:\\台账']);
    const result = await chooseDataFolder(userData, { ui, probe, lookup: () => unreadable(null), save: () => undefined });
    expect(ui.asked).toHaveLength(2);
    expect(ui.asked[0]?.buttons).toEqual(['选择其他文件夹…', '退出']);
    expect(result).toEqual({ dataDir: 'E:\\台账', source: { kind: 'chosen', configFile } });
    expect(await chooseDataFolder(userData, { ui: scriptedUi(['退出']), probe, lookup: () => unreadable('D:\\台账') })).toBeNull();
  });

  it('refuses a network folder from config.json, and one picked in the dialog, until a local one is chosen', async () => {
    const saved: string[] = [];
    const ui = scriptedUi(['选择其他文件夹…', '选择其他文件夹…'], ['\\\\srv\\share', 'D:\\台账']);
    const result = await chooseDataFolder(userData, { ui, probe, lookup: () => ({ kind: 'configured', dataDir: 'Z:\\台账', configFile }), save: (_f, d) => saved.push(d) });
    expect(ui.asked.map((q) => q.title)).toEqual(['数据文件夹不能放在网络位置', '数据文件夹不能放在网络位置']);
    expect(ui.asked[0]?.detail).toContain('映射的网络驱动器 Z:');
    expect(ui.asked[1]?.detail).toContain('网络共享文件夹');
    expect(result).toEqual({ dataDir: 'D:\\台账', source: { kind: 'chosen', configFile } });
    expect(saved).toEqual(['D:\\台账']);
  });

  it('asks before starting an empty ledger in a folder config.json names (a mistyped path)', async () => {
    const configured = (): ConfigLookup => ({ kind: 'configured', dataDir: 'D:\\台帐', configFile });
    const create = scriptedUi(['在这里新建台账']);
    expect(await chooseDataFolder(userData, { ui: create, probe, lookup: configured, ledgerExists: () => false })).toEqual({ dataDir: 'D:\\台帐', source: { kind: 'config', configFile } });
    expect(create.asked[0]?.message).toContain('D:\\台帐');
    const pick = scriptedUi(['选择其他文件夹…'], ['D:\\台账']);
    expect(await chooseDataFolder(userData, { ui: pick, probe, lookup: configured, ledgerExists: (d) => d === 'D:\\台账', save: () => undefined })).toEqual({
      dataDir: 'D:\\台账',
      source: { kind: 'chosen', configFile },
    });
    expect(await chooseDataFolder(userData, { ui: scriptedUi(['退出']), probe, lookup: configured, ledgerExists: () => false })).toBeNull();
  });
});
