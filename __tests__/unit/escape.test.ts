import { describe, expect, it } from 'vitest';
import { jsonForLog, quote } from '../../src/domain/escape.js';

describe('quote', () => {
  // [value, as shown]
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    // One line, whatever the value holds.
    ['a\nb\r\nc', '"a\\nb\\r\\nc"'],
    ['tab\there', '"tab\\there"'],
    ['nul\u0000esc\u001b[31m', '"nul\\u0000esc\\u001b[31m"'],
    ['del\u007f c1\u0085', '"del\\u007f c1\\u0085"'],
    ['line\u2028para\u2029', '"line\\u2028para\\u2029"'],
    // Look-alikes, bidirectional overrides and zero-width characters are made visible.
    ['gh\u0441r.io', '"gh\\u0441r.io"'],
    ['ghcr.i\u03bf', '"ghcr.i\\u03bf"'],
    ['abc\u202edef', '"abc\\u202edef"'],
    ['zero\u200bwidth', '"zero\\u200bwidth"'],
    ['caf\u00e9', '"caf\\u00e9"'],
    ['\u{1f600}', '"\\ud83d\\ude00"'],
    // Workflow commands: `::name::` (start of a line) and `##[name]` (anywhere in a line).
    ['::add-mask::x', '":\\u003aadd-mask:\\u003ax"'],
    [':::stop-commands::', '":\\u003a:stop-commands:\\u003a"'],
    ['%0A::error::pwned', '"%0A:\\u003aerror:\\u003apwned"'],
    ['x ##[error]pwned', '"x ##\\u005berror]pwned"'],
    ['###[add-mask]x', '"###\\u005badd-mask]x"'],
    ['[::1]:5000', '"[:\\u003a1]:5000"'],
  ])('%j -> %s', (value, shown) => {
    expect(quote(value)).toBe(shown);
  });

  it('cuts long values and says so outside the quotes', () => {
    expect(quote('abcdef', 3)).toBe('"abc"...');
    expect(quote('abc', 3)).toBe('"abc"');
    expect(quote('x'.repeat(201))).toBe(`"${'x'.repeat(200)}"...`);
  });

  it('is always one line of printable ASCII without command markers', () => {
    const nasty = ['\u0000', '\n', '\r', ':', '#', '[', ']', '%', '"', '\\', '\u0085', '\u2028', '\u202e', 'é', '\u{1f600}', 'a'];
    for (let i = 0; i < 2000; i++) {
      // A deterministic mix of the characters above.
      const value = Array.from({ length: (i % 13) + 1 }, (_, k) => nasty[(i * 7 + k * 5 + (i >> 3)) % nasty.length]).join('');
      const shown = quote(value);
      expect(shown).toMatch(/^[\x20-\x7e]*$/);
      expect(shown).not.toContain('::');
      expect(shown).not.toContain('##[');
      expect(JSON.parse(shown.replace(/\\u003a/g, ':').replace(/\\u005b/g, '['))).toBe(value);
    }
  });
});

describe('jsonForLog', () => {
  it('is the indented JSON of the value, with markers and non-ASCII escaped inside strings', () => {
    const value = { refName: 'x ##[error]pwned', args: ['::add-mask::y', 'caf\u00e9'], 'k:': [':', 1, null] };
    const shown = jsonForLog(value);
    expect(shown).toBe(
      [
        '{',
        '  "refName": "x ##\\u005berror]pwned",',
        '  "args": [',
        '    ":\\u003aadd-mask:\\u003ay",',
        '    "caf\\u00e9"',
        '  ],',
        '  "k:": [',
        '    ":",',
        '    1,',
        '    null',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(JSON.parse(shown)).toEqual(value);
  });

  it('keeps every line free of command markers', () => {
    const shown = jsonForLog({ a: ['::x::', '##[y]', 'line\nbreak'], b: { '::c': '##[d' } });
    for (const line of shown.split('\n')) {
      expect(line.trimStart().startsWith('::')).toBe(false);
      expect(line).not.toContain('##[');
    }
  });
});
