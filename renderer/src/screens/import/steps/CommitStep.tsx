// 导入: what the commit will write (file, sheet, kind, counts, 金额合计, places to add) and, while it runs, its
// progress; the commit writes every row or none.
import { Alert, Descriptions, Progress } from 'antd';
import type { ProgressEvent } from '../../../../../shared/api';
import type { ImportPreview } from '../../../../../shared/api-import';
import { ImportKind } from '../../../../../shared/enums';
import { formatYuanWithUnit } from '../../../../../shared/money';

export function CommitStep({ preview, committing }: { preview: ImportPreview; committing: ProgressEvent | null }) {
  return (
    <div data-testid="import-commit-step">
      <Descriptions bordered size="small" column={2} className="imp-summary">
        <Descriptions.Item label="文件">{preview.fileName}</Descriptions.Item>
        <Descriptions.Item label="工作表">{preview.sheet}</Descriptions.Item>
        <Descriptions.Item label="导入为">{ImportKind.label[preview.kind]}</Descriptions.Item>
        <Descriptions.Item label="乡镇">{preview.township?.name ?? '（按各行）'}</Descriptions.Item>
        <Descriptions.Item label="新增">{preview.summary.create} 行</Descriptions.Item>
        <Descriptions.Item label="更新已有记录">{preview.summary.update} 行</Descriptions.Item>
        <Descriptions.Item label="有错误，不导入">{preview.summary.error} 行</Descriptions.Item>
        <Descriptions.Item label="金额合计">{formatYuanWithUnit(preview.totals.amountFen)}</Descriptions.Item>
        {preview.placesToAdd.length > 0 ? (
          <Descriptions.Item label="将添加到区划" span={2}>
            {preview.placesToAdd.map((p) => `${p.parent ? `${p.parent} · ` : ''}${p.name}`).join('、')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {preview.summary.error > 0 ? (
        <Alert type="warning" showIcon className="imp-alert" message={`有 ${preview.summary.error} 行因错误不会导入；其余各行照常导入。如要导入它们，请回到“预览与校对”修改。`} />
      ) : null}
      {committing ? (
        <div className="imp-progress" data-testid="import-commit-progress">
          <Progress percent={Math.round((committing.done / Math.max(committing.total, 1)) * 100)} status="active" />
          <div className="imp-muted">{committing.label}</div>
        </div>
      ) : (
        <Alert type="info" showIcon className="imp-alert" title="这些行一次写入台账：要么全部写入，要么一行也不写。导入后如发现问题，可在“导入记录”中把这一批整批撤销。" />
      )}
    </div>
  );
}
