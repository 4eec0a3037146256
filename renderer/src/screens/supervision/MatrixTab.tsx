// 乡镇 × 状态 (findings.matrix) and 按类别 (findings.byCategory): counts of live findings, every township in 区划
// order (zeros included) or every category; each count opens 问题台账 filtered to it. Both can be narrowed to
// one inspection, a year and (the matrix) categories.
import { Select, Table, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ChannelResult, FindingCategoryRow, FindingMatrix, FindingMatrixRow } from '../../../../shared/api';
import { formatChineseDate } from '../../../../shared/dates';
import { FindingCategory, FindingStatus } from '../../../../shared/enums';
import { call } from '../../api/client';

import { navigate } from '../../lib/nav';
import { CATEGORY_OPTIONS, filtersToQuery, useSupervision, type FindingFilters } from './common';
import { useInspectionOptions } from './FindingsTab';
import { yearOptions } from './InspectionsTab';
import { ExportButton } from '../export/ExportButton';
import { useChannel } from '../../lib/useChannel';

const OPEN_STATUSES: FindingStatus[] = ['notStarted', 'inProgress', 'ongoing'];

function CountLink({ n, filters, testId, red }: { n: number; filters: Partial<FindingFilters>; testId: string; red?: boolean }) {
  if (n === 0) {
    return (
      <span className="sv-zero" data-testid={testId}>
        0
      </span>
    );
  }
  return (
    <a className={`mono sv-count${red ? ' sv-red sv-strong' : ''}`} onClick={() => navigate('supervision', filtersToQuery(filters))} data-testid={testId}>
      {n}
    </a>
  );
}

interface ViewFilters {
  inspectionId: number | null;
  year: number | null;
  category: FindingCategory[];
}

function ViewToolbar({
  filters,
  onChange,
  withCategory,
  today,
  active,
  extra,
}: {
  filters: ViewFilters;
  onChange: (f: ViewFilters) => void;
  withCategory: boolean;
  today: string | null;
  active: boolean;
  extra?: ReactNode;
}) {
  const inspections = useInspectionOptions(active);
  return (
    <div className="screen-toolbar">
      <Select<number | null>
        value={filters.inspectionId}
        onChange={(v) => onChange({ ...filters, inspectionId: v ?? null })}
        options={[{ value: null, label: '全部检查' }, ...inspections.map((i) => ({ value: i.id, label: i.name }))]}
        popupMatchSelectWidth={false}
        style={{ width: 220 }}
      />
      <Select<number | null>
        value={filters.year}
        onChange={(v) => onChange({ ...filters, year: v ?? null })}
        options={[{ value: null, label: '全部年度' }, ...yearOptions()]}
        style={{ width: 110 }}
      />
      {withCategory ? (
        <Select<FindingCategory[]>
          mode="multiple"
          value={filters.category}
          onChange={(v) => onChange({ ...filters, category: v })}
          options={CATEGORY_OPTIONS}
          placeholder="问题类别"
          maxTagCount="responsive"
          allowClear
          style={{ width: 220 }}
        />
      ) : null}
      <span className="field-hint">{today ? `逾期按 ${formatChineseDate(today)} 计算；点击数字查看问题清单` : ''}</span>
      {extra ? (
        <>
          <span className="spacer" />
          {extra}
        </>
      ) : null}
    </div>
  );
}

function viewInput(f: ViewFilters) {
  return {
    ...(f.inspectionId ? { inspectionId: f.inspectionId } : {}),
    ...(f.year ? { year: f.year } : {}),
    ...(f.category.length ? { category: f.category } : {}),
  };
}

