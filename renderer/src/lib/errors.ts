// Errors from the ledger services arrive as LedgerCallError: a Chinese sentence and, when it belongs to a
// form field, the field's name. Show it at that field when the form has it, otherwise as a message.
import type { FormInstance } from 'antd';
import { LedgerCallError } from '../api/client';

export function errorText(error: unknown): string {
  if (error instanceof LedgerCallError) return error.message;
  if (error instanceof Error && error.message) return `操作没有完成：${error.message}`;
  return '操作没有完成，请重试';
}

/** The office server went away mid-call (restart, network cut); the next call reconnects. */
export function isServerLost(error: unknown): boolean {
  return error instanceof LedgerCallError && error.code === 'SERVER_LOST';
}

interface MessageLike {
  error: (content: string, duration?: number) => unknown;
}

/**
 * Put a service error on the form field it names (mapped through `fieldMap` when the service's name differs
 * from the form's); anything else goes to the message bar. Returns true when the error landed on a field.
 */
export function showCallError(
  error: unknown,
  message: MessageLike,
  form?: FormInstance,
  fields: readonly string[] = [],
  fieldMap: Record<string, string> = {},
): boolean {
  if (form && error instanceof LedgerCallError && error.field) {
    const name = fieldMap[error.field] ?? error.field;
    if (fields.includes(name)) {
      form.setFields([{ name, errors: [error.message] }]);
      form.scrollToField(name, { block: 'nearest' });
      form.focusField(name);
      return true;
    }
  }
  // Losing the server says what happened to the save and to try again later: left up long enough to read.
  message.error(errorText(error), isServerLost(error) ? 12 : 6);
  return false;
}
