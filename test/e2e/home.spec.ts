// 首页 on the demo county: each figure says what it counts (the two 未整改 figures, 本年拨付 against 已支出),
// the per-level line has its label, 序时进度 names its rule, and the placeholder operator shows as 单人模式.
import { dispatch } from '../../electron/platform/handlers';
import type { DashboardSummary, FindingDashboard } from '../../shared/api';
import { expect, shot, test } from './fixtures';

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`首页 at ${viewport.width}×${viewport.height}: figures explained, levels labelled, 单人模式 operator${viewport.width === 1280 ? ' @版式' : ''}`, async ({ page, app, screenshotDir }) => {
    const demo = await dispatch(app.ledger, 'demo.load', { scale: 1 });
    expect(demo.ok).toBe(true);
    const summary = await dispatch(app.ledger, 'dashboard.summary', {});
    const findings = await dispatch(app.ledger, 'findings.dashboard', {});
    if (!summary.ok || !findings.ok) throw new Error('dashboard');
    const s = summary.value as DashboardSummary;
    const f = findings.value as FindingDashboard;

    await page.setViewportSize(viewport);
    await page.goto(app.bridge.url);
    await expect(page.getByTestId('welcome-modal')).toBeHidden();
    await expect(page.getByTestId('home-screen')).toBeVisible();

    // The two 未整改 figures, each saying what it counts, and adding up.
    await expect(page.getByTestId('kpi-findings')).toContainText(`未整改（不含长期坚持） ${s.openFindings.toLocaleString('zh-CN')} 条`);
    const card = page.getByTestId('home-open-findings');
    await expect(card).toContainText('未整改（含长期坚持）');
    await expect(card).toContainText(`未启动、整改中 ${s.openFindings.toLocaleString('zh-CN')} 条 + 长期坚持 ${f.ongoing.toLocaleString('zh-CN')} 条`);
    expect(f.open).toBe(s.openFindings + f.ongoing);

    // 本年拨付 against 已支出: two counts, each named.
    await expect(page.getByTestId('kpi-paid')).toContainText('含往年项目的拨付');
    await expect(page.getByTestId('home-progress')).toContainText(`已支出（${s.year} 年项目）`);
    await expect(page.getByTestId('home-progress-levels')).toContainText(/^各级资金支出进度：中央/);
    await expect(page.getByTestId('home-time-rule')).toHaveText('序时进度 = 截至日已过天数 ÷ 全年天数');

    // The default operator is a placeholder: 单人模式 and a way to set a name.
    const operator = page.getByTestId('operator-name');
    await expect(operator).toContainText('单人模式');
    await expect(operator).not.toContainText('操作员：操作员');
    await shot(page, `home-${viewport.width}x${viewport.height}`);
    await card.scrollIntoViewIfNeeded();
    await page.getByTestId('home-findings').screenshot({ path: `${screenshotDir}/home-findings-${viewport.width}x${viewport.height}.png` });
    // 支出进度 names its rule beside the figure and in the chart's caption.
    await page.getByTestId('home-progress-more').click();
    await expect(page.getByTestId('progress-time-rule')).toHaveText('序时进度 = 截至日已过天数 ÷ 全年天数');
    await expect(page.getByTestId('progress-chart').locator('..')).toContainText('虚线为序时进度（序时进度 = 截至日已过天数 ÷ 全年天数）');
    await shot(page, `progress-${viewport.width}x${viewport.height}`);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('operator-set-name').click();
    await expect(page.getByTestId('settings-screen')).toBeVisible();
    await expect(page.getByTestId('settings-time-rule')).toContainText('按整月计算');
    await shot(page, `settings-${viewport.width}x${viewport.height}`);
    await page.getByTestId('settings-operatorName').fill('张晓梅');
    await page.getByTestId('settings-save').click();
    await expect(operator).toContainText('操作员：张晓梅（单人模式）');
  });
}
