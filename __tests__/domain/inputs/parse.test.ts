import { describe, expect, it } from 'vitest';
import { hideUserinfo } from '../../../src/domain/inputs/parse.js';

describe('hideUserinfo', () => {
  it.each([
    ['ghcr.io/ftmo/api', 'ghcr.io/ftmo/api'],
    ['user@ghcr.io/ftmo/api', '***@ghcr.io/ftmo/api'],
    ['user:pa@ss@ghcr.io/ftmo/api', '***@ghcr.io/ftmo/api'],
    ['https://user:pw@example.com/x@y', 'https://***@example.com/x@y'],
    ['https://example.com/x@y', 'https://example.com/x@y'],
    ['HTTP://token@127.0.0.1:8080', 'HTTP://***@127.0.0.1:8080'],
    ['owner/name', 'owner/name'],
    ['', ''],
  ])('%j -> %j', (value, shown) => {
    expect(hideUserinfo(value)).toBe(shown);
  });
});
