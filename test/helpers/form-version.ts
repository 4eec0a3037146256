// Tests drive the update channels as a clerk does from a form: the form was opened just before the save, so the
// save names the version of the row as stored then (issue 16: an update must name the version it saw). A test
// that names a version itself (the stale-save tests) keeps it.
import type { ServiceContext } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';

/** The update channels that carry the version, the channel that opens their record and the input's id key. */
const OPENED_BY: Readonly<Record<string, { get: string; idKey: string }>> = {
  'projects.update': { get: 'projects.get', idKey: 'id' },
  'allocations.update': { get: 'allocations.get', idKey: 'id' },
  'allocationSplits.set': { get: 'allocations.get', idKey: 'allocationId' },
  'payments.update': { get: 'payments.get', idKey: 'id' },
  'assets.update': { get: 'assets.get', idKey: 'id' },
  'inspections.update': { get: 'inspections.get', idKey: 'id' },
  'findings.update': { get: 'findings.get', idKey: 'id' },
  'findings.progress': { get: 'findings.get', idKey: 'id' },
  'bulletins.update': { get: 'bulletins.get', idKey: 'id' },
  'bulletins.issue': { get: 'bulletins.get', idKey: 'id' },
};

/**
 * `input` with the version of its row as the form would have loaded it (unchanged when it names one, or the
 * channel has none). A row that cannot be read (gone, or a made-up id) is named at version 1, as a form opened
 * before it went, so the test sees the service's own answer about it.
 */
export async function asFromForm(ctx: ServiceContext, channel: string, input: unknown): Promise<unknown> {
  const opener = OPENED_BY[channel];
  if (!opener || typeof input !== 'object' || input === null || 'version' in input) return input;
  const id = (input as Record<string, unknown>)[opener.idKey];
  const loaded = typeof id === 'number' ? await dispatch(ctx, opener.get, { id }) : null;
  const version = loaded?.ok ? (loaded.value as { version: number }).version : 1;
  return { ...input, version };
}

/** dispatch as from a form opened just now (see asFromForm). */
export async function dispatchFromForm(ctx: ServiceContext, channel: string, input?: unknown): ReturnType<typeof dispatch> {
  return dispatch(ctx, channel, await asFromForm(ctx, channel, input));
}
