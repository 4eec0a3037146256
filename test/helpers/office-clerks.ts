// Several clerks on one ledger, each a named operator signed in on a door of their own, as on the office server
// where sign-in is required (issue 16): the concurrency tests and the load test act through them.
import { withSession } from '../../electron/ledger/operators/service';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';

export const CLERK_PASSWORD = 'clerk-pass-2026';

async function ok(ctx: ServiceContext, channel: string, input: unknown): Promise<void> {
  const res = await dispatch(ctx, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
}

/**
 * A function that signs `name` in on a new door (`ledger` for each, e.g. a context on a pool of its own): the
 * first clerk turns 多人模式 on as its 管理员 (on the server: is its first 管理员), the next ones are created by the first (as 管理员, so any channel
 * is theirs) and sign in. The answer is the signed-in door.
 */
export function signedInClerks(ledger: () => ServiceContext): (name: string) => Promise<ServiceContext> {
  let first: ServiceContext | null = null;
  return async (name) => {
    const door = withSession(ledger(), newSessionSlot());
    if (first === null) {
      // The office server is always multi-user: its first 管理员 is created from the sign-in screen.
      if (door.port) await ok(door, 'session.createFirstAdmin', { name, password: CLERK_PASSWORD });
      else await ok(door, 'operators.setMultiUser', { enabled: true, adminName: name, password: CLERK_PASSWORD });
      first = door;
      return door;
    }
    await ok(first, 'operators.create', { name, role: 'admin', password: CLERK_PASSWORD });
    await ok(door, 'session.signIn', { name, password: CLERK_PASSWORD });
    return door;
  };
}
