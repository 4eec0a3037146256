// The page of one inspection (#/supervision/inspection?id=3): its particulars, its findings counted by
// status (a click on a count narrows the table), and every finding in 序号 order; 新增问题 opens the form,
// a row opens the finding drawer.
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FindingDetail, InspectionDetail } from '../../../../shared/api';
import { FindingStatus } from '../../../../shared/enums';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';
import { useSupervision } from './common';
import { FindingFormModal, type FindingFormTarget } from './FindingForm';
import { FindingTable } from './FindingTable';
import { InspectionFormModal, type InspectionTarget } from './InspectionForm';
import { datesText, targetsText } from './InspectionsTab';

type CountKey = FindingStatus | 'all' | 'overdue';

export function InspectionPage({ id }: { id: number }) {
  const { version, changed } = useSupervision();
  const [detail, setDetail] = useState<InspectionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [only, setOnly] = useState<CountKey>('all');
  const [findingTarget, setFindingTarget] = useState<FindingFormTarget>(null);
  const [editTarget, setEditTarget] = useState<InspectionTarget>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setDetail(await call('inspections.get', { id }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const closeFinding = useCallback(() => setFindingTarget(null), []);
  const findingSaved = useCallback(
    (_d: FindingDetail) => {
      changed();
    },
    [changed],
  );
  const closeEdit = useCallback(() => setEditTarget(null), []);
  const inspectionSaved = useCallback(() => changed(), [changed]);

  if (error && !detail) {
    return (
      <Alert
        type="warning"
        showIcon
        title={error}
        action={
          <Button size="small" onClick={() => navigate('supervision', 'inspections')}>
            返回检查列表
          </Button>
        }
      />
    );
  }
  if (!detail) return <Spin style={{ display: 'block', padding: 40 }} />;

  const counts: Array<{ key: CountKey; label: string; n: number; red?: boolean }> = [
    { key: 'all', label: '全部', n: detail.findingCount },
    ...FindingStatus.options.map((s) => ({ key: s.value as CountKey, label: s.label, n: detail.statusCounts[s.value] })),
    { key: 'overdue', label: '逾期', n: detail.overdueCount, red: detail.overdueCount > 0 },
  ];
  const rows = detail.findings.filter((f) => (only === 'all' ? true : only === 'overdue' ? f.overdue : f.statusCode === only));

  return (
    <div data-testid="inspection-page">
      <div className="sv-page-head">
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('supervision', 'inspections')} style={{ paddingInline: 0 }} data-testid="inspection-back">
          检查列表
        </Button>
        <div className="sv-page-title" data-testid="inspection-title">
          {detail.name}
        </div>
        <span className="spacer" />
        <Button icon={<EditOutlined />} onClick={() => setEditTarget({ kind: 'edit', id: detail.id })} data-testid="inspection-page-edit">
          编辑检查
        </Button>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setFindingTarget({ kind: 'new', inspectionId: detail.id, inspectionName: detail.name })}
          data-testid="add-finding"
        >
          新增问题
        </Button>
      </div>
      <div className="sv-facts">
        <span>
          <em>类型</em>
          {detail.sourceLabel}
        </span>
        <span>
          <em>来源文号</em>
          {detail.sourceDocNumber ?? '—'}
        </span>
        <span>
          <em>检查组</em>
          {detail.team ?? '—'}
        </span>
        <span>
          <em>组长</em>
          {detail.leader ?? '—'}
        </span>
        <span>
          <em>起止日期</em>
          <span className="mono">{datesText(detail)}</span>
        </span>
        <span className="sv-facts-wide">
          <em>检查对象</em>
          {targetsText(detail) || '—'}
        </span>
        {detail.remark ? (
          <span className="sv-facts-wide">
            <em>备注</em>
            {detail.remark}
          </span>
        ) : null}
      </div>
      <div className="sv-counts" data-testid="inspection-counts">
        {counts.map((c) => (
          <button
            type="button"
            key={c.key}
            className={`sv-count-chip${only === c.key ? ' is-current' : ''}${c.red ? ' is-red' : ''}`}
            onClick={() => setOnly(c.key)}
            data-testid={`inspection-count-${c.key}`}
          >
            <span className="sv-count-label">{c.label}</span>
            <b>{c.n}</b>
          </button>
        ))}
      </div>
      <FindingTable
        rows={rows}
        loading={loading}
        hideInspection
        pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false, size: 'small' } : false}
        emptyText={detail.findingCount === 0 ? '这次检查还没有问题，点击“新增问题”录入' : '没有这一状态的问题'}
        scrollY="calc(100vh - 360px)"
      />
      <FindingFormModal
        target={findingTarget}
        onClose={closeFinding}
        onSaved={findingSaved}
      />
      <InspectionFormModal target={editTarget} onClose={closeEdit} onSaved={inspectionSaved} />
    </div>
  );
}
