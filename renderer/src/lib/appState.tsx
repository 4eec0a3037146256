// What the whole window shares: the settings (office, county, operator) shown in the frame, and a data
// version that screens watch to reload after something changed the ledger as a whole (demo data, setup).
import { createContext, useContext } from 'react';
import type { SettingsValue } from '../../../shared/api';

export interface AppState {
  settings: SettingsValue | null;
  setSettings: (value: SettingsValue) => void;
  /** Bumped after demo data or a new county: screens reload what they show. */
  dataVersion: number;
  /** Reload settings and the first-run check, and bump dataVersion. */
  refreshAll: () => Promise<void>;
}

export const AppStateContext = createContext<AppState>({
  settings: null,
  setSettings: () => undefined,
  dataVersion: 0,
  refreshAll: async () => undefined,
});

export function useAppState(): AppState {
  return useContext(AppStateContext);
}
