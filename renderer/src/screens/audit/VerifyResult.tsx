// 校验's result as a leader reads it: one line (完整 / 发现 N 处问题), what was checked and what was not, then
// each problem with the record's name, the field, the two values and what to do.
import { Alert, Button, Typography } from 'antd';
import type { AuditRow, AuditVerifyResult } from '../../../../shared/api';
import { instantText } from '../../../../shared/audit-describe';

export function VerifyResult({ check, onClose, onShowRow }: { check: AuditVerifyResult; onClose: () => void; onShowRow: (row: AuditRow) => void }) {
  const more = check.problemCount - check.findings.length;
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type={check.ok ? 'success' : 'error'}
      showIcon
      closable
      onClose={onClose}
      data-testid="audit-verify-result"
      message={<span data-testid="audit-verify-summary">{check.summary}</span>}
      description={
        <div>
          {check.findings.length > 0 ? (
            <ol className="verify-findings" data-testid="audit-verify-findings">
              {check.findings.map((f, i) => (
                <li key={i}>
                  <div className="verify-finding-title">{f.title}</div>
                  <div>{f.detail}</div>
                  <div className="verify-finding-advice">怎么办：{f.advice}</div>
                </li>
              ))}
            </ol>
          ) : null}
          {more > 0 ? <div>另有 {more.toLocaleString('zh-CN')} 处问题未逐条列出（命令行 verify --json 列出前 500 处）。</div> : null}
          {check.chain.broken ? (
            <div style={{ marginTop: 4 }}>
              断开处的记录：{instantText(check.chain.broken.at)}，{check.chain.broken.operator}，{check.chain.broken.description.title}{' '}
              <Button size="small" onClick={() => check.chain.broken && onShowRow(check.chain.broken)} data-testid="audit-show-broken">
                查看这条记录
              </Button>
            </div>
          ) : null}
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }} data-testid="audit-verify-scope">
            {check.scope}
            {check.recordedAs !== null ? ` 本次校验已记入审计日志（第 ${check.recordedAs} 条）。` : ''}
          </Typography.Paragraph>
        </div>
      }
    />
  );
}
