// 行政区划: county → townships → villages as a tree table, with search, add, edit, move and delete.
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined, SwapOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Input, Popconfirm, Table, Tag, type InputRef, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DivisionRow } from '../../../../shared/api';
import { DIVISION_LEVEL_LABEL } from '../../../../shared/divisions';
import { call } from '../../api/client';
import { buildDivisionTree, divisionKindLabel, filterDivisionTree, type DivisionNode } from '../../lib/divisionTree';
import { errorText } from '../../lib/errors';
import { useShortcut } from '../../lib/shortcuts';
import { DivisionFormModal, type DivisionFormMode } from './DivisionForm';
import { MoveVillageModal } from './MoveVillageModal';

interface Props {
  divisions: DivisionRow[];
  loading: boolean;
  reload: () => Promise<void>;
  active: boolean;
}

function highlight(text: string, query: string): ReactNode {
  const q = query.trim();
  if (!q) return text;
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark className="match">{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

export function DivisionTreeTab({ divisions, loading, reload, active }: Props) {
  const { message, modal } = AntApp.useApp();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<readonly React.Key[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [formMode, setFormMode] = useState<DivisionFormMode | null>(null);
  const [moving, setMoving] = useState<DivisionRow | null>(null);
  const searchRef = useRef<InputRef>(null);

  const tree = useMemo(() => buildDivisionTree(divisions), [divisions]);
  const filtered = useMemo(() => filterDivisionTree(tree, query), [tree, query]);
  const byId = useMemo(() => new Map(divisions.map((d) => [d.id, d])), [divisions]);
  const county = tree[0] ?? null;

  // The county is open from the start; a search opens every branch that holds a match.
  useEffect(() => {
    if (query.trim()) setExpanded(filtered.expand);
    else setExpanded((keys) => (keys.length === 0 && county ? [county.id] : keys));
  }, [query, filtered, county]);

  useShortcut(
    'f',
    () => {
      searchRef.current?.focus({ cursor: 'all' });
    },
    active,
  );

  const selected = selectedId === null ? undefined : byId.get(selectedId);
  const selectedTownshipId = selected?.level === 'township' ? selected.id : selected?.level === 'village' ? selected.parentId : null;

  const townships = divisions.filter((d) => d.level === 'township').length;
  const villages = divisions.filter((d) => d.level === 'village');
  const poverty = villages.filter((v) => v.isPovertyVillage).length;

  const afterSave = async (row: DivisionRow) => {
    setFormMode(null);
    setMoving(null);
    await reload();
    setSelectedId(row.id);
    if (row.parentId !== null) setExpanded((keys) => (keys.includes(row.parentId as number) ? keys : [...keys, row.parentId as number]));
  };

  const remove = async (row: DivisionRow) => {
    try {
      await call('divisions.delete', { id: row.id });
      message.success(`已删除“${row.name}”`);
      if (selectedId === row.id) setSelectedId(null);
      await reload();
    } catch (error) {
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const columns: TableColumnsType<DivisionNode> = [
    {
      title: '名称',
      dataIndex: 'name',
      render: (_: unknown, row) => (
        <span style={{ fontWeight: row.level === 'village' ? 'normal' : 600 }} data-testid={`division-row-name-${row.code}`}>
          {highlight(row.name, query)}
        </span>
      ),
    },
    {
      title: '区划代码',
      dataIndex: 'code',
      width: 140,
      render: (code: string) => <span className="mono">{highlight(code, query)}</span>,
    },
    {
      title: '类型',
      key: 'kind',
      width: 80,
      render: (_: unknown, row) => divisionKindLabel(row),
    },
    {
      title: '下辖',
      key: 'children',
      width: 100,
      render: (_: unknown, row) =>
        row.level === 'county' ? `${row.childCount} 个乡镇` : row.level === 'township' ? `${row.childCount} 个村` : null,
    },
    {
      title: '贫困村',
      key: 'poverty',
      width: 170,
      render: (_: unknown, row) =>
        row.level === 'village' && row.isPovertyVillage ? (
          <span>
            <Tag color="red" variant="outlined" style={{ marginInlineEnd: 6 }}>
              贫困村
            </Tag>
            <span className="field-hint">{row.exitYear ? `${row.exitYear} 年出列` : '出列年份未填'}</span>
          </span>
        ) : null,
    },
    {
      title: '操作',
      key: 'actions',
      width: 250,
      render: (_: unknown, row) => (
        <span onClick={(e) => e.stopPropagation()} style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormMode({ kind: 'edit', row })} data-testid="division-edit">
            编辑
          </Button>
          {row.level === 'village' ? (
            <Button type="link" size="small" icon={<SwapOutlined />} onClick={() => setMoving(row)} data-testid="division-move">
              调整所属乡镇
            </Button>
          ) : null}
          {row.level === 'township' ? (
            <Button
              type="link"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => {
                setSelectedId(row.id);
                setFormMode({ kind: 'create', level: 'village', parentId: row.id });
              }}
              data-testid="division-add-child"
            >
              新增村
            </Button>
          ) : null}
          {row.level !== 'county' ? (
            <Popconfirm
              title={`删除${DIVISION_LEVEL_LABEL[row.level]}“${row.name}”？`}
              description="仍有下级区划、项目、问题或单位的不能删除。"
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(row)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="division-delete">
                删除
              </Button>
            </Popconfirm>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <div>
      <div className="screen-toolbar">
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="按名称或区划代码查找（Ctrl+F）"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 280 }}
          data-testid="division-search"
        />
        {query.trim() ? (
          <span className="field-hint" data-testid="division-search-count">
            {filtered.matches > 0 ? `找到 ${filtered.matches} 处` : '没有找到匹配的区划'}
          </span>
        ) : null}
        <span className="spacer" />
        <Button onClick={() => setExpanded(divisions.filter((d) => d.level !== 'village').map((d) => d.id))}>全部展开</Button>
        <Button onClick={() => setExpanded(county ? [county.id] : [])}>收起</Button>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={!county}
          onClick={() => setFormMode({ kind: 'create', level: 'township', parentId: county?.id ?? null })}
          data-testid="add-township"
        >
          新增乡镇
        </Button>
        <Button
          icon={<PlusOutlined />}
          disabled={townships === 0}
          onClick={() => setFormMode({ kind: 'create', level: 'village', parentId: selectedTownshipId ?? null })}
          data-testid="add-village"
          title={
            townships === 0
              ? '请先新增乡镇'
              : selectedTownshipId
                ? `在“${byId.get(selectedTownshipId)?.name ?? ''}”下新增村`
                : '先在表中点选一个乡镇，或在表单中选择乡镇'
          }
        >
          新增村
        </Button>
      </div>

      <div data-testid="division-tree" className="division-table">
        <Table<DivisionNode>
          size="small"
          bordered
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={filtered.nodes}
          pagination={false}
          scroll={{ y: 'calc(100vh - 268px)' }}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys),
            indentSize: 22,
          }}
          rowClassName={(row) => (row.id === selectedId ? 'ant-table-row-selected' : '')}
          onRow={(row) => ({
            onClick: () => setSelectedId(row.id),
            onDoubleClick: () => setFormMode({ kind: 'edit', row }),
            'data-level': row.level,
            'data-code': row.code,
          }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: county ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有找到匹配的区划" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="台账中还没有县，请重新打开程序按提示建立" />
            ),
          }}
        />
      </div>
      <div className="field-hint" style={{ marginTop: 8 }} data-testid="division-totals">
        共 {townships} 个乡镇（街道）、{villages.length} 个村（社区），其中贫困村 {poverty} 个。点选一行后可用“新增村”；双击一行可编辑。
      </div>

      <DivisionFormModal mode={formMode} divisions={divisions} onClose={() => setFormMode(null)} onSaved={(row) => void afterSave(row)} />
      <MoveVillageModal village={moving} divisions={divisions} onClose={() => setMoving(null)} onSaved={(row) => void afterSave(row)} />
    </div>
  );
}
