// Electronegativity (Doyensec's Electron security scanner) over the app's own source, offline. Part of
// `npm run lint`, so CI fails when:
//   - any HIGH or MEDIUM finding is left that no `eng-disable CHECK_ID — reason` comment justifies on its line;
//   - an `eng-disable` comment gives no reason (at least a few words after the check names), or sits on a
//     file's first line (which would silence the check for the whole file);
//   - a file cannot be parsed (a check that could not look proves nothing).
// Scan another checkout: `node scripts/electronegativity.mjs DIR` (the tests plant bad code in a temp folder).
// The one check left out needs the internet: AvailableSecurityFixesGlobalCheck asks GitHub for newer Electron
// releases (offline it waits ~10 s and finds nothing); keeping Electron current is `npm outdated`'s job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = process.argv[2] ? path.resolve(process.argv[2]) : repo;
const INPUTS = ['electron', 'shared', 'renderer/src', 'renderer/index.html', 'dist/renderer/index.html'];
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const FAILING = new Set(['HIGH', 'MEDIUM']);
const SOURCE_EXT = /\.(ts|tsx|js|mjs|cjs|html)$/;
const MIN_REASON_CHARS = 8;

const electronVersion = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

// The scanner prints banners and a "no connectivity" note through console.log; keep our output readable.
const quiet = async (fn) => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
};

// The scanner fetches UI translations from GitHub with `got` before every scan (and waits for the timeout
// when offline). CI must not reach out: its copy of `got` answers "offline" at once, and English it is.
const scannerEntry = require.resolve('@doyensec/electronegativity');
const gotPath = require.resolve('got', { paths: [path.dirname(scannerEntry)] });
const offline = () => Promise.reject(new Error('offline: the security scan makes no network requests'));
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
const run = require(scannerEntry);
const runScan = typeof run === 'function' ? run : run.default;

const problems = [];
let scannedInputs = 0;
let findings = 0;
let justified = 0;

// One scan over a mirror of the inputs, so the global checks (CSP, navigation limits, permission handler)
// see the main process and the pages together, and the scanner never walks node_modules.
const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
for (const input of INPUTS) {
  const full = path.join(root, input);
  if (!fs.existsSync(full)) continue;
  scannedInputs += 1;
  fs.cpSync(full, path.join(mirror, input), { recursive: true });
}
fs.copyFileSync(path.join(repo, 'package.json'), path.join(mirror, 'package.json'));
const back = (file) => (file ? path.relative(mirror, file) : '（全局）');
try {
  const result = await quiet(() =>
    runScan({
      input: mirror,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: false,
      severitySet: 'informational',
      confidenceSet: 'tentative',
    }),
  );
  for (const error of result.errors ?? []) {
    problems.push(`${back(error.file)}: 无法解析（${error.message ?? error.error ?? '未知错误'}），扫描不完整`);
  }
  for (const issue of result.issues) {
    findings += 1;
    const severity = issue.severity?.name ?? String(issue.severity);
    if (!FAILING.has(severity)) continue;
    const where = issue.file && issue.file !== 'N/A' ? `${back(issue.file)}:${issue.location.line}:${issue.location.column}` : '（全局）';
    problems.push(
      `${where} ${issue.id} (${severity}) ${issue.description}\n    ${issue.sample ?? ''}\n    如确属必要，请在该行加注释：// eng-disable ${issue.id} — 为什么这样是安全的`,
    );
  }
} finally {
  fs.rmSync(mirror, { recursive: true, force: true });
}

// Every inline disable must say why.
function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (SOURCE_EXT.test(entry.name)) out.push(p);
  }
  return out;
}
const files = [];
for (const input of INPUTS) {
  const full = path.join(root, input);
  if (!fs.existsSync(full)) continue;
  if (fs.statSync(full).isDirectory()) walk(full, files);
  else files.push(full);
}
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const match = /(?:\/\/|\/\*|<!--)[ \t]*eng-disable[ \t]+([\w \t,]+)(.*)$/.exec(line);
    if (!match) return;
    const where = `${path.relative(root, file)}:${index + 1}`;
    justified += 1;
    if (index === 0) problems.push(`${where}: eng-disable 不能写在文件第一行（那会关闭整个文件的检查）`);
    const reason = (match[2] ?? '').replace(/^[\s—–:：-]+/, '').replace(/\*\/|-->/g, '').trim();
    if (reason.length < MIN_REASON_CHARS) problems.push(`${where}: eng-disable ${match[1].trim()} 没有写明理由`);
  });
}

if (problems.length > 0) {
  console.error(`electronegativity：${problems.length} 个问题（Electron ${electronVersion}）\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `electronegativity：扫描 ${scannedInputs} 处源码（Electron ${electronVersion}），${findings} 条发现均为低风险或已在行内注明理由（${justified} 处 eng-disable）`,
);
