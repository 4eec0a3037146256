// The shape of a ledger's field table (shared/funds/fields.ts, shared/supervision/fields.ts,
// shared/households/fields.ts, shared/assets/fields.ts): each field's name, limit, import header words, exported
// column and template column, written once; and what reads such a table the same way for every ledger (the
// import's field list, a field's limit, the entries with an import, export or template part).
import type { FieldDef, FieldType } from './import/fields';
import { PROJECT_FIELD, type SheetColumnKind, type TemplateInput } from './projects/fields';

export interface LedgerFieldDef<List extends string = string, Input extends string = TemplateInput> {
  /** The field's name: the form, the import wizard, the 审计日志, the contract's and the rules' messages. */
  label: string;
  /** Longest text accepted (form, contract and import). */
  max?: number;
  /** The import: header words, the cell type, how strongly it says "this kind"; `label` when the wizard says more than the name. */
  import?: { type: FieldType; aliases: readonly string[]; weight: number; required?: boolean; multi?: boolean; label?: string };
  /** The exported ledger's column (see electron/ledger/exports/table.ts ColumnSpec); its header is the label. */
  export?: { kind: SheetColumnKind | 'percent'; width?: number; detail?: boolean; onPaper?: boolean; group?: string; total?: 'none' };
  /** The blank template's column: its cell, the header cell's hint, its drop-down (a list named in templates.ts). */
  template?: { input: Input; hint: string; required?: boolean; width?: number; list?: { name: List; strict: boolean } };
}

/** What the import's field list takes from an entry of any ledger's field table. */
export type ImportedFieldEntry = Pick<LedgerFieldDef, 'label' | 'max'> & Required<Pick<LedgerFieldDef, 'import'>>;

/** An entry from a field the import kinds share (序号, 乡镇, 村, 备注: shared/import/common-fields.ts). */
export function fromImportField(f: FieldDef): ImportedFieldEntry {
  return {
    label: f.label,
    ...(f.maxLength !== undefined ? { max: f.maxLength } : {}),
    import: { type: f.type, aliases: f.aliases, weight: f.weight },
  };
}

/** A column every kind's template shares with the projects' (序号, 乡镇, 村, 备注): the project table's, so its hint is written once. */
export function sharedTemplate(key: 'seq' | 'township' | 'village' | 'remark'): { input: TemplateInput; hint: string; list?: { name: 'township' | 'village'; strict: boolean } } {
  const { input, hint, ...rest } = PROJECT_FIELD[key].template;
  const list = 'list' in rest && (rest.list.ledger === 'township' || rest.list.ledger === 'village') ? { name: rest.list.ledger, strict: rest.list.strict } : undefined;
  return { input, hint, ...(list ? { list } : {}) };
}

/** A field table's entries as the import's field list (shared/import/fields.ts FieldDef). */
export function importFieldList(entries: ReadonlyArray<readonly [string, ImportedFieldEntry]>): FieldDef[] {
  return entries.map(([key, f]) => {
    const { label, ...how } = f.import;
    return { key, label: label ?? f.label, ...how, ...(f.max !== undefined ? { maxLength: f.max } : {}) };
  });
}

/** A text field's longest length (the fields with a `max`; a field without one is a program error, named by `what`). */
export function fieldMax<K extends string>(table: Readonly<Record<K, { label: string; max?: number }>>, key: K, what: string): number {
  const max = table[key].max;
  if (max === undefined) throw new Error(`${what}字段 ${key} 没有长度上限`);
  return max;
}
