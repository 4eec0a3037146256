// The in-app PDF viewer of 佐证材料: pdf.js (pdfjs-dist) renders each page to a <canvas> inside the
// attachment dialog. It works under the app's CSP (shared/csp.ts — script-src 'self', no eval, no wasm,
// frame-src/object-src 'none'):
// - pdf.js is imported on demand, so the main bundle does not carry it;
// - its worker is pdf.worker.min.mjs bundled by Vite (a 'self' URL), started once and shared. Where a
//   worker cannot start (e.g. a file:// page that refuses it), the worker code is imported as an ordinary
//   chunk and pdf.js runs it in the main thread, so the viewer still works, only slower;
// - isEvalSupported: false (no `new Function` for glyph programs) and useWasm: false (WebAssembly needs
//   'wasm-unsafe-eval'): JPEG 2000 images inside a PDF are then not shown;
// - CMaps (non-embedded Chinese fonts) and the standard fonts come from pdfjs-dist, bundled as lazily
//   imported chunks and decoded here, so nothing is fetched (fetch of file:// or data: is not allowed).
import { ColumnWidthOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Tooltip } from 'antd';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy, PDFWorker } from 'pdfjs-dist';
// The worker, bundled by Vite as a .js file (the browser-mode bridge serves .js as JavaScript, not .mjs).
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?worker&url';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { base64ToBytes } from '../../lib/files';

type Pdfjs = typeof import('pdfjs-dist');

interface Loaded {
  pdfjs: Pdfjs;
  /** The started web worker, or null: pdf.js then runs its worker code in the main thread. */
  worker: PDFWorker | null;
}

let pdfjsPromise: Promise<Loaded> | null = null;

/** Starts the worker and waits for its "ready" message; false when it cannot start (CSP, file://, ...). */
function startWorker(): Promise<Worker | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { type: 'module' });
    } catch {
      resolve(null);
      return;
    }
    const done = (ok: boolean) => {
      window.clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (!ok) worker.terminate();
      resolve(ok ? worker : null);
    };
    const onMessage = (e: MessageEvent) => done((e.data as { action?: string } | null)?.action === 'ready');
    const onError = () => done(false);
    const timer = window.setTimeout(() => done(false), 10_000);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

function loadPdfjs(): Promise<Loaded> {
  if (!pdfjsPromise) {
    pdfjsPromise = (async () => {
      const [pdfjs, port] = await Promise.all([import('pdfjs-dist'), startWorker()]);
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      if (port) return { pdfjs, worker: new pdfjs.PDFWorker({ port: port as unknown as null }) };
      // No worker: the same code runs in the main thread (pdf.js's "fake worker"), from a bundled chunk.
      // @ts-expect-error pdfjs-dist ships no types for its worker build
      const main = (await import('pdfjs-dist/build/pdf.worker.min.mjs')) as { WorkerMessageHandler: unknown };
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = { WorkerMessageHandler: main.WorkerMessageHandler };
      return { pdfjs, worker: null };
    })();
    pdfjsPromise.catch(() => {
      pdfjsPromise = null;
    });
  }
  return pdfjsPromise;
}

// ---- CMaps and standard fonts, bundled --------------------------------------------------------------------

type Loader = () => Promise<string>;
const cMaps = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url&inline', import: 'default' });
const standardFonts = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', { query: '?url&inline', import: 'default' });

function byFileName(loaders: Record<string, Loader>): Map<string, Loader> {
  return new Map(Object.entries(loaders).map(([key, load]) => [key.slice(key.lastIndexOf('/') + 1), load]));
}

const binaryData: Record<string, Map<string, Loader>> = { cMapUrl: byFileName(cMaps), standardFontDataUrl: byFileName(standardFonts) };

function dataUrlBytes(url: string): Uint8Array {
  return base64ToBytes(url.slice(url.indexOf(',') + 1));
}

/** pdf.js's BinaryDataFactory, answering from the bundled files instead of fetching URLs. */
class BundledBinaryDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const load = binaryData[kind]?.get(filename);
    if (!load) throw new Error(`没有内置的 PDF 数据文件：${filename}`);
    return dataUrlBytes(await load());
  }
}

// ---- zoom -------------------------------------------------------------------------------------------------

/** pdf.js page units are points (1/72 in); "100%" is the page at its printed size on a 96 dpi screen. */
const CSS_PER_POINT = 96 / 72;
const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
type Zoom = 'fit' | number;

function nextZoom(current: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((z) => z > current + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((z) => z < current - 0.001) ?? ZOOM_STEPS[0]!;
}

// ---- one page ---------------------------------------------------------------------------------------------

function PdfPage({ page, scale, root, index }: { page: PDFPageProxy; scale: number; root: HTMLElement | null; index: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(index < 2);
  const [failed, setFailed] = useState<string | null>(null);
  const viewport = page.getViewport({ scale: scale * CSS_PER_POINT });

  // Pages are drawn when they come near the visible part of the scroller.
  useEffect(() => {
    if (near || !canvasRef.current) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { root, rootMargin: '600px 0px' });
    observer.observe(canvasRef.current);
    return () => observer.disconnect();
  }, [near, root]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!near || !canvas) return undefined;
    const vp = page.getViewport({ scale: scale * CSS_PER_POINT });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.floor(vp.width * ratio));
    canvas.height = Math.max(1, Math.floor(vp.height * ratio));
    setFailed(null);
    const task = page.render({ canvas, viewport: vp, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    task.promise.catch((e: unknown) => {
      if ((e as { name?: string } | null)?.name !== 'RenderingCancelledException') setFailed(e instanceof Error ? e.message : String(e));
    });
    return () => task.cancel();
  }, [near, page, scale]);

  return (
    <div className="sv-pdf-page" style={{ width: viewport.width, height: viewport.height }}>
      <canvas ref={canvasRef} data-testid="pdf-page" data-page={index + 1} style={{ width: viewport.width, height: viewport.height }} />
      {failed ? <div className="sv-pdf-page-error">第 {index + 1} 页无法显示：{failed}</div> : null}
    </div>
  );
}

