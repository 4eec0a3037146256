// 问题台账: every finding, filtered as in 项目库 — 检查, 乡镇, 村, 类别, 状态, 只看逾期, a keyword — and paged by
// the service, with the status counts and the overdue count of the whole filtered set. The filters live in
// the address (#/supervision/findings?townshipId=3&status=closed), so the matrix, the category table and
// 首页 open this list already filtered, and 后退 goes back to the view before.
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Select, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FindingSearchResult, InspectionRow } from '../../../../shared/api';
import { FindingCategory, FindingStatus } from '../../../../shared/enums';
import { call } from '../../api/client';

import { navigate } from '../../lib/nav';
import { useShortcut } from '../../lib/shortcuts';
import { CATEGORY_OPTIONS, filtersFromQuery, filtersToQuery, NO_FINDING_FILTERS, STATUS_OPTIONS, useSupervision, type FindingFilters } from './common';
import { ExportButton } from '../export/ExportButton';
import { ImportBatchTag } from '../../components/ImportBatchTag';
import { FindingTable, type FindingSort } from './FindingTable';
import { yearOptions } from './InspectionsTab';
import { useChannel } from '../../lib/useChannel';

const PAGE_SIZE = 50;

/** Inspections for the filter's drop-down (newest first). */
export function useInspectionOptions(active: boolean): InspectionRow[] {
  const { version } = useSupervision();
  const [rows, setRows] = useState<InspectionRow[]>([]);
  useEffect(() => {
    if (!active) return undefined;
    let live = true;
    call('inspections.list', { limit: 1000 })
      .then((r) => {
        if (live) setRows(r.rows);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [active, version]);
  return rows;
}

export function StatusSummary({ result }: { result: FindingSearchResult | null }) {
  if (!result) return null;
  return (
    <span className="sv-summary" data-testid="finding-summary">
      共 <b>{result.total.toLocaleString('zh-CN')}</b> 条
      {FindingStatus.values.map((s) =>
        result.statusCounts[s] > 0 ? (
          <span key={s}>
            {'\u3000'}{FindingStatus.label[s]} <b>{result.statusCounts[s]}</b>
          </span>
        ) : null,
      )}
      {'\u3000'}逾期 <b className={result.overdueCount > 0 ? 'sv-red' : undefined}>{result.overdueCount}</b>
    </span>
  );
}

export function FindingsTab({ active, queryText }: { active: boolean; queryText: string }) {
  const { version, reference } = useSupervision();
  const filters = filtersFromQuery(new URLSearchParams(queryText));
  const [keywordText, setKeywordText] = useState(filters.keyword);
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<FindingSort>({ by: 'default', dir: 'desc' });
  const { data, loading, run } = useChannel<FindingSearchResult>();
  const searchRef = useRef<InputRef>(null);
  const inspections = useInspectionOptions(active);

  const setFilters = useCallback(
    (change: Partial<FindingFilters>) => {
      const next = { ...filtersFromQuery(new URLSearchParams(queryText)), ...change };
      navigate('supervision', filtersToQuery(next));
    },
    [queryText],
  );

  // A new address (from the matrix, 首页…) starts at page 1 with its keyword in the box.
  useEffect(() => {
    setPage(1);
    const keyword = filtersFromQuery(new URLSearchParams(queryText)).keyword;
    setKeywordText((typed) => (typed.trim() === keyword.trim() ? typed : keyword));
  }, [queryText]);

  useEffect(() => {
    const t = window.setTimeout(() => {
      const current = filtersFromQuery(new URLSearchParams(queryText)).keyword;
      if (keywordText.trim() !== current.trim()) setFilters({ keyword: keywordText });
    }, 350);
    return () => window.clearTimeout(t);
  }, [keywordText, queryText, setFilters]);

  // The list's filters and sort (also what 导出 exports).
  const searchInput = useMemo(() => {
    const f = filtersFromQuery(new URLSearchParams(queryText));
    return {
      ...(f.inspectionId ? { inspectionId: f.inspectionId } : {}),
      ...(f.townshipId ? { townshipId: f.townshipId } : {}),
      ...(f.villageId ? { villageId: f.villageId } : {}),
      ...(f.noTownship ? { noTownship: true } : {}),
      ...(f.category.length ? { category: f.category } : {}),
      ...(f.status.length ? { status: f.status } : {}),
      ...(f.overdueOnly ? { overdueOnly: true } : {}),
      ...(f.year ? { year: f.year } : {}),
      ...(f.keyword.trim() ? { keyword: f.keyword.trim().slice(0, 50) } : {}),
      ...(f.importBatchId ? { importBatchId: f.importBatchId } : {}),
      sortBy: sort.by,
      sortDir: sort.dir,
    };
  }, [queryText, sort]);

  const load = useCallback(
    () =>
      run(() =>
        call('findings.search', {
          ...searchInput,
          offset: (page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
        }),
      ),
    [run, searchInput, page],
  );

  useEffect(() => {
    if (active) void load();
  }, [load, active, version]);

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }), active);

  const anyFilter = queryText !== '';
  const villages = reference.villagesOf(filters.townshipId);
  const townshipValue: number | 'none' | null = filters.noTownship ? 'none' : filters.townshipId;

  return (
    <div>
      <div className="screen-toolbar">
        {filters.importBatchId !== null ? <ImportBatchTag batchId={filters.importBatchId} onClose={() => setFilters({ importBatchId: null })} /> : null}
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="描述、单位、责任人、村（Ctrl+F）"
          value={keywordText}
          onChange={(e) => setKeywordText(e.target.value)}
          maxLength={50}
          style={{ width: 200 }}
          data-testid="finding-search"
        />
        <Select<number | null>
          value={filters.inspectionId}
          onChange={(v) => setFilters({ inspectionId: v ?? null })}
          options={[{ value: null, label: '全部检查' }, ...inspections.map((i) => ({ value: i.id, label: i.name }))]}
          popupMatchSelectWidth={false}
          style={{ width: 150 }}
          data-testid="finding-filter-inspection"
        />
        <Select<number | null>
          value={filters.year}
          onChange={(v) => setFilters({ year: v ?? null })}
          options={[{ value: null, label: '全部年度' }, ...yearOptions()]}
          style={{ width: 100 }}
          data-testid="finding-filter-year"
        />
        <Select<number | 'none' | null>
          value={townshipValue}
          onChange={(v) => setFilters({ townshipId: typeof v === 'number' ? v : null, noTownship: v === 'none', villageId: null })}
          options={[
            { value: null, label: '全部乡镇' },
            ...reference.townships.map((t) => ({ value: t.id, label: t.name })),
            { value: 'none', label: '未指定乡镇（县直）' },
          ]}
          popupMatchSelectWidth={false}
          style={{ width: 110 }}
          data-testid="finding-filter-township"
        />
        <Select<number | null>
          value={filters.villageId}
          onChange={(v) => setFilters({ villageId: v ?? null })}
          options={[{ value: null, label: filters.townshipId ? '全部村' : '先选乡镇' }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
          disabled={!filters.townshipId}
          style={{ width: 100 }}
          data-testid="finding-filter-village"
        />
        <Select<FindingCategory[]>
          mode="multiple"
          value={filters.category}
          onChange={(v) => setFilters({ category: v })}
          options={CATEGORY_OPTIONS}
          placeholder="问题类别"
          maxTagCount="responsive"
          allowClear
          style={{ width: 130 }}
          data-testid="finding-filter-category"
        />
        <Select<FindingStatus[]>
          mode="multiple"
          value={filters.status}
          onChange={(v) => setFilters({ status: v })}
          options={STATUS_OPTIONS}
          placeholder="整改状态"
          maxTagCount="responsive"
          allowClear
          style={{ width: 130 }}
          data-testid="finding-filter-status"
        />
        <Checkbox checked={filters.overdueOnly} onChange={(e) => setFilters({ overdueOnly: e.target.checked })} data-testid="finding-filter-overdue">
          <span className={filters.overdueOnly ? 'sv-red' : undefined}>只看逾期</span>
        </Checkbox>
        <Button
          icon={<ReloadOutlined />}
          disabled={!anyFilter}
          onClick={() => {
            setKeywordText('');
            setSort({ by: 'default', dir: 'desc' });
            navigate('supervision', filtersToQuery(NO_FINDING_FILTERS));
          }}
          data-testid="finding-filter-reset"
        >
          重置
        </Button>
        <span className="spacer" />
        <ExportButton ledger="findings" filters={searchInput} byTownship detail money={false} count={data?.total} testId="export-findings" />
      </div>
      <div className="sv-list-head">
        <StatusSummary result={data} />
      </div>
      <FindingTable
        rows={data?.rows ?? []}
        loading={loading}
        sort={sort}
        onSort={(s) => {
          if (s.by !== sort.by || s.dir !== sort.dir) {
            setSort(s);
            setPage(1);
          }
        }}
        scrollY="calc(100vh - 330px)"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          size: 'small',
          showTotal: (total) => `共 ${total.toLocaleString('zh-CN')} 条`,
          onChange: setPage,
        }}
        emptyText={anyFilter ? '没有符合条件的问题' : '还没有问题记录：在“检查”中打开一次检查，点击“新增问题”录入'}
      />
    </div>
  );
}
