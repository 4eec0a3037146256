// 设置 → 备份与恢复: the automatic copies in the 备份 folder (date, kind, size), 立即备份, 备份到其他文件夹
// (a USB stick: the system dialog in the desktop app, a typed path in browser mode), and 恢复 — which first
// shows the copy's date and record counts (read without opening it for writing), then asks for confirmation.
import { officeDateTime } from '../../../../shared/dates';
import { CloudDownloadOutlined, FolderOpenOutlined, ReloadOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Checkbox, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { BACKUP_KIND_LABEL, LEDGER_COUNT_LABEL, type AppInfo, type BackupFile, type BackupList, type BackupPreview, type LedgerCounts } from '../../../../shared/api';
import { call, LedgerCallError } from '../../api/client';
import { formatBytes } from '../../../../shared/attachment-types';
import { saveDownload } from '../../lib/files';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';

const COUNT_LABEL = (Object.keys(LEDGER_COUNT_LABEL) as Array<keyof LedgerCounts>).map((key) => [key, LEDGER_COUNT_LABEL[key].label, LEDGER_COUNT_LABEL[key].unit] as const);

/** A stored instant as the office's date and time with seconds (backups, the audit trail). */
export function formatInstant(iso: string): string {
  return officeDateTime(iso, true);
}

function isUnsupported(error: unknown): boolean {
  return error instanceof LedgerCallError && error.code === 'UNSUPPORTED';
}

export function BackupSection() {
  const { message, modal } = AntApp.useApp();
  const { refreshAll, dataVersion } = useAppState();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [list, setList] = useState<BackupList | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [otherFile, setOtherFile] = useState('');
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const web = info?.door === 'web';

  const load = useCallback(async () => {
    try {
      const [i, l] = await Promise.all([call('app.info', {}), call('backup.list', {})]);
      setInfo(i);
      setList(l);
    } catch (error) {
      message.error(errorText(error), 6);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const run = async <T,>(what: string, job: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    try {
      return await job();
    } catch (error) {
      message.error(errorText(error), 8);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const backupNow = async (target?: string) => {
    const made = await run('create', () => call('backup.create', target ? { folder: target } : {}));
    if (made) {
      message.success(`备份完成并已通过完整性检查：${made.path}（${formatBytes(made.bytes)}）`, 6);
      await load();
    }
  };

  const backupElsewhere = async () => {
    if (folder.trim()) return backupNow(folder.trim());
    try {
      const picked = await call('backup.pickFolder', {});
      if (picked.path) await backupNow(picked.path);
    } catch (error) {
      message.error(isUnsupported(error) ? '浏览器模式下请在左侧输入框中填写文件夹的完整路径' : errorText(error), 6);
    }
  };

  const openPreview = async (path: string) => {
    setConfirmed(false);
    const p = await run('preview', () => call('backup.preview', { path }));
    if (p) setPreview(p);
  };

  const restoreOther = async () => {
    if (otherFile.trim()) return openPreview(otherFile.trim());
    try {
      const picked = await call('backup.pickFile', {});
      if (picked.path) await openPreview(picked.path);
    } catch (error) {
      message.error(isUnsupported(error) ? '浏览器模式下请在左侧输入框中填写备份文件的完整路径' : errorText(error), 6);
    }
  };

  const restore = async () => {
    if (!preview) return;
    const done = await run('restore', () => call('backup.restore', { path: preview.path, confirm: true }));
    if (done) {
      setPreview(null);
      modal.success({
        title: '恢复完成',
        content: (
          <div data-testid="backup-restored">
            台账已恢复为 {formatInstant(preview.takenAt)} 的备份。恢复前的台账已另存为：
            <div className="mono" style={{ marginTop: 6, wordBreak: 'break-all' }}>
              {done.previousBackup}
            </div>
          </div>
        ),
        okText: '确定',
      });
      await refreshAll();
      await load();
    }
  };

  const download = async (row: BackupFile) => {
    const file = await run('download', () => call('backup.download', { name: row.name }));
    if (!file) return;
    saveDownload({ base64: file.base64, fileName: file.name, mimeType: 'application/vnd.sqlite3' });
  };

  const policy = list?.policy;
  return (
    <div data-testid="backup-section">
      <div className="section-title">备份与恢复</div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        每天第一次打开台账时自动做一份每日备份，保留最近 {policy?.daily ?? 7} 天每天一份、{policy?.weekly ?? 4} 周每周一份、
        {policy?.monthly ?? 12} 个月每月一份。升级、恢复和撤销导入之前另做一份操作前备份，用来退回那一步：每份保留{' '}
        {policy?.preOperationDays ?? 30} 天，最近 {policy?.preOperationKeep ?? 10} 份不论多久都保留，它们不占每日备份的名额。
        手动备份不会自动删除。每份备份写好后都做完整性检查。
        佐证材料文件（附件文件夹）不在数据库备份中，请一并复制数据文件夹。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 10 }}>
        <Button type="primary" icon={<SaveOutlined />} loading={busy === 'create'} onClick={() => void backupNow()} data-testid="backup-now">
          立即备份
        </Button>
        <Space.Compact>
          <Input
            style={{ width: 300 }}
            placeholder={web ? '备份到文件夹：填写完整路径，如 /media/u盘' : '备份到其他文件夹（如U盘），留空则弹出选择框'}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            data-testid="backup-folder"
          />
          <Button icon={<FolderOpenOutlined />} onClick={() => void backupElsewhere()} loading={busy === 'create'} data-testid="backup-elsewhere">
            备份到…
          </Button>
        </Space.Compact>
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          刷新
        </Button>
      </Space>
      <Table<BackupFile>
        size="small"
        rowKey="name"
        dataSource={list?.rows ?? []}
        loading={!list}
        pagination={{ pageSize: 8, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 份` }}
        locale={{ emptyText: '还没有备份' }}
        data-testid="backup-table"
        columns={[
          { title: '备份时间', dataIndex: 'takenAt', width: 170, render: (v: string) => formatInstant(v) },
          {
            title: '类型',
            dataIndex: 'kind',
            width: 110,
            render: (k: BackupFile['kind']) => <Tag color={k === 'manual' ? 'blue' : k === 'daily' ? 'default' : 'gold'}>{BACKUP_KIND_LABEL[k]}</Tag>,
          },
          { title: '大小', dataIndex: 'bytes', width: 90, align: 'right', render: (b: number) => formatBytes(b) },
          { title: '文件', dataIndex: 'name', ellipsis: true, render: (n: string) => <span className="mono">{n}</span> },
          {
            title: '操作',
            key: 'ops',
            width: web ? 150 : 90,
            render: (_: unknown, row) => (
              <Space size={4}>
                <Button size="small" icon={<UndoOutlined />} onClick={() => void openPreview(row.path)} data-testid={`backup-restore-${row.name}`}>
                  恢复…
                </Button>
                {web ? (
                  <Button size="small" icon={<CloudDownloadOutlined />} onClick={() => void download(row)} title="下载这份备份" />
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Space.Compact style={{ marginTop: 10 }}>
        <Input
          style={{ width: 360 }}
          placeholder={web ? '从其他备份文件恢复：填写 .db 文件的完整路径' : '从其他备份文件恢复（如U盘上的），留空则弹出选择框'}
          value={otherFile}
          onChange={(e) => setOtherFile(e.target.value)}
          data-testid="backup-other-file"
        />
        <Button onClick={() => void restoreOther()} loading={busy === 'preview'} data-testid="backup-restore-other">
          从文件恢复…
        </Button>
      </Space.Compact>
      {list ? (
        <div className="field-hint" style={{ marginTop: 6 }}>
          备份文件夹：<span className="mono">{list.folder}</span>
        </div>
      ) : null}

      <Modal
        open={preview !== null}
        title="从备份恢复台账"
        width={680}
        onCancel={() => setPreview(null)}
        okText="恢复"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !confirmed, loading: busy === 'restore', 'data-testid': 'backup-restore-confirm' } as never}
        onOk={() => void restore()}
        destroyOnHidden
      >
        {preview ? (
          <div data-testid="backup-preview">
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 10 }} styles={{ label: { width: 120 } }}>
              <Descriptions.Item label="备份时间">
                <strong data-testid="backup-preview-time">{formatInstant(preview.takenAt)}</strong>
              </Descriptions.Item>
              <Descriptions.Item label="最后一次修改">{preview.lastChangeAt ? formatInstant(preview.lastChangeAt) : '（没有修改记录）'}</Descriptions.Item>
              {preview.officeName ? <Descriptions.Item label="单位">{preview.officeName}</Descriptions.Item> : null}
              <Descriptions.Item label="文件">
                <span className="mono" style={{ wordBreak: 'break-all' }}>
                  {preview.path}
                </span>
                <div className="field-hint">{formatBytes(preview.bytes)}，完整性检查通过</div>
              </Descriptions.Item>
            </Descriptions>
            <div className="field-hint" style={{ marginBottom: 4 }}>
              备份中的记录数：
            </div>
            <Descriptions
              size="small"
              column={3}
              bordered
              style={{ marginBottom: 12 }}
              styles={{ label: { width: 86, whiteSpace: 'nowrap' }, content: { whiteSpace: 'nowrap', textAlign: 'right' } }}
            >
              {COUNT_LABEL.map(([key, label, unit]) => (
                <Descriptions.Item key={key} label={label}>
                  <span data-testid={`backup-count-${key}`}>
                    {preview.counts[key].toLocaleString('zh-CN')} {unit}
                  </span>
                </Descriptions.Item>
              ))}
            </Descriptions>
            {preview.needsUpgrade ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message="这份备份来自较早的版本，恢复后会自动升级。" /> : null}
            <Alert
              type="warning"
              showIcon
              message="恢复会用这份备份替换当前台账"
              description="备份之后录入和修改的内容将不在恢复后的台账中。恢复前会先把当前台账另存一份备份，需要时可以再恢复回来。"
            />
            <Checkbox style={{ marginTop: 12 }} checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="backup-confirm-check">
              我已核对备份时间和记录数，确定要恢复
            </Checkbox>
          </div>
        ) : null}
      </Modal>
    </div>
  );
}
