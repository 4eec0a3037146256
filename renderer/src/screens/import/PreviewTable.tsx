// 预览与校对: every row of the sheet, a page at a time, with each problem at its cell (errors red, warnings
// yellow, the message on hover). A cell is corrected in place (click, type, Enter; Esc leaves it), a row is
// left out or taken back; township and village cells offer the places of 区划 to pick from.
import { AutoComplete, Button, Input, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { ImportPreview, ImportPreviewRow } from '../../../../shared/api-import';
import { bareMessage, cellIssues, editKey, OUTCOME_LABEL, ROW_CLASS_LABEL } from './common';

export interface PreviewTableProps {
  preview: ImportPreview;
  edits: Record<string, string>;
  excluded: ReadonlySet<number>;
  page: number;
  pageSize: number;
  loading: boolean;
  /** Names of places in 区划, offered when correcting a 乡镇 or 村 cell. */
  placeNames: { township: string[]; village: string[] };
  onPage(page: number, pageSize: number): void;
  onEdit(row: number, column: number, value: string | null): void;
  onExclude(row: number, excluded: boolean): void;
}

function columnWidth(field: string | null): number {
  return field === 'name' || field === 'description' || field === 'content' ? 200 : 110;
}

const EDITABLE = new Set(['data', 'excluded', 'hidden', 'continuation']);

function CellEditor({ initial, options, onDone }: { initial: string; options: string[]; onDone(value: string | null): void }) {
  const [value, setValue] = useState(initial);
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onDone(value);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onDone(null);
    }
  };
  if (options.length > 0) {
    return (
      <AutoComplete
        autoFocus
        defaultOpen
        size="small"
        value={value}
        style={{ width: '100%', minWidth: 120 }}
        options={options.filter((o) => !value || o.includes(value.replace(/[镇乡村]$/, ''))).slice(0, 50).map((o) => ({ value: o }))}
        onChange={(v: string) => setValue(v)}
        onSelect={(v: string) => onDone(v)}
        onBlur={() => onDone(value)}
        onKeyDown={keys}
        data-testid="import-cell-editor"
      />
    );
  }
  return <Input autoFocus size="small" value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={keys} onBlur={() => onDone(value)} data-testid="import-cell-editor" />;
}

