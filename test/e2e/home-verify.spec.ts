// 首页 and the start-up 校验 (verify/startup.ts), in Chromium against browser mode: the 校验 runs after 首页 is
// up and 首页 shows its outcome without being reloaded by hand — one quiet line in 台账信息 when the ledger is
// complete, a red alert at the top after the file was changed with a SQLite tool, whose button leads to the
// full 校验 result on 审计日志.
import { dispatch } from '../../electron/platform/handlers';
import type { LedgerHandle } from '../../electron/platform/context';
import { scheduleStartupVerify } from '../../electron/ledger/audit/verify/startup';
import { cutAuditAfter, tamper } from '../helpers/tamper';
import { expect, shot, test } from './fixtures';

async function ok(ledger: LedgerHandle, channel: string, input?: unknown): Promise<{ id: number }> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as { id: number };
}

/** A county with two projects, entered as a clerk would. */
async function county(ledger: LedgerHandle): Promise<void> {
  await ok(ledger, 'settings.update', { officeName: '青山县乡村振兴局', countyName: '青山县', operatorName: '李娜' });
  const c = await ok(ledger, 'county.setup', { name: '青山县', code: '632123000000' });
  const t = await ok(ledger, 'divisions.create', { level: 'township', parentId: c.id, code: '632123100000', name: '桦树镇' });
  await ok(ledger, 'projects.create', { year: 2026, name: '前进村道路硬化项目', townshipId: t.id, fundCentralFen: 80_000_000, status: 'planning' });
  await ok(ledger, 'projects.create', { year: 2026, name: '桦树镇光伏电站项目', townshipId: t.id, fundCentralFen: 120_000_000, status: 'planning' });
}

test('首页 after a clean start-up 校验: one quiet line, no alert @服务器', async ({ page, app }) => {
  await county(app.ledger);
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('home-verify-line')).toHaveText('还没有校验过台账。现在校验');

  // The start-up hook fires once 首页 is up; 首页 follows without a click.
  expect(await scheduleStartupVerify(app.ledger, { delayMs: 0 })).toEqual({ state: 'done' });
  const line = page.getByTestId('home-verify-line');
  await expect(line).toContainText(/^上次校验：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（程序启动时自动校验），完整。$/);
  await expect(page.getByTestId('home-verify-alert')).toHaveCount(0);
  await line.scrollIntoViewIfNeeded();
  await shot(page, 'home-verify-clean');
});

test('首页 after a start-up 校验 of a ledger changed with a SQLite tool: a red alert leading to the details @本机文件', async ({ page, app }) => {
  await county(app.ledger);
  await ok(app.ledger, 'settings.update', { officeName: '青山县乡村振兴局（办公室）' });
  // Someone with a SQLite tool raises a project's 县级衔接资金 by 100 万元, adds a project the program never
  // saw, and cuts the newest rows off the trail (the guards dropped and put back).
  let last = 0;
  tamper(app.ledger.dbFile, (raw) => {
    raw.prepare("update projects set fund_county_fen = fund_county_fen + 100000000 where name = '桦树镇光伏电站项目'").run();
    raw.prepare("insert into projects (year, name, fund_county_fen) values (2026, '凭空多出的项目', 30000000)").run();
    last = raw.prepare('select max(id) from audit_log').pluck().get() as number;
    cutAuditAfter(raw, last - 1);
  });

  await page.goto(app.bridge.url);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('home-verify-alert')).toHaveCount(0);
  await scheduleStartupVerify(app.ledger, { delayMs: 0 });

  const alert = page.getByTestId('home-verify-alert');
  await expect(alert).toContainText(`校验发现 3 处问题：审计日志在第 ${last - 1} 条之后被截断，至少缺少 1 条；项目“桦树镇光伏电站项目”的县级衔接资金与审计日志不符；项目“凭空多出的项目”在审计日志中没有任何记录`);
  await expect(alert).toContainText(/\d{2}:\d{2}，程序启动时自动校验：台账或审计日志在程序之外被改动过/);
  await expect(page.getByTestId('home-verify-line')).toContainText('（程序启动时自动校验），发现 3 处问题。');
  await shot(page, 'home-verify-alert');

  // The button runs 校验 again on 审计日志 and shows each problem with both values and what to do.
  await page.getByTestId('home-verify-details').click();
  await expect(page.getByTestId('screen-title')).toHaveText('审计日志');
  await expect(page.getByTestId('audit-verify-summary')).toContainText('发现 3 处问题');
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toContainText('审计日志记下的是 0.00 元，台账中是 100.00 万元');
  await expect(page).toHaveURL(/#\/audit$/);
  // The trail says which 校验 the program ran at start-up.
  await expect(page.getByTestId('audit-table')).toContainText('发起：程序启动时自动校验；结果：发现问题；问题数：3 处');
  await shot(page, 'home-verify-details');
});

test('首页 when the ledger is too large to check at start-up: the line says so and offers 校验', async ({ page, app }) => {
  await county(app.ledger);
  await page.goto(app.bridge.url);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  const outcome = await scheduleStartupVerify(app.ledger, { delayMs: 0, maxRecords: 3 });
  expect(outcome.state).toBe('skipped');
  const line = page.getByTestId('home-verify-line');
  await expect(line).toContainText('还没有校验过台账。 本次启动没有自动校验：台账共');
  await expect(line).toContainText('超过 3 条时启动时不校验，以免程序暂停响应。请在空闲时到审计日志页面点“校验”。');
  await line.scrollIntoViewIfNeeded();
  await shot(page, 'home-verify-skipped');
  await page.getByTestId('home-verify-now').click();
  await expect(page.getByTestId('audit-verify-summary')).toContainText('完整');
});
