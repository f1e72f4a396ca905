// Durations as workflow authors write them for `trivy-db-max-age`: Go-style units summed
// (`72h`, `1h30m`, `3d`), and the age of a DB written back for people (`3 h 12 min`).

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const DURATION_RE = /^(?:[0-9]+[dhms])+$/;

/** Milliseconds of `text` (`72h`, `1h30m`, `3d`, `90m`), or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const [, amount = '', unit = ''] of text.matchAll(/([0-9]+)([dhms])/g)) {
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** The largest two units of `ms`, rounded down: `2 d 3 h`, `5 h 4 min`, `12 min`, `40 s`. */
export function formatDuration(ms: number): string {
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
