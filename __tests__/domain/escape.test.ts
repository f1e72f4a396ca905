import { describe, expect, it } from 'vitest';
import { commandLine, escapeInvisible, jsonForLog, quote } from '../../src/domain/escape.js';

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

describe('escapeInvisible', () => {
  // [what, text, as shown]
  it.each([
    // Bidirectional controls.
    ['ARABIC LETTER MARK', 'a\u061cb', 'a\\u061cb'],
    ['LEFT-TO-RIGHT MARK', 'a\u200eb', 'a\\u200eb'],
    ['RIGHT-TO-LEFT MARK', 'a\u200fb', 'a\\u200fb'],
    ['LEFT-TO-RIGHT EMBEDDING', 'a\u202ab', 'a\\u202ab'],
    ['RIGHT-TO-LEFT EMBEDDING', 'a\u202bb', 'a\\u202bb'],
    ['POP DIRECTIONAL FORMATTING', 'a\u202cb', 'a\\u202cb'],
    ['LEFT-TO-RIGHT OVERRIDE', 'a\u202db', 'a\\u202db'],
    ['RIGHT-TO-LEFT OVERRIDE', 'a\u202eb', 'a\\u202eb'],
    ['LEFT-TO-RIGHT ISOLATE', 'a\u2066b', 'a\\u2066b'],
    ['RIGHT-TO-LEFT ISOLATE', 'a\u2067b', 'a\\u2067b'],
    ['FIRST STRONG ISOLATE', 'a\u2068b', 'a\\u2068b'],
    ['POP DIRECTIONAL ISOLATE', 'a\u2069b', 'a\\u2069b'],
    // Zero-width characters.
    ['ZERO WIDTH SPACE', 'a\u200bb', 'a\\u200bb'],
    ['ZERO WIDTH NON-JOINER', 'a\u200cb', 'a\\u200cb'],
    ['ZERO WIDTH JOINER', 'a\u200db', 'a\\u200db'],
    ['WORD JOINER', 'a\u2060b', 'a\\u2060b'],
    ['ZERO WIDTH NO-BREAK SPACE (byte order mark)', '\ufeffa', '\\ufeffa'],
    // Controls and separators.
    ['NUL and ESC', 'n\u0000e\u001b[31m', 'n\\u0000e\\u001b[31m'],
    ['DEL and a C1 control', 'd\u007fc\u0085', 'd\\u007fc\\u0085'],
    ['line and paragraph separators', 'l\u2028p\u2029', 'l\\u2028p\\u2029'],
    ['a carriage return on its own', 'over\rwritten', 'over\\u000dwritten'],
    // Layout and visible characters stay.
    ['line feeds, tabs and CRLF', 'a\n\tb\r\nc', 'a\n\tb\r\nc'],
    ['accented and non-Latin letters', 'café ghсr.io', 'café ghсr.io'],
    ['an override between a command marker', '::\u202eerror::', '::\\u202eerror::'],
  ])('%s', (_what, text, shown) => {
    expect(escapeInvisible(text)).toBe(shown);
  });
});

describe('commandLine', () => {
  // [command, args, as logged]
  it.each([
    ['docker', ['buildx', 'version'], '"docker" "buildx" "version"'],
    ['docker', ['build', '--label', 'a b', ''], '"docker" "build" "--label" "a b" ""'],
    ['git', ['--build-arg', 'X=::error::pwned'], '"git" "--build-arg" "X=:\\u003aerror:\\u003apwned"'],
    ['git', ['line\nbreak'], '"git" "line\\nbreak"'],
    ['git', ['fetch', 'https://x-access-token:ghs_abc@github.com/acme/infra.git'], '"git" "fetch" "https://***@github.com/acme/infra.git"'],
    ['git', ['push', 'HTTPS://user@host.example/r.git', 'ssh://git@host:22/r'], '"git" "push" "HTTPS://***@host.example/r.git" "ssh://***@host:22/r"'],
    ['git', ['remote.origin.url=file:///srv/repo.git', 'a@b'], '"git" "remote.origin.url=file:///srv/repo.git" "a@b"'],
  ])('%s %j -> %s', (command, args, logged) => {
    expect(commandLine(command, args)).toBe(logged);
  });
});
