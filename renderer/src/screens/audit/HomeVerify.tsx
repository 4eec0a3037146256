// 首页's word on 校验 (dashboard.summary's verify): a red alert at the top when the latest 校验 found problems,
// otherwise one quiet line in 台账信息. The details (both values of each problem, what to do) are on 审计日志:
// the button there runs 校验 again and shows its result (#/audit/verify).
import { Alert, Button } from 'antd';
import type { DashboardVerify } from '../../../../shared/api';
import { instantText } from '../../../../shared/audit-describe';
import { navigate } from '../../lib/nav';

const count = (n: number) => n.toLocaleString('zh-CN');

/** The first problems by name, as the 校验 row recorded them. */
function problemsLine(latest: NonNullable<DashboardVerify['latest']>): string {
  const shown = latest.titles.slice(0, 3);
  const more = latest.problems > shown.length ? ` 等` : '';
  return shown.length > 0 ? `${shown.join('；')}${more}` : '台账或审计日志在程序之外被改动过';
}

function whoRan(latest: NonNullable<DashboardVerify['latest']>): string {
  return latest.startup ? '程序启动时自动校验' : `${latest.operator}校验`;
}

const showDetails = () => navigate('audit', 'verify');

/** Red, at the top of 首页: the latest 校验 found problems. Nothing otherwise. */
export function VerifyAlert({ verify }: { verify: DashboardVerify }) {
  const latest = verify.latest;
  if (!latest || latest.ok) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="home-verify-alert"
      title={`校验发现 ${count(latest.problems)} 处问题：${problemsLine(latest)}`}
      description={`${instantText(latest.at)}，${whoRan(latest)}：台账或审计日志在程序之外被改动过。每处问题两边的值和处理办法（用哪天的备份恢复、查问谁拿到过数据文件）见审计日志中的校验结果。`}
      action={
        <Button danger onClick={showDetails} data-testid="home-verify-details">
          重新校验并查看详情
        </Button>
      }
    />
  );
}

/** This start's automatic 校验, when it has something to say beyond the latest result. */
function startupNote(startup: DashboardVerify['startup']): string | null {
  if (!startup) return null;
  switch (startup.state) {
    case 'pending':
      return '本次启动的校验稍后在后台自动进行。';
    case 'done':
      return null;
    case 'failed':
      return '本次启动的自动校验没有完成（原因已记入“日志”文件夹），请到审计日志页面点“校验”。';
    case 'skipped':
      return `本次启动没有自动校验：台账共 ${count(startup.records)} 条记录（含审计日志），超过 ${count(startup.limit)} 条时启动时不校验，以免程序暂停响应。请在空闲时到审计日志页面点“校验”。`;
  }
}

/** One quiet line for 台账信息: when the latest 校验 ran and that it was complete, and this start's note. */
export function VerifyLine({ verify }: { verify: DashboardVerify }) {
  const latest = verify.latest;
  const last = latest
    ? `上次校验：${instantText(latest.at)}（${whoRan(latest)}），${latest.ok ? '完整' : `发现 ${count(latest.problems)} 处问题`}。`
    : '还没有校验过台账。';
  const note = startupNote(verify.startup);
  const state = verify.startup?.state;
  const offerNow = state === 'skipped' || state === 'failed' || (!latest && state !== 'pending');
  return (
    <span data-testid="home-verify-line">
      {last}
      {note ? ` ${note}` : null}
      {offerNow ? (
        <Button type="link" size="small" onClick={showDetails} style={{ paddingInline: 4, height: 'auto' }} data-testid="home-verify-now">
          现在校验
        </Button>
      ) : null}
    </span>
  );
}
