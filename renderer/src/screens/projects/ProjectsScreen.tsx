// 项目库: every project of the ledger in one table that stays smooth at 100 000 rows. The table is virtual
// (only the rows on screen are in the DOM) and fetches pages from projects.search around what is shown;
// filters, the keyword (Chinese or pinyin initials) and the sort go to the service, and the footer shows
// the totals of the whole filtered set from the same answer.
import { officeYear } from '../../../../shared/dates';
import { PlusOutlined, ReloadOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Cascader, Checkbox, Input, Popover, Select, Tag, Tooltip, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChannelInput, ProjectSearchRow, ProjectSearchTotals, ProjectSortColumn } from '../../../../shared/api';
import { FundLevel, ProjectStatus, projectStatusRank } from '../../../../shared/enums';
import { formatPercent, formatWanRounded } from '../../../../shared/money';
import { incompleteText } from '../../../../shared/projects';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { useShortcut } from '../../lib/shortcuts';
import { typeCascaderOptions, typeCascaderSearch, useReferenceData } from './common';
import { ExportButton } from '../export/ExportButton';
import { ImportBatchTag, importBatchOf } from '../../components/ImportBatchTag';
import { navigate } from '../../lib/nav';
import { ProjectDrawer, type ProjectDrawerTarget } from './ProjectForm';
import './projects.css';
import { VirtualGrid, type GridColumn } from './VirtualGrid';
import { useWindowedRows } from './windowedRows';

interface Filters {
  year: number | null;
  townshipId: number | null;
  villageId: number | null;
  type: number[] | null;
  status: ProjectStatus[];
  fundLevel: FundLevel[];
  departmentId: number | null;
  /** Only projects flagged 资料不全. */
  incomplete: boolean;
}

const NO_FILTERS: Filters = { year: null, townshipId: null, villageId: null, type: null, status: [], fundLevel: [], departmentId: null, incomplete: false };

interface Sort {
  by: ProjectSortColumn;
  dir: 'asc' | 'desc';
}
const DEFAULT_SORT: Sort = { by: 'year', dir: 'desc' };

const COLUMNS_KEY = 'ledger.projects.hiddenColumns.v2';
/** What a 1366–1440 px screen shows without scrolling sideways; the rest is one click away in 列设置. */
const DEFAULT_HIDDEN = ['progress', 'subcategory', 'fundCentral', 'fundProvincial', 'fundMunicipal', 'fundCounty', 'fundOther', 'households', 'povertyHouseholds', 'plannedStart', 'plannedEnd'];
/** Columns that cannot be hidden. */
const FIXED_COLUMNS = new Set(['index', 'name', 'actions']);

function readHidden(): Set<string> {
  try {
    const raw = localStorage.getItem(COLUMNS_KEY);
    if (raw) {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list)) return new Set(list.filter((k): k is string => typeof k === 'string'));
    }
  } catch {
    // A damaged entry falls back to the defaults.
  }
  return new Set(DEFAULT_HIDDEN);
}

/** Status tag colours by phase: 前期 grey, 资金/招投标 gold, 实施 blue, 完工以后 green. */
function statusColor(status: ProjectStatus): string {
  const rank = projectStatusRank(status);
  if (rank <= projectStatusRank('approved')) return 'default';
  if (rank <= projectStatusRank('tendering')) return 'gold';
  if (rank <= projectStatusRank('started')) return 'blue';
  return 'green';
}

function yearOptions(): Array<{ value: number; label: string }> {
  const now = officeYear();
  const out: Array<{ value: number; label: string }> = [];
  for (let y = now + 1; y >= 2015; y -= 1) out.push({ value: y, label: `${y} 年` });
  return out;
}

const count = (n: number) => n.toLocaleString('zh-CN');

/** Columns whose first click sorts largest/latest first. */
const DESC_FIRST = new Set<ProjectSortColumn>(['year', 'totalFen', 'paidFen', 'updatedAt']);

interface ColumnDef {
  key: string;
  title: ReactNode;
  /** Name in the column chooser. */
  label: string;
  width: number;
  align?: 'left' | 'right' | 'center';
  sortKey?: ProjectSortColumn;
  fixed?: 'left' | 'right';
  render: (row: ProjectSearchRow, index: number) => ReactNode;
}

