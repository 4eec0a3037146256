// 完成: what the import wrote, where to see this batch, and the warnings it carried, grouped by kind.
import { Button, Result } from 'antd';
import type { ImportResult } from '../../../../../shared/api-import';
import { formatYuanWithUnit } from '../../../../../shared/money';
import { navigate } from '../../../lib/nav';
import { LEDGER_OF_KIND, openBatchLedger } from '../common';
import { WarningGroups } from '../WarningGroups';

export function ResultStep({ result, sessionId, onAgain }: { result: ImportResult; sessionId: string | null; onAgain(): void }) {
  const ledger = LEDGER_OF_KIND[result.kind];
  const batchId = result.batchId;
  return (
    <>
    <Result
      status={result.errors.length > 0 ? 'warning' : 'success'}
      title={`导入完成：新增 ${result.imported} 行，更新 ${result.updated} 行`}
      subTitle={
        <div>
          <div>
            {`${result.fileName} · 工作表“${result.sheet}” · 读取 ${result.rowsRead} 行，不导入 ${result.skipped.length} 行，错误 ${result.errors.length} 处 · 金额合计 ${formatYuanWithUnit(result.totals.amountFen)}${batchId !== null ? ` · 导入批次 #${batchId}` : ''}`}
          </div>
          {result.placesAdded.length > 0 ? (
            <div data-testid="import-places-added">已添加到区划：{result.placesAdded.map((p) => `${p.parent ? `${p.parent} · ` : ''}${p.name}（${p.code}）`).join('、')}，请在“区划与单位”中核对代码</div>
          ) : null}
        </div>
      }
      data-testid="import-result"
      extra={[
        ledger && batchId !== null ? (
          <Button key="ledger" type="primary" onClick={() => openBatchLedger(result.kind, batchId)} data-testid="import-goto-ledger">
            到{ledger.label}查看
          </Button>
        ) : null,
        <Button key="history" onClick={() => navigate('import', 'history')} data-testid="import-goto-history">
          导入记录
        </Button>,
        <Button key="again" onClick={onAgain}>
          再导入一个文件
        </Button>,
      ]}
    />
    <WarningGroups sessionId={sessionId} warningsId={result.warningsId} groups={result.warningGroups} />
    </>
  );
}
