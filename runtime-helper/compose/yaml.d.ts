// js-yaml ships no types; Berth uses only `load`.
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string }): unknown;
}
