// Where things are in a kustomization's text: the parsed nodes' source ranges, the lines they
// sit on, and the splices an edit makes into the original bytes. Refusals name the file and line.

import { isNode, isScalar } from 'yaml';
import type { LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { ManifestError } from '../errors.js';
import { formatScalar } from './yaml-scalar.js';

export type AnyPair = Pair<unknown, unknown>;
export type EntryMap = YAMLMap<unknown, unknown>;

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Where the file is, for refusals: knows lines, and names the file. */
export interface Source {
  text: string;
  file: string;
  lines: LineCounter;
}

/**
 * The indentation of the entry's keys: copied from a key that starts its own line, else the
 * column of the first key (which follows the `- ` of the sequence).
 */
function entryIndent(entry: EntryMap, source: Source): string {
  let column = -1;
  for (const pair of entry.items) {
    const start = rangeOf(keyNode(pair, source), source)[0];
    const lineStart = source.text.lastIndexOf('\n', start - 1) + 1;
    const prefix = source.text.slice(lineStart, start);
    if (/^ *$/.test(prefix)) return prefix;
    if (column < 0) column = start - lineStart;
  }
  return ' '.repeat(Math.max(column, 0));
}

/** End of the line holding `offset` (after any comment), and the line ending to use there. */
function lineEnd(text: string, offset: number): { contentEnd: number; eol: string; hasEol: boolean } {
  let from = offset;
  // Block scalars end after their last newline; step back so the line is their last one.
  while (from > 0 && (text[from - 1] === '\n' || text[from - 1] === '\r')) from -= 1;
  const newline = text.indexOf('\n', from);
  if (newline < 0) return { contentEnd: text.length, eol: text.includes('\r\n') ? '\r\n' : '\n', hasEol: false };
  const crlf = newline > 0 && text[newline - 1] === '\r';
  return { contentEnd: crlf ? newline - 1 : newline, eol: crlf ? '\r\n' : '\n', hasEol: true };
}

/** Splices never overlap; applied from the end, a removal before an insertion at the same place. */
export function applySplices(text: string, splices: Splice[]): string {
  const ordered = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  return ordered.reduce((out, splice) => out.slice(0, splice.start) + splice.text + out.slice(splice.end), text);
}

export function pairNamed(map: EntryMap, key: string): AnyPair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

export function stringValue(pair: AnyPair | undefined): string | undefined {
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
}

export function keyNode(pair: AnyPair, source: Source): Node {
  if (!isScalar(pair.key)) refuse(source, pair.value, 'keys of an `images` entry must be plain strings');
  return pair.key;
}

/** Where the pair's text ends: the end of its value, or of its key when it has none. */
function pairEnd(pair: AnyPair, source: Source): number {
  const value = pair.value as Node | null;
  const node = value?.range ? value : keyNode(pair, source);
  return rangeOf(node, source)[1];
}

export function rangeOf(node: Node, source: Source): [number, number] {
  if (!node.range) throw new ManifestError(source.file, 0, 'YAML node without a source position');
  return [node.range[0], node.range[1]];
}

export function nodeStart(node: unknown): number {
  return isNode(node) ? (node.range?.[0] ?? 0) : 0;
}

export function lineOf(source: Source, offset: number): number {
  // Errors found at the end of the input (an unclosed bracket) belong to the last line, not to
  // the empty one after the final newline.
  const last = Math.max(source.text.length - 1, 0);
  return source.lines.linePos(Math.min(offset, last)).line;
}

export function refuse(source: Source, node: unknown, detail: string): never {
  throw new ManifestError(source.file, lineOf(source, nodeStart(node)), detail);
}

/** New keys go after the last key that stays, at the entry's own indentation (or inside `{}`). */
export function insertPairs(entry: EntryMap, pairs: [string, string][], removed: AnyPair | undefined, source: Source): Splice {
  const kept = entry.items.filter((pair) => pair !== removed);
  const last = kept[kept.length - 1];
  if (!last) refuse(source, entry, 'the `images` entry has no key to add after');
  const after = pairEnd(last, source);
  if (entry.flow) {
    const text = pairs.map(([key, value]) => `, ${key}: ${formatScalar(value, 'PLAIN')}`).join('');
    return { start: after, end: after, text };
  }
  const line = lineEnd(source.text, after);
  const indent = entryIndent(entry, source);
  const text = pairs.map(([key, value]) => `${line.eol}${indent}${key}: ${formatScalar(value, 'PLAIN')}`).join('');
  return { start: line.contentEnd, end: line.contentEnd, text };
}

/** Removes a key with its value: its whole line(s) in a block mapping, `, key: value` in a flow one. */
export function removePair(entry: EntryMap, pair: AnyPair, source: Source): Splice {
  const index = entry.items.indexOf(pair);
  const previous = entry.items[index - 1];
  const next = entry.items[index + 1];
  const keyStart = rangeOf(keyNode(pair, source), source)[0];
  if (entry.flow) {
    if (previous) return { start: pairEnd(previous, source), end: pairEnd(pair, source), text: '' };
    if (next) return { start: keyStart, end: rangeOf(keyNode(next, source), source)[0], text: '' };
  } else {
    const lineStart = source.text.lastIndexOf('\n', keyStart - 1) + 1;
    if (/^[ \t]*$/.test(source.text.slice(lineStart, keyStart))) {
      const line = lineEnd(source.text, pairEnd(pair, source));
      if (line.hasEol) return { start: lineStart, end: line.contentEnd + line.eol.length, text: '' };
      // Last line without a final newline: take the newline before it instead.
      const before = source.text[lineStart - 2] === '\r' ? 2 : 1;
      return { start: lineStart - before, end: line.contentEnd, text: '' };
    }
    // The key shares its line with the `- ` of the entry: the next key moves up to take its place.
    if (next) return { start: keyStart, end: rangeOf(keyNode(next, source), source)[0], text: '' };
  }
  return refuse(source, pair.key, 'cannot remove the only key of an `images` entry');
}
