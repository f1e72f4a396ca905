// Durations as workflow authors write them (`10m`, `1h30m`, `3d`, `500ms`): whole numbers of
// units, largest unit first, each unit at most once. Each input names the units it takes and
// checks its own bounds; this file only reads and writes the notation.

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
export type DurationUnit = keyof typeof UNIT_MS;
/** Largest first: the order a duration is written in. */
const UNITS = Object.keys(UNIT_MS) as DurationUnit[];

/** Milliseconds of `text` written in `units` (zero included), or undefined when it is not such a duration. */
export function parseDuration(text: string, units: readonly DurationUnit[]): number | undefined {
  const used = UNITS.filter((unit) => units.includes(unit));
  // `m(?!s)`: the `m` of `500ms` is not minutes.
  const match = new RegExp(`^${used.map((unit) => `(?:(\\d+)${unit === 'm' ? 'm(?!s)' : unit})?`).join('')}$`).exec(text);
  if (match === null || text === '') return undefined;
  const total = used.reduce((sum, unit, index) => sum + Number(match[index + 1] ?? 0) * UNIT_MS[unit], 0);
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Back in the notation, with the largest units that divide the value exactly: 600000 -> `10m`, 1500 -> `1s500ms`. */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms);
  const parts: string[] = [];
  for (const unit of UNITS) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * UNIT_MS[unit];
  }
  return parts.length === 0 ? '0ms' : parts.join('');
}

/** For people, the largest two units rounded down: `2 d 3 h`, `5 h 4 min`, `12 min`, `40 s`. */
export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'min'],
    [seconds % 60, 's'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first < 0) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value} ${unit}`)
    .join(' ');
}
