import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/domain/errors.js';
import { decodeUtf8, firstInvalidByte } from '../../../src/domain/manifests/utf8.js';

const FILE = 'infra/k8s/overlays/production/kustomization.yaml';
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

describe('firstInvalidByte', () => {
  // [what, bytes, offset of the first invalid byte (the length when valid)]
  it.each([
    ['empty', bytes(), 0],
    ['ASCII', bytes(...ascii('a: b\n')), 5],
    ['é as two bytes', bytes(0x63, 0xc3, 0xa9), 3],
    ['€ as three bytes', bytes(0xe2, 0x82, 0xac), 3],
    ['😀 as four bytes', bytes(0xf0, 0x9f, 0x98, 0x80), 4],
    ['a byte order mark', bytes(0xef, 0xbb, 0xbf, 0x61), 4],
    ['Latin-1 é', bytes(0x63, 0x61, 0x66, 0xe9, 0x0a), 3],
    ['a continuation byte alone', bytes(0x61, 0x80), 1],
    ['a lead byte at the end', bytes(0x61, 0xc3), 1],
    ['a lead byte before ASCII', bytes(0xc3, 0x41), 0],
    ['overlong /', bytes(0xc0, 0xaf), 0],
    ['overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a four-byte form cut short', bytes(0xf0, 0x9f, 0x98, 0x61), 0],
    ['0xFF', bytes(0x61, 0x62, 0xff), 2],
  ])('%s', (_what, input, offset) => {
    expect(firstInvalidByte(input)).toBe(offset);
  });
});

describe('decodeUtf8', () => {
  it('keeps every character, a byte order mark included', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, ...ascii('a: '), 0xc3, 0xa9, 0x0d, 0x0a), FILE)).toBe('\ufeffa: é\r\n');
  });

  it.each([
    // [what, bytes, message]
    ['Latin-1 é on line 3', bytes(...ascii('a: 1\nb: 2\nc: caf'), 0xe9, 0x0a), `${FILE}:3: is not valid UTF-8 (byte 0xe9 at offset 16); save the file as UTF-8`],
    ['0xFF on line 1', bytes(0xff, 0x0a), `${FILE}:1: is not valid UTF-8 (byte 0xff at offset 0); save the file as UTF-8`],
    ['a cut sequence after CRLF lines', bytes(...ascii('a\r\nb\r\n'), 0xe2, 0x82), `${FILE}:3: is not valid UTF-8 (byte 0xe2 at offset 6); save the file as UTF-8`],
  ])('refuses %s with the file and line', (_what, input, message) => {
    let error: unknown;
    try {
      decodeUtf8(input, FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toBe(message);
  });

  it('names an unusual path escaped', () => {
    expect(() => decodeUtf8(bytes(0xe9), 'k8s/\u202e/kustomization.yaml')).toThrow('"k8s/\\u202e/kustomization.yaml":1: is not valid UTF-8');
  });
});
