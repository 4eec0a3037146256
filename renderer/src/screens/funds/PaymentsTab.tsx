// 资金拨付: payment rows (newest first) filtered by 乡镇 and 项目; add, edit, delete with a reason. A row whose
// project has been paid above what allocations assigned to it carries a 拨付超下达 tag; saving such a payment
// is accepted and the warning stays above the table until the clerk closes it.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Select, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DivisionRow, Page, PaymentListRow, PaymentWriteResult, ProjectDetail } from '../../../../shared/api';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { ProjectSelect, projectLabel, ReasonModal, type ProjectChoice } from './common';
import { ExportButton } from '../export/ExportButton';
import { ImportBatchTag } from '../../components/ImportBatchTag';
import { navigate } from '../../lib/nav';
import { PaymentFormModal, type PaymentTarget } from './PaymentForm';
import { tableMinWidth } from '../../lib/tableWidth';
import { formatFen, formatWanRounded, formatYuanWithUnit } from '../../../../shared/money';
import { useChannel } from '../../lib/useChannel';

const PAGE_SIZE = 100;

interface Props {
  active: boolean;
  /** A project to filter by, from the address (#/funds/payments?projectId=12). */
  projectIdFromRoute: number | null;
  /** One import batch's payments, from the address (#/funds/payments?importBatchId=12). */
  importBatchId: number | null;
  onChanged: () => void;
}

