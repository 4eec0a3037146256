// One channel of the API contract, declared once: its zod input schema, its result (a phantom type), the
// role it needs and whether it changes the ledger. Everything else is derived from these declarations: the
// role table dispatch() checks (shared/permissions.ts), the renderer's enabled/disabled buttons, the audit
// test's list of writes. A declaration cannot be finished without `.reads(access)` or `.writes(access)`, so
// the compiler, not a test, refuses a channel with no role. Kept apart from shared/api.ts so each area's
// contract module (api-import.ts, api-export.ts, …) can build channels that api.ts then lists, without an
// import cycle.
import type { z } from 'zod';
import type { OperatorRole } from './enums';

/**
 * public: anyone, even before signing in (the sign-in itself); read: any signed-in operator;
 * clerk/reviewer/admin: that role or a higher one.
 */
export type Access = 'public' | 'read' | OperatorRole;

/** A channel whose required role depends on what is asked (e.g. 销号 is a finding step only 审核员 may take). */
export interface InputDependentAccess {
  base: Access;
  forInput(input: unknown): Access;
}

export type ChannelAccess = Access | InputDependentAccess;

/** 'write': the channel changes the ledger and leaves audit rows; 'read': it changes nothing in the ledger. */
export type ChannelEffect = 'read' | 'write';

export interface ChannelDef<I extends z.ZodType, R> {
  input: I;
  access: ChannelAccess;
  effect: ChannelEffect;
  /** Phantom: carries the result type only. */
  readonly result?: R;
}

export function channel<I extends z.ZodType>(input: I) {
  return {
    returns: <R>() => ({
      /** Changes nothing in the ledger (files written for the user, such as exports, count as reads). */
      reads: (access: ChannelAccess): ChannelDef<I, R> => ({ input, access, effect: 'read' }),
      /** Changes the ledger: the service writes its audit rows in the same transaction. */
      writes: (access: ChannelAccess): ChannelDef<I, R> => ({ input, access, effect: 'write' }),
    }),
  };
}

/** The access of a channel whose role depends on its input. */
export function accessByInput(base: Access, forInput: (input: unknown) => Access): InputDependentAccess {
  return { base, forInput };
}

/** A field of a not-yet-parsed input, for `accessByInput`. */
export function inputField(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}
