import { describe, expect, it } from 'vitest';
import { codeBlock, escapeCell, escapeParagraph, inlineCode } from '../../../src/domain/report/markdown.js';

describe('codeBlock', () => {
  it.each([
    ['plain text gets a three-backtick fence', 'a\nb\n', 'diff', '```diff\na\nb\n```'],
    ['a fence inside cannot close the block', 'x ```` y', '', '`````\nx ```` y\n`````'],
    ['a right-to-left override and a zero-width space are shown', 'newTag: a\u202eb\u200bc\r\n', 'diff', '```diff\nnewTag: a\\u202eb\\u200bc\r\n```'],
  ])('%s', (_name, text, language, expected) => {
    expect(codeBlock(text, language)).toBe(expected);
  });
});

describe('inlineCode', () => {
  it.each([
    ['a plain reference', 'ghcr.io/acme/app:main-0ccf1ae', '`ghcr.io/acme/app:main-0ccf1ae`'],
    ['backticks inside get a longer fence', 'a`b', '``a`b``'],
    ['a leading backtick is padded', '`x', '`` `x ``'],
    ['a pipe cannot split the table cell', 'a|b', '`a\\|b`'],
    ['line breaks become spaces', 'a\nb', '`a b`'],
    ['bidirectional and zero-width characters are shown', 'main\u2066x\u2069\u200d', '`main\\u2066x\\u2069\\u200d`'],
  ])('%s', (_name, text, expected) => {
    expect(inlineCode(text)).toBe(expected);
  });
});

describe('escapeParagraph', () => {
  it.each([
    ['a heading marker at the start', '# not a heading', '\\# not a heading'],
    ['a numbered-list marker at the start', '1. not a list', '1\\. not a list'],
    ['HTML is inert', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ])('%s', (_name, text, expected) => {
    expect(escapeParagraph(text)).toBe(expected);
  });
});

describe('escapeCell shows invisible characters by the log\'s rule', () => {
  // The backslash of \uXXXX is itself escaped in markdown, so the page shows `\u202e`.
  it.each([
    ['U+061C', 'a\u061cb', 'a\\\\u061cb'],
    ['U+200E', 'a\u200eb', 'a\\\\u200eb'],
    ['U+200F', 'a\u200fb', 'a\\\\u200fb'],
    ['U+202A', 'a\u202ab', 'a\\\\u202ab'],
    ['U+202B', 'a\u202bb', 'a\\\\u202bb'],
    ['U+202C', 'a\u202cb', 'a\\\\u202cb'],
    ['U+202D', 'a\u202db', 'a\\\\u202db'],
    ['U+202E', 'a\u202eb', 'a\\\\u202eb'],
    ['U+2066', 'a\u2066b', 'a\\\\u2066b'],
    ['U+2067', 'a\u2067b', 'a\\\\u2067b'],
    ['U+2068', 'a\u2068b', 'a\\\\u2068b'],
    ['U+2069', 'a\u2069b', 'a\\\\u2069b'],
    ['U+200B', 'a\u200bb', 'a\\\\u200bb'],
    ['U+200C', 'a\u200cb', 'a\\\\u200cb'],
    ['U+200D', 'a\u200db', 'a\\\\u200db'],
    ['U+2060', 'a\u2060b', 'a\\\\u2060b'],
    ['U+FEFF', 'a\ufeffb', 'a\\\\ufeffb'],
    ['a visible accent stays', 'caf\u00e9', 'café'],
  ])('%s', (_what, value, expected) => {
    expect(escapeCell(value)).toBe(expected);
  });
});
