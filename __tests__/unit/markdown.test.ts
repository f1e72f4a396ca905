import { describe, expect, it } from 'vitest';
import { codeBlock, escapeParagraph, inlineCode } from '../../src/domain/markdown.js';

describe('codeBlock', () => {
  it.each([
    ['plain text gets a three-backtick fence', 'a\nb\n', 'diff', '```diff\na\nb\n```'],
    ['a fence inside cannot close the block', 'x ```` y', '', '`````\nx ```` y\n`````'],
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
