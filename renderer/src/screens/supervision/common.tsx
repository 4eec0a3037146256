// Pieces the 督导检查与问题整改 screens share: the reference lists (区划, 单位), the status tag and the
// deadline cell (red when overdue), the address of each view (#/supervision/…), the dialog that asks for a
// reason, and a context through which any view opens the finding drawer or tells the others to reload.
import { Tag } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { DivisionRow, UnitRow } from '../../../../shared/api';
import { formatChineseDate } from '../../../../shared/dates';
import { FindingCategory, FindingStatus } from '../../../../shared/enums';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';

// ---- reference data ---------------------------------------------------------------------------------

export interface SupervisionRef {
  townships: DivisionRow[];
  villagesOf: (townshipId: number | null | undefined) => DivisionRow[];
  divisionName: (id: number | null | undefined) => string | null;
  units: UnitRow[];
  loaded: boolean;
  error: string | null;
}

/** 区划 and 单位, read once per screen (and again after demo data or a new county). */
export function useSupervisionRef(): SupervisionRef {
  const { dataVersion } = useAppState();
  const [divisions, setDivisions] = useState<DivisionRow[]>([]);
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([call('divisions.list', {}), call('units.list', {})])
      .then(([d, u]) => {
        if (!live) return;
        setDivisions(d);
        setUnits(u);
        setLoaded(true);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [dataVersion]);

  return useMemo(() => {
    const byOrder = (a: DivisionRow, b: DivisionRow) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
    const townships = divisions.filter((d) => d.level === 'township').sort(byOrder);
    const villages = divisions.filter((d) => d.level === 'village').sort(byOrder);
    const names = new Map(divisions.map((d) => [d.id, d.name]));
    return {
      townships,
      villagesOf: (townshipId) => (townshipId ? villages.filter((v) => v.parentId === townshipId) : []),
      divisionName: (id) => (id ? (names.get(id) ?? null) : null),
      units,
      loaded,
      error,
    };
  }, [divisions, units, loaded, error]);
}

// ---- status and deadline ----------------------------------------------------------------------------

const STATUS_COLOR: Record<FindingStatus, string> = {
  notStarted: 'default',
  inProgress: 'processing',
  awaitingClose: 'gold',
  closed: 'success',
  ongoing: 'purple',
};

export function StatusTag({ status, testId }: { status: FindingStatus; testId?: string }) {
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {FindingStatus.label[status]}
    </Tag>
  );
}

export function OverdueTag({ days }: { days?: number | null }) {
  return (
    <Tag color="error" variant="solid" className="sv-overdue-tag" data-testid="overdue-tag">
      逾期{days != null && days < 0 ? ` ${-days} 天` : ''}
    </Tag>
  );
}

interface DeadlineCellProps {
  deadline: string | null;
  deadlineText: string | null;
  overdue: boolean;
  daysLeft: number | null;
  statusCode: FindingStatus;
  /** One line (tables) or two (the drawer). */
  compact?: boolean;
}

/** Words that only spell the date ("2024年10月31日", "2024年10月31日前") add nothing beside it. */
function sameDate(words: string, date: string | null): boolean {
  if (date === null) return false;
  const bare = words.replace(/\s+/g, '').replace(/(之前|以前|前)$/, '');
  return bare === date || bare === formatChineseDate(date) || bare.replace(/[./]/g, '-') === date;
}

