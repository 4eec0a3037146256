// 工作表与表头: which sheet, which rows are the header (found by itself, or set by the clerk), and the sheet
// as read, a page at a time, with the header rows in blue and the rows that are not imported in orange.
import { Alert, Button, InputNumber, Pagination, Select, Space, Spin, Tag } from 'antd';
import type { ImportPreview } from '../../../../../shared/api-import';
import { ImportKind } from '../../../../../shared/enums';
import type { Choices } from '../common';
import { SheetGrid } from '../SheetGrid';
import { ProblemsAlert } from './ProblemsAlert';

/** Rows of the sheet shown a page at a time in the first three steps. */
export const SHEET_PAGE = 40;

export interface SheetStepProps {
  preview: ImportPreview;
  choices: Choices;
  loading: boolean;
  sheetPage: number;
  onSheetPage(page: number): void;
  update(patch: Partial<Choices>): void;
}

export function SheetStep({ preview, choices, loading, sheetPage, onSheetPage, update }: SheetStepProps) {
  return (
    <div>
      <Space wrap className="imp-toolbar">
        <span>工作表</span>
        <Select
          style={{ minWidth: 240 }}
          value={preview.sheet}
          data-testid="import-sheet-select"
          onChange={(sheet: string) => {
            update({ sheet, headerRows: undefined, mapping: {} });
            onSheetPage(1);
          }}
          options={preview.sheets.map((s) => ({
            value: s.name,
            label: `${s.name}（${s.rows} 行 × ${s.cols} 列${s.kind ? `，像${ImportKind.label[s.kind]}` : ''}${s.state !== 'visible' ? '，隐藏' : ''}）`,
          }))}
        />
        <span>表头从第</span>
        <InputNumber
          min={1}
          max={preview.rowCount}
          value={preview.header.first}
          data-testid="import-header-first"
          onChange={(v) => v && update({ headerRows: { first: v, last: Math.max(v, Math.min(preview.header.last, v + 4)) }, mapping: {} })}
        />
        <span>行到第</span>
        <InputNumber
          min={preview.header.first}
          max={Math.min(preview.rowCount, preview.header.first + 4)}
          value={preview.header.last}
          data-testid="import-header-last"
          onChange={(v) => v && update({ headerRows: { first: preview.header.first, last: v }, mapping: {} })}
        />
        <span>行</span>
        {choices.headerRows ? (
          <Button size="small" onClick={() => update({ headerRows: undefined, mapping: {} })}>
            恢复自动识别
          </Button>
        ) : (
          <Tag color="blue">自动识别</Tag>
        )}
      </Space>
      <Alert
        type="info"
        showIcon
        className="imp-alert"
        title={`蓝色为识别出的表头，橙色标记的行（合计、小计、签字、空行等）不导入。标题与“填报单位”“单位：万元”等说明用于判断乡镇和金额单位${
          preview.notes.unit ? `（本表单位：${preview.notes.unit === 'wan' ? '万元' : '元'}）` : ''
        }。`}
      />
      <ProblemsAlert preview={preview} fileLevelOnly />
      <Spin spinning={loading}>
        <SheetGrid preview={preview} />
      </Spin>
      {preview.rowCount > SHEET_PAGE ? (
        <Pagination size="small" className="imp-pager" current={sheetPage} pageSize={SHEET_PAGE} total={preview.rowCount} showSizeChanger={false} onChange={onSheetPage} showTotal={(t) => `共 ${t} 行`} />
      ) : null}
    </div>
  );
}
