// The money unit a form shows (元 or 万元). `unit` renders the suffix and the switch; `now()` is the unit at
// the moment a rule or a save runs, which may be before React renders the switch's change (the switch
// converts the typed text and re-validates in the same tick).
import { useCallback, useMemo, useRef, useState } from 'react';
import type { MoneyUnit } from '../../../shared/money';

export interface MoneyUnitState {
  unit: MoneyUnit;
  now(): MoneyUnit;
  set(next: MoneyUnit): void;
}

export function useMoneyUnit(initial: MoneyUnit): MoneyUnitState {
  const [unit, setUnit] = useState<MoneyUnit>(initial);
  const current = useRef<MoneyUnit>(initial);
  const now = useCallback(() => current.current, []);
  const set = useCallback((next: MoneyUnit) => {
    current.current = next;
    setUnit(next);
  }, []);
  return useMemo(() => ({ unit, now, set }), [unit, now, set]);
}
