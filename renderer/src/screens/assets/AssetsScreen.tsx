// 资产: the assets projects formed (扶贫项目资产), with their latest yearly income and 收益率 against the
// configured 最低收益率. A virtual table like 项目库: tens of thousands of assets stay smooth.
import { officeYear } from '../../../../shared/dates';
import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Checkbox, Input, Select, Tag, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetRow, ChannelInput } from '../../../../shared/api';
import { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../../../shared/enums';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { useShortcut } from '../../lib/shortcuts';
import { useReferenceData } from '../projects/common';
import '../projects/projects.css';
import { VirtualGrid, type GridColumn } from '../projects/VirtualGrid';
import { useWindowedRows } from '../projects/windowedRows';
import { AssetDrawer, RateCell, type AssetDrawerTarget } from './AssetDrawer';
import { ExportButton } from '../export/ExportButton';
import { formatWanRounded } from '../../../../shared/money';

interface Filters {
  townshipId: number | null;
  villageId: number | null;
  kind: AssetKind | null;
  status: AssetStatus[];
  incomeYear: number | null;
  belowMinimumOnly: boolean;
}
const NO_FILTERS: Filters = { townshipId: null, villageId: null, kind: null, status: [], incomeYear: null, belowMinimumOnly: false };

const STATUS_COLOR: Record<AssetStatus, string> = {
  normal: 'green',
  idle: 'gold',
  inefficient: 'orange',
  damaged: 'red',
  disposed: 'default',
};

export function AssetsScreen() {
  const { message } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const showError = useCallback((error: unknown) => message.error(errorText(error), 6), [message]);
  const ref = useReferenceData(showError);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [keywordText, setKeywordText] = useState('');
  const [keyword, setKeyword] = useState('');
  const [minRate, setMinRate] = useState<number | null>(null);
  const [drawer, setDrawer] = useState<AssetDrawerTarget | null>(null);
  const [changes, setChanges] = useState(0);
  const searchRef = useRef<InputRef>(null);

  useEffect(() => {
    const timer = setTimeout(() => setKeyword(keywordText.trim()), 250);
    return () => clearTimeout(timer);
  }, [keywordText]);

  useEffect(() => {
    call('ledgerSettings.get', {})
      .then((s) => setMinRate(s.assetMinReturnRate))
      .catch(showError);
  }, [dataVersion, showError]);

  const input = useMemo(() => {
    const i: ChannelInput<'assets.list'> = {};
    if (filters.townshipId !== null) i.townshipId = filters.townshipId;
    if (filters.villageId !== null) i.villageId = filters.villageId;
    if (filters.kind !== null) i.kind = filters.kind;
    if (filters.status.length > 0) i.status = filters.status;
    if (filters.incomeYear !== null) i.incomeYear = filters.incomeYear;
    if (filters.belowMinimumOnly) i.belowMinimumOnly = true;
    if (keyword) i.keyword = keyword.slice(0, 50);
    return i;
  }, [filters, keyword]);
  const queryKey = `${JSON.stringify(input)}#${dataVersion}`;

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const answer = await call('assets.list', { ...input, offset, limit });
      return { rows: answer.rows, total: answer.total, meta: answer.total };
    },
    [input],
  );
  const list = useWindowedRows<AssetRow, number>({ queryKey, fetchPage, pageSize: 200, overscan: 100, onError: showError });
  const { refresh } = list;
  useEffect(() => {
    if (changes > 0) refresh();
  }, [changes, refresh]);

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }));

  const open = useCallback((id: number) => setDrawer({ kind: 'edit', id }), []);
  const minPercent = minRate === null ? null : `${(minRate * 100).toFixed(minRate * 100 === Math.round(minRate * 100) ? 0 : 1)}%`;

  const incomeYear = filters.incomeYear;
  const columns: GridColumn<AssetRow>[] = useMemo(
    () => [
      { key: 'index', title: '序号', width: 60, align: 'right', render: (_r, i) => <span className="cell-muted">{i + 1}</span> },
      { key: 'code', title: '资产编号', width: 140, render: (r) => <span className="mono">{r.code}</span> },
      {
        key: 'name',
        title: '资产名称',
        width: 180,
        flex: true,
        render: (r) => (
          <a className="project-name-link" onClick={() => open(r.id)} title={r.name}>
            {r.name}
          </a>
        ),
      },
      { key: 'kind', title: '类型', width: 70, render: (r) => AssetKind.label[r.kind] },
      { key: 'project', title: '来源项目', width: 160, flex: true, render: (r) => <span title={r.project ?? ''}>{r.project ?? <span className="cell-muted">—</span>}</span> },
      { key: 'value', title: '原值（万元）', width: 104, align: 'right', render: (r) => <span className="money">{formatWanRounded(r.originalValueFen)}</span> },
      {
        key: 'income',
        title: incomeYear ? `${incomeYear} 年收益（万元）` : '最近年收益（万元）',
        width: 150,
        align: 'right',
        render: (r) =>
          r.incomeFen === null ? (
            <span className="cell-muted">—</span>
          ) : (
            <span className="money">
              {formatWanRounded(r.incomeFen)}
              {incomeYear ? null : <span className="cell-muted">（{r.incomeYear}）</span>}
            </span>
          ),
      },
      { key: 'rate', title: '收益率', width: 176, render: (r) => <RateCell percent={r.returnRatePercent} below={r.belowMinimum} /> },
      {
        key: 'status',
        title: '状态',
        width: 72,
        align: 'center',
        render: (r) => (
          <Tag color={STATUS_COLOR[r.status]} className="status-tag">
            {AssetStatus.label[r.status]}
          </Tag>
        ),
      },
      { key: 'township', title: '乡镇', width: 84, render: (r) => r.township },
      { key: 'village', title: '村', width: 84, render: (r) => r.village },
      { key: 'rights', title: '确权层级', width: 76, align: 'center', render: (r) => (r.rightsLevel ? AssetRightsLevel.label[r.rightsLevel] : '') },
      { key: 'mode', title: '经营方式', width: 76, align: 'center', render: (r) => (r.operationMode ? AssetOperationMode.label[r.operationMode] : '') },
      {
        key: 'contract',
        title: '合同期',
        width: 196,
        render: (r) =>
          r.contractStart || r.contractEnd ? (
            <span className="mono">
              {r.contractStart ?? '?'} ~ {r.contractEnd ?? '?'}
            </span>
          ) : (
            ''
          ),
      },
      { key: 'formed', title: '形成时间', width: 100, render: (r) => <span className="mono">{r.formedDate}</span> },
      {
        key: 'actions',
        title: '操作',
        width: 64,
        align: 'center',
        stickyRight: true,
        render: (r) => (
          <a onClick={() => open(r.id)} data-testid="asset-edit">
            编辑
          </a>
        ),
      },
    ],
    [incomeYear, open],
  );
  const onRowDoubleClick = useCallback((row: AssetRow) => open(row.id), [open]);

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const anyFilter = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) || keywordText !== '';
  const now = officeYear();
  const incomeYears = Array.from({ length: now - 2015 + 1 }, (_, i) => now - i).map((y) => ({ value: y, label: `${y} 年收益` }));

  return (
    <div className="ledger-screen" data-testid="assets-screen">
      <div className="screen-toolbar ledger-filters">
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="名称、编号、所有权人（Ctrl+F）"
          value={keywordText}
          onChange={(e) => setKeywordText(e.target.value)}
          maxLength={50}
          style={{ width: 230 }}
          data-testid="asset-search"
        />
        <Select<number | null>
          value={filters.townshipId}
          onChange={(v) => setFilters((f) => ({ ...f, townshipId: v ?? null, villageId: null }))}
          options={[{ value: null, label: '全部乡镇' }, ...ref.townships.map((t) => ({ value: t.id, label: t.name }))]}
          style={{ width: 108 }}
          data-testid="asset-filter-township"
        />
        <Select<number | null>
          value={filters.villageId}
          onChange={(v) => setFilter('villageId', v ?? null)}
          options={[{ value: null, label: filters.townshipId ? '全部村' : '先选乡镇' }, ...ref.villagesOf(filters.townshipId).map((v) => ({ value: v.id, label: v.name }))]}
          disabled={!filters.townshipId}
          style={{ width: 108 }}
          data-testid="asset-filter-village"
        />
        <Select<AssetKind | null>
          value={filters.kind}
          onChange={(v) => setFilter('kind', v ?? null)}
          options={[{ value: null, label: '全部类型' }, ...AssetKind.options]}
          style={{ width: 104 }}
          data-testid="asset-filter-kind"
        />
        <Select<AssetStatus[]>
          mode="multiple"
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={AssetStatus.options}
          placeholder="资产状态"
          maxTagCount="responsive"
          allowClear
          style={{ width: 150 }}
          data-testid="asset-filter-status"
        />
        <Select<number | null>
          value={filters.incomeYear}
          onChange={(v) => setFilter('incomeYear', v ?? null)}
          options={[{ value: null, label: '最近一年收益' }, ...incomeYears]}
          style={{ width: 132 }}
          data-testid="asset-filter-income-year"
        />
        <Checkbox checked={filters.belowMinimumOnly} onChange={(e) => setFilter('belowMinimumOnly', e.target.checked)} data-testid="asset-filter-below">
          低于最低收益率
        </Checkbox>
        <Button
          icon={<ReloadOutlined />}
          disabled={!anyFilter}
          onClick={() => {
            setFilters(NO_FILTERS);
            setKeywordText('');
          }}
        >
          重置
        </Button>
        <span className="spacer" />
        <ExportButton ledger="assets" filters={input} byTownship detail count={list.total ?? undefined} testId="export-assets" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ kind: 'new' })} data-testid="add-asset">
          新增资产
        </Button>
      </div>

      <div className="ledger-table-area">
        <VirtualGrid<AssetRow>
          columns={columns}
          rowCount={list.total ?? 0}
          rowAt={list.rowAt}
          version={list.version}
          onVisibleChange={list.setVisible}
          onRowDoubleClick={onRowDoubleClick}
          loading={list.loading}
          emptyText={anyFilter ? '没有符合条件的资产' : '还没有资产，点击“新增资产”登记'}
          testId="asset-table"
          resetKey={JSON.stringify(input)}
        />
      </div>

      <div className="ledger-footer">
        <span>
          共 <b data-testid="asset-total-count">{list.total === null ? '…' : list.total.toLocaleString('zh-CN')}</b> 项资产
        </span>
        {minPercent ? (
          <span>
            最低收益率 <b data-testid="asset-min-rate">{minPercent}</b>（适用于经营性资产）
          </span>
        ) : null}
        <span className="spacer" />
        <span className="cell-muted">金额单位：万元 · 双击一行打开资产</span>
      </div>

      <AssetDrawer target={drawer} reference={ref} onClose={() => setDrawer(null)} onChanged={() => setChanges((c) => c + 1)} />
    </div>
  );
}
