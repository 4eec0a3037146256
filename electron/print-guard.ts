// One system print dialog at a time (print.ts). Ctrl+P pressed again while the dialog is open must not open a
// second one: a request while one is pending is ignored (answers `busy` without running). The hooks lock
// and unlock the main window around the dialog, so it behaves as modal. Plain Node, tested without Electron.
export interface PrintGuardHooks {
  /** Before the dialog opens (e.g. disable the main window). */
  onStart?(): void;
  /** After it closed, however it ended (re-enable and focus the main window). */
  onEnd?(): void;
}

export interface PrintGuard {
  /** Runs `task` unless one is pending; then resolves `busy` at once and `task` never runs. */
  run<T>(task: () => Promise<T>, busy: T): Promise<T>;
  readonly pending: boolean;
}

export function createPrintGuard(hooks: PrintGuardHooks = {}): PrintGuard {
  let pending = false;
  return {
    get pending() {
      return pending;
    },
    async run<T>(task: () => Promise<T>, busy: T): Promise<T> {
      if (pending) return busy;
      pending = true;
      try {
        hooks.onStart?.();
        return await task();
      } finally {
        pending = false;
        hooks.onEnd?.();
      }
    },
  };
}
