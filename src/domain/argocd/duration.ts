// Durations as a workflow author writes them for `wait-timeout`: `10m`, `90s`, `1h30m`,
// `500ms`. Whole numbers of ms, s, m and h, largest unit first, each unit at most once.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not such a duration (or is zero). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_RE.exec(text);
  if (match === null || text === '') return undefined;
  const [, h, m, s, ms] = match;
  const total = [
    [h, UNIT_MS.h],
    [m, UNIT_MS.m],
    [s, UNIT_MS.s],
    [ms, UNIT_MS.ms],
  ].reduce((sum, [count, unit]) => sum + (count === undefined ? 0 : Number(count) * Number(unit)), 0);
  return total > 0 ? total : undefined;
}

/** The largest units that divide the value exactly: 600000 -> `10m`, 1500 -> `1s500ms`. */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms);
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? '0ms' : parts.join('');
}
