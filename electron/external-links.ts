// shell.openExternal is only ever given an https address the app itself wrote down here: never a URL that
// came from page content, a file being imported, or the ledger's data. main.ts asks isAllowedExternalUrl()
// when the page tries to open a new window or navigate away, and opens an allowed address in the system
// browser instead (the app's own window never shows a remote page).

/** The addresses the app links to, exactly (compared after URL normalisation). */
export const APP_EXTERNAL_LINKS: readonly string[] = [
  // 农业农村部（国家乡村振兴局职能已并入）: policy documents the office follows.
  'https://www.moa.gov.cn/',
];

/** An https URL with no user name, password or unusual port, that the allow-list names exactly. */
export function isAllowedExternalUrl(url: string, allowList: readonly string[] = APP_EXTERNAL_LINKS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  return allowList.some((allowed) => {
    try {
      return new URL(allowed).href === parsed.href;
    } catch {
      return false;
    }
  });
}
