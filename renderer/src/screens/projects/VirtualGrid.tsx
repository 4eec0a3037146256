// A windowed table for long lists: one scroll container holding a sticky header and a body as tall as all
// the rows, with only the rows in view (plus a few) in the DOM, absolutely placed at a fixed row height.
// Nothing is measured per row and nothing the size of the whole list is built, so 100 000 rows scroll like
// 100. It looks like the app's small bordered antd tables; sorting is done by the caller (server side).
import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface GridColumn<T> {
  key: string;
  title: ReactNode;
  width: number;
  align?: 'left' | 'right' | 'center';
  /** Takes a share of the width left over when the columns are narrower than the grid. */
  flex?: boolean;
  sortable?: boolean;
  /** Stays at the right edge while the grid scrolls sideways (the 操作 column). */
  stickyRight?: boolean;
  /** Tooltip of a header cell. */
  hint?: string;
  render: (row: T, index: number) => ReactNode;
}

export interface GridSort {
  key: string;
  dir: 'asc' | 'desc';
}

interface Props<T> {
  columns: GridColumn<T>[];
  rowCount: number;
  rowAt: (index: number) => T | null;
  /** Changes when rows arrive: the visible rows are drawn again. */
  version: number;
  rowHeight?: number;
  sort?: GridSort | null;
  onSortClick?: (key: string) => void;
  /** The first visible row and how many fit, whenever that changes. */
  onVisibleChange: (first: number, count: number) => void;
  onRowDoubleClick?: (row: T, index: number) => void;
  rowClassName?: (row: T | null, index: number) => string;
  loading: boolean;
  emptyText: ReactNode;
  testId: string;
  /** Scroll back to the top when this changes (a new query). */
  resetKey: string;
}

const HEADER_HEIGHT = 34;
const OVERSCAN_ROWS = 8;

interface RowProps<T> {
  index: number;
  row: T | null;
  top: number;
  height: number;
  width: number;
  columns: GridColumn<T>[];
  widths: number[];
  className: string;
  onDoubleClick?: (row: T, index: number) => void;
}

function GridRowInner<T>({ index, row, top, height, width, columns, widths, className, onDoubleClick }: RowProps<T>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`vgrid-row${index % 2 ? ' vgrid-row-odd' : ''}${row ? '' : ' vgrid-row-loading'}${className ? ` ${className}` : ''}`}
      style={{ top, height, width }}
      onDoubleClick={row && onDoubleClick ? () => onDoubleClick(row, index) : undefined}
    >
      {columns.map((c, i) => (
        <div
          key={c.key}
          role="gridcell"
          className={`vgrid-cell vgrid-align-${c.align ?? 'left'}${c.stickyRight ? ' vgrid-sticky-right' : ''}`}
          style={{ width: widths[i] }}
        >
          {row ? c.render(row, index) : c.key === 'index' ? <span className="cell-muted">{index + 1}</span> : <span className="cell-loading" />}
        </div>
      ))}
    </div>
  );
}
// Rows re-render only when their own row, place or the columns change, not on every scroll frame.
const GridRow = memo(GridRowInner) as typeof GridRowInner;

export function VirtualGrid<T>({
  columns,
  rowCount,
  rowAt,
  version,
  rowHeight = 32,
  sort,
  onSortClick,
  onVisibleChange,
  onRowDoubleClick,
  rowClassName,
  loading,
  emptyText,
  testId,
  resetKey,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 800, height: 400 });
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const el = scroller.current;
      if (el) setScrollTop(el.scrollTop);
    });
  }, []);

  const bodyViewport = Math.max(0, size.height - HEADER_HEIGHT);
  const firstVisible = Math.min(Math.max(0, rowCount - 1), Math.floor(scrollTop / rowHeight));
  const visibleCount = Math.ceil(bodyViewport / rowHeight) + 1;
  useEffect(() => {
    onVisibleChange(firstVisible, visibleCount);
  }, [firstVisible, visibleCount, onVisibleChange]);

  // Widths: the flexible columns share what is left of the grid's width.
  const widths = useMemo(() => {
    const base = columns.reduce((sum, c) => sum + c.width, 0);
    const flexCount = columns.filter((c) => c.flex).length;
    const spare = Math.max(0, size.width - base);
    return columns.map((c) => (c.flex && flexCount > 0 ? c.width + Math.floor(spare / flexCount) : c.width));
  }, [columns, size.width]);
  const totalWidth = widths.reduce((sum, w) => sum + w, 0);

  const first = Math.max(0, firstVisible - OVERSCAN_ROWS);
  const last = Math.min(rowCount - 1, firstVisible + visibleCount + OVERSCAN_ROWS);
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i += 1) {
    const row = rowAt(i);
    rows.push(
      <GridRow<T>
        key={i}
        index={i}
        row={row}
        top={i * rowHeight}
        height={rowHeight}
        width={totalWidth}
        columns={columns}
        widths={widths}
        className={rowClassName ? rowClassName(row, i) : ''}
        onDoubleClick={onRowDoubleClick}
      />,
    );
  }
  // `version` is read so a lint of the dependencies sees why the rows are drawn again.
  void version;

  return (
    <div className="vgrid-frame">
      <div ref={scroller} className="vgrid" role="grid" aria-rowcount={rowCount + 1} onScroll={onScroll} data-testid={testId}>
        <div className="vgrid-header" role="row" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
          {columns.map((c, i) => {
            const active = sort && sort.key === c.key ? sort.dir : null;
            return (
              <div
                key={c.key}
                role="columnheader"
                aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : undefined}
                className={`vgrid-cell vgrid-head-cell vgrid-align-${c.align ?? 'left'}${c.sortable ? ' vgrid-sortable' : ''}${c.stickyRight ? ' vgrid-sticky-right' : ''}`}
                style={{ width: widths[i] }}
                title={c.hint ?? (c.sortable ? '点击排序' : undefined)}
                onClick={c.sortable && onSortClick ? () => onSortClick(c.key) : undefined}
                data-testid={`${testId}-head-${c.key}`}
              >
                <span className="vgrid-head-title">{c.title}</span>
                {c.sortable ? (
                  <span className="vgrid-sorter">
                    <CaretUpOutlined className={active === 'asc' ? 'on' : ''} />
                    <CaretDownOutlined className={active === 'desc' ? 'on' : ''} />
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
        <div className="vgrid-body" style={{ height: Math.max(rowCount * rowHeight, 1), width: totalWidth }}>
          {rows}
        </div>
        {rowCount === 0 && !loading ? <div className="vgrid-empty">{emptyText}</div> : null}
      </div>
      {loading && rowCount === 0 ? (
        <div className="vgrid-loading">
          <Spin description="正在读取…" />
        </div>
      ) : null}
    </div>
  );
}
