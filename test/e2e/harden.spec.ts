// Operators in real Chromium: the 操作员 panel in 设置, turning multi-user mode on (which signs the 管理员 in),
// the sign-in screen with a wrong and a right password, the header naming who is signed in, and a 录入员
// finding what only a 管理员 may use disabled.
import { newSessionSlot } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { withSession } from '../../electron/ledger/operators/service';
import { expect, shot, test, ledgerSql } from './fixtures';

test('操作员: add operators, turn multi-user mode on, sign in and out, roles limit what is enabled', async ({ page, app }) => {
  const admin = withSession(app.ledger, newSessionSlot());
  expect((await dispatch(admin, 'county.setup', { name: '青山县', code: '632123000000' })).ok).toBe(true);
  expect((await dispatch(admin, 'settings.update', { officeName: '青山县乡村振兴局', operatorName: '赵主任' })).ok).toBe(true);
  expect((await dispatch(admin, 'operators.create', { name: '王审核', role: 'reviewer', password: 'review-pass' })).ok).toBe(true);

  // Single-user mode: no sign-in, the 设置 operator in the header, the panel says so.
  await page.goto(`${app.bridge.url}#/settings`);
  await expect(page.getByTestId('operator-name')).toContainText('赵主任');
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  const panel = page.getByTestId('operators-panel');
  await expect(panel).toContainText('单人模式（默认）');
  await expect(page.getByTestId('operators-table')).toContainText('王审核');

  // Add a 录入员 through the form; mismatched passwords are caught first.
  await page.getByTestId('operator-add').click();
  await page.getByTestId('operator-form-name').fill('李录入');
  await page.getByTestId('operator-role-clerk').check();
  await page.getByTestId('operator-password').fill('clerk-pass');
  await page.getByTestId('operator-confirm').fill('clerk-pas');
  await page.getByTestId('operator-submit').click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  await shot(page, 'harden-operator-add');
  await page.getByTestId('operator-confirm').fill('clerk-pass');
  await page.getByTestId('operator-submit').click();
  await expect(page.getByTestId('operators-table')).toContainText('李录入');

  // Turn multi-user mode on, naming a new 管理员: this window is signed in as them at once.
  await page.getByTestId('multi-user-on').click();
  await page.getByTestId('operator-form-name').fill('赵主任');
  await page.getByTestId('operator-password').fill('admin-pass');
  await page.getByTestId('operator-confirm').fill('admin-pass');
  await page.getByTestId('operator-submit').click();
  await expect(panel).toContainText('已开启多人模式：每个窗口都要');
  await expect(page.getByTestId('operator-role')).toHaveText('管理员');
  await expect(page.getByTestId('operators-table')).toContainText('赵主任');
  await shot(page, 'harden-operators');

  // Sign out: the sign-in screen; a wrong password is refused without saying which half was wrong.
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  await shot(page, 'harden-sign-in');
  await page.getByTestId('sign-in-name').fill('李录入');
  await page.getByTestId('sign-in-password').fill('wrong-pass');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('姓名或密码不正确');
  await shot(page, 'harden-sign-in-error');

  // The 录入员 signs in: named in the header, 设置 disabled in the menu, the panel refused if reached by address.
  await page.getByTestId('sign-in-password').fill('clerk-pass');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('operator-name')).toContainText('李录入');
  await expect(page.getByTestId('operator-role')).toHaveText('录入员');
  await expect(page.locator('li[data-testid="nav-settings"]')).toHaveClass(/ant-menu-item-disabled/);
  await page.goto(`${app.bridge.origin}/#/settings`);
  await expect(page.getByTestId('operators-forbidden')).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  await shot(page, 'harden-clerk-settings');

  // The audit trail names who did what.
  const names = (await ledgerSql(app.ledger).column("select distinct operator from audit_log where entity = 'operator'"));
  expect(names).toEqual(expect.arrayContaining(['赵主任', '李录入']));
});
