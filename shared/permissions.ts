// Who may call which channel. The role of each channel is declared with the channel itself in the contract
// (shared/api*.ts, `.reads(access)` / `.writes(access)`); this module derives the table from it. dispatch()
// checks it for every call at every door, and the renderer reads the same table to disable what the
// signed-in role may not use. A name that is not a channel is treated as 管理员-only.
import { api } from './api';
import type { Access, ChannelAccess } from './channel';
import { OperatorRole } from './enums';

export type { Access, ChannelAccess, InputDependentAccess } from './channel';

export const CHANNEL_ACCESS: Readonly<Record<string, ChannelAccess>> = Object.fromEntries(
  Object.entries(api).map(([name, def]) => [name, def.access]),
);

/** What a channel not in the table requires: the most restrictive role. */
export const UNCLASSIFIED_ACCESS: Access = 'admin';

export function isClassified(channel: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHANNEL_ACCESS, channel);
}

/** The access a call needs; with no input given, the channel's base requirement. */
export function requiredAccess(channel: string, input?: unknown): Access {
  const entry = isClassified(channel) ? CHANNEL_ACCESS[channel] : UNCLASSIFIED_ACCESS;
  if (entry === undefined) return UNCLASSIFIED_ACCESS;
  if (typeof entry === 'string') return entry;
  return input === undefined ? entry.base : entry.forInput(input);
}

function rank(role: OperatorRole): number {
  return OperatorRole.values.indexOf(role);
}

/** Does the access a call needs depend on its input (beyond the channel's base requirement)? */
export function accessDependsOnInput(channel: string): boolean {
  return typeof (isClassified(channel) ? CHANNEL_ACCESS[channel] : UNCLASSIFIED_ACCESS) === 'object';
}

/** Does a session acting as `role` (null: nobody signed in) satisfy `access`? */
export function roleSatisfies(role: OperatorRole | null, access: Access): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'read') return true;
  return rank(role) >= rank(access);
}

/** For the renderer: may this role use the channel (with this input, when the role depends on it)? */
export function canUse(role: OperatorRole | null, channel: string, input?: unknown): boolean {
  return roleSatisfies(role, requiredAccess(channel, input));
}

/** The Chinese name of what an access needs, for messages. */
export function accessLabel(access: Access): string {
  if (access === 'public') return '任何人';
  if (access === 'read') return '已登录的操作员';
  return OperatorRole.label[access];
}
