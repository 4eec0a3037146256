// 审计日志: who changed what and when, in words (each row described by shared/audit-describe.ts: the
// operation, the record by its name, what changed "整改进展：旧 → 新"), with filters (kind of record, a
// record by name or pinyin initials, operator, operation, dates), the before/after of each change with changed
// fields marked and the raw record one click away, and 校验 (VerifyResult.tsx): the chain, its anchors and the
// tables against the trail.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Collapse, Drawer, Form, Input, InputNumber, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL, type AuditFacets, type AuditPage, type AuditRow, type AuditVerifyResult } from '../../../../shared/api';
import { instantText, type AuditChange } from '../../../../shared/audit-describe';
import { call, onProgress } from '../../api/client';
import { VerifyResult } from './VerifyResult';
import { useAppState } from '../../lib/appState';
import { navigate } from '../../lib/nav';
import { errorText } from '../../lib/errors';
import './audit.css';

interface Filters {
  entity?: string;
  record?: string;
  entityId?: number;
  operator?: string;
  action?: string;
  from?: string;
  to?: string;
}

const PAGE = 50;

const entityLabel = (e: string) => AUDIT_ENTITY_LABEL[e] ?? e;
const actionLabel = (a: string) => AUDIT_ACTION_LABEL[a] ?? a;

/** Typing in a select filters its options by their Chinese label. */
const byLabel = { filterOption: (input: string, option?: { label?: unknown }) => String(option?.label ?? '').includes(input.trim()) };

const ACTION_COLOR: Record<string, string> = { 新增: 'green', 修改: 'blue', 删除: 'red', 销号: 'purple', 状态变更: 'cyan', 导入: 'geekblue', 撤销导入: 'orange', 恢复: 'gold' };