export function PaymentsTab({ active, projectIdFromRoute, importBatchId, onChanged }: Props) {
  const { message, modal } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const [townships, setTownships] = useState<DivisionRow[]>([]);
  const [township, setTownship] = useState<string | null>(null);
  const [projectId, setProjectId] = useState<number | null>(projectIdFromRoute);
  const [known, setKnown] = useState<ProjectChoice[]>([]);
  const [page, setPage] = useState(1);
  const { data, loading, run } = useChannel<{ list: Page<PaymentListRow>; project: ProjectDetail | null }>();
  const rows = data?.list.rows ?? [];
  const total = data?.list.total ?? 0;
  const project = data?.project ?? null;
  const [target, setTarget] = useState<PaymentTarget>(null);
  const [deleting, setDeleting] = useState<PaymentListRow | null>(null);
  const [warning, setWarning] = useState<string | null>(null);

  useEffect(() => {
    if (projectIdFromRoute !== null) {
      setProjectId(projectIdFromRoute);
      setTownship(null);
      setPage(1);
    }
  }, [projectIdFromRoute]);

  useEffect(() => setPage(1), [importBatchId]);

  useEffect(() => {
    call('divisions.list', {})
      .then((list) => setTownships(list.filter((d) => d.level === 'township')))
      .catch((error: unknown) => message.error(errorText(error), 6));
  }, [message, dataVersion]);

  const load = useCallback(
    () =>
      run(
        async () => {
          const [list, detail] = await Promise.all([
            call('payments.list', {
              ...(township ? { township } : {}),
              ...(projectId ? { projectId } : {}),
              ...(importBatchId !== null ? { importBatchId } : {}),
              offset: (page - 1) * PAGE_SIZE,
              limit: PAGE_SIZE,
            }),
            projectId ? call('projects.get', { id: projectId }) : Promise.resolve(null),
          ]);
          return { list, project: detail };
        },
        ({ project: detail }) => {
          if (detail) setKnown([{ id: detail.id, label: projectLabel(detail) }]);
        },
      ),
    [run, township, projectId, importBatchId, page],
  );

  useEffect(() => {
    if (active) void load();
  }, [load, active, dataVersion]);

  const closeForm = useCallback(() => setTarget(null), []);
  const saved = useCallback(
    (result: PaymentWriteResult) => {
      if (result.overAllocation && result.warning) {
        setWarning(`${result.payment.project}：${result.warning.replace(/^拨付超下达[:：]\s*/, '')}`);
        message.warning('已保存，但该项目拨付超下达', 5);
      } else {
        setWarning(null);
      }
      void load();
      onChanged();
    },
    [load, onChanged, message],
  );

  const remove = async (row: PaymentListRow, reason: string) => {
    try {
      await call('payments.delete', { id: row.id, reason });
      message.success(`已删除 ${row.date} ${row.project} 的拨付 ${formatYuanWithUnit(row.amountFen)}`);
      setDeleting(null);
      void load();
      onChanged();
    } catch (error) {
      setDeleting(null);
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const townshipOptions = useMemo(() => [{ value: null, label: '全部乡镇' }, ...townships.map((t) => ({ value: t.name, label: t.name }))], [townships]);

  const columns: TableColumnsType<PaymentListRow> = [
    { title: '支付日期', dataIndex: 'date', width: 100, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: '项目',
      dataIndex: 'project',
      minWidth: 210,
      ellipsis: { showTitle: false },
      render: (name: string, row) => {
        return (
          <span className="funds-project-cell">
            <Tooltip title={name} placement="topLeft">
              <a
                onClick={() => {
                  setProjectId(row.projectId);
                  setPage(1);
                }}
              >
                {name}
              </a>
            </Tooltip>
            {row.overAllocation ? (
              <Tooltip title="该项目累计拨付已超过下达到项目的资金，请及时补录资金下达及分配">
                <Tag color="error" variant="outlined" className="funds-over-tag" data-testid="payment-over-tag">
                  拨付超下达
                </Tag>
              </Tooltip>
            ) : null}
          </span>
        );
      },
    },
    { title: '乡镇', dataIndex: 'township', width: 90 },
    { title: '文号', dataIndex: 'docNumber', width: 172, ellipsis: { showTitle: true }, render: (v: string | null) => (v ? <span className="funds-doc">{v}</span> : <span className="field-hint">未指定</span>) },
    { title: '金额（元）', dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => <span className="mono">{formatFen(v, 'yuan')}</span> },
    { title: '收款单位', dataIndex: 'payee', width: 150, ellipsis: { showTitle: true } },
    { title: '凭证号', dataIndex: 'voucher', width: 120, ellipsis: { showTitle: true }, render: (v: string | null) => <span className="mono">{v}</span> },
    { title: '支付类型', dataIndex: 'paymentType', width: 76, align: 'center' },
    {
      title: '操作',
      key: 'actions',
      width: 124,
      render: (_: unknown, row) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ kind: 'edit', id: row.id })} data-testid="payment-edit">
            编辑
          </Button>
          <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setDeleting(row)} data-testid="payment-delete">
            删除
          </Button>
        </span>
      ),
    },
  ];

  const pageSum = rows.reduce((s, r) => s + r.amountFen, 0);

  return (
    <div>
      {warning ? (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setWarning(null) }}
          title="拨付超下达"
          description={warning}
          style={{ marginBottom: 10 }}
          data-testid="payment-over-warning"
        />
      ) : null}
      <div className="screen-toolbar">
        {importBatchId !== null ? <ImportBatchTag batchId={importBatchId} onClose={() => navigate('funds', 'payments')} /> : null}
        <Select<string | null>
          value={township}
          onChange={(v) => {
            setTownship(v);
            setPage(1);
          }}
          options={townshipOptions}
          style={{ width: 130 }}
          data-testid="payment-filter-township"
        />
        <ProjectSelect
          value={projectId}
          onChange={(id) => {
            setProjectId(id);
            setPage(1);
          }}
          known={known}
          allowClear
          placeholder="全部项目（输入名称或拼音首字母筛选）"
          style={{ width: 340 }}
          testId="payment-filter-project"
        />
        <span className="field-hint" data-testid="payment-totals">
          共 {total.toLocaleString('zh-CN')} 笔{total > 0 ? `，本页合计 ${formatYuanWithUnit(pageSum)}` : ''}
        </span>
        <span className="spacer" />
        <ExportButton
          ledger="payments"
          filters={{ ...(township ? { township } : {}), ...(projectId ? { projectId } : {}), ...(importBatchId !== null ? { importBatchId } : {}) }}
          byTownship
          detail
          count={total}
          testId="export-payments"
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'new', projectId })} data-testid="add-payment">
          新增拨付
        </Button>
      </div>
      {project ? (
        <div className="funds-project-money funds-project-banner" data-testid="payment-project-banner">
          <b>{project.name}</b>
          <span>资金规模 {formatWanRounded(project.totalFen)} 万元</span>
          <span>已下达 {formatWanRounded(project.allocatedFen)} 万元</span>
          <span>已拨付 {formatWanRounded(project.paidFen)} 万元</span>
          <span>尚可拨付 {formatWanRounded(Math.max(0, project.totalFen - project.paidFen))} 万元</span>
          {project.overAllocation ? (
            <Tag color="error" variant="outlined">
              拨付超下达 {formatWanRounded(project.paidFen - project.allocatedFen)} 万元
            </Tag>
          ) : null}
        </div>
      ) : null}

      <div data-testid="payment-table">
        <Table<PaymentListRow>
          size="small"
          bordered
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: tableMinWidth(columns), y: `calc(100vh - ${290 + (project ? 40 : 0) + (warning ? 86 : 0)}px)` }}
          onRow={(row) => ({ onDoubleClick: () => setTarget({ kind: 'edit', id: row.id }) })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total,
            showSizeChanger: false,
            size: 'small',
            showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 笔`,
            onChange: setPage,
          }}
          locale={{ emptyText: township || projectId ? '没有符合条件的拨付记录' : '还没有拨付记录，点击“新增拨付”录入' }}
        />
      </div>

      <PaymentFormModal target={target} onClose={closeForm} onSaved={saved} />
      <ReasonModal
        placeholder="例如 重复录入、文号录错"
        open={deleting !== null}
        title="删除拨付记录"
        description={deleting ? `${deleting.date} ${deleting.project}，${formatYuanWithUnit(deleting.amountFen)}${deleting.voucher ? `，凭证号 ${deleting.voucher}` : ''}。删除后记录和原因保留在操作记录中。` : null}
        onCancel={() => setDeleting(null)}
        onConfirm={(reason) => (deleting ? remove(deleting, reason) : Promise.resolve())}
      />
    </div>
  );
}
