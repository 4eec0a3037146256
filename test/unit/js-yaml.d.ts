// js-yaml arrives as a dependency of electron-builder without its @types package; the test needs only load().
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
  const yaml: { load: typeof load };
  export default yaml;
}
