import { describe, expect, it } from 'vitest';
import { describeDuration, formatDuration, parseDuration, type DurationUnit } from '../../src/domain/duration.js';

const WAIT: DurationUnit[] = ['h', 'm', 's', 'ms'];
const AGE: DurationUnit[] = ['d', 'h', 'm', 's'];

describe('parseDuration', () => {
  it.each<[string, DurationUnit[], number]>([
    ['10m', WAIT, 600_000],
    ['90s', WAIT, 90_000],
    ['1h30m', WAIT, 5_400_000],
    ['1m30s', WAIT, 90_000],
    ['500ms', WAIT, 500],
    ['2s250ms', WAIT, 2_250],
    ['6h', WAIT, 21_600_000],
    ['0s', WAIT, 0],
    ['72h', AGE, 259_200_000],
    ['3d', AGE, 259_200_000],
    ['90m', AGE, 5_400_000],
    ['45s', AGE, 45_000],
    ['1d12h', AGE, 129_600_000],
    ['0h', AGE, 0],
  ])('%s in %j is %d ms', (text, units, ms) => {
    expect(parseDuration(text, units)).toBe(ms);
  });

  it.each<[string, DurationUnit[]]>([
    ['', WAIT],
    ['10', WAIT],
    ['1.5m', WAIT],
    ['-1m', WAIT],
    ['30s1m', WAIT],
    ['1m1m', WAIT],
    ['10 m', WAIT],
    ['ten minutes', WAIT],
    ['1d', WAIT],
    ['5M', WAIT],
    ['72', AGE],
    ['h', AGE],
    ['72 h', AGE],
    ['72H', AGE],
    ['3w', AGE],
    ['1h 30m', AGE],
    ['72hours', AGE],
    ['500ms', AGE],
    ['9'.repeat(20) + 'd', AGE],
  ])('%j in %j is not a duration', (text, units) => {
    expect(parseDuration(text, units)).toBeUndefined();
  });
});

describe('formatDuration: the notation back', () => {
  it.each([
    [600_000, '10m'],
    [1_500, '1s500ms'],
    [5_400_000, '1h30m'],
    [0, '0ms'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('describeDuration: for people', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [40_000, '40 s'],
    [720_000, '12 min'],
    [18_240_000, '5 h 4 min'],
    [183_600_000, '2 d 3 h'],
    [172_800_000, '2 d'],
    [3_605_000, '1 h'],
    [-5000, '0 s'],
  ])('%i ms reads %j', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
