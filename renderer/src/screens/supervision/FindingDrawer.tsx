// The drawer of one finding: its fields, its status with the steps the workflow allows next (开始整改 /
// 标记完成 / 销号 / 转长期坚持 / 退回…), each step a dated note (销号 with its reviewer, 退回 with a reason),
// the timeline of the steps, and the 佐证材料. Overdue is the service's verdict for today, shown in red.
import { DateInput, dateRule, dateValue } from '../../components/DateInput';
import { DeleteOutlined, DownOutlined, EditOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Drawer, Dropdown, Empty, Form, Input, Modal, Space, Spin, Timeline, Tooltip, type ButtonProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FindingDetail } from '../../../../shared/api';
import { localToday } from '../../../../shared/dates';
import { FindingStatus } from '../../../../shared/enums';
import { FINDING_FIELD as F, findingFieldMax } from '../../../../shared/supervision/fields';
import { isStepBack, samePerson, STATUS_RANK } from '../../../../shared/supervision/findings';
import { call, LedgerCallError } from '../../api/client';
import { NEEDS_ROLE_HINT, useAppState, useCan } from '../../lib/appState';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { DeadlineCell, OverdueTag, placeText, ReasonModal, StatusTag, useSupervision } from './common';
import { EvidencePanel } from './Evidence';
import { FindingFormModal, type FindingFormTarget } from './FindingForm';


export interface StepChoice {
  to: FindingStatus | null;
  label: string;
  back: boolean;
}

/** What the button of a move says. */
export function stepLabel(from: FindingStatus, to: FindingStatus): string {
  if (isStepBack(from, to)) return from === 'closed' ? `撤销销号，退回${FindingStatus.label[to]}` : `退回${FindingStatus.label[to]}`;
  switch (to) {
    case 'inProgress':
      return from === 'ongoing' ? '转为整改中' : '开始整改';
    case 'awaitingClose':
      return '标记完成';
    case 'closed':
      return '销号';
    case 'ongoing':
      return '转长期坚持';
    default:
      return FindingStatus.label[to];
  }
}

interface StepValues {
  date?: string | null;
  note?: string;
  reviewer?: string;
  reason?: string;
}

const NOTE_PLACEHOLDER: Partial<Record<FindingStatus, string>> = {
  inProgress: '例如 已制定整改方案，正在逐户核查',
  awaitingClose: '例如 已完成整改，补发资金 3.2 万元，佐证材料已上传',
  closed: '例如 经核查，整改到位，同意销号',
  ongoing: '例如 建立长效机制，每季度开展一次排查',
};

/**
 * One step of the workflow. 标记完成 and 销号 need evidence: when there is none yet, the upload is offered in
 * the dialog itself, so the 整改进展 typed so far stays where it is while the files go up.
 */
