// An empty ledger on the office server: the page offers 创建第一个管理员 (nobody to sign in as yet), signs the new
// 管理员 in, and 设置 → 操作员 shows this window among who is connected. Only the office run has a server.
import os from 'node:os';
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { expect, ledgerSql, shot, test } from './fixtures';

test.use({ serverSignedIn: false });

test('@服务器 空的办公室服务器：创建第一个管理员并登录，设置 → 操作员 显示本窗口的连接', async ({ page, app }) => {
  test.skip(test.info().project.name !== 'office', '只有办公室服务器上的台账才创建第一个管理员');
  await page.goto(`${app.bridge.url}#/settings`);
  await expect(page.getByTestId('first-admin-intro')).toContainText('还没有操作员');
  await page.getByTestId('first-admin-name').fill('赵主任');
  await page.getByTestId('first-admin-password').fill('admin-pass');
  await page.getByTestId('first-admin-confirm').fill('admin-pas');
  await page.getByTestId('first-admin-submit').click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  await page.getByTestId('first-admin-confirm').fill('admin-pass');
  await page.getByTestId('first-admin-submit').click();

  await expect(page.getByTestId('operator-name')).toContainText('赵主任');
  // The county, set up as this 管理员 behind the page, so the empty ledger's welcome does not cover 设置.
  const adminId = await ledgerSql(app.ledger).value<number>('select id from operators where name = ?', ['赵主任']);
  const behind = withSession(app.ledger, { ...newSessionSlot(), operatorId: Number(adminId) });
  expect((await dispatch(behind, 'county.setup', { name: '青山县', code: '632123000000' })).ok).toBe(true);
  await page.reload();
  await expect(page.getByTestId('welcome-modal')).toBeHidden();
  await expect(page.getByTestId('operators-panel')).toContainText('必须按操作员登录');
  await expect(page.getByTestId('multi-user-off')).toHaveCount(0);
  const sessions = page.getByTestId('connected-sessions');
  await expect(sessions).toContainText('赵主任');
  await expect(sessions).toContainText('本窗口');
  await expect(sessions).toContainText(os.hostname());
  await expect(sessions).toContainText('在线');
  await sessions.scrollIntoViewIfNeeded();
  await shot(page, 'server-first-admin-sessions');

  // Signed out, the screen asks to sign in: the first 管理员 is offered once only.
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in-screen')).toContainText('台账在办公室服务器上');
  await expect(page.getByTestId('first-admin-intro')).toHaveCount(0);
});
