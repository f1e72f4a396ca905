// How a string value is written into a YAML file so that every reader gets a string back.
// kustomize reads its files with YAML 1.1 habits in places (`newTag: on` fails as a boolean),
// so a plain value must be a string under both YAML 1.2 and YAML 1.1 to stay plain.

import { parse } from 'yaml';

export type QuoteStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';

// Characters that are safe in a plain scalar in block and flow context alike: no indicator
// (`,[]{}#&*!|>'"%@` as first character), no `: ` or ` #`, nothing a flow collection would split on.
const PLAIN_CHARACTERS = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/** True when `value` can be written without quotes and is read back as this very string. */
export function readsAsPlainString(value: string): boolean {
  return PLAIN_CHARACTERS.test(value) && resolvesTo(value, '1.2') && resolvesTo(value, '1.1');
}

/**
 * The source text of `value` in the given style. Single and double quotes are kept as they are;
 * a plain value that would not read back as a string (`1.20`, `true`, `null`, `yes`) is
 * double-quoted instead.
 */
export function formatScalar(value: string, style: QuoteStyle): string {
  if (style === 'QUOTE_SINGLE' && !hasControlCharacter(value)) return `'${value.replace(/'/g, "''")}'`;
  if (style === 'PLAIN' && readsAsPlainString(value)) return value;
  // JSON string syntax is a subset of YAML's double-quoted style (same escapes).
  return JSON.stringify(value);
}

// Single quotes cannot escape anything; such values need double quotes.
function hasControlCharacter(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function resolvesTo(value: string, version: '1.1' | '1.2'): boolean {
  try {
    return parse(value, { version }) === value;
  } catch {
    return false;
  }
}
