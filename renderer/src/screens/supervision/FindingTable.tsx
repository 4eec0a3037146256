// The table of findings every list view uses (问题台账, 逾期问题, 7日内到期, a inspection's page): 序号,
// 检查, 类别, 问题描述, 乡镇/村, 责任单位, 整改时限 (red when overdue), 状态, 佐证; a click opens the drawer.
import { PaperClipOutlined } from '@ant-design/icons';
import { Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { FindingSearchRow, FINDING_SORT_COLUMNS } from '../../../../shared/api';
import { DeadlineCell, placeText, rowTestId, StatusTag, useSupervision } from './common';
import { tableMinWidth } from '../../lib/tableWidth';

export type FindingSort = { by: (typeof FINDING_SORT_COLUMNS)[number]; dir: 'asc' | 'desc' };

interface Props {
  rows: FindingSearchRow[];
  loading: boolean;
  /** Hide the 检查 column (on an inspection's own page). */
  hideInspection?: boolean;
  pagination?: TablePaginationConfig | false;
  sort?: FindingSort;
  onSort?: (sort: FindingSort) => void;
  emptyText: string;
  scrollY?: string;
}

const SORTABLE: Record<string, FindingSort['by']> = { deadline: 'deadline', township: 'township', status: 'status', category: 'category' };

export function FindingTable({ rows, loading, hideInspection, pagination, sort, onSort, emptyText, scrollY }: Props) {
  const { openFinding } = useSupervision();
  const sortOrder = (key: string) => (sort && sort.by === SORTABLE[key] ? (sort.dir === 'asc' ? 'ascend' : 'descend') : null);
  const sortable = onSort !== undefined;

  const columns: TableColumnsType<FindingSearchRow> = [
    { title: '序号', dataIndex: 'seq', width: 56, align: 'right', render: (v: number | null) => <span className="mono">{v ?? '—'}</span> },
    ...(hideInspection
      ? []
      : [{ title: '检查', dataIndex: 'inspection', width: 140, ellipsis: { showTitle: true } } as TableColumnsType<FindingSearchRow>[number]]),
    {
      title: '类别',
      key: 'category',
      dataIndex: 'category',
      width: 104,
      sorter: sortable,
      sortOrder: sortOrder('category'),
      ellipsis: { showTitle: true },
    },
    {
      title: '问题描述',
      dataIndex: 'description',
      // The column a clerk reads: never narrower than about 18 characters; a narrow window scrolls instead.
      minWidth: 240,
      ellipsis: { showTitle: true },
      render: (v: string, row) => (
        <span className={`sv-link${row.overdue ? ' sv-red' : ''}`} data-testid="finding-open">
          {v}
        </span>
      ),
    },
    {
      title: '乡镇/村',
      key: 'township',
      width: 120,
      sorter: sortable,
      sortOrder: sortOrder('township'),
      ellipsis: { showTitle: true },
      render: (_: unknown, row) => placeText(row.township, row.village),
    },
    { title: '责任单位', dataIndex: 'responsibleUnit', width: 120, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    {
      title: '整改时限',
      key: 'deadline',
      width: 196,
      ellipsis: true,
      sorter: sortable,
      sortOrder: sortOrder('deadline'),
      render: (_: unknown, row) => (
        <DeadlineCell deadline={row.deadline} deadlineText={row.deadlineText} overdue={row.overdue} daysLeft={row.daysLeft} statusCode={row.statusCode} />
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 104,
      sorter: sortable,
      sortOrder: sortOrder('status'),
      render: (_: unknown, row) => <StatusTag status={row.statusCode} />,
    },
    {
      title: '佐证',
      dataIndex: 'attachmentCount',
      width: 58,
      align: 'right',
      render: (v: number) =>
        v > 0 ? (
          <span className="mono">
            <PaperClipOutlined /> {v}
          </span>
        ) : (
          <span className="sv-muted">—</span>
        ),
    },
  ];

  return (
    <Table<FindingSearchRow>
      size="small"
      bordered
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={rows}
      scroll={{ x: tableMinWidth(columns), ...(scrollY ? { y: scrollY } : {}) }}
      rowClassName={(row) => (row.overdue ? 'sv-row-overdue' : '')}
      onRow={(row) => ({ ...rowTestId('finding-row'), onClick: () => openFinding(row.id) })}
      pagination={pagination ?? false}
      onChange={(_p, _f, sorter) => {
        if (!onSort) return;
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<FindingSearchRow> | undefined;
        const by = s && s.order ? SORTABLE[String(s.columnKey)] : undefined;
        onSort(by && s ? { by, dir: s.order === 'ascend' ? 'asc' : 'desc' } : { by: 'default', dir: 'desc' });
      }}
      locale={{ emptyText }}
      data-testid="finding-table"
    />
  );
}
