// Pieces the 项目库 and 资产 screens share: money typed in 元 or 万元 and parsed exactly, day-or-month dates
// typed as text, the reference lists (区划, 单位, 项目类型) and a dialog that asks for a reason.
import { Alert, Form, Input, Modal, Segmented, type ButtonProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { DivisionRow, ProjectTypeNode, UnitRow } from '../../../../shared/api';
import { isValidIsoDate } from '../../../../shared/dates';
import { endBeforeStart as endBeforeStartRule } from '../../../../shared/projects';
import { formatMoney, MoneyParseError, type MoneyUnit, parseMoneyToFen } from '../../../../shared/money';
import { projectTypeMatchesTyped } from '../../../../shared/project-types';
import { call, LedgerCallError } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { enterMovesToNext } from '../../lib/shortcuts';

// ---- money ------------------------------------------------------------------------------------------

/** Fen as text for an input, as the office writes it (formatMoney, no grouping); empty for nothing. */
export function fenToText(fen: number | null | undefined, unit: MoneyUnit): string {
  if (fen === null || fen === undefined || fen === 0) return '';
  return formatMoney(fen, unit, { grouping: false });
}

/** Parse typed money; empty is 0; null when it is not an amount. */
export function textToFen(text: string | undefined | null, unit: MoneyUnit): number | null {
  if (text === undefined || text === null || text.trim() === '') return 0;
  try {
    return parseMoneyToFen(text, unit);
  } catch {
    return null;
  }
}

/** Re-express typed money in another unit ("500000" 元 → "50" 万元). Text that is no amount stays as it is. */
export function convertMoneyText(text: string | undefined, from: MoneyUnit, to: MoneyUnit): string {
  if (!text || from === to) return text ?? '';
  try {
    return fenToText(parseMoneyToFen(text, from), to);
  } catch {
    return text;
  }
}

/** A form rule: the text is a whole number of fen in the unit (empty allowed). */
export function moneyRule(label: string, unit: () => MoneyUnit) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value || value.trim() === '') return;
      try {
        parseMoneyToFen(value, unit());
      } catch (error) {
        throw new Error(error instanceof MoneyParseError ? error.message : `${label}不是有效的金额`);
      }
    },
  };
}

export const MONEY_UNIT_OPTIONS = [
  { value: 'yuan' as const, label: '元' },
  { value: 'wan' as const, label: '万元' },
];

/** The 元/万元 switch of a form: switching keeps the amounts (the typed texts are converted). */
export function UnitSwitch({ value, onChange, testId }: { value: MoneyUnit; onChange: (unit: MoneyUnit) => void; testId?: string }) {
  return (
    <Segmented<MoneyUnit>
      size="small"
      value={value}
      options={MONEY_UNIT_OPTIONS}
      onChange={onChange}
      data-testid={testId}
    />
  );
}

// ---- dates ------------------------------------------------------------------------------------------

// normaliseDateText and dateRule live with the one date input (components/DateInput.tsx).
export { dateRule, normaliseDateText } from '../../components/DateInput';

/** End before start for typed dates (shared/projects.ts' rule); text that is no date yet is left to dateRule. */
export function endBeforeStart(start: string, end: string): boolean {
  if (!start || !end || !isValidIsoDate(start) || !isValidIsoDate(end)) return false;
  return endBeforeStartRule(start, end);
}

// ---- reference lists --------------------------------------------------------------------------------

export interface ReferenceData {
  divisions: DivisionRow[];
  townships: DivisionRow[];
  villagesOf: (townshipId: number | null | undefined) => DivisionRow[];
  units: UnitRow[];
  departments: UnitRow[];
  types: ProjectTypeNode[];
  loaded: boolean;
}

/** 区划, 单位 and 项目类型, read when the screen opens and after demo data or a new county. */
export function useReferenceData(onError: (error: unknown) => void): ReferenceData {
  const { dataVersion } = useAppState();
  const [divisions, setDivisions] = useState<DivisionRow[]>([]);
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [types, setTypes] = useState<ProjectTypeNode[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([call('divisions.list', {}), call('units.list', {}), call('projectTypes.list', {})])
      .then(([d, u, t]) => {
        if (!live) return;
        setDivisions(d);
        setUnits(u);
        setTypes(t);
        setLoaded(true);
      })
      .catch((error: unknown) => {
        if (live) onError(error);
      });
    return () => {
      live = false;
    };
    // onError is the screen's message function: stable enough; reload only when the ledger changed.
  }, [dataVersion]);

  const townships = divisions.filter((d) => d.level === 'township');
  const villagesOf = useCallback(
    (townshipId: number | null | undefined) => (townshipId ? divisions.filter((d) => d.level === 'village' && d.parentId === townshipId) : []),
    [divisions],
  );
  return {
    divisions,
    townships,
    villagesOf,
    units,
    departments: units.filter((u) => u.kind === 'department'),
    types,
    loaded,
  };
}

interface TypeOption {
  value: number;
  label: string;
  aliases: string | null;
  children?: TypeOption[];
}

/** Options of the 项目类型/子类型 cascader. */
export function typeCascaderOptions(types: ProjectTypeNode[]): TypeOption[] {
  return types.map((t) => ({
    value: t.id,
    label: t.name,
    aliases: t.aliases,
    children: t.children.map((c) => ({ value: c.id, label: c.name, aliases: c.aliases })),
  }));
}

/** Type-to-search in the 项目类型 cascaders: names, aliases, everyday words (种植 → 生产项目) and pinyin initials. */
export const typeCascaderSearch = {
  filter: (typed: string, path: ReadonlyArray<{ label?: unknown; aliases?: string | null }>) =>
    path.some((o) => projectTypeMatchesTyped({ name: String(o.label ?? ''), aliases: o.aliases ?? null }, typed)),
};

// ---- a dialog asking for a reason -------------------------------------------------------------------

export interface ReasonRequest {
  title: string;
  /** What happens, in a sentence above the box. */
  description: string;
  okText: string;
  danger?: boolean;
  /** Resolves when done; throws (a LedgerCallError) to show the refusal in the dialog. */
  run: (reason: string) => Promise<void>;
}

/** Asks for a reason (退回原因, 删除原因): required, at most 200 characters; the service's refusal is shown in it. */
export function ReasonModal({ request, onClose }: { request: ReasonRequest | null; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (request) form.resetFields();
    setRefusal(null);
  }, [request, form]);

  const submit = async ({ reason }: { reason: string }) => {
    if (!request) return;
    setBusy(true);
    setRefusal(null);
    try {
      await request.run(reason.trim());
      onClose();
    } catch (error) {
      // A refusal about the reason goes under the box; any other (有拨付不能删除…) above it.
      if (error instanceof LedgerCallError && error.field === 'reason') form.setFields([{ name: 'reason', errors: [error.message] }]);
      else setRefusal(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={request !== null}
      title={request?.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={request?.okText ?? '确定'}
      confirmLoading={busy}
      okButtonProps={{ danger: request?.danger, 'data-testid': 'reason-submit' } as ButtonProps}
      mask={{ closable: false }}
      width={480}
      zIndex={1100}
      destroyOnHidden
    >
      <div style={{ margin: '8px 0 10px', color: '#5b6675' }}>{request?.description}</div>
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 10 }} data-testid="reason-refusal" /> : null}
      <Form form={form} name="reason" onFinish={(v) => void submit(v)} onKeyDownCapture={enterMovesToNext(() => form.submit())} data-testid="reason-form">
        <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: '请填写原因（记入操作记录）' }]} style={{ marginBottom: 22 }}>
          <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} autoFocus placeholder="例如 资金调整，退回重新公示" data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
