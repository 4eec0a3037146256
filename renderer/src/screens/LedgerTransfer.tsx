// 设置 → 数据存放, under the server's fields: 迁移到办公室服务器…, 从服务器导出本机文件…, 备份办公室服务器… and
// 恢复到新的服务器数据库…. Each confirm names where from, where to and the records first (a restore: the backup's
// date and counts, as 备份与恢复 shows them); the copy runs with a progress line and ends with one sentence.
import { CloudDownloadOutlined, CloudUploadOutlined, DatabaseOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Input, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ledgerCountsText, type BackupPreview } from '../../../shared/api-backup';
import type { OfficeServerInput, TransferResult } from '../../../shared/api-office';
import { formatChineseInstant } from '../../../shared/dates';
import { call, onProgress } from '../api/client';
import { errorText } from '../lib/errors';

const JOB = 'ledgerTransfer';

interface Props {
  /** The form's server fields, validated; null when the form shows what is missing. */
  server: () => Promise<OfficeServerInput | null>;
  disabled: boolean;
}

export function LedgerTransfer({ server, disabled }: Props) {
  const { modal, message } = AntApp.useApp();
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(
    () =>
      onProgress((event) => {
        if (event.jobId === JOB) setProgress({ label: event.label, done: event.done, total: event.total });
      }),
    [],
  );

  const run = async (what: string, work: () => Promise<TransferResult>) => {
    setRunning(what);
    setProgress(null);
    setResult(null);
    try {
      const done = await work();
      setResult({ ok: true, text: done.message });
    } catch (error) {
      setResult({ ok: false, text: errorText(error) });
    } finally {
      setRunning(null);
      setProgress(null);
    }
  };

  /** Ask the server for what the copy will carry, then confirm it by name. */
  const confirmThen = async (what: string, ask: (s: OfficeServerInput) => Promise<{ title: string; content: string; go: () => Promise<TransferResult> }>) => {
    const s = await server();
    if (!s) return;
    setRunning(what);
    let plan: Awaited<ReturnType<typeof ask>>;
    try {
      plan = await ask(s);
    } catch (error) {
      setRunning(null);
      message.error(errorText(error), 8);
      return;
    }
    setRunning(null);
    modal.confirm({
      title: plan.title,
      content: plan.content,
      okText: '开始',
      cancelText: '取消',
      width: 560,
      onOk: () => {
        void run(what, plan.go);
      },
    });
  };

  const migrate = () =>
    confirmThen('toServer', async (s) => {
      const p = await call('ledgerTransfer.preview', { direction: 'toServer', server: s });
      return {
        title: '迁移到办公室服务器',
        content: `将把${p.source}中的全部数据（${ledgerCountsText(p.counts)}）连同佐证材料和简报 PDF 复制到${p.target}。目标必须是新建的空数据库；复制后逐表核对行数和金额合计，有任何不符就全部撤销。本机文件保持不变。`,
        go: () => call('ledgerTransfer.toServer', { server: s }),
      };
    });

  const exportFile = () =>
    confirmThen('toFile', async (s) => {
      const p = await call('ledgerTransfer.preview', { direction: 'fromServer', server: s });
      return {
        title: '从服务器导出本机文件',
        content: `${p.migrated ?? ''}将把${p.source}上的全部数据（${ledgerCountsText(p.counts)}）连同佐证材料和简报 PDF 导出为${p.target}（新建，不覆盖已有文件）。`,
        go: () => call('ledgerTransfer.toFile', { server: s, ...(p.file ? { file: p.file } : {}) }),
      };
    });

  const backup = () =>
    confirmThen('backup', async (s) => {
      const p = await call('ledgerTransfer.preview', { direction: 'fromServer', server: s });
      return {
        title: '备份办公室服务器',
        content: `${p.migrated ?? ''}将把${p.source}上的全部数据（${ledgerCountsText(p.counts)}）和文件备份为本机备份文件夹中的一个文件，写好后逐表核对。`,
        go: () => call('ledgerTransfer.backupServer', { server: s }),
      };
    });

  const restore = async () => {
    const s = await server();
    if (!s) return;
    let file = '';
    modal.confirm({
      title: '恢复到新的服务器数据库',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>备份文件的完整路径（办公室服务器的备份在 备份\办公室服务器 文件夹中）：</Typography.Text>
          <Input onChange={(e) => (file = e.target.value)} data-testid="transfer-restore-file" />
        </Space>
      ),
      okText: '查看备份',
      cancelText: '取消',
      onOk: async () => {
        let preview: BackupPreview;
        try {
          preview = await call('backup.preview', { path: file });
        } catch (error) {
          message.error(errorText(error), 8);
          return;
        }
        modal.confirm({
          title: '确认恢复',
          content: `备份时间：${formatChineseInstant(preview.takenAt)}；最后一次修改：${preview.lastChangeAt ? formatChineseInstant(preview.lastChangeAt) : '无'}；内容：${ledgerCountsText(preview.counts)}。将写入服务器 ${s.user}@${s.host}:${s.port}/${s.database}，它必须是新建的空数据库。`,
          okText: '恢复',
          cancelText: '取消',
          onOk: () => {
            void run('restore', () => call('ledgerTransfer.restoreToServer', { server: s, file: preview.path, confirm: true }));
          },
        });
      },
    });
  };

  return (
    // As wide as the fields above it: a long result sentence wraps inside, not below the label.
    <div data-testid="ledger-transfer" style={{ maxWidth: 720 }}>
      <Space wrap>
        <Button icon={<CloudUploadOutlined />} disabled={disabled || running !== null} loading={running === 'toServer'} onClick={() => void migrate()} data-testid="transfer-to-server">
          迁移到办公室服务器…
        </Button>
        <Button icon={<CloudDownloadOutlined />} disabled={disabled || running !== null} loading={running === 'toFile'} onClick={() => void exportFile()} data-testid="transfer-to-file">
          从服务器导出本机文件…
        </Button>
        <Button icon={<DatabaseOutlined />} disabled={disabled || running !== null} loading={running === 'backup'} onClick={() => void backup()} data-testid="transfer-backup">
          备份办公室服务器…
        </Button>
        <Button icon={<RollbackOutlined />} disabled={disabled || running !== null} loading={running === 'restore'} onClick={() => void restore()} data-testid="transfer-restore">
          恢复到新的服务器数据库…
        </Button>
      </Space>
      {progress ? (
        <div style={{ marginTop: 8 }} data-testid="transfer-progress">
          <Typography.Text type="secondary">{progress.label}</Typography.Text>
          <Progress percent={progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 100} size="small" />
        </div>
      ) : null}
      {result ? <Alert style={{ marginTop: 8 }} type={result.ok ? 'success' : 'error'} showIcon message={result.text} data-testid="transfer-result" /> : null}
    </div>
  );
}
