// Values from inputs, the event payload and tools' reports are hostile until shown otherwise.
// Everything the action prints of them goes through `quote` (or `jsonForLog` for whole objects),
// which makes JSON-escaped, printable ASCII text that cannot start a workflow command or spread a
// value over several log lines. Longer texts that keep their lines (error messages with a tool's
// output, the job summary) go through `escapeInvisible`. Both write a character they escape the
// same way, as `\uXXXX`.

/**
 * Characters that change how the text around them reads without being seen themselves: C0 and
 * C1 controls, the line and paragraph separators, the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069) and the zero-width characters (U+200B–U+200D, U+2060,
 * U+FEFF). Line feeds, tabs and the carriage return of a CRLF are layout, and are kept.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** `c` (one UTF-16 code unit) as the JSON escape `\uXXXX`. */
function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text with every invisible character (see INVISIBLE) written as `\uXXXX`; lines are kept. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, unicodeEscape);
}

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
    .replace(/[^\x20-\x7e\n]/g, unicodeEscape)
    .replace(/::/g, ':\\u003a')
    .replace(/##\[/g, '##\\u005b');
}

/**
 * A command line for the log: each argument quoted (so none can issue a workflow command or
 * hide in another), and the user information of a URL (`https://user:token@host`) written as
 * `***`. Secrets never belong on a command line; this keeps one that slipped in out of the log.
 */
export function commandLine(command: string, args: string[]): string {
  return [command, ...args].map((arg) => quote(arg.replace(URL_USERINFO, '$1***@'), 1000)).join(' ');
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;
