// Files the action edits are UTF-8 and are written back byte for byte, apart from the values it
// pins. Decoding anything else would replace the bytes it cannot read with U+FFFD, and the
// "minimal" edit would rewrite them: such a file is refused instead, at its first bad byte.

import { ManifestError } from '../errors.js';
import { pathForMessage } from './kustomize-edit.js';

/** The text of a UTF-8 file (`file`, repository-relative, names it in the refusal); a byte order mark stays part of the text, so it is written back. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const line = 1 + bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length;
    const shown = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    throw new ManifestError(pathForMessage(file), line, `is not valid UTF-8 (byte 0x${shown} at offset ${offset}); save the file as UTF-8`);
  }
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (the Unicode
 * standard's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or the
 * length when every sequence is complete.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** Length of the well-formed sequence starting at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  // Allowed range of the second byte for each lead byte; later bytes are always 0x80–0xBF.
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  const second = bytes[i + 1];
  if (second === undefined || second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k];
    if (next === undefined || next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