export function MatrixTab({ active }: { active: boolean }) {
  const { version } = useSupervision();
  const [filters, setFilters] = useState<ViewFilters>({ inspectionId: null, year: null, category: [] });
  const { data, loading, run } = useChannel<FindingMatrix>();

  const load = useCallback(() => run(() => call('findings.matrix', viewInput(filters))), [run, filters]);

  useEffect(() => {
    if (active) void load();
  }, [load, active, version]);

  // The list opened from a cell keeps the inspection and categories of the matrix.
  const base: Partial<FindingFilters> = { inspectionId: filters.inspectionId, category: filters.category, year: filters.year };
  const placeOf = (row: FindingMatrixRow, total: boolean): Partial<FindingFilters> =>
    total ? {} : row.townshipId === null ? { noTownship: true } : { townshipId: row.townshipId };
  const keyOf = (row: FindingMatrixRow, total: boolean) => (total ? 'total' : (row.townshipId ?? 'none'));

  const columns = (total: boolean): TableColumnsType<FindingMatrixRow> => [
    { title: '乡镇', dataIndex: 'township', width: 200, render: (v: string) => (total ? <b>{v}</b> : v) },
    ...FindingStatus.options.map((s) => ({
      title: s.label,
      key: s.value,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, row: FindingMatrixRow) => (
        <CountLink n={row.counts[s.value]} filters={{ ...base, ...placeOf(row, total), status: [s.value] }} testId={`matrix-${keyOf(row, total)}-${s.value}`} />
      ),
    })),
    {
      title: '合计',
      key: 'total',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, row: FindingMatrixRow) => <CountLink n={row.total} filters={{ ...base, ...placeOf(row, total) }} testId={`matrix-${keyOf(row, total)}-total`} />,
    },
    {
      title: '未整改',
      key: 'open',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, row: FindingMatrixRow) => (
        <CountLink n={row.open} filters={{ ...base, ...placeOf(row, total), status: OPEN_STATUSES }} testId={`matrix-${keyOf(row, total)}-open`} />
      ),
    },
    {
      title: '其中逾期',
      key: 'overdue',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, row: FindingMatrixRow) => (
        <CountLink n={row.overdue} red filters={{ ...base, ...placeOf(row, total), overdueOnly: true }} testId={`matrix-${keyOf(row, total)}-overdue`} />
      ),
    },
  ];

  const rowColumns = columns(false);
  const totalColumns = columns(true);

  return (
    <div>
      <ViewToolbar
        filters={filters}
        onChange={setFilters}
        withCategory
        today={data?.today ?? null}
        active={active}
        extra={<ExportButton ledger="rectification" filters={viewInput(filters)} money={false} testId="export-rectification" />}
      />
      <div data-testid="matrix-table">
        <Table<FindingMatrixRow>
          size="small"
          bordered
          rowKey={(r) => String(r.townshipId ?? 'none')}
          loading={loading}
          columns={rowColumns}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 320px)' }}
          className="sv-matrix"
          locale={{ emptyText: '区划中还没有乡镇' }}
          summary={() =>
            data ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="sv-summary-row">
                  {totalColumns.map((c, i) => {
                    const col = c as { render?: (v: unknown, r: FindingMatrixRow, i: number) => React.ReactNode; align?: 'right'; dataIndex?: string };
                    const value = col.render ? col.render(col.dataIndex ? data.totals.township : undefined, data.totals, 0) : null;
                    return (
                      <Table.Summary.Cell key={i} index={i} align={col.align}>
                        {value}
                      </Table.Summary.Cell>
                    );
                  })}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </div>
    </div>
  );
}

export function CategoryTab({ active }: { active: boolean }) {
  const { version } = useSupervision();
  const [filters, setFilters] = useState<ViewFilters>({ inspectionId: null, year: null, category: [] });
  const { data, loading, run } = useChannel<ChannelResult<'findings.byCategory'>>();
  const rows: FindingCategoryRow[] = data?.rows ?? [];
  const today = data?.today ?? null;

  const load = useCallback(() => run(() => call('findings.byCategory', viewInput(filters))), [run, filters]);

  useEffect(() => {
    if (active) void load();
  }, [load, active, version]);

  const max = Math.max(1, ...rows.map((r) => r.total));
  const base: Partial<FindingFilters> = { inspectionId: filters.inspectionId, year: filters.year };
  const columns: TableColumnsType<FindingCategoryRow> = [
    { title: '问题类别', dataIndex: 'label', width: 140 },
    {
      title: '问题数',
      key: 'bar',
      render: (_: unknown, row) => (
        <div className="sv-bar-cell">
          <div className="sv-bar">
            <div className="sv-bar-closed" style={{ width: `${((row.counts.closed + row.counts.awaitingClose) / max) * 100}%` }} />
            <div className="sv-bar-open" style={{ width: `${(row.open / max) * 100}%` }} />
          </div>
          <CountLink n={row.total} filters={{ ...base, category: [row.category] }} testId={`category-${row.category}-total`} />
        </div>
      ),
    },
    ...FindingStatus.options.map((s) => ({
      title: s.label,
      key: s.value,
      width: 100,
      align: 'right' as const,
      render: (_: unknown, row: FindingCategoryRow) => (
        <CountLink n={row.counts[s.value]} filters={{ ...base, category: [row.category], status: [s.value] }} testId={`category-${row.category}-${s.value}`} />
      ),
    })),
    {
      title: '其中逾期',
      key: 'overdue',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, row: FindingCategoryRow) => (
        <CountLink n={row.overdue} red filters={{ ...base, category: [row.category], overdueOnly: true }} testId={`category-${row.category}-overdue`} />
      ),
    },
  ];

  return (
    <div>
      <ViewToolbar filters={filters} onChange={setFilters} withCategory={false} today={today} active={active} />
      <div className="field-hint" style={{ marginBottom: 6 }}>
        条形：<span className="sv-legend sv-bar-closed" /> 已完成（含待销号）{'\u3000'}<span className="sv-legend sv-bar-open" /> 未整改
        {filters.year ? `\u3000（${filters.year} 年开始的检查）` : ''}
      </div>
      <Table<FindingCategoryRow>
        size="small"
        bordered
        rowKey="category"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        data-testid="category-table"
      />
    </div>
  );
}
