// 佐证材料 of a finding: pick files (<input type=file multiple>) or drop them on the zone; each file is
// pre-checked here (size limit and type allow-list of 设置, and that its bytes are what its extension says —
// shared/attachment-types.ts, the same check the service makes), read with FileReader as a data: URL and
// sent to attachments.add; the service decides. Images show as thumbnails (attachments.get → data: URL,
// allowed by the CSP's img-src) and open large in a dialog. PDFs open in the same dialog, drawn page by page
// on <canvas> by pdf.js (PdfViewer.tsx, loaded on demand; the CSP has frame-src and object-src 'none', so
// Chromium's own PDF viewer cannot be used). Other documents: the dialog shows the file's particulars. Every
// file offers 下载/另存 through an <a download> of a blob: URL (Electron shows its save dialog; nothing is
// navigated). Deleting asks a reason.
import { officeDateTime } from '../../../../shared/dates';
import { DeleteOutlined, DownloadOutlined, EyeOutlined, FileOutlined, FilePdfOutlined, InboxOutlined, LoadingOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Empty, Modal, Spin, Tooltip } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { AttachmentContent, AttachmentRow, SupervisionSettingsValue } from '../../../../shared/api';
import { ATTACHMENT_TYPES, checkFileType, fileExtension, formatBytes } from '../../../../shared/attachment-types';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { base64ToBytes } from '../../lib/files';
import { ReasonModal } from './common';

// pdf.js and the viewer come with the first PDF opened, not with the main bundle.
const PdfViewer = lazy(() => import('./PdfViewer').then((m) => ({ default: m.PdfViewer })));

// ---- reading files ------------------------------------------------------------------------------------

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('读取失败'));
    reader.readAsDataURL(file);
  });
}

function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('读取失败'));
    reader.readAsArrayBuffer(file);
  });
}

/** The same check the service makes, before the bytes travel: null when the file may go. */
async function precheck(file: File, settings: SupervisionSettingsValue | null): Promise<string | null> {
  if (!settings) return null;
  if (file.size > settings.attachmentMaxBytes) {
    return `文件“${file.name}”大小 ${formatBytes(file.size)}，超过单个附件的上限 ${formatBytes(settings.attachmentMaxBytes)}；请压缩后再上传`;
  }
  const check = checkFileType(file.name, await readBytes(file), settings.attachmentTypes);
  return check.ok ? null : check.message;
}

// ---- content cache (thumbnails, viewer) -----------------------------------------------------------------

const contentCache = new Map<number, Promise<AttachmentContent>>();

function loadContent(id: number): Promise<AttachmentContent> {
  let p = contentCache.get(id);
  if (!p) {
    p = call('attachments.get', { id });
    p.catch(() => contentCache.delete(id));
    contentCache.set(id, p);
    // Keep the last few dozen files only.
    if (contentCache.size > 60) {
      const first = contentCache.keys().next().value;
      if (first !== undefined) contentCache.delete(first);
    }
  }
  return p;
}

function dataUrl(c: AttachmentContent): string {
  return `data:${c.mimeType};base64,${c.base64}`;
}

function blobUrl(c: AttachmentContent): string {
  return URL.createObjectURL(new Blob([base64ToBytes(c.base64)], { type: c.mimeType }));
}