export function PreviewTable(props: PreviewTableProps) {
  const { preview, edits, excluded, placeNames } = props;
  const [editing, setEditing] = useState<string | null>(null);

  const columns = useMemo<ColumnsType<ImportPreviewRow>>(() => {
    const sheetCols: ColumnsType<ImportPreviewRow> = preview.columns.map((col) => ({
      key: `c${col.index}`,
      title: (
        <div className="imp-col-title">
          <span className="imp-col-letter">{col.letter}</span> {col.header || '（无列名）'}
          <div className={col.field ? 'imp-col-field' : 'imp-col-field imp-muted'}>{col.fieldLabel ? `→ ${col.fieldLabel}` : '不导入'}</div>
        </div>
      ),
      width: columnWidth(col.field),
      onCell: (row) => {
        const { errors, warnings } = cellIssues(row, col.letter);
        const edited = edits[editKey(row.row, col.index)] !== undefined;
        const cls = [errors.length > 0 ? 'imp-cell-error' : warnings.length > 0 ? 'imp-cell-warning' : '', edited ? 'imp-cell-edited' : ''].join(' ').trim();
        return { className: cls || undefined, 'data-cell': `${row.row}:${col.letter}` } as React.HTMLAttributes<HTMLTableCellElement>;
      },
      render: (_: unknown, row: ImportPreviewRow) => {
        const key = editKey(row.row, col.index);
        const edited = edits[key];
        const text = edited ?? row.cells[col.index] ?? '';
        if (editing === key) {
          const options = col.field === 'township' ? placeNames.township : col.field === 'village' ? placeNames.village : [];
          return (
            <CellEditor
              initial={text}
              options={options}
              onDone={(value) => {
                setEditing(null);
                if (value !== null && value !== text) props.onEdit(row.row, col.index, value === (row.cells[col.index] ?? '') ? null : value);
              }}
            />
          );
        }
        const { errors, warnings } = cellIssues(row, col.letter);
        const messages = [...errors.map((i) => `错误：${bareMessage(i)}`), ...warnings.map((i) => `提醒：${bareMessage(i)}`)];
        if (edited !== undefined) messages.push(`已修改（原为“${row.cells[col.index] ?? ''}”）`);
        const canEdit = EDITABLE.has(row.cls);
        const body = (
          <div
            className={canEdit ? 'imp-cell imp-cell-editable' : 'imp-cell'}
            role={canEdit ? 'button' : undefined}
            tabIndex={canEdit ? 0 : undefined}
            title={messages.length === 0 && canEdit ? '单击修改' : undefined}
            onClick={canEdit ? () => setEditing(key) : undefined}
            onKeyDown={
              canEdit
                ? (e) => {
                    if (e.key === 'Enter' || e.key === 'F2') {
                      e.preventDefault();
                      setEditing(key);
                    }
                  }
                : undefined
            }
          >
            {text || '\u00a0'}
          </div>
        );
        return messages.length > 0 ? (
          <Tooltip title={messages.map((m) => <div key={m}>{m}</div>)} placement="topLeft">
            {body}
          </Tooltip>
        ) : (
          body
        );
      },
    }));
    return [
      { key: 'row', title: '行', width: 56, fixed: 'left', render: (_: unknown, r: ImportPreviewRow) => <span className="imp-muted">{r.row}</span> },
      ...sheetCols,
      {
        key: 'outcome',
        title: '处理',
        width: 200,
        fixed: 'right',
        render: (_: unknown, r: ImportPreviewRow) => {
          const rowIssues = [...r.errors.filter((i) => i.column === null), ...r.warnings.filter((i) => i.column === null)];
          const tag =
            r.cls !== 'data' ? (
              <Tag>{ROW_CLASS_LABEL[r.cls]}</Tag>
            ) : r.outcome ? (
              <Tag color={OUTCOME_LABEL[r.outcome].color}>{OUTCOME_LABEL[r.outcome].text}</Tag>
            ) : (
              <Tag>待定</Tag>
            );
          const detail = [r.reason, ...rowIssues.map(bareMessage)].filter(Boolean).join('；');
          return (
            <div className="imp-outcome" data-testid={`import-outcome-${r.row}`}>
              {tag}
              {detail ? (
                <Tooltip title={detail}>
                  <span className="imp-outcome-reason">{detail}</span>
                </Tooltip>
              ) : null}
            </div>
          );
        },
      },
      {
        key: 'op',
        title: '操作',
        width: 72,
        fixed: 'right',
        render: (_: unknown, r: ImportPreviewRow) =>
          excluded.has(r.row) ? (
            <Button size="small" type="link" onClick={() => props.onExclude(r.row, false)} data-testid={`import-include-${r.row}`}>
              恢复
            </Button>
          ) : r.cls === 'data' || r.cls === 'hidden' ? (
            <Button size="small" type="link" danger onClick={() => props.onExclude(r.row, true)} data-testid={`import-exclude-${r.row}`}>
              排除
            </Button>
          ) : null,
      },
    ];
  }, [preview.columns, edits, excluded, editing, placeNames, props]);

  const width = 56 + 200 + 72 + preview.columns.reduce((sum, c) => sum + columnWidth(c.field), 0);
  return (
    <Table<ImportPreviewRow>
      className="imp-preview"
      data-testid="import-preview-table"
      size="small"
      bordered
      rowKey="row"
      loading={props.loading}
      columns={columns}
      // The title and header rows are in the column titles (and on the 工作表与表头 step).
      dataSource={preview.rows.filter((r) => r.cls !== 'title' && r.cls !== 'header')}
      tableLayout="fixed"
      rowClassName={(r) => (r.cls === 'data' ? '' : 'imp-row-skipped')}
      scroll={{ x: width, y: 520 }}
      pagination={{
        current: props.page,
        pageSize: props.pageSize,
        total: preview.rowsTotal,
        showSizeChanger: true,
        pageSizeOptions: [50, 100, 200, 500],
        showTotal: (total) => `共 ${total} 行`,
        onChange: props.onPage,
      }}
    />
  );
}
