import { describe, expect, it } from 'vitest';
import { pushRetryDelay } from '../../../src/domain/manifests/push-backoff.js';

describe('pushRetryDelay', () => {
  // [rejections in a row, length of one attempt (ms), random, expected delay (ms)]
  const cases: [number, number, number, number][] = [
    // an eighth of an attempt is the bound: 400 ms attempt -> bound 50 -> 25..50
    [1, 400, 0, 25],
    [1, 400, 0.5, 38],
    [1, 400, 0.999, 50],
    // doubles per further rejection
    [2, 400, 0, 50],
    [3, 400, 0, 100],
    // very fast attempts still get the floor of 10 ms
    [1, 16, 0, 5],
    [1, 0, 1, 10],
    // slow attempts and long streaks stop at a quarter of a second
    [1, 20_000, 1, 250],
    [4, 400, 0, 125],
    [1000, 400, 1, 250],
    // a clock that went backwards counts as no time
    [1, -50, 0, 5],
  ];
  for (const [rejections, attemptMs, random, expected] of cases) {
    it(`${rejections} rejection(s), ${attemptMs} ms attempt, random ${random} -> ${expected} ms`, () => {
      expect(pushRetryDelay(rejections, attemptMs, () => random)).toBe(expected);
    });
  }
});
