// 导出: the button every ledger screen puts in its toolbar. It exports what the screen shows — the same filter
// object the screen sends to its list channel — with the user's choices (单位, 每个乡镇一个工作表, 全部字段),
// shows a progress bar with 取消 for big ledgers, and saves the file as a download (browser and Electron).
import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Checkbox, Modal, Progress, Radio, Space, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { EXPORT_LEDGER_LABEL, type ExportFilterMap, type ExportLedger } from '../../../../shared/api-export';
import { call, onProgress } from '../../api/client';
import { errorText } from '../../lib/errors';
import { saveDownload } from '../../lib/files';

interface Props<L extends ExportLedger> {
  ledger: L;
  /** The screen's current filters, exactly as it sends them to its list channel. */
  filters: ExportFilterMap[L];
  /** One sheet per township can be asked for (list ledgers). */
  byTownship?: boolean;
  /** The table has money columns (offer 万元/元). */
  money?: boolean;
  /** Some columns are left out of the printed table (offer 全部字段). */
  detail?: boolean;
  /** What the screen shows right now, for the dialog ("共 1 234 条"). */
  count?: number;
  testId?: string;
}

let jobCounter = 0;

export function ExportButton<L extends ExportLedger>({ ledger, filters, byTownship = false, money = true, detail = false, count, testId = 'export-button' }: Props<L>) {
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [unit, setUnit] = useState<'wan' | 'yuan'>('wan');
  const [split, setSplit] = useState(false);
  const [allColumns, setAllColumns] = useState(false);
  const [running, setRunning] = useState<{ jobId: string; done: number; total: number } | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(() => {
    if (!running) return undefined;
    return onProgress((event) => {
      if (event.jobId === jobRef.current) setRunning((r) => (r ? { ...r, done: event.done, total: event.total } : r));
    });
  }, [running]);

  const start = async () => {
    jobCounter += 1;
    const jobId = `export-${Date.now()}-${jobCounter}`;
    jobRef.current = jobId;
    setRunning({ jobId, done: 0, total: count ?? 0 });
    try {
      const file = await call('export.ledger', { ledger, filters: filters as Record<string, unknown>, unit, byTownship: split, allColumns, jobId });
      saveDownload(file);
      message.success(`已导出 ${file.rows.toLocaleString('zh-CN')} 行：${file.fileName}`, 5);
      setOpen(false);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      jobRef.current = null;
      setRunning(null);
    }
  };

  const cancel = () => {
    if (running) void call('export.cancel', { jobId: running.jobId });
  };

  const percent = running && running.total > 0 ? Math.min(100, Math.round((running.done / running.total) * 100)) : 0;

  return (
    <>
      <Tooltip title={`把当前筛选出的${EXPORT_LEDGER_LABEL[ledger]}导出为 Excel 表格（可直接打印）`}>
        <Button icon={<DownloadOutlined />} onClick={() => setOpen(true)} data-testid={testId}>
          导出
        </Button>
      </Tooltip>
      <Modal
        open={open}
        title={`导出${EXPORT_LEDGER_LABEL[ledger]}`}
        onCancel={() => (running ? cancel() : setOpen(false))}
        maskClosable={!running}
        footer={
          running
            ? [
                <Button key="cancel" onClick={cancel} data-testid="export-cancel">
                  取消导出
                </Button>,
              ]
            : [
                <Button key="close" onClick={() => setOpen(false)}>
                  关闭
                </Button>,
                <Button key="go" type="primary" icon={<DownloadOutlined />} onClick={() => void start()} data-testid="export-start">
                  导出
                </Button>,
              ]
        }
        destroyOnHidden
      >
        <div data-testid="export-dialog">
          <p style={{ marginTop: 0 }}>
            导出当前屏幕上的筛选结果{count !== undefined ? `，共 ${count.toLocaleString('zh-CN')} 条` : ''}。表格带标题、{money ? '金额单位、' : ''}合计行和打印设置（A4 横向、每页重复表头、页码）。
          </p>
          <Space direction="vertical" size={10} style={{ width: '100%' }}>
            {money && (
              <div>
                <span style={{ marginRight: 12 }}>金额单位</span>
                <Radio.Group value={unit} onChange={(e) => setUnit(e.target.value as 'wan' | 'yuan')} disabled={running !== null} data-testid="export-unit">
                  <Radio value="wan">万元</Radio>
                  <Radio value="yuan">元</Radio>
                </Radio.Group>
              </div>
            )}
            {byTownship && (
              <Checkbox checked={split} onChange={(e) => setSplit(e.target.checked)} disabled={running !== null} data-testid="export-by-township">
                每个乡镇一个工作表
              </Checkbox>
            )}
            {detail && (
              <Checkbox checked={allColumns} onChange={(e) => setAllColumns(e.target.checked)} disabled={running !== null} data-testid="export-all-columns">
                包含全部字段（列较多，适合再导入或留档；打印请用默认）
              </Checkbox>
            )}
            {running && (
              <div data-testid="export-progress">
                <Progress percent={percent} status="active" />
                <span className="field-hint">
                  正在导出… {running.total > 0 ? `${running.done.toLocaleString('zh-CN')} / ${running.total.toLocaleString('zh-CN')} 行` : ''}
                </span>
              </div>
            )}
          </Space>
        </div>
      </Modal>
    </>
  );
}
