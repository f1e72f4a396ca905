// Markdown for the job summary. Values from inputs, the payload and tools are untrusted text:
// escaped so they cannot inject HTML, links or table structure, and with invisible characters
// (controls, bidirectional overrides, zero-width) shown as `\uXXXX` by the log's own rule.

import { escapeInvisible } from '../escape.js';

/** Longest text shown in one cell; longer values are cut with an ellipsis. */
const MAX_CELL = 120;

/** Escapes a value for a GFM table cell: no HTML, no markdown, no autolink, no line breaks, no `|`. */
export function escapeCell(value: string, max = MAX_CELL): string {
  return escapeText(value.replace(/[\r\n\t]+/g, ' '), max).replace(/[\\`*_[\]|~:]/g, (c) => `\\${c}`);
}

/** A paragraph of text: as a cell, and also nothing at its start that would make a heading/list. */
export function escapeParagraph(value: string): string {
  return escapeCell(value, 2000).replace(/^[#+=-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Cuts to `max` characters, shows invisible characters and makes HTML inert; markdown is escaped by the callers. */
function escapeText(value: string, max: number): string {
  const chars = [...value];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
  return (
    escapeInvisible(cut)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** A fenced block whose fence is longer than any backtick run inside the text. */
export function codeBlock(raw: string, language = ''): string {
  const text = escapeInvisible(raw);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Inline code that survives backticks in the value. */
export function inlineCode(text: string): string {
  const clean = escapeInvisible(text.replace(/[\r\n]+/g, ' '));
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}
