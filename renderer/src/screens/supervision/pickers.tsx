// Searchable pickers of the finding form: 涉及项目 (projects.search: name, number, place or pinyin initials)
// and 涉及资产 (assets.list by keyword). The list is fetched a moment after typing stops, 30 at a time;
// the label of the record being edited is known before any search.
import { Select } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';

export interface PickChoice {
  id: number;
  label: string;
  note?: string;
}

interface SearchSelectProps {
  value?: number | null;
  onChange?: (id: number | null) => void;
  id?: string;
  known?: PickChoice | null;
  search: (keyword: string) => Promise<PickChoice[]>;
  placeholder: string;
  notFound: string;
  testId?: string;
}

function SearchSelect({ value, onChange, id, known, search, placeholder, notFound, testId }: SearchSelectProps) {
  const [found, setFound] = useState<PickChoice[]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | null>(null);
  const remembered = useRef(new Map<number, PickChoice>());
  if (known) remembered.current.set(known.id, known);

  const run = (keyword: string) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      search(keyword.trim().slice(0, 50))
        .then((choices) => {
          if (mine !== seq.current) return;
          for (const c of choices) remembered.current.set(c.id, c);
          setFound(choices);
          setFailed(null);
        })
        .catch((error: unknown) => {
          if (mine === seq.current) setFailed(errorText(error));
        })
        .finally(() => {
          if (mine === seq.current) setLoading(false);
        });
    }, 220);
  };

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const options = useMemo(() => {
    const list: Array<{ value: number; label: string; note?: string }> = found.map((c) => ({ value: c.id, label: c.label, ...(c.note ? { note: c.note } : {}) }));
    if (value != null && !list.some((o) => o.value === value)) {
      const k = remembered.current.get(value);
      list.unshift({ value, label: k?.label ?? `编号 ${value}`, ...(k?.note ? { note: k.note } : {}) });
    }
    return list;
  }, [found, value]);

  return (
    <Select<number | null>
      id={id}
      value={value ?? null}
      allowClear
      showSearch={{ filterOption: false, onSearch: run }}
      onOpenChange={(open) => {
        if (open && found.length === 0) run('');
      }}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      optionRender={(option): ReactNode => {
        const note = (option.data as { note?: string }).note;
        return (
          <div className="sv-pick-option">
            <div>{option.label}</div>
            {note ? <div className="field-hint">{note}</div> : null}
          </div>
        );
      }}
      loading={loading}
      placeholder={placeholder}
      notFoundContent={failed ?? (loading ? '正在查找…' : notFound)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 380, maxWidth: 600 } } }}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

export async function searchProjects(keyword: string): Promise<PickChoice[]> {
  const result = await call('projects.search', {
    ...(keyword ? { keyword } : {}),
    limit: 30,
    sortBy: keyword ? 'name' : 'updatedAt',
    sortDir: keyword ? 'asc' : 'desc',
  });
  return result.rows.map((r) => ({
    id: r.id,
    label: r.name,
    note: [`${r.year} 年`, [r.township ?? '县级', r.village].filter(Boolean).join(' '), r.code, r.status].filter(Boolean).join(' · '),
  }));
}

export async function searchAssets(keyword: string): Promise<PickChoice[]> {
  const result = await call('assets.list', { ...(keyword ? { keyword } : {}), limit: 30 });
  return result.rows.map((r) => ({
    id: r.id,
    label: r.name,
    note: [[r.township ?? '县级', r.village].filter(Boolean).join(' '), r.code, r.project ? `来自 ${r.project}` : null].filter(Boolean).join(' · '),
  }));
}

type PickerProps = Omit<SearchSelectProps, 'search' | 'placeholder' | 'notFound'>;

export function ProjectPicker(props: PickerProps) {
  return <SearchSelect {...props} search={searchProjects} placeholder="输入项目名称、编号、乡镇或拼音首字母查找（可不填）" notFound="没有找到匹配的项目" />;
}

export function AssetPicker(props: PickerProps) {
  return <SearchSelect {...props} search={searchAssets} placeholder="输入资产名称或编号查找（可不填）" notFound="没有找到匹配的资产" />;
}
