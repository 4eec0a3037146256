// 审计日志: who changed what and when, with filters (object, record number, operator, action, dates), the
// before/after of each change side by side with changed fields marked, and 校验: whether the hash chain is
// intact, and if someone edited the file by hand, which row.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Drawer, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL, type AuditFacets, type AuditPage, type AuditRow, type AuditVerifyResult } from '../../../../shared/api';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { formatInstant } from '../backup/BackupSection';
import { diffRows, fieldLabel, formatValue, type DiffRow } from './diff';
import './audit.css';

interface Filters {
  entity?: string;
  entityId?: number;
  operator?: string;
  action?: string;
  from?: string;
  to?: string;
}

const PAGE = 50;

const entityLabel = (e: string) => AUDIT_ENTITY_LABEL[e] ?? e;
const actionLabel = (a: string) => AUDIT_ACTION_LABEL[a] ?? a;

function summary(row: AuditRow): string {
  const pick = (v: unknown): string | null => {
    if (!v || typeof v !== 'object') return null;
    const o = v as Record<string, unknown>;
    for (const key of ['name', 'description', 'docNumber', 'voucher', 'officeName', 'fileName', 'original_name', 'originalName']) {
      if (typeof o[key] === 'string' && o[key]) return o[key] as string;
    }
    return null;
  };
  return pick(row.after) ?? pick(row.before) ?? '';
}

export function AuditScreen() {
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

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const value = await call('audit.list', {
        entity: filters.entity || undefined,
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

  const verify = async () => {
    setChecking(true);
    try {
      setCheck(await call('audit.verify', {}));
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setChecking(false);
    }
  };

  const showBroken = () => {
    if (!check?.broken) return;
    setOpen(check.broken);
  };

  return (
    <div className="screen-panel" data-testid="audit-screen">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="start">
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 760 }}>
          每一次修改都记录操作员、时间、对象和修改前后的内容，并与前一条记录用哈希相连。审计日志不能修改或删除；
          “校验”会检查整条记录链，发现数据文件在程序之外被改动过的位置。
        </Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()} data-testid="audit-verify">
          校验
        </Button>
      </Space>
      {check ? (
        <Alert
          style={{ marginBottom: 12 }}
          type={check.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setCheck(null)}
          data-testid="audit-verify-result"
          message={check.ok ? '审计日志完整' : `审计日志被改动过：第 ${check.brokenAtId} 条`}
          description={
            <div>
              <div>{check.message}</div>
              <div style={{ marginTop: 4 }}>
                共 {check.total.toLocaleString('zh-CN')} 条记录，已核对 {check.rows.toLocaleString('zh-CN')} 条。
                {check.broken ? (
                  <>
                    {' '}
                    出问题的记录：{formatInstant(check.broken.at)}，{check.broken.operator}，{actionLabel(check.broken.action)}
                    {entityLabel(check.broken.entity)}
                    {check.broken.entityId !== null ? ` #${check.broken.entityId}` : ''}{' '}
                    <Button size="small" onClick={showBroken} data-testid="audit-show-broken">
                      查看这条记录
                    </Button>
                  </>
                ) : null}
              </div>
            </div>
          }
        />
      ) : null}
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
            style={{ width: 130 }}
            placeholder="全部"
            options={(facets?.entities ?? []).map((e) => ({ value: e, label: entityLabel(e) }))}
            data-testid="audit-filter-entity"
          />
        </Form.Item>
        <Form.Item name="entityId" label="编号">
          <InputNumber min={1} style={{ width: 90 }} placeholder="记录号" />
        </Form.Item>
        <Form.Item name="operator" label="操作员">
          <Select allowClear style={{ width: 120 }} placeholder="全部" options={(facets?.operators ?? []).map((o) => ({ value: o, label: o }))} />
        </Form.Item>
        <Form.Item name="action" label="操作">
          <Select allowClear style={{ width: 100 }} placeholder="全部" options={(facets?.actions ?? []).map((a) => ({ value: a, label: actionLabel(a) }))} />
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
        rowClassName={(row) => (check && !check.ok && row.id === check.brokenAtId ? 'audit-row-broken' : '')}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 条`,
          onChange: setPage,
        }}
        columns={[
          { title: '序号', dataIndex: 'id', width: 80 },
          { title: '时间', dataIndex: 'at', width: 165, render: (v: string) => formatInstant(v) },
          { title: '操作员', dataIndex: 'operator', width: 100 },
          {
            title: '操作',
            dataIndex: 'action',
            width: 80,
            render: (a: string) => <Tag color={a === 'delete' ? 'red' : a === 'create' ? 'green' : a === 'update' ? 'blue' : 'default'}>{actionLabel(a)}</Tag>,
          },
          { title: '对象', dataIndex: 'entity', width: 100, render: (e: string) => entityLabel(e) },
          { title: '编号', dataIndex: 'entityId', width: 80, render: (v: number | null) => v ?? '' },
          { title: '内容', key: 'summary', ellipsis: true, render: (_: unknown, row) => summary(row) },
          { title: '原因', dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '' },
        ]}
      />
      <Drawer
        open={open !== null}
        width={720}
        onClose={() => setOpen(null)}
        title={open ? `第 ${open.id} 条：${actionLabel(open.action)}${entityLabel(open.entity)}${open.entityId !== null ? ` #${open.entityId}` : ''}` : ''}
        destroyOnHidden
      >
        {open ? <AuditDetail row={open} broken={check !== null && !check.ok && check.brokenAtId === open.id ? check : null} /> : null}
      </Drawer>
    </div>
  );
}

function AuditDetail({ row, broken }: { row: AuditRow; broken: AuditVerifyResult | null }) {
  const rows = diffRows(row.before, row.after);
  return (
    <div data-testid="audit-detail">
      {broken ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={broken.message} /> : null}
      <Typography.Paragraph>
        {formatInstant(row.at)} · 操作员 {row.operator}
        {row.reason ? ` · 原因：${row.reason}` : ''}
        {row.importBatchId !== null ? ` · 导入批次 ${row.importBatchId}` : ''}
      </Typography.Paragraph>
      <Table<DiffRow>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (r.changed ? 'audit-diff-changed' : '')}
        columns={[
          {
            title: '字段',
            dataIndex: 'field',
            width: 180,
            render: (f: string) => {
              const label = fieldLabel(row.entity, f);
              return label ? (
                <span title={f}>
                  {label} <span className="field-hint mono">{f}</span>
                </span>
              ) : (
                <span className="mono">{f}</span>
              );
            },
          },
          { title: '修改前', dataIndex: 'before', render: (v: unknown, r: DiffRow) => formatValue(v, r.field) },
          { title: '修改后', dataIndex: 'after', render: (v: unknown, r: DiffRow) => formatValue(v, r.field) },
        ]}
      />
    </div>
  );
}
