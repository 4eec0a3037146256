// 字段对应: each column of the sheet, the ledger field it goes to (found by its header, remembered from last
// time, or chosen here), and a few of its values to judge by.
import { Checkbox, Select, Table, Tag } from 'antd';
import type { ImportPreview } from '../../../../../shared/api-import';
import type { Choices } from '../common';
import { ProblemsAlert } from './ProblemsAlert';

const SOURCE_LABEL = { auto: '自动', remembered: '上次的选择', user: '手动' } as const;

export function MappingStep({ preview, choices, onChange }: { preview: ImportPreview; choices: Choices; onChange(patch: Partial<Choices>): void }) {
  const dataRows = preview.rows.filter((r) => r.cls === 'data');
  const options = [{ value: '', label: '（不导入）' }, ...preview.fields.filter((f) => f.key !== 'ignore').map((f) => ({ value: f.key, label: `${f.label}${f.required ? '（必需）' : ''}` }))];
  return (
    <div>
      <ProblemsAlert preview={preview} fileLevelOnly />
      <Table
        size="small"
        bordered
        rowKey="index"
        pagination={false}
        data-testid="import-mapping-table"
        dataSource={preview.columns}
        columns={[
          { key: 'letter', title: '列', dataIndex: 'letter', width: 50 },
          { key: 'header', title: '表中的列名', dataIndex: 'header', width: 220, render: (h: string) => h || <span className="imp-muted">（无列名）</span> },
          {
            key: 'field',
            title: '导入到',
            width: 220,
            render: (_: unknown, col) => (
              <Select
                style={{ width: 200 }}
                value={col.field ?? ''}
                options={options}
                data-testid={`import-map-${col.letter}`}
                onChange={(v: string) => onChange({ mapping: { ...choices.mapping, [col.index]: v === '' ? null : v } })}
              />
            ),
          },
          {
            key: 'source',
            title: '来源',
            width: 100,
            render: (_: unknown, col) => <Tag color={col.source === 'user' ? 'blue' : col.source === 'remembered' ? 'purple' : 'default'}>{SOURCE_LABEL[col.source]}</Tag>,
          },
          {
            key: 'samples',
            title: '示例值',
            render: (_: unknown, col) => (
              <span className="imp-samples">
                {dataRows
                  .map((r) => r.cells[col.index] ?? '')
                  .filter(Boolean)
                  .slice(0, 4)
                  .join('　|　') || <span className="imp-muted">（前几行为空）</span>}
              </span>
            ),
          },
        ]}
      />
      <Checkbox className="imp-remember" checked={choices.rememberMapping} onChange={(e) => onChange({ rememberMapping: e.target.checked })}>
        记住这种表头的对应关系（下次遇到列名相同的表格自动套用）
      </Checkbox>
    </div>
  );
}