/** 下载/另存: an <a download> of a blob: URL (no navigation, no new window). */
async function saveAs(row: AttachmentRow): Promise<void> {
  const content = await loadContent(row.id);
  const url = blobUrl(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = row.name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function Thumb({ row }: { row: AttachmentRow }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!row.isImage || row.mimeType === 'image/tiff') return undefined;
    let live = true;
    loadContent(row.id)
      .then((c) => {
        if (live) setSrc(dataUrl(c));
      })
      .catch((e: unknown) => {
        if (live) setFailed(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [row.id, row.isImage, row.mimeType]);
  if (row.isImage && row.mimeType !== 'image/tiff') {
    if (failed) {
      return (
        <Tooltip title={failed}>
          <div className="sv-thumb sv-thumb-icon sv-red">无法显示</div>
        </Tooltip>
      );
    }
    return src ? <img className="sv-thumb" src={src} alt={row.name} data-testid="attachment-thumb" /> : <div className="sv-thumb sv-thumb-icon"><LoadingOutlined /></div>;
  }
  return (
    <div className="sv-thumb sv-thumb-icon">
      {row.mimeType === 'application/pdf' ? <FilePdfOutlined style={{ color: '#c4262e' }} /> : <FileOutlined />}
      <span className="sv-thumb-ext">{fileExtension(row.name).toUpperCase() || '文件'}</span>
    </div>
  );
}

function typeLabel(row: AttachmentRow): string {
  const ext = fileExtension(row.name) as keyof typeof ATTACHMENT_TYPES;
  return ATTACHMENT_TYPES[ext]?.label ?? row.mimeType;
}

// ---- viewer ---------------------------------------------------------------------------------------------

function FileDetails({ row }: { row: AttachmentRow }) {
  return (
    <div className="sv-viewer-file">
      {row.mimeType === 'application/pdf' ? <FilePdfOutlined style={{ fontSize: 48, color: '#c4262e' }} /> : <FileOutlined style={{ fontSize: 48 }} />}
      <table className="info-table">
        <tbody>
          <tr>
            <th>文件名</th>
            <td>{row.name}</td>
          </tr>
          <tr>
            <th>类型</th>
            <td>{typeLabel(row)}</td>
          </tr>
          <tr>
            <th>大小</th>
            <td>{formatBytes(row.sizeBytes)}</td>
          </tr>
          <tr>
            <th>上传时间</th>
            <td>{officeDateTime(row.createdAt, true)}</td>
          </tr>
          <tr>
            <th>校验码</th>
            <td className="mono" style={{ fontSize: 12 }}>
              {row.sha256}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="field-hint">此文件不在程序内显示，请点“下载/另存”保存后用阅读软件（如 WPS、Adobe Reader、数科 OFD 阅读器）打开。</div>
    </div>
  );
}

function Viewer({ row, onClose }: { row: AttachmentRow | null; onClose: () => void }) {
  const [content, setContent] = useState<AttachmentContent | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setContent(null);
    setError(null);
    if (!row) return undefined;
    let live = true;
    loadContent(row.id)
      .then((c) => {
        if (live) setContent(c);
      })
      .catch((e: unknown) => {
        if (live) setError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [row]);
  const image = row?.isImage && row.mimeType !== 'image/tiff';
  const pdf = row?.mimeType === 'application/pdf';
  return (
    <Modal
      open={row !== null}
      title={row?.name ?? ''}
      onCancel={onClose}
      width={image || pdf ? 960 : 560}
      footer={
        row ? (
          <>
            <Button icon={<DownloadOutlined />} onClick={() => void saveAs(row)} data-testid="attachment-download">
              下载/另存
            </Button>
            <Button type="primary" onClick={onClose} data-testid="attachment-viewer-close">
              关闭
            </Button>
          </>
        ) : null
      }
      destroyOnHidden
      wrapProps={{ 'data-testid': 'attachment-viewer' }}
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {row && !error ? (
        image ? (
          <div className="sv-viewer-image">{content ? <img src={dataUrl(content)} alt={row.name} /> : <Spin />}</div>
        ) : (
          pdf ? (
            content ? (
              <Suspense fallback={<Spin style={{ margin: '48px auto', display: 'block' }} />}>
                <PdfViewer base64={content.base64} extra={`${typeLabel(row)} · ${formatBytes(row.sizeBytes)}`} fallback={<FileDetails row={row} />} />
              </Suspense>
            ) : (
              <Spin style={{ margin: '48px auto', display: 'block' }} />
            )
          ) : (
            <FileDetails row={row} />
          )
        )
      ) : null}
    </Modal>
  );
}

// ---- the panel ------------------------------------------------------------------------------------------

interface Props {
  findingId: number;
  /** Files of the finding itself, and of its progress steps (shown, not deleted from here). */
  attachments: AttachmentRow[];
  stepAttachments: AttachmentRow[];
  /** 销号 findings keep their evidence as it is. */
  locked: boolean;
  onChanged: () => void;
}

interface Uploading {
  key: string;
  name: string;
}

export function EvidencePanel({ findingId, attachments, stepAttachments, locked, onChanged }: Props) {
  const { message } = AntApp.useApp();
  const [settings, setSettings] = useState<SupervisionSettingsValue | null>(null);
  const [uploading, setUploading] = useState<Uploading[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [dragOver, setDragOver] = useState(false);
  const [viewing, setViewing] = useState<AttachmentRow | null>(null);
  const [deleting, setDeleting] = useState<AttachmentRow | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    call('supervisionSettings.get', {})
      .then((s) => {
        if (live) setSettings(s);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const upload = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      setProblems([]);
      const found: string[] = [];
      let added = 0;
      for (const [i, file] of files.entries()) {
        const key = `${Date.now()}-${i}`;
        setUploading((u) => [...u, { key, name: file.name }]);
        try {
          const refused = await precheck(file, settings);
          if (refused) {
            found.push(refused);
            continue;
          }
          await call('attachments.add', { ownerType: 'finding', ownerId: findingId, name: file.name, base64: await readAsDataUrl(file) });
          added += 1;
        } catch (error) {
          found.push(`“${file.name}”没有上传：${errorText(error)}`);
        } finally {
          setUploading((u) => u.filter((x) => x.key !== key));
        }
      }
      setProblems(found);
      if (added > 0) {
        message.success(`已上传 ${added} 个佐证材料`);
        onChanged();
      }
    },
    [settings, findingId, message, onChanged],
  );

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragOver(false);
    if (locked) return;
    void upload(Array.from(event.dataTransfer.files));
  };

  const remove = async (row: AttachmentRow, reason: string) => {
    try {
      await call('attachments.delete', { id: row.id, reason });
      contentCache.delete(row.id);
      message.success(`已删除“${row.name}”`);
      setDeleting(null);
      onChanged();
    } catch (error) {
      message.error(errorText(error), 6);
      throw error;
    }
  };

  const accept = settings ? settings.attachmentTypes.map((t) => `.${t}`).join(',') : undefined;
  const all = [...attachments.map((a) => ({ row: a, step: false })), ...stepAttachments.map((a) => ({ row: a, step: true }))];

  return (
    <div className="sv-evidence">
      {locked ? null : (
        <div
          className={`sv-drop${dragOver ? ' is-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
          onClick={() => inputRef.current?.click()}
          role="button"
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              inputRef.current?.click();
            }
          }}
          data-testid="attachment-drop"
        >
          <InboxOutlined className="sv-drop-icon" />
          <div>
            把照片、PDF、扫描件拖到这里，或<a>点击选择文件</a>（可多选）
          </div>
          <div className="field-hint">
            {settings ? `可上传：${settings.attachmentTypes.join('、')}；单个文件不超过 ${formatBytes(settings.attachmentMaxBytes)}` : ' '}
          </div>
          <input
            ref={inputRef}
            type="file"
            multiple
            accept={accept}
            style={{ display: 'none' }}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              void upload(files);
            }}
            data-testid="attachment-input"
          />
        </div>
      )}
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setProblems([]) }}
          style={{ marginTop: 8 }}
          title={problems.length === 1 ? problems[0] : `${problems.length} 个文件没有上传`}
          description={problems.length > 1 ? <ul className="sv-problems">{problems.map((p, i) => <li key={i}>{p}</li>)}</ul> : undefined}
          data-testid="attachment-problems"
        />
      ) : null}
      {all.length === 0 && uploading.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有佐证材料" style={{ margin: '8px 0' }} />
      ) : (
        <div className="sv-attachments">
          {all.map(({ row, step }) => (
            <div className="sv-attachment" key={row.id} data-testid="attachment-item">
              <button type="button" className="sv-attachment-open" onClick={() => setViewing(row)} title="查看">
                <Thumb row={row} />
              </button>
              <div className="sv-attachment-name" title={row.name}>
                {row.name}
              </div>
              <div className="sv-attachment-meta">
                {formatBytes(row.sizeBytes)}
                {step ? ' · 整改进展附件' : ''}
              </div>
              <div className="sv-attachment-actions">
                <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(row)} data-testid="attachment-view">
                  查看
                </Button>
                <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void saveAs(row).catch((e: unknown) => message.error(errorText(e), 6))}>
                  下载
                </Button>
                {locked || step ? null : (
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setDeleting(row)} data-testid="attachment-delete">
                    删除
                  </Button>
                )}
              </div>
            </div>
          ))}
          {uploading.map((u) => (
            <div className="sv-attachment is-uploading" key={u.key}>
              <div className="sv-thumb sv-thumb-icon">
                <LoadingOutlined />
              </div>
              <div className="sv-attachment-name" title={u.name}>
                {u.name}
              </div>
              <div className="sv-attachment-meta">
                <PaperClipOutlined /> 正在上传…
              </div>
            </div>
          ))}
        </div>
      )}
      <Viewer row={viewing} onClose={() => setViewing(null)} />
      <ReasonModal
        open={deleting !== null}
        title={deleting ? `删除佐证材料“${deleting.name}”` : '删除佐证材料'}
        description="删除后文件和原因保留在操作记录中。"
        onCancel={() => setDeleting(null)}
        onConfirm={(reason) => (deleting ? remove(deleting, reason) : Promise.resolve())}
      />
    </div>
  );
}
