// 资金下达: the allocation documents (文号) with how much of each is split to projects, filtered by 年度,
// 级次 and a keyword; add, edit (with the split) and delete with a reason.
import { officeYear } from '../../../../shared/dates';
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Input, Select, Table, Tooltip, type InputRef, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AllocationDetail, AllocationPage, AllocationRow } from '../../../../shared/api';
import { FundLevel } from '../../../../shared/enums';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { useShortcut } from '../../lib/shortcuts';
import { AllocationFormModal, type AllocationTarget } from './AllocationForm';
import { ExportButton } from '../export/ExportButton';
import { ImportBatchTag } from '../../components/ImportBatchTag';
import { navigate } from '../../lib/nav';
import { LevelTag, ReasonModal, yearOptions } from './common';
import { formatWanRounded } from '../../../../shared/money';
import { useChannel } from '../../lib/useChannel';

const PAGE_SIZE = 50;

interface Filters {
  year: number | null;
  level: FundLevel | null;
  keyword: string;
}

/** `importBatchId`: one import batch's allocations, from the address (#/funds/allocations?importBatchId=12). */
export function AllocationsTab({ active, importBatchId = null, onChanged }: { active: boolean; importBatchId?: number | null; onChanged: () => void }) {
  const { message, modal } = AntApp.useApp();
  const { dataVersion } = useAppState();
  // A batch is shown whatever its year: the year filter starts empty then.
  const [filters, setFilters] = useState<Filters>({ year: importBatchId !== null ? null : officeYear(), level: null, keyword: '' });
  useEffect(() => {
    if (importBatchId !== null) setFilters((f) => ({ ...f, year: null }));
    setPage(1);
  }, [importBatchId]);
  const [keywordText, setKeywordText] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading, run } = useChannel<AllocationPage>();
  const [target, setTarget] = useState<AllocationTarget>(null);
  const [deleting, setDeleting] = useState<AllocationRow | null>(null);
  const searchRef = useRef<InputRef>(null);

  const listFilters = useMemo(
    () => ({
      ...(filters.year ? { year: filters.year } : {}),
      ...(filters.level ? { level: filters.level } : {}),
      ...(filters.keyword.trim() ? { keyword: filters.keyword.trim().slice(0, 50) } : {}),
      ...(importBatchId !== null ? { importBatchId } : {}),
    }),
    [filters, importBatchId],
  );

  const load = useCallback(
    () => run(() => call('allocations.list', { ...listFilters, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE })),
    [run, listFilters, page],
  );

  useEffect(() => {
    if (active) void load();
  }, [load, active, dataVersion]);

  // The keyword applies a moment after typing stops.
  useEffect(() => {
    const t = window.setTimeout(() => {
      setFilters((f) => (f.keyword === keywordText ? f : { ...f, keyword: keywordText }));
      setPage(1);
    }, 300);
    return () => window.clearTimeout(t);
  }, [keywordText]);

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }), active && target === null);

  const closeForm = useCallback(() => setTarget(null), []);
  const saved = useCallback(
    (_: AllocationDetail) => {
      void load();
      onChanged();
    },
    [load, onChanged],
  );

  const remove = async (row: AllocationRow, reason: string) => {
    try {
      await call('allocations.delete', { id: row.id, reason });
      message.success(`已删除下达记录 ${row.docNumber}`);
      setDeleting(null);
      void load();
      onChanged();
    } catch (error) {
      setDeleting(null);
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const columns: TableColumnsType<AllocationRow> = [
    { title: '文号', dataIndex: 'docNumber', width: 210, render: (v: string) => <span className="funds-doc">{v}</span> },
    { title: '级次', dataIndex: 'level', width: 64, align: 'center', render: (v: FundLevel) => <LevelTag level={v} /> },
    { title: '资金名称', dataIndex: 'fundName', ellipsis: { showTitle: true } },
    { title: '下达日期', dataIndex: 'date', width: 100, render: (v: string) => <span className="mono">{v}</span> },
    { title: '金额（万元）', dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
    { title: '已分配到项目', dataIndex: 'splitFen', width: 120, align: 'right', render: (v: number) => <span className="mono">{formatWanRounded(v)}</span> },
    {
      title: '未分配',
      dataIndex: 'unsplitFen',
      width: 110,
      align: 'right',
      render: (v: number) => <span className={`mono${v > 0 ? ' funds-warn' : ''}`}>{formatWanRounded(v)}</span>,
    },
    { title: '下达对象', dataIndex: 'recipient', width: 170, ellipsis: { showTitle: true } },
    {
      title: '操作',
      key: 'actions',
      width: 124,
      render: (_: unknown, row) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ kind: 'edit', id: row.id })} data-testid="allocation-edit">
            编辑
          </Button>
          <Tooltip title={row.paidFen > 0 ? '已有拨付使用本文号，不能删除' : undefined}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setDeleting(row)} data-testid="allocation-delete">
              删除
            </Button>
          </Tooltip>
        </span>
      ),
    },
  ];

  const totals = data?.totals;

  return (
    <div>
      <div className="screen-toolbar">
        {importBatchId !== null ? <ImportBatchTag batchId={importBatchId} onClose={() => navigate('funds', 'allocations')} /> : null}
        <Select<number | null>
          value={filters.year}
          onChange={(year) => {
            setFilters((f) => ({ ...f, year }));
            setPage(1);
          }}
          options={[{ value: null, label: '全部年度' }, ...yearOptions(officeYear())]}
          style={{ width: 110 }}
          data-testid="allocation-filter-year"
        />
        <Select<FundLevel | null>
          value={filters.level}
          onChange={(level) => {
            setFilters((f) => ({ ...f, level }));
            setPage(1);
          }}
          options={[{ value: null, label: '全部级次' }, ...FundLevel.options]}
          style={{ width: 110 }}
          data-testid="allocation-filter-level"
        />
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="文号、资金名称、下达对象（Ctrl+F）"
          value={keywordText}
          onChange={(e) => setKeywordText(e.target.value)}
          style={{ width: 280 }}
          maxLength={50}
          data-testid="allocation-search"
        />
        {totals ? (
          <span className="field-hint" data-testid="allocation-totals">
            共 {totals.count.toLocaleString('zh-CN')} 笔，下达 <b>{formatWanRounded(totals.amountFen)}</b> 万元，已分配 <b>{formatWanRounded(totals.splitFen)}</b> 万元，未分配{' '}
            <b className={totals.amountFen - totals.splitFen > 0 ? 'funds-warn' : undefined}>{formatWanRounded(totals.amountFen - totals.splitFen)}</b> 万元
          </span>
        ) : null}
        <span className="spacer" />
        <ExportButton ledger="allocations" filters={listFilters} count={totals?.count} testId="export-allocations" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'new' })} data-testid="add-allocation">
          新增下达
        </Button>
      </div>

      <div data-testid="allocation-table">
        <Table<AllocationRow>
          size="small"
          bordered
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={data?.rows ?? []}
          scroll={{ y: 'calc(100vh - 290px)' }}
          onRow={(row) => ({ onDoubleClick: () => setTarget({ kind: 'edit', id: row.id }) })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: totals?.count ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: (total) => `共 ${total.toLocaleString('zh-CN')} 笔`,
            onChange: setPage,
          }}
          locale={{ emptyText: filters.keyword || filters.level ? '没有符合条件的下达记录' : '还没有资金下达记录，点击“新增下达”录入' }}
        />
      </div>

      <AllocationFormModal target={target} onClose={closeForm} onSaved={saved} />
      <ReasonModal
        placeholder="例如 重复录入、文号录错"
        open={deleting !== null}
        title={deleting ? `删除下达记录 ${deleting.docNumber}` : '删除下达记录'}
        description={
          deleting ? (
            <>
              {FundLevel.label[deleting.level]}资金 {formatWanRounded(deleting.amountFen)} 万元
              {deleting.splitFen > 0 ? `，已分配到项目 ${formatWanRounded(deleting.splitFen)} 万元（删除后这些项目失去这笔下达）` : ''}。删除后记录和原因保留在操作记录中。
            </>
          ) : null
        }
        onCancel={() => setDeleting(null)}
        onConfirm={(reason) => (deleting ? remove(deleting, reason) : Promise.resolve())}
      />
    </div>
  );
}
