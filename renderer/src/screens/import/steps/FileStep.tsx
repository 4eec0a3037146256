// 选择文件: drop or pick the file, watch it being read (and cancel), then see its format, size and sheets,
// the kind of ledger it looks like (changeable), and whether the same file was imported before.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Progress, Select, Space, Spin, Upload } from 'antd';
import { formatBytes } from '../../../../../shared/attachment-types';
import type { ProgressEvent } from '../../../../../shared/api';
import type { ImportOpenResult, ImportPreview } from '../../../../../shared/api-import';
import { formatChineseDate, officeDay } from '../../../../../shared/dates';
import { ImportKind } from '../../../../../shared/enums';
import { call } from '../../../api/client';

const FORMAT_LABEL: Record<ImportOpenResult['format'], string> = { xlsx: 'Excel 工作簿（.xlsx）', xls: 'Excel 97-2003（.xls）', html: '网页表格（另存为 .xls）', xml2003: 'Excel 2003 XML', csv: 'CSV 文本' };

/** The file being read by import.open, with its progress. */
export interface Reading {
  jobId: string;
  fileName: string;
  progress: ProgressEvent | null;
}

export function FileStep(props: {
  open: ImportOpenResult | null;
  preview: ImportPreview | null;
  previewError: string | null;
  reading: Reading | null;
  onPick(file: File): void;
  onKind(kind: ImportKind | undefined): void;
}) {
  const { open, preview, reading } = props;
  const done = open?.previousBatches.filter((b) => b.status === 'done') ?? [];
  return (
    <div>
      <Upload.Dragger
        accept=".xlsx,.xls,.csv,.et,.htm,.html,.xml"
        multiple={false}
        showUploadList={false}
        disabled={reading !== null}
        beforeUpload={(file) => {
          props.onPick(file);
          return false;
        }}
        data-testid="import-dropzone"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">把乡镇报来的表格拖到这里，或单击选择文件</p>
        <p className="ant-upload-hint">支持 .xlsx、.xls（含网页另存的 .xls）、.csv（UTF-8 或 GBK）；WPS 的 .et 请先另存为 .xlsx</p>
      </Upload.Dragger>
      {reading ? (
        <div className="imp-progress" data-testid="import-reading">
          <div>正在读取“{reading.fileName}”…</div>
          <Progress percent={reading.progress ? Math.round((reading.progress.done / Math.max(reading.progress.total, 1)) * 100) : 5} status="active" />
          <Button size="small" onClick={() => call('import.cancel', { jobId: reading.jobId }).catch(() => undefined)} data-testid="import-read-cancel">
            取消读取
          </Button>
        </div>
      ) : null}
      {open ? (
        <div className="imp-file" data-testid="import-file-info">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label="文件">{open.fileName}</Descriptions.Item>
            <Descriptions.Item label="格式">
              {FORMAT_LABEL[open.format]}
              {open.encoding && open.format === 'csv' ? `，${open.encoding}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="大小">{formatBytes(open.size)}</Descriptions.Item>
            <Descriptions.Item label="工作表">{open.sheets.map((s) => `${s.name}（${s.rows} 行）`).join('、')}</Descriptions.Item>
            <Descriptions.Item label="导入为">
              {preview ? (
                <Space>
                  <Select
                    style={{ width: 160 }}
                    value={preview.kind}
                    data-testid="import-kind-select"
                    onChange={(kind: ImportKind) => props.onKind(kind)}
                    options={ImportKind.values.map((k) => ({ value: k, label: ImportKind.label[k] }))}
                  />
                  <span className="imp-muted">按列名自动识别，可更改</span>
                </Space>
              ) : (
                <Spin size="small" />
              )}
            </Descriptions.Item>
          </Descriptions>
          {done.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              className="imp-alert"
              data-testid="import-same-file"
              title={`同一文件已于${done.map((b) => `${formatChineseDate(officeDay(b.at))}导入过（导入批次 #${b.id}：新增 ${b.imported} 行，更新 ${b.updated} 行）`).join('；')}`}
              description="再导入时，与台账相同的行不会重复写入；有变化的行可在“预览与校对”中选择更新或跳过。"
            />
          ) : null}
          {props.previewError ? <Alert type="error" showIcon className="imp-alert" message={props.previewError} /> : null}
        </div>
      ) : null}
    </div>
  );
}