// ---- the viewer -------------------------------------------------------------------------------------------

interface Props {
  /** The file's bytes, base64 (attachments.get). */
  base64: string;
  /** Shown on the tool bar next to the page count (type, size). */
  extra?: ReactNode;
  /** The file's particulars and the 下载/另存 hint, shown when the PDF cannot be displayed. */
  fallback?: ReactNode;
}

export function PdfViewer({ base64, extra, fallback }: Props) {
  const [pages, setPages] = useState<PDFPageProxy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [availableWidth, setAvailableWidth] = useState(0);

  useEffect(() => {
    let live = true;
    let task: PDFDocumentLoadingTask | null = null;
    let doc: PDFDocumentProxy | null = null;
    setPages(null);
    setError(null);
    (async () => {
      const { pdfjs, worker } = await loadPdfjs();
      if (!live) return;
      task = pdfjs.getDocument({
        data: base64ToBytes(base64),
        ...(worker ? { worker } : {}),
        isEvalSupported: false,
        useWasm: false,
        BinaryDataFactory: BundledBinaryDataFactory,
        // Needed so the worker asks us (BinaryDataFactory) for CMaps: the values are not fetched.
        cMapUrl: 'bundled:cmaps/',
        cMapPacked: true,
        standardFontDataUrl: 'bundled:standard_fonts/',
        // Non-embedded standard fonts come from the bundled files (loaded as font data), never as a
        // url(...) font source, which font-src would refuse.
        useSystemFonts: false,
        useWorkerFetch: false,
        enableXfa: false,
      });
      doc = await task.promise;
      const loaded: PDFPageProxy[] = [];
      for (let n = 1; n <= doc.numPages; n += 1) {
        loaded.push(await doc.getPage(n));
        if (!live) return;
      }
      if (live) setPages(loaded);
    })().catch((e: unknown) => {
      if (!live) return;
      const name = (e as { name?: string } | null)?.name;
      setError(name === 'PasswordException' ? '这个 PDF 设了打开密码' : name === 'InvalidPDFException' ? '文件内容不是有效的 PDF' : e instanceof Error ? e.message : String(e));
    });
    return () => {
      live = false;
      void task?.destroy();
      void doc?.destroy();
    };
  }, [base64]);

  useLayoutEffect(() => {
    if (!scroller) return undefined;
    const measure = () => setAvailableWidth(scroller.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scroller]);

  if (error) {
    return (
      <div data-testid="pdf-viewer-error">
        <Alert type="warning" showIcon title={`无法在程序内显示这个 PDF：${error}`} description="可以点“下载/另存”保存后用阅读软件打开。" style={{ marginBottom: 12 }} />
        {fallback}
      </div>
    );
  }

  const widest = pages ? Math.max(...pages.map((p) => p.getViewport({ scale: 1 }).width)) : 0;
  const fitScale = widest > 0 && availableWidth > 0 ? Math.max(0.1, (availableWidth - 32) / (widest * CSS_PER_POINT)) : 1;
  const scale = zoom === 'fit' ? fitScale : zoom;

  return (
    <div className="sv-pdf" data-testid="pdf-viewer">
      <div className="sv-pdf-toolbar">
        <span data-testid="pdf-page-count">{pages ? `共 ${pages.length} 页` : '正在打开…'}</span>
        {extra ? <span className="field-hint">{extra}</span> : null}
        <span style={{ flex: 1 }} />
        <Space size={4}>
          <Button size="small" icon={<ColumnWidthOutlined />} type={zoom === 'fit' ? 'primary' : 'default'} onClick={() => setZoom('fit')} data-testid="pdf-zoom-fit">
            适合宽度
          </Button>
          <Button size="small" type={zoom === 1 ? 'primary' : 'default'} onClick={() => setZoom(1)} data-testid="pdf-zoom-100">
            100%
          </Button>
          <Tooltip title="缩小">
            <Button size="small" icon={<ZoomOutOutlined />} onClick={() => setZoom(nextZoom(scale, -1))} disabled={scale <= ZOOM_STEPS[0]! + 0.001} aria-label="缩小" data-testid="pdf-zoom-out" />
          </Tooltip>
          <span className="sv-pdf-zoom" data-testid="pdf-zoom">{Math.round(scale * 100)}%</span>
          <Tooltip title="放大">
            <Button size="small" icon={<ZoomInOutlined />} onClick={() => setZoom(nextZoom(scale, 1))} disabled={scale >= ZOOM_STEPS[ZOOM_STEPS.length - 1]! - 0.001} aria-label="放大" data-testid="pdf-zoom-in" />
          </Tooltip>
        </Space>
      </div>
      <div className="sv-pdf-scroller" ref={setScroller}>
        {pages ? pages.map((page, i) => <PdfPage key={i} page={page} index={i} scale={scale} root={scroller} />) : <Spin style={{ margin: '48px auto', display: 'block' }} />}
      </div>
    </div>
  );
}
