// 逾期问题 (findings.overdue: open findings past their deadline, the longest overdue first) and 7日内到期
// (findings.dueSoon: open findings due from today up to today + N days), by township and inspection.
import { Select } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FindingSearchResult } from '../../../../shared/api';
import { formatChineseDate } from '../../../../shared/dates';
import { call } from '../../api/client';

import { useSupervision } from './common';
import { FindingTable } from './FindingTable';
import { StatusSummary, useInspectionOptions } from './FindingsTab';
import { useChannel } from '../../lib/useChannel';

const PAGE_SIZE = 50;
const DAY_CHOICES = [3, 7, 15, 30].map((d) => ({ value: d, label: `${d} 日内到期` }));

export function DueTab({ active, kind }: { active: boolean; kind: 'overdue' | 'due' }) {
  const { version, reference } = useSupervision();
  const [townshipId, setTownshipId] = useState<number | null>(null);
  const [inspectionId, setInspectionId] = useState<number | null>(null);
  const [days, setDays] = useState(7);
  const [page, setPage] = useState(1);
  const { data, loading, run } = useChannel<FindingSearchResult>();
  const inspections = useInspectionOptions(active);

  const load = useCallback(
    () =>
      run(async () => {
        const common = {
          ...(townshipId ? { townshipId } : {}),
          ...(inspectionId ? { inspectionId } : {}),
          offset: (page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
        };
        return kind === 'overdue' ? call('findings.overdue', common) : call('findings.dueSoon', { ...common, days });
      }),
    [run, kind, townshipId, inspectionId, days, page],
  );

  useEffect(() => {
    if (active) void load();
  }, [load, active, version]);

  return (
    <div>
      <div className="screen-toolbar">
        <Select<number | null>
          value={townshipId}
          onChange={(v) => {
            setTownshipId(v ?? null);
            setPage(1);
          }}
          options={[{ value: null, label: '全部乡镇' }, ...reference.townships.map((t) => ({ value: t.id, label: t.name }))]}
          style={{ width: 120 }}
          data-testid={`${kind}-filter-township`}
        />
        <Select<number | null>
          value={inspectionId}
          onChange={(v) => {
            setInspectionId(v ?? null);
            setPage(1);
          }}
          options={[{ value: null, label: '全部检查' }, ...inspections.map((i) => ({ value: i.id, label: i.name }))]}
          popupMatchSelectWidth={false}
          style={{ width: 200 }}
          data-testid={`${kind}-filter-inspection`}
        />
        {kind === 'due' ? (
          <Select<number>
            value={days}
            onChange={(v) => {
              setDays(v);
              setPage(1);
            }}
            options={DAY_CHOICES}
            style={{ width: 120 }}
            data-testid="due-days"
          />
        ) : null}
        <span className="field-hint">
          {data
            ? kind === 'overdue'
              ? `截至 ${formatChineseDate(data.today)}，未整改（未启动、整改中）且已过整改时限的问题，逾期最久的在前`
              : `${formatChineseDate(data.today)} 起 ${days} 日内到期、尚未整改完成的问题，最早到期的在前`
            : ''}
        </span>
      </div>
      <div className="sv-list-head">
        <StatusSummary result={data} />
      </div>
      <FindingTable
        rows={data?.rows ?? []}
        loading={loading}
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
        emptyText={kind === 'overdue' ? '没有逾期的问题' : `${days} 日内没有到期的问题`}
      />
    </div>
  );
}
