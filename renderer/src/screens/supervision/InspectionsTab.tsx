// 检查: every inspection with its findings counted (问题, 未整改, 逾期 in red), filtered by 年度, 来源 and a
// keyword; add, edit, delete with a reason; a click opens the inspection's own page.
import { officeYear } from '../../../../shared/dates';
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Input, Select, Table, Tooltip, type InputRef, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InspectionDetail, InspectionPage, InspectionRow } from '../../../../shared/api';
import { InspectionSource } from '../../../../shared/enums';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';
import { useShortcut } from '../../lib/shortcuts';
import { ReasonModal, rowTestId, useSupervision } from './common';
import { InspectionFormModal, type InspectionTarget } from './InspectionForm';
import { tableMinWidth } from '../../lib/tableWidth';
import { useChannel } from '../../lib/useChannel';

const PAGE_SIZE = 50;

export function yearOptions(): Array<{ value: number; label: string }> {
  const out: Array<{ value: number; label: string }> = [];
  for (let y = officeYear() + 1; y >= 2015; y -= 1) out.push({ value: y, label: `${y} 年` });
  return out;
}

export function targetsText(row: Pick<InspectionRow, 'townships' | 'departments'>): string {
  return [...row.townships.map((t) => t.name), ...row.departments].join('、');
}

export function datesText(row: Pick<InspectionRow, 'startDate' | 'endDate'>): string {
  if (!row.startDate) return '—';
  if (!row.endDate || row.endDate === row.startDate) return row.startDate;
  return `${row.startDate} 至 ${row.endDate}`;
}

export function openInspection(id: number): void {
  navigate('supervision', `inspection?id=${id}`);
}

export function InspectionsTab({ active }: { active: boolean }) {
  const { message, modal } = AntApp.useApp();
  const { version, changed } = useSupervision();
  const [year, setYear] = useState<number | null>(null);
  const [source, setSource] = useState<InspectionSource | null>(null);
  const [keywordText, setKeywordText] = useState('');
  const [keyword, setKeyword] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading, run } = useChannel<InspectionPage>();
  const [target, setTarget] = useState<InspectionTarget>(null);
  const [deleting, setDeleting] = useState<InspectionRow | null>(null);
  const searchRef = useRef<InputRef>(null);

  const load = useCallback(
    () =>
      run(() =>
        call('inspections.list', {
          ...(year ? { year } : {}),
          ...(source ? { source } : {}),
          ...(keyword.trim() ? { keyword: keyword.trim().slice(0, 50) } : {}),
          offset: (page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
        }),
      ),
    [run, year, source, keyword, page],
  );

  useEffect(() => {
    if (active) void load();
  }, [load, active, version]);

  useEffect(() => {
    const t = window.setTimeout(() => {
      setKeyword(keywordText);
      setPage(1);
    }, 300);
    return () => window.clearTimeout(t);
  }, [keywordText]);

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }), active && target === null);

  const closeForm = useCallback(() => setTarget(null), []);
  const saved = useCallback(
    (detail: InspectionDetail) => {
      changed();
      if (target?.kind === 'new') openInspection(detail.id);
    },
    [changed, target],
  );

  const remove = async (row: InspectionRow, reason: string) => {
    try {
      await call('inspections.delete', { id: row.id, reason });
      message.success(`已删除检查“${row.name}”`);
      setDeleting(null);
      changed();
    } catch (error) {
      setDeleting(null);
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const columns: TableColumnsType<InspectionRow> = [
    {
      title: '检查名称',
      dataIndex: 'name',
      // Names are long (2026年第三季度巩固拓展脱贫攻坚成果督导检查): wrapped, never cut.
      minWidth: 240,
      render: (v: string, row) => (
        <a className="sv-wrap" onClick={() => openInspection(row.id)} title={[v, targetsText(row) ? `检查对象：${targetsText(row)}` : ''].filter(Boolean).join('\n')} data-testid="inspection-open">
          {v}
        </a>
      ),
    },
    { title: '类型', dataIndex: 'sourceLabel', width: 96 },
    { title: '来源文号', dataIndex: 'sourceDocNumber', width: 150, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    {
      title: '检查组/组长',
      key: 'team',
      width: 160,
      ellipsis: { showTitle: true },
      render: (_: unknown, row) => [row.team, row.leader ? `组长 ${row.leader}` : null].filter(Boolean).join(' · ') || '—',
    },
    { title: '起止日期', key: 'dates', width: 188, render: (_: unknown, row) => <span className="mono">{datesText(row)}</span> },
    { title: '问题', dataIndex: 'findingCount', width: 62, align: 'right', render: (v: number) => <span className="mono">{v}</span> },
    { title: '未整改', dataIndex: 'openCount', width: 68, align: 'right', render: (v: number) => <span className="mono">{v}</span> },
    {
      title: '逾期',
      dataIndex: 'overdueCount',
      width: 62,
      align: 'right',
      render: (v: number) => (
        <span className={`mono${v > 0 ? ' sv-red sv-strong' : ''}`} data-testid="inspection-overdue">
          {v}
        </span>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 118,
      render: (_: unknown, row) => (
        <span style={{ whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ kind: 'edit', id: row.id })} data-testid="inspection-edit">
            编辑
          </Button>
          <Tooltip title={row.findingCount > 0 ? '检查下还有问题，不能删除' : undefined}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setDeleting(row)} data-testid="inspection-delete">
              删除
            </Button>
          </Tooltip>
        </span>
      ),
    },
  ];

  return (
    <div>
      <div className="screen-toolbar">
        <Select<number | null>
          value={year}
          onChange={(v) => {
            setYear(v);
            setPage(1);
          }}
          options={[{ value: null, label: '全部年度' }, ...yearOptions()]}
          style={{ width: 110 }}
          data-testid="inspection-filter-year"
        />
        <Select<InspectionSource | null>
          value={source}
          onChange={(v) => {
            setSource(v);
            setPage(1);
          }}
          options={[{ value: null, label: '全部来源' }, ...InspectionSource.options]}
          style={{ width: 130 }}
          data-testid="inspection-filter-source"
        />
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="名称、文号、检查组、组长（Ctrl+F）"
          value={keywordText}
          onChange={(e) => setKeywordText(e.target.value)}
          style={{ width: 280 }}
          maxLength={50}
          data-testid="inspection-search"
        />
        <span className="spacer" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'new' })} data-testid="add-inspection">
          新增检查
        </Button>
      </div>
      <Table<InspectionRow>
        size="small"
        bordered
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        scroll={{ x: tableMinWidth(columns), y: 'calc(100vh - 300px)' }}
        onRow={(row) => ({ ...rowTestId('inspection-row'), onDoubleClick: () => openInspection(row.id) })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          size: 'small',
          showTotal: (total) => `共 ${total.toLocaleString('zh-CN')} 次检查`,
          onChange: setPage,
        }}
        locale={{ emptyText: keyword || year || source ? '没有符合条件的检查' : '还没有检查记录，点击“新增检查”录入' }}
        data-testid="inspection-table"
      />
      <InspectionFormModal target={target} onClose={closeForm} onSaved={saved} />
      <ReasonModal
        placeholder="例如 重复录入、录错了检查"
        open={deleting !== null}
        title={deleting ? `删除检查“${deleting.name}”` : '删除检查'}
        description="删除后记录和原因保留在操作记录中。检查下还有问题时不能删除。"
        onCancel={() => setDeleting(null)}
        onConfirm={(reason) => (deleting ? remove(deleting, reason) : Promise.resolve())}
      />
    </div>
  );
}
