// A save refused because another clerk saved the record after this form loaded it (a version per row, error
// code STALE). The form keeps what this clerk typed; it reads the record again (so the next save names the newer
// version) and this banner shows the service's sentence (who saved, when) and each field the other save changed,
// with its newer value, in the words of the 审计日志 (shared/record-fields.ts, shared/audit-describe.ts).
import { Alert } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { valueText } from '../../../shared/audit-describe';
import { recordField } from '../../../shared/record-fields';
import { LedgerCallError } from '../api/client';

export interface StaleSave {
  /** The service's sentence: who saved the record and when. */
  message: string;
  /** What the other save changed, with the newer value in words (null: now empty). */
  fields: Array<{ key: string; label: string; saved: string | null }>;
}

/** Is this the refusal of a stale save? */
export function isStaleSave(error: unknown): error is LedgerCallError {
  return error instanceof LedgerCallError && error.code === 'STALE';
}

/** Bookkeeping a clerk does not edit. */
const NOT_SHOWN = new Set(['id', 'version', 'createdAt', 'updatedAt', 'deletedAt', 'deleteReason', 'importBatchId']);
const EMPTY_WORDS = '（空）';

/**
 * The fields of `entity` that differ between the record the form loaded and the one saved since. A link (townshipId)
 * is named by the record's own name beside it (township), as the details carry them.
 */
export function staleSave(message: string, entity: string, loaded: object, saved: object): StaleSave {
  const before = loaded as Record<string, unknown>;
  const after = saved as Record<string, unknown>;
  const fields: StaleSave['fields'] = [];
  for (const key of Object.keys(after)) {
    const field = recordField(entity, key);
    if (!field || NOT_SHOWN.has(key) || field.value.kind === 'hidden') continue;
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    const beside = key.endsWith('Id') ? after[key.slice(0, -2)] : undefined;
    const words = typeof beside === 'string' ? beside : valueText(after[key], field.value, () => null, after);
    fields.push({ key, label: field.label, saved: words === '' || words === EMPTY_WORDS ? null : words });
  }
  return { message, fields };
}

/**
 * When `error` refuses a stale save of `loaded`: the record saved since (read with `readNewer`) and the banner's
 * content. Null when it is not a stale save, or when the record cannot be read any more (deleted meanwhile): the
 * caller then shows the refusal as it shows any other.
 */
export async function afterStaleSave<T extends object>(
  error: unknown,
  entity: string,
  loaded: T | null,
  readNewer: (loaded: T) => Promise<T>,
): Promise<{ stale: StaleSave; newer: T } | null> {
  if (!isStaleSave(error) || !loaded) return null;
  try {
    const newer = await readNewer(loaded);
    return { stale: staleSave(error.message, entity, loaded, newer), newer };
  } catch {
    return null;
  }
}

export function StaleSaveBanner({ stale, action, testId }: { stale: StaleSave; action?: ReactNode; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  // The clerk pressed 保存 at the foot of the form: bring the banner into view.
  useEffect(() => box.current?.scrollIntoView({ block: 'nearest' }), [stale]);
  return (
    <div ref={box}>
      <Alert
        type="warning"
        showIcon
        className="stale-save"
        data-testid={testId}
        title={stale.message}
        description={
          stale.fields.length === 0 ? (
            '最新内容与您填写的一致。'
          ) : (
            <div>
              <div>最新内容（输入框中仍是您填写的）：</div>
              <ul className="stale-save-fields">
                {stale.fields.map((f) => (
                  <li key={f.key} data-testid={`${testId}-${f.key}`}>
                    {f.label}：{f.saved === null ? '最新为空' : `最新为“${f.saved}”`}
                  </li>
                ))}
              </ul>
            </div>
          )
        }
        action={action}
      />
    </div>
  );
}