function StepModal({
  detail,
  step,
  onClose,
  onDone,
  onEvidence,
  onNewer,
}: {
  detail: FindingDetail;
  step: StepChoice | null;
  onClose: () => void;
  onDone: (d: FindingDetail) => void;
  /** After files were added from the dialog: the drawer reads the finding again. */
  onEvidence: () => void;
  /** Another clerk changed the finding since it was read: the drawer reads it again, the dialog keeps the typing. */
  onNewer: () => void;
}) {
  const { message } = AntApp.useApp();
  const { settings, session } = useAppState();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const open = step !== null;
  const closing = step?.to === 'closed';
  const reviewer = Form.useWatch('reviewer', form);
  const { guard, markClean } = useUnsavedGuard(form);

  useEffect(() => {
    if (!step) return;
    form.resetFields();
    setProblem(null);
    // The reviewer is by default whom the trail records for this window: the signed-in operator in 多人模式
    // (always on the office server), 设置 → 操作员姓名 in 单人模式.
    form.setFieldsValue({ date: localToday(), note: '', reviewer: session?.operatorName ?? settings?.operatorName ?? '', reason: '' });
    markClean();
    if (step.to === 'closed') {
      // Another sign-in, or a new name in 设置, may have come since the window read its session: ask again.
      call('session.current', {})
        .then((s) => {
          if (!form.isFieldTouched('reviewer')) form.setFieldValue('reviewer', s.operatorName);
        })
        .catch(() => undefined);
    }
  }, [step, form, session?.operatorName, settings?.operatorName, markClean]);

  const submit = async (values: StepValues) => {
    const date = dateValue(values.date, 'day');
    if (!step || !date) return;
    setBusy(true);
    setProblem(null);
    try {
      const saved = await call('findings.progress', {
        id: detail.id,
        version: detail.version,
        date,
        note: (values.note ?? '').trim(),
        ...(step.to ? { status: step.to } : {}),
        ...(step.back ? { reason: values.reason?.trim() || null } : {}),
        ...(closing ? { reviewer: values.reviewer?.trim() || null } : {}),
      });
      message.success(step.to ? `已保存：${detail.statusLabel} → ${saved.statusLabel}` : '已记录整改进展');
      onDone(saved);
      onClose();
    } catch (error) {
      if (error instanceof LedgerCallError && error.code === 'STALE') onNewer();
      // At its field when the form has it (日期, 进展, 审核人, 原因); otherwise in the dialog.
      showCallError(error, { error: (text: string) => setProblem(text) }, form, ['date', 'note', 'reviewer', 'reason']);
    } finally {
      setBusy(false);
    }
  };

  useShortcut('s', () => form.submit(), open);

  const sameAsCompleter = closing && samePerson(reviewer ?? null, detail.completedBy);
  const needsEvidence = (step?.to === 'awaitingClose' || closing) && detail.attachments.length + detail.updates.reduce((n, u) => n + u.attachments.length, 0) === 0;
  // Once the dialog offered the upload, it stays for this step (the files just added show in it).
  const [evidenceHere, setEvidenceHere] = useState(false);
  useEffect(() => {
    if (needsEvidence) setEvidenceHere(true);
  }, [needsEvidence]);
  useEffect(() => {
    if (!step) setEvidenceHere(false);
  }, [step]);

  return (
    <Modal
      open={open}
      title={step ? (step.to ? `${step.label}（${detail.statusLabel} → ${FindingStatus.label[step.to]}）` : '记录整改进展') : ''}
      onCancel={() => guard(onClose)}
      onOk={() => form.submit()}
      okText={step?.label ?? '保存'}
      okButtonProps={{ 'data-testid': 'step-submit', danger: step?.back ?? false } as ButtonProps}
      confirmLoading={busy}
      mask={{ closable: false }}
      width={560}
      destroyOnHidden
      wrapProps={{ 'data-testid': 'step-modal' }}
    >
      {evidenceHere ? (
        <div className="sv-step-evidence" data-testid="step-evidence">
          {needsEvidence ? (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="该问题还没有佐证材料：标记完成和销号都需要至少一份佐证材料。请在下面上传，已填写的内容会保留。" />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 8 }} title="佐证材料已上传，可以继续保存。" data-testid="step-evidence-ok" />
          )}
          <EvidencePanel findingId={detail.id} attachments={detail.attachments} stepAttachments={[]} locked={false} onChanged={onEvidence} />
        </div>
      ) : null}
      {sameAsCompleter ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 10 }}
          title={`审核人与记录整改完成的人（${detail.completedBy ?? ''}）相同。按规定销号须由其他人审核，${
            session?.multiUser ? '请由审核人登录后销号，或填写审核人姓名。' : '请填写审核人姓名，或在“设置”中换成审核人的操作员姓名。'
          }`}
          data-testid="step-same-person"
        />
      ) : null}
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 10 }} title={problem} data-testid="step-error" /> : null}
      <Form<StepValues>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '96px' }}
        wrapperCol={{ flex: '1 1 0' }}
        onFinish={(v) => void submit(v)}
        onKeyDownCapture={enterMovesToNext(() => form.submit())}
        className="sv-form"
      >
        <Form.Item
          name="date"
          label={closing ? F.closedDate.label : '日期'}
          rules={[
            { required: true, message: '请填写日期' },
            dateRule('日期', 'day'),
            {
              validator: async (_: unknown, value: string | undefined) => {
                const day = dateValue(value, 'day');
                if (day && day > localToday()) throw new Error('日期不能晚于今天');
              },
            },
          ]}
        >
          <DateInput precision="day" style={{ width: 180 }} testId="step-date" />
        </Form.Item>
        {closing ? (
          <Form.Item
            name="reviewer"
            label={F.closedReviewer.label}
            rules={[{ required: true, whitespace: true, message: `请填写${F.closedReviewer.label}` }]}
            extra={detail.completedBy ? `整改完成由“${detail.completedBy}”记录；销号须由其他人审核` : '默认为当前操作员'}
          >
            <Input maxLength={findingFieldMax('closedReviewer')} style={{ width: 220 }} data-testid="step-reviewer" />
          </Form.Item>
        ) : null}
        {step?.back ? (
          <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}>
            <Input maxLength={200} placeholder="例如 复查发现整改不到位" data-testid="step-reason" />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={closing ? '审核意见' : F.progress.label} rules={[{ required: true, whitespace: true, message: `请填写${F.progress.label}` }]} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={findingFieldMax('progress')} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={step?.to ? NOTE_PLACEHOLDER[step.to] : '例如 已完成入户核查 35 户'} data-testid="step-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DrawerProps {
  findingId: number | null;
  onClose: () => void;
}

