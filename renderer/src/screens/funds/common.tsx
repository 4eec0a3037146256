// Pieces the 资金 screens share: the amount field with its 元/万元 switch, the searchable project picker
// backed by projects.search, the delete-with-reason dialog, and the little formatting helpers.
import { Input, Select, Space, Tag } from 'antd';
import type { CSSProperties } from 'react';
import type { ProjectSearchRow } from '../../../../shared/api';
import { FundLevel } from '../../../../shared/enums';
import { formatMoney, formatWanRounded, MoneyParseError, type MoneyUnit, parseMoneyToFen } from '../../../../shared/money';
import { RemoteSelect, type RemoteChoice } from '../../components/RemoteSelect';
import { searchProjectRows } from '../projects/search';

// ---- money ------------------------------------------------------------------------------------------

/** What the amount field holds: the text as typed and the unit it is typed in. */
export interface MoneyValue {
  text: string;
  unit: MoneyUnit;
}

export const UNIT_OPTIONS = [
  { value: 'yuan' as const, label: '元' },
  { value: 'wan' as const, label: '万元' },
];

/** Fen in a unit as plain text for an input, as the office writes it (formatMoney, no grouping). */
export function fenToText(fen: number, unit: MoneyUnit): string {
  return formatMoney(fen, unit, { grouping: false });
}

/** The fen of a typed amount, or null when it is empty or not a valid amount. */
export function tryParseFen(value: MoneyValue | undefined): number | null {
  if (!value || value.text.trim() === '') return null;
  try {
    return parseMoneyToFen(value.text, value.unit);
  } catch {
    return null;
  }
}

/** Switching the unit keeps the amount: "500000" 元 becomes "50" 万元. Text that is not an amount stays. */
function convertText(text: string, from: MoneyUnit, to: MoneyUnit): string {
  if (from === to || text.trim() === '') return text;
  try {
    return fenToText(parseMoneyToFen(text, from), to);
  } catch {
    return text;
  }
}

/** A form rule for a MoneyValue field: required, a whole number of fen, optionally above zero. */
export function moneyRule(label: string, options: { required?: boolean; positive?: boolean } = {}) {
  return {
    validator: async (_: unknown, value: MoneyValue | undefined) => {
      if (!value || value.text.trim() === '') {
        if (options.required) throw new Error(`请填写${label}`);
        return;
      }
      let fen: number;
      try {
        fen = parseMoneyToFen(value.text, value.unit);
      } catch (error) {
        throw new Error(error instanceof MoneyParseError ? error.message : `${label}不是有效的金额`);
      }
      if (options.positive && fen <= 0) throw new Error(`${label}应大于 0`);
    },
  };
}

interface MoneyInputProps {
  value?: MoneyValue;
  onChange?: (value: MoneyValue) => void;
  id?: string;
  testId?: string;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  /** Show the converted figure in the other unit under the field. */
  hint?: boolean;
}

/** Amount + 元/万元 switch; the text is kept as typed (parsed exactly with parseMoneyToFen on save). */
export function MoneyInput({ value, onChange, id, testId, placeholder, style, disabled, hint }: MoneyInputProps) {
  const current = value ?? { text: '', unit: 'yuan' as MoneyUnit };
  const fen = tryParseFen(current);
  return (
    <div style={style}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          value={current.text}
          disabled={disabled}
          placeholder={placeholder ?? (current.unit === 'wan' ? '例如 120.5' : '例如 35000.00')}
          onChange={(e) => onChange?.({ ...current, text: e.target.value })}
          inputMode="decimal"
          autoComplete="off"
          className="mono funds-amount-input"
          data-testid={testId}
        />
        <Select<MoneyUnit>
          value={current.unit}
          disabled={disabled}
          options={UNIT_OPTIONS}
          onChange={(unit) => onChange?.({ unit, text: convertText(current.text, current.unit, unit) })}
          style={{ width: 78, flex: 'none' }}
          data-testid={testId ? `${testId}-unit` : undefined}
        />
      </Space.Compact>
      {hint && fen !== null ? (
        <div className="field-hint funds-money-hint">
          {current.unit === 'wan' ? `合 ${formatMoney(fen, 'yuan')} 元` : `合 ${formatMoney(fen, 'wan')} 万元`}
        </div>
      ) : null}
    </div>
  );
}

// ---- levels, years ---------------------------------------------------------------------------------

/** 资金级次 tags in the tables: one colour per level. */
const LEVEL_COLOR: Record<FundLevel, string> = {
  central: 'red',
  provincial: 'volcano',
  municipal: 'gold',
  county: 'blue',
  other: 'default',
};

export function LevelTag({ level }: { level: FundLevel | null }) {
  if (!level) return null;
  return (
    <Tag color={LEVEL_COLOR[level]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {FundLevel.label[level]}
    </Tag>
  );
}

/** Budget years a clerk picks from: the next year back to 2015. */
export function yearOptions(current: number): Array<{ value: number; label: string }> {
  const out: Array<{ value: number; label: string }> = [];
  for (let y = current + 1; y >= 2015; y -= 1) out.push({ value: y, label: `${y} 年` });
  return out;
}

// ---- project picker --------------------------------------------------------------------------------

export type ProjectChoice = RemoteChoice<ProjectSearchRow>;

export function projectLabel(row: { name: string; code: string | null; township: string | null }): string {
  return `${row.name}（${row.township ?? '县级'}${row.code ? ` · ${row.code}` : ''}）`;
}

async function searchProjectChoices(keyword: string): Promise<ProjectChoice[]> {
  return (await searchProjectRows(keyword)).map((row) => ({
    id: row.id,
    label: projectLabel(row),
    title: row.name,
    note:
      `${row.year} 年 · ${row.township ?? '县级'}${row.village ? ` ${row.village}` : ''} · 资金规模 ${formatWanRounded(row.totalFen)} 万元` +
      ` · 已下达 ${formatWanRounded(row.allocatedFen)} · 已拨付 ${formatWanRounded(row.paidFen)}`,
    row,
  }));
}

interface ProjectSelectProps {
  value?: number | null;
  onChange?: (id: number | null, choice: ProjectChoice | null) => void;
  id?: string;
  /** Labels of projects that may be selected before any search (the record being edited). */
  known?: readonly ProjectChoice[];
  testId?: string;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  status?: '' | 'error' | 'warning';
  autoFocus?: boolean;
}

/**
 * A project picked by typing part of its name, its number, its township or pinyin initials ("xsc"):
 * the list comes from projects.search, 30 at a time, a moment after the typing stops.
 */
export function ProjectSelect({ placeholder, allowClear, ...props }: ProjectSelectProps) {
  return (
    <RemoteSelect<ProjectSearchRow>
      {...props}
      search={searchProjectChoices}
      placeholder={placeholder ?? '输入项目名称、编号、乡镇或拼音首字母查找'}
      notFound="没有找到匹配的项目"
      unknownLabel={(id) => `项目（编号 ${id}）`}
      allowClear={allowClear ?? false}
      popupWidth={{ min: 420, max: 640 }}
    />
  );
}

// ---- delete with a reason --------------------------------------------------------------------------

export { ReasonModal } from '../../components/ReasonModal';