/** 整改时限 as written and the date it means; red with the days past when overdue, amber within a week. */
export function DeadlineCell({ deadline, deadlineText, overdue, daysLeft, statusCode, compact = true }: DeadlineCellProps) {
  if (!deadline && !deadlineText) return <span className="sv-muted">—</span>;
  const open = statusCode === 'notStarted' || statusCode === 'inProgress';
  const soon = !overdue && open && daysLeft !== null && daysLeft >= 0 && daysLeft <= 7;
  const words = deadlineText && !sameDate(deadlineText, deadline) ? deadlineText : null;
  return (
    <span className={`sv-deadline${overdue ? ' sv-red' : soon ? ' sv-amber' : ''}`} title={words ? `${words} → ${deadline ?? '无期限'}` : undefined}>
      {compact ? (
        deadline ? (
          <>
            <span className="mono">{deadline}</span>
            {words ? <span className="sv-deadline-words">（{words}）</span> : null}
          </>
        ) : (
          <span>{words ?? '—'}</span>
        )
      ) : (
        <>
          {words ? <span>{words}</span> : null}
          {words ? ' → ' : null}
          {deadline ? formatChineseDate(deadline) : '无期限（不计逾期）'}
        </>
      )}
      {overdue ? (
        <b className="sv-days"> 逾期 {daysLeft !== null ? -daysLeft : ''} 天</b>
      ) : soon ? (
        <span className="sv-days"> {daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天`}</span>
      ) : null}
    </span>
  );
}

export const CATEGORY_OPTIONS = FindingCategory.options;
export const STATUS_OPTIONS = FindingStatus.options;

/** 乡镇 村 as one place text. */
export function placeText(township: string | null, village: string | null): string {
  if (!township && !village) return '县直';
  return [township, village].filter(Boolean).join(' ');
}

// ---- addresses ---------------------------------------------------------------------------------------

export type SupervisionTab = 'inspections' | 'findings' | 'matrix' | 'overdue' | 'due' | 'category';
const TABS: readonly SupervisionTab[] = ['inspections', 'findings', 'matrix', 'overdue', 'due', 'category'];

export interface SupervisionRoute {
  tab: SupervisionTab;
  /** #/supervision/inspection?id=3: the page of one inspection (under the 检查 tab). */
  inspectionId: number | null;
  query: URLSearchParams;
  /** The raw query text, stable for effects. */
  queryText: string;
}

export function parseSupervisionSub(sub: string): SupervisionRoute {
  const [path = '', queryText = ''] = sub.split('?');
  const query = new URLSearchParams(queryText);
  if (path === 'inspection') {
    const raw = query.get('id');
    return { tab: 'inspections', inspectionId: raw && /^\d+$/.test(raw) ? Number(raw) : null, query, queryText };
  }
  const tab = TABS.find((t) => t === path) ?? 'inspections';
  return { tab, inspectionId: null, query, queryText };
}

/** The filters of 问题台账 as they travel in the address (from the matrix, 首页, the category table). */
export interface FindingFilters {
  inspectionId: number | null;
  townshipId: number | null;
  villageId: number | null;
  noTownship: boolean;
  category: FindingCategory[];
  status: FindingStatus[];
  overdueOnly: boolean;
  /** Inspections that started in this year. */
  year: number | null;
  keyword: string;
  /** One import batch's findings (导入记录 → 查看记录). */
  importBatchId: number | null;
}

export const NO_FINDING_FILTERS: FindingFilters = {
  inspectionId: null,
  townshipId: null,
  villageId: null,
  noTownship: false,
  category: [],
  status: [],
  overdueOnly: false,
  year: null,
  keyword: '',
  importBatchId: null,
};

const idOf = (raw: string | null) => (raw && /^\d+$/.test(raw) ? Number(raw) : null);

export function filtersFromQuery(query: URLSearchParams): FindingFilters {
  const list = <T extends string>(raw: string | null, allowed: readonly T[]) =>
    (raw ?? '')
      .split(',')
      .filter((v): v is T => (allowed as readonly string[]).includes(v));
  return {
    inspectionId: idOf(query.get('inspectionId')),
    townshipId: idOf(query.get('townshipId')),
    villageId: idOf(query.get('villageId')),
    noTownship: query.get('noTownship') === '1',
    category: list(query.get('category'), FindingCategory.values),
    status: list(query.get('status'), FindingStatus.values),
    overdueOnly: query.get('overdue') === '1',
    year: ((y) => (y !== null && y >= 2000 && y <= 2100 ? y : null))(idOf(query.get('year'))),
    keyword: (query.get('q') ?? '').slice(0, 50),
    importBatchId: idOf(query.get('importBatchId')),
  };
}

export function filtersToQuery(f: Partial<FindingFilters>): string {
  const q = new URLSearchParams();
  if (f.inspectionId) q.set('inspectionId', String(f.inspectionId));
  if (f.townshipId) q.set('townshipId', String(f.townshipId));
  if (f.villageId) q.set('villageId', String(f.villageId));
  if (f.noTownship) q.set('noTownship', '1');
  if (f.category && f.category.length > 0) q.set('category', f.category.join(','));
  if (f.status && f.status.length > 0) q.set('status', f.status.join(','));
  if (f.overdueOnly) q.set('overdue', '1');
  if (f.year) q.set('year', String(f.year));
  if (f.keyword && f.keyword.trim()) q.set('q', f.keyword.trim());
  if (f.importBatchId) q.set('importBatchId', String(f.importBatchId));
  const text = q.toString();
  return text ? `findings?${text}` : 'findings';
}

// ---- the screen's shared state -----------------------------------------------------------------------

export interface SupervisionContextValue {
  /** Open the drawer of a finding from any view. */
  openFinding: (id: number) => void;
  /** Bumped after any write: the views reload. */
  version: number;
  changed: () => void;
  reference: SupervisionRef;
}

export const SupervisionContext = createContext<SupervisionContextValue>({
  openFinding: () => undefined,
  version: 0,
  changed: () => undefined,
  reference: {
    townships: [],
    villagesOf: () => [],
    divisionName: () => null,
    units: [],
    loaded: false,
    error: null,
  },
});

export function useSupervision(): SupervisionContextValue {
  return useContext(SupervisionContext);
}

/** A `version` counter and its bump, for the provider. */
export function useVersion(): [number, () => void] {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  return [version, bump];
}

export { ReasonModal } from '../../components/ReasonModal';

/** Rows of a table carry a test id (antd passes onRow's attributes to the <tr>). */
export function rowTestId(testId: string): React.HTMLAttributes<HTMLElement> {
  return { 'data-testid': testId } as React.HTMLAttributes<HTMLElement>;
}
