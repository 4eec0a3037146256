// The 导入批次 filter of a ledger (到项目库查看 after an import, 导入记录 → 查看记录): a removable tag naming the
// batch by its file, "导入批次 #12（桦树镇项目台账.xlsx）". The batch travels in the address as ?importBatchId=12.
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { importBatchLabel } from '../../../shared/api-import';
import { call } from '../api/client';

/** The batch of an address's query ("?importBatchId=12" or "payments?importBatchId=12"), or null. */
export function importBatchOf(sub: string): number | null {
  const raw = new URLSearchParams(sub.slice(sub.indexOf('?') + 1)).get('importBatchId');
  return sub.includes('?') && raw && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

export function ImportBatchTag({ batchId, onClose }: { batchId: number; onClose(): void }) {
  const [fileName, setFileName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setFileName(null);
    call('import.batches.get', { batchId })
      .then((b) => {
        if (live) setFileName(b.fileName);
      })
      .catch(() => {
        if (live) setFileName('已不存在');
      });
    return () => {
      live = false;
    };
  }, [batchId]);
  return (
    <Tag
      color="blue"
      closable
      onClose={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="import-batch-tag"
      title="只显示这一批导入新增或更新的记录；关闭标签显示全部"
      data-testid="import-batch-filter"
    >
      {importBatchLabel({ id: batchId, fileName: fileName ?? '…' })}
    </Tag>
  );
}
