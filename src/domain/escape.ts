// Values from inputs and the event payload are hostile until shown otherwise. Everything the
// action prints of them goes through `quote`, which makes one line of JSON-escaped text that
// cannot start a workflow command (`::...::`) or spread over several log lines.

/** JSON string syntax, with `::` broken up so the runner never reads it as a command. */
export function quote(value: string, max = 200): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut)
    .replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/::/g, ':\\u003a');
}
