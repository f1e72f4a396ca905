// Values from inputs and the event payload are hostile until shown otherwise. Everything the
// action prints of them goes through `quote` (or `jsonForLog` for whole objects), which makes
// JSON-escaped, printable ASCII text that cannot start a workflow command or spread a value
// over several log lines.

/**
 * JSON string syntax, with everything outside printable ASCII escaped (look-alike letters such
 * as a Cyrillic `с` in `ghсr.io`, bidirectional overrides and zero-width characters become
 * visible as \uXXXX) and the two workflow command markers broken up: `::`, which starts a
 * command at the beginning of a line, and `##[`, which the runner reads anywhere in a line.
 * Longer values are cut to `max` characters, marked by `...` after the closing quote.
 */
export function quote(value: string, max = 200): string {
  const cut = value.length > max;
  const escaped = escapeJsonForLog(JSON.stringify(cut ? value.slice(0, max) : value));
  return cut ? `${escaped}...` : escaped;
}

/**
 * Indented JSON of `value` for the log, escaped like `quote` and still valid JSON. Outside its
 * strings JSON text never holds `::` or `##[`, so only string contents are affected.
 */
export function jsonForLog(value: unknown): string {
  return escapeJsonForLog(JSON.stringify(value, null, 2) ?? 'null');
}

function escapeJsonForLog(json: string): string {
  return json
    .replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/::/g, ':\\u003a')
    .replace(/##\[/g, '##\\u005b');
}
