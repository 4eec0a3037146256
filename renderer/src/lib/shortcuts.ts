// Keyboard shortcuts of the office application: Ctrl+S saves the form in front (an open modal before the
// screen under it), Ctrl+F goes to the search box of the screen. The most recently activated handler wins.
import { useEffect, useRef } from 'react';

export type ShortcutKey = 's' | 'f';

interface Entry {
  key: ShortcutKey;
  run: { current: () => void };
}

const stack: Entry[] = [];
let listening = false;

function onKeyDown(event: KeyboardEvent): void {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
  const key = event.key.toLowerCase();
  if (key !== 's' && key !== 'f') return;
  // Ctrl+S never opens the browser's "save page" dialog, even when there is nothing to save here.
  if (key === 's') event.preventDefault();
  for (let i = stack.length - 1; i >= 0; i -= 1) {
    const entry = stack[i];
    if (entry && entry.key === key) {
      event.preventDefault();
      entry.run.current();
      return;
    }
  }
}

/** Register `handler` for Ctrl+`key` while `enabled`. */
export function useShortcut(key: ShortcutKey, handler: () => void, enabled = true): void {
  const run = useRef(handler);
  useEffect(() => {
    run.current = handler;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    if (!listening) {
      window.addEventListener('keydown', onKeyDown);
      listening = true;
    }
    const entry: Entry = { key, run };
    stack.push(entry);
    return () => {
      const index = stack.indexOf(entry);
      if (index >= 0) stack.splice(index, 1);
    };
  }, [key, enabled]);
}

/**
 * Enter moves to the next field of a form, and submits it from the last one. Chinese input methods use
 * Enter to confirm a candidate: those key presses (isComposing) are left alone, as are text areas,
 * buttons and an open drop-down list. Attach it as the form's onKeyDownCapture, so it runs before the
 * field's own handling of Enter.
 */
export function enterMovesToNext(submit: () => void) {
  return (event: React.KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.getAttribute('aria-expanded') === 'true') return;
    const fields = Array.from(event.currentTarget.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')).filter(
      (el) =>
        !el.disabled &&
        el.type !== 'hidden' &&
        el.type !== 'file' &&
        (!el.readOnly || el.closest('.ant-select') !== null) &&
        el.getClientRects().length > 0,
    );
    event.preventDefault();
    // A closed drop-down would open on Enter; here Enter moves on (ArrowDown or typing opens the list).
    if (target.closest('.ant-select')) event.stopPropagation();
    const next = fields[fields.indexOf(target) + 1];
    if (next) {
      next.focus();
      if (next instanceof HTMLInputElement && (next.type === 'text' || next.type === '' || next.type === 'search')) next.select();
    } else {
      submit();
    }
  };
}