/** `sub`: the address after #/projects/ — "?importBatchId=12" lists one import batch's projects (到项目库查看). */
export function ProjectsScreen({ sub = '' }: { sub?: string }) {
  const { message } = AntApp.useApp();
  const importBatchId = importBatchOf(sub);
  const { dataVersion } = useAppState();
  const showError = useCallback((error: unknown) => message.error(errorText(error), 6), [message]);
  const ref = useReferenceData(showError);

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [keywordText, setKeywordText] = useState('');
  const [keyword, setKeyword] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [hidden, setHidden] = useState<Set<string>>(readHidden);
  const [drawer, setDrawer] = useState<ProjectDrawerTarget | null>(null);
  const [lastOpened, setLastOpened] = useState<number | null>(null);
  const searchRef = useRef<InputRef>(null);

  // The keyword goes to the service a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => setKeyword(keywordText.trim()), 250);
    return () => clearTimeout(timer);
  }, [keywordText]);

  const input = useMemo(() => {
    const i: ChannelInput<'projects.search'> = { sortBy: sort.by, sortDir: sort.dir };
    if (filters.year !== null) i.year = filters.year;
    if (filters.townshipId !== null) i.townshipId = filters.townshipId;
    if (filters.villageId !== null) i.villageId = filters.villageId;
    if (filters.type?.[0] !== undefined) i.categoryId = filters.type[0];
    if (filters.type?.[1] !== undefined) i.subcategoryId = filters.type[1];
    if (filters.status.length > 0) i.status = filters.status;
    if (filters.fundLevel.length > 0) i.fundLevel = filters.fundLevel;
    if (filters.departmentId !== null) i.departmentId = filters.departmentId;
    if (filters.incomplete) i.incomplete = true;
    if (keyword) i.keyword = keyword.slice(0, 50);
    if (importBatchId !== null) i.importBatchId = importBatchId;
    return i;
  }, [filters, sort, keyword, importBatchId]);
  const queryKey = `${JSON.stringify(input)}#${dataVersion}`;

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const answer = await call('projects.search', { ...input, offset, limit });
      return { rows: answer.rows, total: answer.totals.count, meta: answer.totals };
    },
    [input],
  );
  const list = useWindowedRows<ProjectSearchRow, ProjectSearchTotals>({ queryKey, fetchPage, pageSize: 200, overscan: 120, onError: showError });

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }));

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  const openEdit = useCallback((id: number) => {
    setLastOpened(id);
    setDrawer({ kind: 'edit', id });
  }, []);

  // ---- columns ----
  const allColumns: ColumnDef[] = useMemo(
    () => [
      { key: 'index', title: '序号', label: '序号', width: 60, align: 'right', render: (_r, i) => <span className="cell-muted">{i + 1}</span> },
      { key: 'year', title: '年度', label: '年度', width: 60, align: 'center', sortKey: 'year', render: (r) => r.year },
      { key: 'code', title: '项目编号', label: '项目编号', width: 128, sortKey: 'code', render: (r) => <span className="mono">{r.code}</span> },
      {
        key: 'name',
        title: '项目名称',
        label: '项目名称',
        width: 260,
        sortKey: 'name',
        render: (r) => (
          <span className="project-name-cell">
            <a className="project-name-link" onClick={() => openEdit(r.id)} title={r.name}>
              {r.name}
            </a>
            {r.incompleteFields.length > 0 ? <IncompleteTag fields={r.incompleteFields} /> : null}
          </span>
        ),
      },
      { key: 'category', title: '项目类型', label: '项目类型', width: 104, sortKey: 'category', render: (r) => r.category },
      { key: 'subcategory', title: '子类型', label: '子类型', width: 130, render: (r) => r.subcategory },
      { key: 'township', title: '乡镇', label: '乡镇', width: 80, sortKey: 'township', render: (r) => r.township },
      { key: 'village', title: '村', label: '村', width: 80, sortKey: 'village', render: (r) => r.village },
      {
        key: 'status',
        title: '项目状态',
        label: '项目状态',
        width: 100,
        sortKey: 'status',
        render: (r) => (
          <Tag color={statusColor(r.statusCode)} className="status-tag">
            {r.status}
          </Tag>
        ),
      },
      {
        key: 'totalFen',
        title: '资金规模(万元)',
        label: '资金规模（合计）',
        width: 122,
        align: 'right',
        sortKey: 'totalFen',
        render: (r) => <span className="money strong">{formatWanRounded(r.totalFen)}</span>,
      },
      {
        key: 'paidFen',
        title: '已拨付(万元)',
        label: '已拨付',
        width: 128,
        align: 'right',
        sortKey: 'paidFen',
        render: (r) =>
          r.overAllocation ? (
            <Tooltip title={`拨付超下达：已拨付 ${formatWanRounded(r.paidFen)} 万元，已下达 ${formatWanRounded(r.allocatedFen)} 万元`}>
              <span className="money over-allocation">
                <span className="over-mark">超</span>
                {formatWanRounded(r.paidFen)}
              </span>
            </Tooltip>
          ) : (
            <Money fen={r.paidFen} />
          ),
      },
      {
        key: 'progress',
        title: '支出进度',
        label: '支出进度',
        width: 84,
        align: 'right',
        render: (r) => <span className="money">{formatPercent(r.paidFen, r.totalFen) ?? ''}</span>,
      },
      { key: 'fundCentral', title: '中央', label: '中央衔接资金', width: 96, align: 'right', render: (r) => <Money fen={r.fundsFen.central} /> },
      { key: 'fundProvincial', title: '省级', label: '省级衔接资金', width: 96, align: 'right', render: (r) => <Money fen={r.fundsFen.provincial} /> },
      { key: 'fundMunicipal', title: '市级', label: '市级衔接资金', width: 90, align: 'right', render: (r) => <Money fen={r.fundsFen.municipal} /> },
      { key: 'fundCounty', title: '县级', label: '县级衔接资金', width: 90, align: 'right', render: (r) => <Money fen={r.fundsFen.county} /> },
      { key: 'fundOther', title: '其他', label: '其他资金', width: 90, align: 'right', render: (r) => <Money fen={r.fundsFen.other} /> },
      { key: 'department', title: '主管部门', label: '主管部门', width: 120, sortKey: 'department', render: (r) => r.department },
      { key: 'households', title: '受益户', label: '受益户数', width: 76, align: 'right', render: (r) => <span className="money">{r.households ?? ''}</span> },
      { key: 'povertyHouseholds', title: '脱贫户', label: '其中脱贫户', width: 76, align: 'right', render: (r) => <span className="money">{r.povertyHouseholds ?? ''}</span> },
      { key: 'plannedStart', title: '计划开工', label: '计划开工', width: 104, sortKey: 'plannedStart', render: (r) => <span className="mono">{r.plannedStart}</span> },
      { key: 'plannedEnd', title: '计划完工', label: '计划完工', width: 104, sortKey: 'plannedEnd', render: (r) => <span className="mono">{r.plannedEnd}</span> },
      {
        key: 'actions',
        title: '操作',
        label: '操作',
        width: 64,
        align: 'center',
        fixed: 'right',
        render: (r) => (
          <a onClick={() => openEdit(r.id)} data-testid="project-edit">
            编辑
          </a>
        ),
      },
    ],
    [openEdit],
  );

  const columns: GridColumn<ProjectSearchRow>[] = useMemo(
    () =>
      allColumns
        .filter((c) => !hidden.has(c.key) || FIXED_COLUMNS.has(c.key))
        .map((c) => ({
          key: c.key,
          title: c.title,
          width: c.width,
          align: c.align,
          flex: c.key === 'name',
          sortable: c.sortKey !== undefined,
          stickyRight: c.fixed === 'right',
          render: c.render,
        })),
    [allColumns, hidden],
  );

  /** Header clicks: a new column sorts its natural way first, a second click reverses, a third goes back to 年度. */
  const onSortClick = useCallback(
    (key: string) => {
      const def = allColumns.find((c) => c.key === key);
      if (!def?.sortKey) return;
      const by = def.sortKey;
      const firstDir: Sort['dir'] = DESC_FIRST.has(by) ? 'desc' : 'asc';
      setSort((current) => {
        if (current.by !== by) return { by, dir: firstDir };
        if (current.dir === firstDir) return { by, dir: firstDir === 'asc' ? 'desc' : 'asc' };
        return DEFAULT_SORT;
      });
    },
    [allColumns],
  );
  const onRowDoubleClick = useCallback((row: ProjectSearchRow) => openEdit(row.id), [openEdit]);
  const rowClassName = useCallback((row: ProjectSearchRow | null) => (row && row.id === lastOpened ? 'row-last-opened' : ''), [lastOpened]);
  const sortColumnKey = allColumns.find((c) => c.sortKey === sort.by)?.key ?? sort.by;

  const toggleColumn = (key: string, show: boolean) => {
    setHidden((h) => {
      const next = new Set(h);
      if (show) next.delete(key);
      else next.add(key);
      try {
        localStorage.setItem(COLUMNS_KEY, JSON.stringify([...next]));
      } catch {
        // Storage full or refused: the choice lasts for this session only.
      }
      return next;
    });
  };

  const villageOptions = ref.villagesOf(filters.townshipId).map((v) => ({ value: v.id, label: v.name }));
  const anyFilter = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) || keywordText !== '' || sort !== DEFAULT_SORT || importBatchId !== null;
  const totals = list.meta;

  const columnChooser = (
    <div data-testid="project-column-chooser">
      <div className="column-chooser">
        {allColumns
          .filter((c) => !FIXED_COLUMNS.has(c.key))
          .map((c) => (
            <Checkbox key={c.key} checked={!hidden.has(c.key)} onChange={(e) => toggleColumn(c.key, e.target.checked)} data-testid={`project-column-${c.key}`}>
              {c.label}
            </Checkbox>
          ))}
      </div>
      <div className="column-chooser-foot">
        <a
          onClick={() => {
            setHidden(new Set(DEFAULT_HIDDEN));
            try {
              localStorage.removeItem(COLUMNS_KEY);
            } catch {
              // Nothing stored: the defaults apply anyway.
            }
          }}
        >
          恢复默认
        </a>
        <span className="cell-muted">选择会记住</span>
      </div>
    </div>
  );

  return (
    <div className="ledger-screen" data-testid="projects-screen">
      <div className="screen-toolbar ledger-filters">
        {importBatchId !== null ? <ImportBatchTag batchId={importBatchId} onClose={() => navigate('projects')} /> : null}
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="名称、编号、乡镇村或拼音首字母（Ctrl+F）"
          value={keywordText}
          onChange={(e) => setKeywordText(e.target.value)}
          maxLength={50}
          style={{ width: 300 }}
          data-testid="project-search"
        />
        <Select<number | null>
          value={filters.year}
          onChange={(v) => setFilter('year', v ?? null)}
          options={[{ value: null, label: '全部年度' }, ...yearOptions()]}
          style={{ width: 104 }}
          data-testid="project-filter-year"
        />
        <Select<number | null>
          value={filters.townshipId}
          onChange={(v) => setFilters((f) => ({ ...f, townshipId: v ?? null, villageId: null }))}
          options={[{ value: null, label: '全部乡镇' }, ...ref.townships.map((t) => ({ value: t.id, label: t.name }))]}
          style={{ width: 116 }}
          data-testid="project-filter-township"
        />
        <Select<number | null>
          value={filters.villageId}
          onChange={(v) => setFilter('villageId', v ?? null)}
          options={[{ value: null, label: filters.townshipId ? '全部村' : '先选乡镇' }, ...villageOptions]}
          disabled={!filters.townshipId}
          style={{ width: 116 }}
          data-testid="project-filter-village"
        />
        <Cascader
          value={filters.type ?? undefined}
          onChange={(v) => setFilter('type', v && v.length > 0 ? (v as number[]) : null)}
          options={typeCascaderOptions(ref.types)}
          changeOnSelect
          showSearch={typeCascaderSearch}
          allowClear
          placeholder="项目类型/子类型"
          displayRender={(labels) => labels.join(' / ')}
          style={{ width: 190 }}
          data-testid="project-filter-type"
        />
        <Select<ProjectStatus[]>
          mode="multiple"
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={ProjectStatus.options}
          placeholder="项目状态"
          maxTagCount="responsive"
          allowClear
          style={{ width: 200 }}
          data-testid="project-filter-status"
        />
        <Select<FundLevel[]>
          mode="multiple"
          value={filters.fundLevel}
          onChange={(v) => setFilter('fundLevel', v)}
          options={FundLevel.options}
          placeholder="资金级次"
          maxTagCount="responsive"
          allowClear
          style={{ width: 150 }}
          data-testid="project-filter-level"
        />
        <Select<number | null>
          value={filters.departmentId}
          onChange={(v) => setFilter('departmentId', v ?? null)}
          options={[{ value: null, label: '全部主管部门' }, ...ref.departments.map((u) => ({ value: u.id, label: u.name }))]}
          popupMatchSelectWidth={false}
          style={{ width: 150 }}
          data-testid="project-filter-department"
        />
        <Checkbox
          checked={filters.incomplete}
          onChange={(e) => setFilter('incomplete', e.target.checked)}
          className="project-filter-incomplete"
          data-testid="project-filter-incomplete"
        >
          只看资料不全
        </Checkbox>
        <Button
          icon={<ReloadOutlined />}
          disabled={!anyFilter}
          onClick={() => {
            setFilters(NO_FILTERS);
            setKeywordText('');
            setSort(DEFAULT_SORT);
            if (importBatchId !== null) navigate('projects');
          }}
          data-testid="project-filter-reset"
        >
          重置
        </Button>
        <span className="spacer" />
        <Popover content={columnChooser} title="显示的列" trigger="click" placement="bottomRight">
          <Button icon={<SettingOutlined />} data-testid="project-columns">
            列
          </Button>
        </Popover>
        <ExportButton ledger="projects" filters={input} byTownship detail count={list.total ?? undefined} testId="export-projects" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ kind: 'new', year: filters.year ?? officeYear() })} data-testid="add-project">
          新增项目
        </Button>
      </div>

      <div className="ledger-table-area">
        <VirtualGrid<ProjectSearchRow>
          columns={columns}
          rowCount={list.total ?? 0}
          rowAt={list.rowAt}
          version={list.version}
          sort={{ key: sortColumnKey, dir: sort.dir }}
          onSortClick={onSortClick}
          onVisibleChange={list.setVisible}
          onRowDoubleClick={onRowDoubleClick}
          rowClassName={rowClassName}
          loading={list.loading}
          emptyText={anyFilter ? '没有符合条件的项目' : '项目库中还没有项目，点击“新增项目”添加'}
          testId="project-table"
          resetKey={JSON.stringify(input)}
        />
      </div>

      <div className="ledger-footer" data-testid="project-footer">
        {totals ? (
          <>
            <span>
              共 <b data-testid="project-total-count">{count(totals.count)}</b> 个项目
            </span>
            <span>
              资金规模 <b data-testid="project-total-funds">{formatWanRounded(totals.totalFen)}</b> 万元
            </span>
            <span className="ledger-footer-levels" data-testid="project-total-levels">
              {FundLevel.values.map((level) => (
                <span key={level}>
                  {FundLevel.label[level]} {formatWanRounded(totals.fundsFen[level])}
                </span>
              ))}
            </span>
            <span>
              已拨付 <b data-testid="project-total-paid">{formatWanRounded(totals.paidFen)}</b> 万元
              {totals.totalFen > 0 ? <span className="cell-muted">（{formatPercent(totals.paidFen, totals.totalFen)}）</span> : null}
            </span>
          </>
        ) : (
          <span className="cell-muted">{list.loading ? '正在读取项目…' : ''}</span>
        )}
      </div>

      <ProjectDrawer
        target={drawer}
        reference={ref}
        onClose={() => setDrawer(null)}
        onSaved={(id) => {
          if (id !== null) setLastOpened(id);
          list.refresh();
        }}
      />
    </div>
  );
}

/** 资料不全: the project is in the bank (入库 or later) without every 入库 field; the tooltip names them. */
export function IncompleteTag({ fields }: { fields: readonly string[] }) {
  return (
    <Tooltip title={`${incompleteText(fields)}。可照常修改保存，补齐后标记消失。`}>
      <Tag color="orange" className="incomplete-tag" data-testid="project-incomplete-tag">
        资料不全
      </Tag>
    </Tooltip>
  );
}

function Money({ fen }: { fen: number }) {
  return <span className={fen === 0 ? 'money cell-muted' : 'money'}>{fen === 0 ? '—' : formatWanRounded(fen)}</span>;
}
