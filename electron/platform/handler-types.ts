// The shape of a channel's handler. Each area may keep its part of the table in its own module
// (e.g. `export const importHandlers: HandlerSubset<'import.open' | …>`) that handlers.ts spreads in.
import type { Channel, ChannelParsedInput, ChannelResult } from '../../shared/api';
import type { ServiceContext } from './context';

export type Handler<C extends Channel> = (
  ctx: ServiceContext,
  input: ChannelParsedInput<C>,
) => ChannelResult<C> | Promise<ChannelResult<C>>;

export type HandlerTable = { [C in Channel]: Handler<C> };

/** Part of the table: the handlers of some channels. */
export type HandlerSubset<K extends Channel> = { [C in K]: Handler<C> };
