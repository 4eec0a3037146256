// A record picked by typing: the list is fetched a moment after the typing stops (30 or so at a time), only
// the newest answer is shown (useChannel), a failure is said inside the list, and the label of a record
// chosen earlier — the one being edited, or one picked from an older list — stays known. Used by the
// project pickers of 资金, 资产 and 督导检查, and the asset picker of the finding form.
import { Select } from 'antd';
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { useChannel } from '../lib/useChannel';

/** How long the typing must pause before the search runs. */
export const REMOTE_SEARCH_DELAY_MS = 220;

export interface RemoteChoice<R = unknown> {
  id: number;
  /** What the box shows once chosen. */
  label: string;
  /** The option's first line in the list, when it differs from the label. */
  title?: string;
  /** A second, smaller line in the list. */
  note?: string;
  /** The record behind the choice, handed to onChange. */
  row?: R;
}

export interface RemoteSelectProps<R> {
  value?: number | null;
  onChange?: (id: number | null, choice: RemoteChoice<R> | null) => void;
  id?: string;
  /** Choices whose labels are known before any search (the record being edited). */
  known?: readonly RemoteChoice<R>[];
  /** The search behind the list; the keyword is trimmed and at most 50 characters, '' for "the latest". */
  search: (keyword: string) => Promise<RemoteChoice<R>[]>;
  placeholder: string;
  notFound: string;
  /** The label of a value whose record is not known yet. */
  unknownLabel?: (id: number) => string;
  testId?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  status?: '' | 'error' | 'warning';
  autoFocus?: boolean;
  popupWidth?: { min: number; max: number };
}

export function RemoteSelect<R>({
  value,
  onChange,
  id,
  known,
  search,
  placeholder,
  notFound,
  unknownLabel = (v) => `编号 ${v}`,
  testId,
  style,
  allowClear = true,
  status,
  autoFocus,
  popupWidth = { min: 380, max: 600 },
}: RemoteSelectProps<R>) {
  const { data, loading, error, run } = useChannel<RemoteChoice<R>[]>({ showError: false });
  const found = useMemo(() => data ?? [], [data]);
  const timer = useRef<number | null>(null);
  const remembered = useRef(new Map<number, RemoteChoice<R>>());
  for (const k of known ?? []) remembered.current.set(k.id, k);

  const searchSoon = (keyword: string) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void run(
        () => search(keyword.trim().slice(0, 50)),
        (choices) => {
          for (const c of choices) remembered.current.set(c.id, c);
        },
      );
    }, REMOTE_SEARCH_DELAY_MS);
  };

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const options = useMemo(() => {
    const list = found.map((c) => ({ value: c.id, label: c.label, choice: c }));
    if (value != null && !list.some((o) => o.value === value)) {
      const k = remembered.current.get(value);
      list.unshift({ value, label: k?.label ?? unknownLabel(value), choice: k ?? { id: value, label: unknownLabel(value) } });
    }
    return list;
    // `known` feeds `remembered` during render: a new known record must rebuild the options.
  }, [found, value, known, unknownLabel]);

  return (
    <Select<number | null>
      id={id}
      value={value ?? null}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: searchSoon }}
      onOpenChange={(open) => {
        if (open && found.length === 0) searchSoon('');
      }}
      onChange={(v) => onChange?.(v ?? null, v == null ? null : (remembered.current.get(v) ?? null))}
      options={options}
      optionRender={(option): ReactNode => {
        const choice = (option.data as { choice?: RemoteChoice<R> }).choice;
        return (
          <div className="remote-select-option">
            <div>{choice?.title ?? option.label}</div>
            {choice?.note ? <div className="field-hint">{choice.note}</div> : null}
          </div>
        );
      }}
      loading={loading}
      placeholder={placeholder}
      notFoundContent={error ?? (loading ? '正在查找…' : notFound)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: popupWidth.min, maxWidth: popupWidth.max } } }}
      style={{ width: '100%', ...style }}
      status={status}
      autoFocus={autoFocus}
      data-testid={testId}
    />
  );
}
