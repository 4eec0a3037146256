// Hash navigation (#/home, #/divisions, #/divisions/units, #/settings): a reload keeps the screen, and the
// same address works from file:// in Electron and from the browser-mode bridge.
import { useEffect, useState } from 'react';

export const SCREENS = ['home', 'projects', 'funds', 'assets', 'supervision', 'bulletins', 'import', 'divisions', 'audit', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLE: Record<Screen, string> = {
  home: '首页',
  projects: '项目库',
  funds: '资金',
  assets: '资产',
  supervision: '督导检查与问题整改',
  bulletins: '简报',
  import: '导入',
  divisions: '区划与单位',
  audit: '审计日志',
  settings: '设置',
};

export interface Route {
  screen: Screen;
  /** What follows the screen in the address, e.g. "units" in #/divisions/units. */
  sub: string;
}

function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const screen = SCREENS.find((s) => s === parts[0]) ?? 'home';
  return { screen, sub: screen === parts[0] ? (parts[1] ?? '') : '' };
}

export function navigate(screen: Screen, sub = ''): void {
  const target = `#/${screen}${sub ? `/${sub}` : ''}`;
  if (window.location.hash !== target) window.location.hash = target;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    if (!window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/home`);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