export function FindingDrawer({ findingId, onClose }: DrawerProps) {
  const { message, modal } = AntApp.useApp();
  const { changed } = useSupervision();
  const can = useCan();
  const [detail, setDetail] = useState<FindingDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [step, setStep] = useState<StepChoice | null>(null);
  const [editing, setEditing] = useState<FindingFormTarget>(null);
  const [deleting, setDeleting] = useState(false);
  const open = findingId !== null;

  const load = useCallback(async (id: number) => {
    setLoading(true);
    try {
      setDetail(await call('findings.get', { id }));
    } catch (error) {
      message.error(errorText(error), 6);
      onClose();
    } finally {
      setLoading(false);
    }
  }, [message, onClose]);

  useEffect(() => {
    setDetail(null);
    setStep(null);
    if (findingId !== null) void load(findingId);
  }, [findingId, load]);

  const refresh = useCallback(() => {
    if (findingId !== null) void load(findingId);
    changed();
  }, [findingId, load, changed]);

  const stepDone = useCallback(
    (d: FindingDetail) => {
      setDetail(d);
      changed();
    },
    [changed],
  );

  const remove = async (reason: string) => {
    if (!detail) return;
    try {
      await call('findings.delete', { id: detail.id, reason });
      message.success('已删除问题');
      setDeleting(false);
      changed();
      onClose();
    } catch (error) {
      setDeleting(false);
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const closeEdit = useCallback(() => setEditing(null), []);
  const edited = useCallback(
    (d: FindingDetail) => {
      setDetail(d);
      changed();
    },
    [changed],
  );

  const d = detail;
  // 销号 is a 审核员's step (shared/permissions.ts); a 录入员 sees it, disabled.
  const mayClose = can('findings.progress', { status: 'closed' });
  const steps: StepChoice[] = d
    ? [...d.nextStatuses]
        .sort((a, b) => {
          const back = (s: FindingStatus) => (isStepBack(d.status, s) ? 1 : 0);
          return back(a) - back(b) || STATUS_RANK[a] - STATUS_RANK[b];
        })
        .map((to) => ({ to, label: stepLabel(d.status, to), back: isStepBack(d.status, to) }))
    : [];
  const stepAttachments = d ? d.updates.flatMap((u) => u.attachments) : [];

  return (
    <Drawer
      open={open}
      size={760}
      onClose={onClose}
      title={
        d ? (
          <Space size={8} wrap>
            <span>问题{d.seq !== null ? `（序号 ${d.seq}）` : ''}</span>
            <StatusTag status={d.status} testId="finding-status" />
            {d.overdue ? <OverdueTag days={d.daysLeft} /> : null}
          </Space>
        ) : (
          '问题'
        )
      }
      extra={
        d ? (
          <Space size={4}>
            {d.status !== 'closed' ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing({ kind: 'edit', id: d.id })} data-testid="finding-edit">
                编辑
              </Button>
            ) : null}
            {d.status !== 'closed' ? (
              <Button danger icon={<DeleteOutlined />} onClick={() => setDeleting(true)} data-testid="finding-delete">
                删除
              </Button>
            ) : null}
          </Space>
        ) : null
      }
      destroyOnHidden
      rootClassName="sv-drawer"
    >
      <div data-testid="finding-drawer">
      <Spin spinning={loading && !d}>
        {d ? (
          <div data-testid="finding-drawer-body">
            <div className={`sv-finding-desc${d.overdue ? ' is-overdue' : ''}`}>
              <div className="sv-finding-cat">{d.categoryLabel}</div>
              <div data-testid="finding-description">{d.description}</div>
            </div>

            <Descriptions size="small" bordered column={2} className="sv-desc" styles={{ label: { width: 96 } }}>
              <Descriptions.Item label="检查" span={2}>
                {d.inspection}
              </Descriptions.Item>
              <Descriptions.Item label="乡镇/村">{placeText(d.township, d.village)}</Descriptions.Item>
              <Descriptions.Item label={F.deadline.label}>
                <span data-testid="finding-deadline">
                  <DeadlineCell
                    deadline={d.deadlineDate}
                    deadlineText={d.deadlineText}
                    overdue={d.overdue}
                    daysLeft={d.daysLeft}
                    statusCode={d.status}
                    compact={false}
                  />
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={F.project.label}>{d.project ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.asset.label}>{d.asset ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.leadUnit.label}>{d.leadUnit ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.responsibleUnit.label}>{d.responsibleUnit ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.responsibleLeader.label}>{d.responsibleLeader ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.responsiblePerson.label}>{d.responsiblePerson ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={F.goal.label} span={2}>
                {d.goal ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={F.measures.label} span={2}>
                <span className="sv-pre">{d.measures ?? '—'}</span>
              </Descriptions.Item>
            </Descriptions>

            <div className="section-title">整改状态</div>
            <div className="sv-status-box">
              <div className="sv-status-line">
                当前：<StatusTag status={d.status} />
                {d.overdue ? (
                  <span className="sv-red sv-strong">
                    <ExclamationCircleFilled /> 已超过整改时限 {d.daysLeft !== null ? -d.daysLeft : ''} 天
                  </span>
                ) : null}
                {d.completedDate ? (
                  <span className="field-hint">
                    整改完成 {d.completedDate}（{d.completedBy ?? '—'} 记录）
                  </span>
                ) : null}
                {d.closedDate ? (
                  <span className="field-hint" data-testid="finding-closed">
                    销号 {d.closedDate}，审核人 {d.closedReviewer ?? '—'}
                  </span>
                ) : null}
              </div>
              <div className="sv-steps">
                {steps
                  .filter((s) => !s.back)
                  .map((s) => (
                    <Tooltip key={s.to} title={s.to === 'closed' && !mayClose ? NEEDS_ROLE_HINT.reviewer : undefined}>
                      <Button
                        type={s.to === 'inProgress' || s.to === 'awaitingClose' || s.to === 'closed' ? 'primary' : 'default'}
                        onClick={() => setStep(s)}
                        disabled={s.to === 'closed' && !mayClose}
                        data-testid={`finding-step-${s.to ?? 'note'}`}
                      >
                        {s.label}
                      </Button>
                    </Tooltip>
                  ))}
                {d.status !== 'closed' ? (
                  <Button onClick={() => setStep({ to: null, label: '记录进展', back: false })} data-testid="finding-step-note">
                    记录进展
                  </Button>
                ) : null}
                {steps.some((s) => s.back) ? (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: steps
                        .filter((s) => s.back)
                        .map((s) => ({
                          key: s.to ?? 'note',
                          danger: true,
                          label: <span data-testid={`finding-step-${s.to ?? 'note'}`}>退回到“{s.to ? FindingStatus.label[s.to] : ''}”</span>,
                        })),
                      onClick: ({ key }) => {
                        const chosen = steps.find((s) => s.to === key);
                        if (chosen) setStep(chosen);
                      },
                    }}
                  >
                    <Button danger data-testid="finding-step-back">
                      {d.status === 'closed' ? '撤销销号' : '退回'} <DownOutlined />
                    </Button>
                  </Dropdown>
                ) : null}
              </div>
            </div>

            <div className="section-title">整改进展</div>
            {d.updates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有整改进展" style={{ margin: '4px 0' }} />
            ) : (
              <Timeline
                className="sv-timeline"
                data-testid="finding-timeline"
                items={[...d.updates].reverse().map((u) => ({
                  key: u.id,
                  color: u.toStatus === 'closed' ? 'green' : u.fromStatus && isStepBack(u.fromStatus, u.toStatus) ? 'red' : u.toStatus === 'awaitingClose' ? 'gold' : 'blue',
                  content: (
                    <div className="sv-step" data-testid="timeline-step">
                      <div>
                        <span className="mono sv-step-date">{u.date}</span>
                        {u.fromStatus && u.fromStatus !== u.toStatus ? (
                          <b>
                            {u.fromStatusLabel} → {u.toStatusLabel}
                          </b>
                        ) : (
                          <b>整改进展</b>
                        )}
                        <span className="field-hint">{'\u3000'}{u.operator}</span>
                      </div>
                      {u.note ? <div className="sv-pre">{u.note}</div> : null}
                      {u.reason ? <div className="sv-red">退回原因：{u.reason}</div> : null}
                      {u.attachments.length > 0 ? <div className="field-hint">附件 {u.attachments.map((a) => a.name).join('、')}</div> : null}
                    </div>
                  ),
                }))}
              />
            )}

            <div className="section-title">
              佐证材料 <span className="field-hint">（{d.attachments.length + stepAttachments.length} 份）</span>
            </div>
            <EvidencePanel
              findingId={d.id}
              attachments={d.attachments}
              stepAttachments={stepAttachments}
              locked={d.status === 'closed'}
              onChanged={refresh}
            />
            {d.status === 'closed' ? <div className="field-hint" style={{ marginTop: 6 }}>问题已销号，佐证材料作为销号依据保留，不能再增删。</div> : null}
          </div>
        ) : null}
      </Spin>
      </div>
      {d ? <StepModal detail={d} step={step} onClose={() => setStep(null)} onDone={stepDone} onEvidence={refresh} onNewer={refresh} /> : null}
      <FindingFormModal target={editing} onClose={closeEdit} onSaved={edited} />
      <ReasonModal
        placeholder="例如 重复录入、录错了检查"
        open={deleting}
        title="删除问题"
        description="删除后记录和原因保留在操作记录中；已销号的问题不能删除。"
        onCancel={() => setDeleting(false)}
        onConfirm={remove}
      />
    </Drawer>
  );
}
