// One bulletin: the masthead fields (标题, 期号, 增刊, 印发日期), the text as a list of paragraphs each with its
// level (正文 or a heading 一、（一）1.（1）— numbered automatically), which attachment tables to print and as
// of when, the recipients and 共印 N 份; beside it the preview: the very HTML the printer gets, in an iframe.
// 导出PDF, 打印 and 签发 act on what is saved (unsaved edits are saved first). An issued bulletin is read-only.
import { DateInput } from '../../components/DateInput';
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, FilePdfOutlined, PlusOutlined, PrinterOutlined, SafetyCertificateOutlined, SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Checkbox, Empty, Input, InputNumber, Select, Space, Spin, Switch, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BulletinContent, BulletinDetail, BulletinSection, SectionLevel } from '../../../../shared/api';
import { numberSections, printedSections } from '../../../../shared/bulletin/document';
import { formatChineseDate, localToday, officeDay } from '../../../../shared/dates';
import { call, LedgerCallError } from '../../api/client';
import { afterStaleSave, StaleSaveBanner, type StaleSave } from '../../lib/staleSave';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';
import { useShortcut } from '../../lib/shortcuts';
import { saveDownload } from '../../lib/files';
import { linesOf } from './SeriesModal';
import { useChannel } from '../../lib/useChannel';

const LEVELS: Array<{ value: SectionLevel; label: string }> = [
  { value: 0, label: '正文' },
  { value: 1, label: '一级标题 一、' },
  { value: 2, label: '二级标题（一）' },
  { value: 3, label: '三级 1.' },
  { value: 4, label: '四级（1）' },
];

/** Width the iframe is laid out at: an A4 page (794 px) and the grey margin around it. */
const PAGE_VIEW_PX = 834;

interface Edits {
  title: string;
  number: number;
  isSupplement: boolean;
  issueDate: string;
  content: BulletinContent;
  /** Recipients as the clerk types them (one unit a line). */
  report: string;
  send: string;
  distribute: string;
}

function editsOf(d: BulletinDetail): Edits {
  return {
    title: d.title,
    number: d.number,
    isSupplement: d.isSupplement,
    issueDate: d.issueDate ?? localToday(),
    content: d.content,
    report: d.content.recipients.report.join('\n'),
    send: d.content.recipients.send.join('\n'),
    distribute: d.content.recipients.distribute.join('\n'),
  };
}

function toInput(id: number, e: Edits) {
  return {
    id,
    title: e.title,
    number: e.number,
    isSupplement: e.isSupplement,
    issueDate: e.issueDate,
    content: { ...e.content, recipients: { report: linesOf(e.report), send: linesOf(e.send), distribute: linesOf(e.distribute) } },
  };
}

