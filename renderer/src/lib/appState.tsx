// What the whole window shares: the settings (office, county, operator) shown in the frame, and a data
// version that screens watch to reload after something changed the ledger as a whole (demo data, setup).
import { createContext, useContext } from 'react';
import type { SessionState, SettingsValue } from '../../../shared/api';
import { canUse } from '../../../shared/permissions';

export interface AppState {
  settings: SettingsValue | null;
  setSettings: (value: SettingsValue) => void;
  /** Bumped after demo data or a new county: screens reload what they show. */
  dataVersion: number;
  /** Reload settings and the first-run check, and bump dataVersion. */
  refreshAll: () => Promise<void>;
  /** Who this window is signed in as (multi-user mode) and with which role. */
  session: SessionState | null;
  setSession: (value: SessionState) => void;
}

export const AppStateContext = createContext<AppState>({
  settings: null,
  setSettings: () => undefined,
  dataVersion: 0,
  refreshAll: async () => undefined,
  session: null,
  setSession: () => undefined,
});

export function useAppState(): AppState {
  return useContext(AppStateContext);
}

/**
 * May this window's operator use the channel (with this input, when the role depends on it)? The same
 * table dispatch() enforces (shared/permissions.ts): use it to disable what the role may not use.
 */
export function useCan(): (channel: string, input?: unknown) => boolean {
  const { session } = useAppState();
  return (channel, input) => canUse(session?.role ?? null, channel, input);
}

/** The tooltip of a control the role may not use. */
export const NEEDS_ROLE_HINT: Record<'reviewer' | 'admin', string> = {
  reviewer: '需要审核员或管理员权限',
  admin: '需要管理员权限',
};
