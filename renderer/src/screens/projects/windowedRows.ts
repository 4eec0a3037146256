// Rows of a long server-side list (项目库 at 100 000 rows, 资产) for the virtual grid: pages are fetched from
// the service only around what the user is looking at and kept in a sparse store; nothing the size of the
// whole set is ever built. A change of filters or sort starts a new generation: answers of the old one are
// dropped when they arrive.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageAnswer<T, M> {
  rows: T[];
  total: number;
  /** Whatever else the answer carries (the totals of the filtered set). */
  meta: M;
}

interface Options<T, M> {
  /** Changes of this key (filters, sort) reset the list; the grid goes back to the top. */
  queryKey: string;
  fetchPage: (offset: number, limit: number) => Promise<PageAnswer<T, M>>;
  pageSize?: number;
  /** Rows fetched beyond the visible ones, above and below. */
  overscan?: number;
  /** Called with the error of a failed page (the page is asked for again when scrolled to). */
  onError?: (error: unknown) => void;
}

export interface WindowedRows<T, M> {
  /** The row at a position of the whole filtered set, or null while its page is on its way. */
  rowAt: (index: number) => T | null;
  /** Bumped whenever rows arrive (the grid re-renders the visible rows). */
  version: number;
  /** Null until the first page of the current query has arrived. */
  total: number | null;
  meta: M | null;
  /** True while the first page of the current query is on its way. */
  loading: boolean;
  /** Tell the list which rows are visible (first index, count); it fetches what is missing around them. */
  setVisible: (first: number, count: number) => void;
  /** Fetch again what is shown (after a save), keeping the rows on screen until fresh ones arrive. */
  refresh: () => void;
  /** Milliseconds from the start of the query to its first page. */
  firstPageMs: number | null;
}

const MAX_IN_FLIGHT = 2;

export function useWindowedRows<T, M>({ queryKey, fetchPage, pageSize = 200, overscan = 100, onError }: Options<T, M>): WindowedRows<T, M> {
  const [version, setVersion] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [meta, setMeta] = useState<M | null>(null);
  const [loading, setLoading] = useState(true);
  const [firstPageMs, setFirstPageMs] = useState<number | null>(null);
  const [refreshTick, setRefreshTick] = useState(0);

  const generation = useRef(0);
  const pages = useRef(new Map<number, T[]>());
  /** After a refresh: the previous pages, shown until their fresh copies arrive. */
  const stale = useRef(new Map<number, T[]>());
  const inFlight = useRef(new Set<number>());
  const totalRef = useRef<number | null>(null);
  const visible = useRef({ first: 0, count: 40 });
  const fetchRef = useRef(fetchPage);
  const errorRef = useRef(onError);
  const frame = useRef<number | null>(null);
  useEffect(() => {
    fetchRef.current = fetchPage;
    errorRef.current = onError;
  });

  /** Re-render once per frame however many pages arrived in it. */
  const bump = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  const pump = useCallback(() => {
    const count = totalRef.current;
    if (count === null) return;
    const gen = generation.current;
    const { first, count: shown } = visible.current;
    const from = Math.max(0, first - overscan);
    const to = Math.min(count - 1, first + shown + overscan);
    if (to < from) return;
    // Pages nearest the visible rows first; pages scrolled past are never asked for.
    const centre = Math.floor((first + shown / 2) / pageSize);
    const wanted: number[] = [];
    for (let p = Math.floor(from / pageSize); p <= Math.floor(to / pageSize); p += 1) {
      if (!pages.current.has(p) && !inFlight.current.has(p)) wanted.push(p);
    }
    wanted.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
    for (const page of wanted) {
      if (inFlight.current.size >= MAX_IN_FLIGHT) break;
      inFlight.current.add(page);
      fetchRef
        .current(page * pageSize, pageSize)
        .then((answer) => {
          if (gen !== generation.current) return;
          if (answer.total !== totalRef.current) {
            // The ledger changed under us (a save, an import): start again where the user is.
            setRefreshTick((t) => t + 1);
            return;
          }
          pages.current.set(page, answer.rows);
          stale.current.delete(page);
          setMeta(answer.meta);
          bump();
        })
        .catch((error: unknown) => {
          if (gen === generation.current) errorRef.current?.(error);
        })
        .finally(() => {
          if (gen !== generation.current) return;
          inFlight.current.delete(page);
          pump();
        });
    }
  }, [overscan, pageSize, bump]);

  // A new query (or a refresh): fetch the page in view first, then whatever else is near.
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    const gen = ++generation.current;
    const keep = lastKey.current === queryKey;
    lastKey.current = queryKey;
    stale.current = keep ? new Map([...stale.current, ...pages.current]) : new Map();
    pages.current = new Map();
    inFlight.current = new Set();
    if (!keep) {
      visible.current = { first: 0, count: visible.current.count };
      totalRef.current = null;
      setTotal(null);
    }
    const started = performance.now();
    setLoading(true);
    const firstPage = keep ? Math.floor(visible.current.first / pageSize) : 0;
    inFlight.current.add(firstPage);
    fetchRef
      .current(firstPage * pageSize, pageSize)
      .then((answer) => {
        if (gen !== generation.current) return;
        if (keep && answer.total !== totalRef.current) stale.current = new Map(); // rows moved: old pages would mislead
        totalRef.current = answer.total;
        pages.current.set(firstPage, answer.rows);
        stale.current.delete(firstPage);
        inFlight.current.delete(firstPage);
        setTotal(answer.total);
        setMeta(answer.meta);
        setVersion((v) => v + 1);
        setLoading(false);
        if (!keep) setFirstPageMs(Math.round(performance.now() - started));
        pump();
      })
      .catch((error: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(firstPage);
        setLoading(false);
        errorRef.current?.(error);
      });
  }, [queryKey, refreshTick, pageSize, pump]);

  useEffect(
    () => () => {
      generation.current += 1;
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const rowAt = useCallback(
    (index: number): T | null => {
      const page = Math.floor(index / pageSize);
      const rows = pages.current.get(page) ?? stale.current.get(page);
      return rows?.[index - page * pageSize] ?? null;
    },
    [pageSize],
  );

  const setVisible = useCallback(
    (first: number, count: number) => {
      visible.current = { first: Math.max(0, first), count: Math.max(1, count) };
      pump();
    },
    [pump],
  );

  const refresh = useCallback(() => setRefreshTick((t) => t + 1), []);

  return { rowAt, version, total, meta, loading, setVisible, refresh, firstPageMs };
}
