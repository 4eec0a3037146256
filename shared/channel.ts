// One channel of the API contract: a zod input schema and, as a phantom type, its result. Kept apart from
// shared/api.ts so each area's contract module (api-import.ts, api-export.ts, …) can build channels that
// api.ts then lists, without an import cycle.
import type { z } from 'zod';

export interface ChannelDef<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  readonly result?: R;
}

export function channel<I extends z.ZodType>(input: I) {
  return { returns: <R>(): ChannelDef<I, R> => ({ input }) };
}