/** `sub` "verify" (#/audit/verify, 首页's 校验 alert): run 校验 on arrival and show its result. */
export function AuditScreen({ sub = '' }: { sub?: string }) {
  const { message } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPage | null>(null);
  const [facets, setFacets] = useState<AuditFacets | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<AuditRow | null>(null);
  const [check, setCheck] = useState<AuditVerifyResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const value = await call('audit.list', {
        entity: filters.entity || undefined,
        record: filters.record?.trim() || undefined,
        entityId: filters.entityId ?? undefined,
        operator: filters.operator || undefined,
        action: filters.action || undefined,
        from: dateValue(filters.from, 'day') ?? undefined,
        to: dateValue(filters.to, 'day') ?? undefined,
        offset: (page - 1) * PAGE,
        limit: PAGE,
      });
      setData(value);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setLoading(false);
    }
  }, [filters, page, message]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  useEffect(() => {
    call('audit.facets', {})
      .then(setFacets)
      .catch((error: unknown) => message.error(errorText(error), 6));
  }, [message, dataVersion]);

  useEffect(() => onProgress((event) => (event.jobId === 'verify' ? setProgress({ done: event.done, total: event.total }) : undefined)), []);

  const verify = useCallback(async () => {
    setProgress(null);
    setChecking(true);
    try {
      setCheck(await call('audit.verify', {}));
      // The 校验 recorded itself: show its row.
      void load();
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setChecking(false);
    }
  }, [load, message]);

  // Arriving from 首页's alert: once, and the address goes back to #/audit so a reload does not run it again.
  const arrivedToVerify = useRef(false);
  useEffect(() => {
    if (sub !== 'verify' || arrivedToVerify.current) return;
    arrivedToVerify.current = true;
    navigate('audit');
    void verify();
  }, [sub, verify]);

  return (
    <div className="screen-panel" data-testid="audit-screen">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="start">
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 760 }}>
          每一次修改都记录操作员、时间、对象和修改前后的内容，并与前一条记录用哈希相连。审计日志不能修改或删除；
          “校验”检查整条记录链、把末条与记在台账之外的锚点（锚点文件、备份清单、简报归档记录）比对，
          并把项目、资金、问题等数据表与审计日志逐条对照，指出在程序之外被改动过的地方。
        </Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()} data-testid="audit-verify">
          校验
        </Button>
      </Space>
      {checking && progress ? <Progress percent={Math.floor((progress.done / Math.max(1, progress.total)) * 100)} size="small" style={{ marginBottom: 8 }} data-testid="audit-verify-progress" /> : null}
      {check ? <VerifyResult check={check} onClose={() => setCheck(null)} onShowRow={setOpen} /> : null}
      <Form<Filters>
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(values) => {
          setPage(1);
          setFilters(values);
        }}
        data-testid="audit-filters"
      >
        <Form.Item name="entity" label="对象">
          <Select
            allowClear
            showSearch={byLabel}
            style={{ width: 130 }}
            placeholder="全部"
            options={(facets?.entities ?? []).map((e) => ({ value: e, label: entityLabel(e) }))}
            data-testid="audit-filter-entity"
          />
        </Form.Item>
        <Form.Item name="record" label="名称">
          <Input allowClear style={{ width: 200 }} placeholder="项目名、文号或拼音首字母" maxLength={60} data-testid="audit-filter-record" />
        </Form.Item>
        <Form.Item name="entityId" label="编号">
          <InputNumber min={1} style={{ width: 90 }} placeholder="记录号" />
        </Form.Item>
        <Form.Item name="operator" label="操作员">
          <Select allowClear showSearch={byLabel} style={{ width: 120 }} placeholder="全部" options={(facets?.operators ?? []).map((o) => ({ value: o, label: o }))} />
        </Form.Item>
        <Form.Item name="action" label="操作">
          <Select
            allowClear
            showSearch={byLabel}
            style={{ width: 110 }}
            placeholder="全部"
            options={(facets?.actions ?? []).map((a) => ({ value: a, label: actionLabel(a) }))}
            data-testid="audit-filter-action"
          />
        </Form.Item>
        <Form.Item name="from" label="日期" rules={[dateRule('起始日期', 'day')]}>
          <DateInput precision="day" placeholder="起，如 2024-03-01" style={{ width: 140 }} testId="audit-from" />
        </Form.Item>
        <Form.Item name="to" label="至" colon={false} rules={[dateRule('截止日期', 'day')]}>
          <DateInput precision="day" placeholder="止，可不填" style={{ width: 120 }} testId="audit-to" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setPage(1);
                setFilters({});
              }}
            >
              清除
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<AuditRow>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.rows ?? []}
        data-testid="audit-table"
        onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
        rowClassName={(row) => (check && row.id === check.chain.brokenAtId ? 'audit-row-broken' : '')}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 条`,
          onChange: setPage,
        }}
        columns={[
          { title: '序号', dataIndex: 'id', width: 60 },
          { title: '时间', dataIndex: 'at', width: 142, render: (v: string) => instantText(v) },
          { title: '操作员', dataIndex: 'operator', width: 76, ellipsis: true },
          {
            title: '操作',
            key: 'action',
            width: 88,
            render: (_: unknown, row) => <Tag color={ACTION_COLOR[row.description.action] ?? 'default'}>{row.description.action}</Tag>,
          },
          { title: '对象', key: 'entity', width: 78, render: (_: unknown, row) => row.description.entity },
          {
            title: '记录',
            key: 'subject',
            width: 190,
            render: (_: unknown, row) => (
              <span className="audit-clamp" title={row.description.subject ?? ''}>
                {row.description.subject ?? ''}
              </span>
            ),
          },
          {
            title: '内容',
            key: 'summary',
            // Two lines, the whole text on hover and in the drawer: the changed fields are what a clerk scans for.
            render: (_: unknown, row) => (
              <span className="audit-clamp" title={row.description.summary} data-testid="audit-summary">
                {row.description.summary}
              </span>
            ),
          },
          {
            title: '原因',
            dataIndex: 'reason',
            width: 130,
            render: (v: string | null) => (
              <span className="audit-clamp" title={v ?? ''}>
                {v ?? ''}
              </span>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        width={720}
        onClose={() => setOpen(null)}
        title={open ? `第 ${open.id} 条：${open.description.title}` : ''}
        destroyOnHidden
      >
        {open ? <AuditDetail row={open} broken={check !== null && check.chain.brokenAtId === open.id ? check : null} /> : null}
      </Drawer>
    </div>
  );
}

function AuditDetail({ row, broken }: { row: AuditRow; broken: AuditVerifyResult | null }) {
  const changes = row.description.changes;
  const edit = changes.some((c) => c.changed);
  return (
    <div data-testid="audit-detail">
      {broken?.findings[0] ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={broken.findings[0].title} description={broken.findings[0].detail} /> : null}
      <Typography.Paragraph>
        {instantText(row.at)} · 操作员 {row.operator} · {row.description.action}
        {row.description.entity}
        {row.entityId !== null ? `（记录号 ${row.entityId}）` : ''}
        {row.reason ? ` · 原因：${row.reason}` : ''}
        {row.importBatchId !== null ? ` · 导入批次 ${row.importBatchId}` : ''}
      </Typography.Paragraph>
      <Table<AuditChange>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={changes}
        rowClassName={(r) => (r.changed ? 'audit-diff-changed' : '')}
        columns={[
          { title: '字段', dataIndex: 'label', width: 170 },
          ...(edit || row.before !== null ? [{ title: '修改前', dataIndex: 'before' as const }] : []),
          ...(edit || row.after !== null ? [{ title: row.before === null ? '内容' : '修改后', dataIndex: 'after' as const }] : []),
        ]}
      />
      <Collapse
        style={{ marginTop: 12 }}
        size="small"
        items={[
          {
            key: 'raw',
            label: '查看原始记录',
            children: (
              <pre className="audit-raw mono" data-testid="audit-raw">
                {JSON.stringify({ 修改前: row.before, 修改后: row.after }, null, 2)}
              </pre>
            ),
          },
        ]}
        data-testid="audit-raw-toggle"
      />
    </div>
  );
}