export function BulletinEditor({ id }: { id: number }) {
  const { message, modal } = AntApp.useApp();
  const [detail, setDetailState] = useState<BulletinDetail | null>(null);
  // The draft as last read or saved, for 签发 right after a save (before the state has rendered).
  const latest = useRef<BulletinDetail | null>(null);
  const setDetail = useCallback((d: BulletinDetail) => {
    latest.current = d;
    setDetailState(d);
  }, []);
  const [edits, setEdits] = useState<Edits | null>(null);
  const [dirty, setDirty] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [stale, setStale] = useState<StaleSave | null>(null);
  const { data: preview, error: previewError, run: runPreview, drop: dropPreview } = useChannel<{ html: string; pageCount: number }>({ showError: false });
  const [busy, setBusy] = useState<null | 'save' | 'pdf' | 'print' | 'issue'>(null);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: PAGE_VIEW_PX, height: 800 });

  const load = useCallback(async () => {
    try {
      const d = await call('bulletins.get', { id });
      setDetail(d);
      setEdits(editsOf(d));
      setDirty(false);
      setStale(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const issued = detail?.status === 'issued';

  // The preview follows the edits (unsaved ones too), a moment after the typing stops.
  useEffect(() => {
    if (!edits) return undefined;
    // An answer for the edits before this change is stale from now on, not only once the next request starts.
    dropPreview();
    const t = window.setTimeout(() => void runPreview(() => call('bulletins.preview', issued ? { id } : toInput(id, edits))), 350);
    return () => window.clearTimeout(t);
  }, [edits, id, issued, runPreview, dropPreview]);

  const update = (patch: Partial<Edits>) => {
    setEdits((e) => (e ? { ...e, ...patch } : e));
    setDirty(true);
  };
  const updateContent = (patch: Partial<BulletinContent>) => {
    setEdits((e) => (e ? { ...e, content: { ...e.content, ...patch } } : e));
    setDirty(true);
  };
  const setSections = (sections: BulletinSection[]) => updateContent({ sections });

  const save = useCallback(async (): Promise<boolean> => {
    if (!edits || !detail || issued) return true;
    setBusy('save');
    try {
      const d = await call('bulletins.update', { ...toInput(id, edits), version: detail.version });
      setDetail(d);
      setDirty(false);
      setStale(null);
      return true;
    } catch (error) {
      // Another clerk saved this draft first: show theirs, keep these edits; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'bulletin', detail, (d) => call('bulletins.get', { id: d.id }));
      if (refused) {
        setStale(refused.stale);
        setDetail(refused.newer);
      } else {
        message.error(errorText(error), 6);
      }
      return false;
    } finally {
      setBusy(null);
    }
  }, [detail, edits, id, issued, message]);

  useShortcut('s', () => {
    if (dirty) void save().then((ok) => ok && message.success('已保存'));
  });

  const exportPdf = async () => {
    if (dirty && !(await save())) return;
    setBusy('pdf');
    try {
      const pdf = await call('bulletins.pdf', { id });
      saveDownload({ fileName: pdf.fileName, base64: pdf.base64, mimeType: 'application/pdf' });
      message.success(`已导出 ${pdf.fileName}（${pdf.pageCount} 页${pdf.archived ? '，签发时归档的文件' : ''}）`);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    if (dirty && !(await save())) return;
    setBusy('print');
    try {
      await call('bulletins.print', { id });
    } catch (error) {
      // Browser mode has no system print door: print the preview frame (the same HTML) with the browser's dialog.
      if (error instanceof LedgerCallError && error.code === 'UNSUPPORTED' && frameRef.current?.contentWindow) frameRef.current.contentWindow.print();
      else message.error(errorText(error), 6);
    } finally {
      setBusy(null);
    }
  };

  // Ctrl+P prints the bulletin (not the app's window).
  const printRef = useRef(print);
  printRef.current = print;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        void printRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const issue = () => {
    if (!detail || !edits) return;
    modal.confirm({
      title: `签发 ${edits.issueDate.slice(0, 4)}年${edits.isSupplement ? '增刊' : ''}第${edits.number}期？`,
      content: '签发后，正文和附表按现在的台账数据定稿，PDF 归档到数据文件夹；以后台账再变，这期简报也不会变，也不能再修改或删除。',
      okText: '签发',
      cancelText: '取消',
      onOk: async () => {
        if (dirty && !(await save())) return;
        const draft = latest.current;
        if (!draft) return;
        setBusy('issue');
        try {
          const d = await call('bulletins.issue', { id, version: draft.version });
          setDetail(d);
          setEdits(editsOf(d));
          setDirty(false);
          message.success(`已签发，PDF 已归档：${d.pdfPath ?? ''}`);
        } catch (error) {
          // Another clerk changed the draft since it was read: show theirs (nothing of this clerk's is unsaved).
          const refused = await afterStaleSave(error, 'bulletin', draft, (x) => call('bulletins.get', { id: x.id }));
          if (refused) {
            setStale(refused.stale);
            setDetail(refused.newer);
            setEdits(editsOf(refused.newer));
            return;
          }
          message.error(errorText(error), 8);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const remove = () => {
    modal.confirm({
      title: '删除这份草稿？',
      content: '草稿删除后期号空出，可以给下一期使用。删除记录保留在审计日志中。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await call('bulletins.delete', { id });
          navigate('bulletins');
        } catch (error) {
          message.error(errorText(error), 6);
        }
      },
    });
  };

  // The pages are drawn at their real size (210 mm ≈ 794 px) and scaled down to the column's width.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setBox({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [detail]);
  const scale = Math.min(1, box.width / PAGE_VIEW_PX);

  const numbers = useMemo(() => (edits ? numberSections(edits.content.sections) : []), [edits]);
  const printed = useMemo(() => (edits ? printedSections(edits.content.sections) : []), [edits]);

  if (loadError) return <Empty style={{ marginTop: 80 }} description={loadError} />;
  if (!detail || !edits) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const sections = edits.content.sections;
  const move = (i: number, by: number) => {
    const next = sections.slice();
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    setSections(next);
  };

  return (
    <div className="be-screen" data-testid="bulletin-editor">
      <div className="be-bar">
        <Space wrap size={8}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('bulletins')}>
            简报列表
          </Button>
          <span className="be-series">{detail.seriesName}</span>
          <InputNumber
            addonBefore={edits.isSupplement ? '增刊第' : '第'}
            addonAfter="期"
            min={1}
            max={9999}
            precision={0}
            value={edits.number}
            disabled={issued}
            onChange={(v) => v && update({ number: v })}
            style={{ width: 150 }}
            data-testid="bulletin-number"
          />
          <Tooltip title="增刊单独编号">
            <Switch checkedChildren="增刊" unCheckedChildren="正刊" checked={edits.isSupplement} disabled={issued} onChange={(v) => update({ isSupplement: v })} />
          </Tooltip>
          <DateInput
            standalone
            required
            precision="day"
            label="印发日期"
            value={edits.issueDate}
            disabled={issued}
            onChange={(issueDate) => update({ issueDate })}
            style={{ width: 130 }}
            testId="bulletin-date"
          />
          {issued ? <Tag color="red">已签发 · {detail.issuedBy}</Tag> : <Tag>{dirty ? '草稿 · 未保存' : '草稿'}</Tag>}
        </Space>
        <Space wrap size={8}>
          {!issued ? (
            <Button icon={<SaveOutlined />} disabled={!dirty} loading={busy === 'save'} onClick={() => void save().then((ok) => ok && message.success('已保存'))} data-testid="bulletin-save">
              保存
            </Button>
          ) : null}
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void exportPdf()} data-testid="bulletin-pdf">
            导出PDF
          </Button>
          <Button icon={<PrinterOutlined />} loading={busy === 'print'} onClick={() => void print()} title="Ctrl+P" data-testid="bulletin-print">
            打印
          </Button>
          {!issued ? (
            <>
              <Button danger icon={<DeleteOutlined />} onClick={remove}>
                删除草稿
              </Button>
              <Button type="primary" icon={<SafetyCertificateOutlined />} loading={busy === 'issue'} onClick={issue} data-testid="bulletin-issue">
                签发
              </Button>
            </>
          ) : null}
        </Space>
      </div>
      {stale ? <StaleSaveBanner stale={stale} testId="bulletin-stale" /> : null}
      <div className="be-body">
        <div className="be-edit">
          <Input
            className="be-title"
            value={edits.title}
            maxLength={120}
            disabled={issued}
            onChange={(e) => update({ title: e.target.value })}
            placeholder="标题"
            data-testid="bulletin-title"
          />
          <div className="be-sections" data-testid="bulletin-sections">
            {sections.map((s, i) => (
              <div key={i} className={`be-section be-level-${s.level}`} data-testid={`section-${i}`}>
                <Select<SectionLevel>
                  size="small"
                  value={s.level}
                  options={LEVELS}
                  disabled={issued}
                  onChange={(level) => setSections(sections.map((x, j) => (j === i ? { ...x, level } : x)))}
                  style={{ width: 128 }}
                  popupMatchSelectWidth={false}
                />
                {/* A heading with nothing under it is left out of the print (and of the numbering): say so. */}
                <span className="be-number" title={!printed[i] && (s.level === 1 || s.level === 2) ? '这个标题下没有内容，打印时略去，后面的标题依次编号' : undefined}>
                  {!printed[i] && (s.level === 1 || s.level === 2) ? '不打印' : numbers[i]}
                </span>
                <Input.TextArea
                  value={s.text}
                  autoSize={{ minRows: 1, maxRows: 12 }}
                  disabled={issued}
                  placeholder={s.level === 0 ? '（请填写正文；空段落不打印）' : '标题文字（编号自动生成）'}
                  onChange={(e) => setSections(sections.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                />
                {!issued ? (
                  <span className="be-tools">
                    <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移" />
                    <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === sections.length - 1} onClick={() => move(i, 1)} aria-label="下移" />
                    <Button
                      size="small"
                      type="text"
                      icon={<PlusOutlined />}
                      onClick={() => setSections([...sections.slice(0, i + 1), { level: 0, text: '' }, ...sections.slice(i + 1)])}
                      aria-label="在下面插入段落"
                    />
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setSections(sections.filter((_, j) => j !== i))} aria-label="删除段落" />
                  </span>
                ) : null}
              </div>
            ))}
            {!issued ? (
              <Button type="dashed" icon={<PlusOutlined />} block onClick={() => setSections([...sections, { level: 0, text: '' }])}>
                添加段落
              </Button>
            ) : null}
          </div>
          <Card size="small" title="附表与版记" className="be-card">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Checkbox checked={edits.content.tables.ranking} disabled={issued} onChange={(e) => updateContent({ tables: { ...edits.content.tables, ranking: e.target.checked } })}>
                  附：各乡镇衔接资金支出进度排名
                </Checkbox>
                <span>截至</span>
                <DateInput
                  standalone
                  required
                  precision="day"
                  label="截至日期"
                  value={edits.content.cutoff}
                  disabled={issued}
                  onChange={(cutoff) => updateContent({ cutoff })}
                  style={{ width: 130 }}
                  testId="bulletin-cutoff"
                />
              </Space>
              <Checkbox
                checked={edits.content.tables.rectification}
                disabled={issued}
                onChange={(e) => updateContent({ tables: { ...edits.content.tables, rectification: e.target.checked } })}
              >
                附：问题整改进度表
              </Checkbox>
              <div className="be-hint">{issued ? `附表已于${formatChineseDate(detail.issuedAt ? officeDay(detail.issuedAt) : '')}签发定稿。` : '附表随台账数据实时更新，签发时定稿。'}</div>
              <Input addonBefore="密级/标注" value={edits.content.classification ?? ''} disabled={issued} maxLength={30} onChange={(e) => updateContent({ classification: e.target.value || null })} />
              {(['report', 'send', 'distribute'] as const).map((key) => (
                <div key={key} className="be-recipients">
                  <span>{{ report: '报：', send: '送：', distribute: '发：' }[key]}</span>
                  <Input.TextArea value={edits[key]} autoSize={{ minRows: 1, maxRows: 4 }} disabled={issued} placeholder="每行一个单位" onChange={(e) => update({ [key]: e.target.value })} />
                </div>
              ))}
              <InputNumber
                addonBefore="共印"
                addonAfter="份"
                min={1}
                max={100000}
                precision={0}
                value={edits.content.copies}
                disabled={issued}
                onChange={(v) => updateContent({ copies: v ?? null })}
                style={{ width: 200 }}
              />
            </Space>
          </Card>
        </div>
        <div className="be-preview">
          <div className="be-preview-head">
            预览（与打印、PDF 相同）{preview ? <span data-testid="preview-pages">共 {preview.pageCount} 页</span> : null}
            {previewError ? <span className="be-error">{previewError}</span> : null}
          </div>
          <div className="be-frame-box" ref={boxRef}>
            {preview ? (
              <iframe
                ref={frameRef}
                title="简报预览"
                className="be-frame"
                sandbox="allow-same-origin allow-modals"
                srcDoc={preview.html}
                style={{ width: PAGE_VIEW_PX, height: box.height / scale, transform: `scale(${scale})` }}
                data-testid="bulletin-preview"
              />
            ) : (
              <Spin style={{ display: 'block', marginTop: 80 }} />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
