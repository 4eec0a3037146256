// Type-to-filter in every drop-down list with fixed options: 中 or zy finds 中央, xsc finds 新桑村. The rule is
// shared/pinyin.ts's matchesTyped (the project search's initials); it is the app-wide default of antd's
// Select (main.tsx's ConfigProvider), so a Select with fixed options needs no search prop of its own. Lists
// searched by the service (项目, 文号) pass their own showSearch with filterOption false.
import type { SelectProps } from 'antd';
import type { ReactNode } from 'react';
import { matchesTyped } from '../../../shared/pinyin';

interface SearchableOption {
  label?: ReactNode;
  /** A division's or unit's code, also matched. */
  code?: unknown;
  /** Other text the option is found by, when its label is not plain text. */
  searchText?: unknown;
}

/** The texts an option is found by: its label when it is text, its code and its searchText. */
export function optionSearchTexts(option: SearchableOption | undefined): string[] {
  if (!option) return [];
  return [option.label, option.code, option.searchText].filter((t): t is string | number => typeof t === 'string' || typeof t === 'number').map(String);
}

export function optionMatchesTyped(typed: string, option: SearchableOption | undefined): boolean {
  return optionSearchTexts(option).some((text) => matchesTyped(text, typed));
}

/** antd Select's showSearch for lists with fixed options. */
export const fixedOptionsSearch: NonNullable<SelectProps['showSearch']> = { filterOption: optionMatchesTyped };
