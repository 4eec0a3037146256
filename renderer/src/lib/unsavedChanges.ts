// One guard for every edit form that closes: Esc, the close ×, and 取消 all go through `guard(close)`.
// When the clerk changed something, it asks “放弃未保存的修改？” (继续编辑 / 放弃) instead of dropping
// the typing; with nothing changed it closes at once.
//
// "Changed" is decided per field: a field the clerk touched whose value differs from the one the form
// held when it was opened (`markClean`, called right after the form's values are set). Values the form
// sets by itself (a suggested project number, a reviewer read from 设置) are not the clerk's changes, and
// typing something and deleting it again is no change either.
import { App as AntApp, type ButtonProps, type FormInstance } from 'antd';
import { useCallback, useRef } from 'react';

/** What the guard needs of an antd form, whatever its values' type. */
type AnyForm = Pick<FormInstance, 'getFieldsValue' | 'isFieldsTouched'>;

/** Empty is empty: '', null, undefined and [] compare equal, so an untouched-then-cleared field is clean. */
function comparable(value: unknown): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (typeof value === 'string') return JSON.stringify(value.trim());
  return JSON.stringify(value);
}

function valuesOf(form: AnyForm): Record<string, unknown> {
  return form.getFieldsValue(true) as Record<string, unknown>;
}

/** Fields the clerk changed since `clean` (top-level names; a list counts as one field). */
export function changedFields(form: AnyForm, clean: Record<string, unknown>): string[] {
  const now = valuesOf(form);
  const names = new Set([...Object.keys(now), ...Object.keys(clean)]);
  return [...names].filter((name) => form.isFieldsTouched([[name]]) && comparable(now[name]) !== comparable(clean[name]));
}

export interface UnsavedGuard {
  /** Close through this: asks first when something was changed. */
  guard: (close: () => void) => void;
  /** The values as they are now are the saved ones (call after setting the values on open, or after a save of one sub-form). */
  markClean: (only?: AnyForm) => void;
  /** Whether any of the forms has changes the clerk made. */
  isDirty: () => boolean;
}

/**
 * The guard of one dialog or drawer. `forms` are the forms it holds (a drawer may hold two: the record
 * and a sub-form such as a year's income). `extraDirty` adds changes kept outside a form (a draft list).
 */
export function useUnsavedGuard(forms: AnyForm | readonly AnyForm[], extraDirty?: () => boolean): UnsavedGuard {
  const { modal } = AntApp.useApp();
  const list = Array.isArray(forms) ? (forms as readonly AnyForm[]) : [forms as AnyForm];
  const clean = useRef(new Map<AnyForm, Record<string, unknown>>());
  const asking = useRef(false);
  const listRef = useRef(list);
  listRef.current = list;
  const extraRef = useRef(extraDirty);
  extraRef.current = extraDirty;

  const markClean = useCallback((only?: AnyForm) => {
    for (const form of only ? [only] : listRef.current) clean.current.set(form, { ...valuesOf(form) });
  }, []);

  const isDirty = useCallback(
    () => listRef.current.some((form) => changedFields(form, clean.current.get(form) ?? {}).length > 0) || (extraRef.current?.() ?? false),
    [],
  );

  const guard = useCallback(
    (close: () => void) => {
      if (!isDirty()) {
        close();
        return;
      }
      if (asking.current) return;
      asking.current = true;
      modal.confirm({
        title: '放弃未保存的修改？',
        content: '刚才填写或修改的内容还没有保存。继续编辑可以接着填写并保存；放弃则关闭，这些修改不会保留。',
        okText: '放弃',
        cancelText: '继续编辑',
        okButtonProps: { danger: true, 'data-testid': 'unsaved-discard' } as ButtonProps,
        cancelButtonProps: { 'data-testid': 'unsaved-keep' } as ButtonProps,
        autoFocusButton: 'cancel',
        zIndex: 1200,
        onOk: () => close(),
        afterClose: () => {
          asking.current = false;
        },
      });
    },
    [isDirty, modal],
  );

  return { guard, markClean, isDirty };
}
