// The arithmetic and layout of `npm run bench`: medians of repeated runs, the ratios between two
// ways of doing one thing, and the Markdown table the README shows. No clock, no processes.

/** The middle value of the samples (the mean of the two middle ones for an even count). */
export function median(samples) {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds as people read them: `850 ms` below ten seconds, `12.4 s` from there on. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `ours / theirs` as `0.42×`; '—' when either is missing or the divisor is zero. */
export function formatRatio(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return '—';
  return `${(ours / theirs).toFixed(2)}×`;
}

/** `theirs / ours` as `3.1× faster` (or `0.8× faster`, which reads as slower on purpose). */
export function formatSpeedup(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || ours === 0) return '—';
  return `${(theirs / ours).toFixed(1)}× faster`;
}

/**
 * A Markdown table: a header row, the separator, one row per entry. Cells are strings; a pipe
 * inside a cell is escaped so that it cannot split the cell.
 */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`a row has ${row.length} cells, the header ${header.length}`);
  }
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The machine a table was measured on, for the line under it. */
export function describeMachine({ cpuModel, cores, node, platform }) {
  return `${cpuModel.trim()}, ${cores} ${cores === 1 ? 'core' : 'cores'}, Node ${node}, ${platform}`;
}
