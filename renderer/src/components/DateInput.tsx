// The one date input of the app. A clerk types a date the way the office writes it — 2024-3-5, 2024/03/05,
// 2024.3.5, 2024年3月5日, 20240305 (and, where a month is enough, 2024-3, 2024年3月) — and it is folded to ISO
// when the field is left. Text that is not a date stays in the field with a Chinese error under it: it is
// never dropped silently. In a form, the field's value is the typed text and dateRule() refuses it on
// submit; outside a form (a toolbar), `standalone` shows the error at the input and onChange only ever
// receives a valid ISO date.
import { Input, Tooltip } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { isValidIsoDate, isValidIsoDay } from '../../../shared/dates';

/** 'day': a calendar day only (payments, inspections); 'dayOrMonth': a month is enough (project plans). */
export type DatePrecision = 'day' | 'dayOrMonth';

/**
 * Text a clerk types for a date, folded to ISO: 2024-3-5, 2024/03/05, 2024.3.5, 2024年3月5日, 20240305 →
 * 2024-03-05; 2024-3, 2024年3月, 202403 → 2024-03. Anything else is returned trimmed, for the rule to refuse.
 */
export function normaliseDateText(raw: string | undefined | null): string {
  const text = (raw ?? '').trim().replace(/[／/.．]/g, '-').replace(/[－—]/g, '-');
  if (text === '') return '';
  let m = /^(\d{4})\s*[-年]\s*(\d{1,2})\s*[-月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})\s*[-年]\s*(\d{1,2})\s*月?$/.exec(text);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  m = /^(\d{4})(\d{2})$/.exec(text);
  if (m) return `${m[1]}-${m[2]}`;
  return text;
}

/** What is wrong with a typed date (a Chinese sentence), or null when it is empty or a date. */
export function dateProblem(raw: string | undefined | null, label: string, precision: DatePrecision = 'dayOrMonth'): string | null {
  const text = normaliseDateText(raw);
  if (text === '') return null;
  if (precision === 'day') {
    if (isValidIsoDay(text)) return null;
    return `${label}“${(raw ?? '').trim()}”不是有效日期，请按 2024-03-05 或 2024年3月5日 填写存在的日期`;
  }
  if (isValidIsoDate(text)) return null;
  return `${label}“${(raw ?? '').trim()}”不是有效日期，请按 2024-03-05 或 2024年3月5日 填写存在的日期；只知道月份时填 2024-03`;
}

/** The typed text as an ISO date, or null when empty or not a date (check dateProblem first). */
export function dateValue(raw: string | undefined | null, precision: DatePrecision = 'dayOrMonth'): string | null {
  const text = normaliseDateText(raw);
  if (text === '') return null;
  return (precision === 'day' ? isValidIsoDay(text) : isValidIsoDate(text)) ? text : null;
}

/** A form rule for a date typed as text. */
export function dateRule(label: string, precision: DatePrecision = 'dayOrMonth') {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      const problem = dateProblem(value, label, precision);
      if (problem) throw new Error(problem);
    },
  };
}

interface DateInputProps {
  /** The typed text (in a form) or an ISO date. */
  value?: string | null;
  onChange?: (text: string) => void;
  precision?: DatePrecision;
  /** The field's name in error messages (standalone use). */
  label?: string;
  /** Outside a form: show the error at the input, and call onChange only with a valid date. */
  standalone?: boolean;
  /** Standalone: an empty field is an error too (a form uses its own required rule). */
  required?: boolean;
  placeholder?: string;
  disabled?: boolean;
  style?: CSSProperties;
  testId?: string;
  id?: string;
  'aria-invalid'?: boolean;
}

export function DateInput({ value, onChange, precision = 'dayOrMonth', label = '日期', standalone, required, placeholder, disabled, style, testId, id, ...aria }: DateInputProps) {
  const [draft, setDraft] = useState(value ?? '');
  // A new value from outside (a loaded record, a reset) replaces the draft; in standalone mode a value
  // equal to the draft's folding is the draft's own echo and leaves the typed text alone.
  useEffect(() => {
    setDraft((current) => (standalone && dateValue(current, precision) === (value ?? null) ? current : (value ?? '')));
  }, [value, standalone, precision]);

  const problem = !standalone ? null : required && draft.trim() === '' ? `请填写${label}` : dateProblem(draft, label, precision);
  const hint = precision === 'day' ? '按 2024-03-05 或 2024年3月5日 填写' : '按 2024-03-05 或 2024年3月5日 填写；只知道月份时填 2024-03';

  const input = (
    <Input
      id={id}
      value={standalone ? draft : (value ?? '')}
      placeholder={placeholder ?? (precision === 'day' ? '如 2024-03-05' : '如 2024-03-05 或 2024-03')}
      title={hint}
      maxLength={20}
      autoComplete="off"
      className="mono"
      disabled={disabled}
      style={style}
      status={problem ? 'error' : undefined}
      aria-invalid={aria['aria-invalid'] ?? (problem ? true : undefined)}
      data-testid={testId}
      onChange={(e) => {
        const text = e.target.value;
        if (!standalone) return onChange?.(text);
        setDraft(text);
        const iso = dateValue(text, precision);
        if (iso !== null) onChange?.(iso);
      }}
      onBlur={(e) => {
        const folded = normaliseDateText(e.target.value);
        if (folded === e.target.value) return;
        if (standalone) setDraft(folded);
        else onChange?.(folded);
      }}
    />
  );
  if (!standalone) return input;
  return (
    <Tooltip open={problem !== null} title={problem} color="#cf1322" placement="bottomLeft">
      <span data-testid={testId ? `${testId}-wrap` : undefined} data-error={problem ?? undefined}>
        {input}
      </span>
    </Tooltip>
  );
}
