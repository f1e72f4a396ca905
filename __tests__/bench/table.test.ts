// The arithmetic and layout behind `npm run bench`'s table: expected values written by hand.

import { describe, expect, it } from 'vitest';
import { describeMachine, formatDuration, formatRatio, formatSpeedup, markdownTable, median } from '../../bench/lib/table.mjs';

describe('median', () => {
  it.each([
    { samples: [7], expected: 7 },
    { samples: [300, 100, 200], expected: 200 },
    { samples: [4, 1, 3, 2], expected: 2.5 },
    { samples: [5, 5, 900, 5, 1], expected: 5 },
  ])('of $samples is $expected', ({ samples, expected }) => {
    expect(median(samples)).toBe(expected);
  });

  it('leaves the samples in their order', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples', () => {
    expect(() => median([])).toThrow('median of no samples');
  });
});

describe('figures', () => {
  it.each([
    { ms: 0.4, expected: '0 ms' },
    { ms: 99.6, expected: '100 ms' },
    { ms: 9_999, expected: '9999 ms' },
    { ms: 10_000, expected: '10.0 s' },
    { ms: 61_260, expected: '61.3 s' },
    { ms: Number.NaN, expected: '—' },
  ])('$ms ms reads $expected', ({ ms, expected }) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    { ours: 600, theirs: 1000, ratio: '0.60×', speedup: '1.7× faster' },
    { ours: 250, theirs: 1000, ratio: '0.25×', speedup: '4.0× faster' },
    { ours: 1200, theirs: 1000, ratio: '1.20×', speedup: '0.8× faster' },
    { ours: 0, theirs: 1000, ratio: '0.00×', speedup: '—' },
    { ours: 1000, theirs: 0, ratio: '—', speedup: '0.0× faster' },
    { ours: Number.NaN, theirs: 1000, ratio: '—', speedup: '—' },
  ])('$ours against $theirs: $ratio, $speedup', ({ ours, theirs, ratio, speedup }) => {
    expect(formatRatio(ours, theirs)).toBe(ratio);
    expect(formatSpeedup(ours, theirs)).toBe(speedup);
  });
});

describe('markdownTable', () => {
  it('writes the header, the separator and one line per row', () => {
    expect(
      markdownTable(
        ['Measure', 'Ours'],
        [
          ['Start-up', '42 ms'],
          ['8 at once', '0.55×'],
        ],
      ),
    ).toBe(['| Measure | Ours |', '| --- | --- |', '| Start-up | 42 ms |', '| 8 at once | 0.55× |'].join('\n'));
  });

  it('escapes a pipe inside a cell', () => {
    expect(markdownTable(['a'], [['x | y']])).toBe('| a |\n| --- |\n| x \\| y |');
  });

  it('refuses a row whose width is not the header’s', () => {
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow('a row has 1 cells, the header 2');
  });
});

describe('describeMachine', () => {
  it('names the CPU, the cores, Node and the platform', () => {
    expect(describeMachine({ cpuModel: '  Intel(R) Xeon(R) Processor ', cores: 2, node: 'v20.20.2', platform: 'linux x64' })).toBe(
      'Intel(R) Xeon(R) Processor, 2 cores, Node v20.20.2, linux x64',
    );
    expect(describeMachine({ cpuModel: 'Apple M2', cores: 1, node: 'v24.1.0', platform: 'darwin arm64' })).toBe('Apple M2, 1 core, Node v24.1.0, darwin arm64');
  });
});
