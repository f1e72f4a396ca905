// Pinning one service's image in a kustomization by changing only the bytes of the values that
// must change. The `yaml` package parses the file with source ranges; the edit is a handful of
// splices into the original text, so comments, quoting, layout and line endings stay as they were.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Scalar } from 'yaml';
import { ManifestError } from '../errors.js';
import { quote } from '../escape.js';
import { formatScalar, type QuoteStyle } from './yaml-scalar.js';
import {
  applySplices,
  insertPairs,
  keyNode,
  lineOf,
  nodeStart,
  pairNamed,
  rangeOf,
  refuse,
  removePair,
  stringValue,
  type AnyPair,
  type EntryMap,
  type Source,
  type Splice,
} from './yaml-source.js';

export interface Pin {
  service: string;
  image: string;
  tag: string;
  /** '' = do not pin a digest. */
  digest: string;
}

export interface EditResult {
  text: string;
  matched: boolean;
  changed: boolean;
}

/** The names kustomize accepts for a kustomization file. */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Larger files are refused: no kustomization is that big, and parsing one costs memory. */
export const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

const STRING_TAG = 'tag:yaml.org,2002:str';
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';

/** Apply the pin to one kustomization's text. `file` is the repository-relative path used in errors. */
export function applyPin(text: string, pin: Pin, file: string): EditResult {
  const source: Source = { text, file: pathForMessage(file), lines: new LineCounter() };
  refuseOversized(source);
  const root = parseKustomization(source);
  const entry = root && findEntryForService(root, pin, source);
  if (!entry) return { text, matched: false, changed: false };
  const edited = applySplices(text, pinSplices(entry, pin, source));
  return { text: edited, matched: true, changed: edited !== text };
}

/** `image:tag@digest` (or `image:tag`): the reference kustomize v5 renders for a pinned entry. */
export function imageReference(pin: Pin): string {
  return pin.digest ? `${pin.image}:${pin.tag}@${pin.digest}` : `${pin.image}:${pin.tag}`;
}

/** True when rendered manifests hold a line `image: <ref>` (plain or quoted). */
export function renderContainsImage(rendered: string, ref: string): boolean {
  return rendered.split('\n').some((line) => {
    const match = /^\s*(?:-\s+)?image:\s+(.+?)\s*$/.exec(line);
    return match !== null && unquote(match[1] ?? '') === ref;
  });
}

/** A path as it may appear in a message: kept readable when ordinary, escaped when not. */
export function pathForMessage(path: string): string {
  return /^[A-Za-z0-9_./@+ -]+$/.test(path) ? path : quote(path);
}

/**
 * The `images:` entry of this service, or undefined when the file has none. Refuses `images`
 * that is not a list of mappings and several entries for the service.
 */
function findEntryForService(root: EntryMap, pin: Pin, source: Source): EntryMap | undefined {
  const images = pairNamed(root, 'images')?.value;
  if (images === undefined || images === null || (isScalar(images) && images.value === null)) return undefined;
  if (!isSeq(images)) refuse(source, images, '`images` must be a list of mappings');
  let found: EntryMap | undefined;
  for (const item of images.items) {
    if (!isMap(item)) refuse(source, item, '`images` entries must be mappings');
    if (!belongsToService(item, pin)) continue;
    if (found) {
      const first = lineOf(source, nodeStart(found));
      refuse(source, item, `several \`images\` entries for ${quote(pin.service)} (the first on line ${first})`);
    }
    found = item;
  }
  return found;
}

function belongsToService(entry: EntryMap, pin: Pin): boolean {
  const name = stringValue(pairNamed(entry, 'name'));
  const newName = stringValue(pairNamed(entry, 'newName'));
  return name === pin.service || name === pin.image || newName === pin.image;
}

function refuseOversized(source: Source): void {
  const bytes = Buffer.byteLength(source.text, 'utf8');
  if (bytes > MAX_KUSTOMIZATION_BYTES) {
    throw new ManifestError(source.file, 0, `is ${bytes} bytes, over the 1 MiB a kustomization may have`);
  }
}

/**
 * The root mapping, or null for an empty document (nothing to pin there; kustomize itself
 * rejects an empty kustomization when it is rendered). Refuses everything that would make a
 * byte-level edit mean something else than it seems: several documents, duplicate keys,
 * anchors, aliases, merge keys and tags outside YAML's core set.
 */
function parseKustomization(source: Source): EntryMap | null {
  const doc = parseDocument(source.text, {
    lineCounter: source.lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  refuseParseErrors(doc, source);
  refuseIndirection(doc, source);
  const root = doc.contents;
  if (root === null) return null;
  if (!isMap(root)) refuse(source, root, 'the document root must be a mapping');
  return root;
}

function refuseParseErrors(doc: Document.Parsed, source: Source): void {
  const error = doc.errors[0];
  if (error) {
    const at = lineOf(source, error.pos[0]);
    if (error.code === 'MULTIPLE_DOCS') throw new ManifestError(source.file, at, 'holds several YAML documents; a kustomization is one');
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^[^:\r\n]*/.exec(source.text.slice(error.pos[0]))?.[0].trim() ?? '';
      throw new ManifestError(source.file, at, `duplicate key ${quote(key)}`);
    }
    throw new ManifestError(source.file, at, `is not valid YAML: ${quote(error.message)}`);
  }
  const unresolved = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unresolved) throw new ManifestError(source.file, lineOf(source, unresolved.pos[0]), `custom tag: ${quote(unresolved.message)}`);
}

function refuseIndirection(doc: Document.Parsed, source: Source): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') refuse(source, pair.key, 'merge keys (`<<`) are not supported');
    },
    Alias(_, alias) {
      refuse(source, alias, `alias ${quote(`*${alias.source}`)}: aliases are not supported`);
    },
    Node(_, node) {
      if (node.anchor) refuse(source, node, `anchor ${quote(`&${node.anchor}`)}: anchors are not supported`);
      if (node.tag && !node.tag.startsWith(CORE_TAG_PREFIX)) refuse(source, node, `custom tag ${quote(node.tag)}`);
    },
  });
}

/**
 * The splices that pin the entry: replace existing values, drop a stale digest, add what is
 * missing after the entry's last key.
 */
function pinSplices(entry: EntryMap, pin: Pin, source: Source): Splice[] {
  const wanted: [string, string][] = [];
  // newName is written when `name` is not the image already, and kept equal to the image when it
  // is present anyway (a different newName would win in kustomize and the pin would not render).
  if (stringValue(pairNamed(entry, 'name')) !== pin.image || pairNamed(entry, 'newName')) wanted.push(['newName', pin.image]);
  wanted.push(['newTag', pin.tag]);
  if (pin.digest) wanted.push(['digest', pin.digest]);

  const splices: Splice[] = [];
  const missing: [string, string][] = [];
  for (const [key, value] of wanted) {
    const pair = pairNamed(entry, key);
    if (!pair) missing.push([key, value]);
    else splices.push(...replaceValue(pair, key, value, source));
  }
  // Without a digest to pin, an existing one must go: kustomize would render the old digest
  // next to the new tag, and the runtime pulls by digest, so the new tag would never deploy.
  const stale = pin.digest ? undefined : pairNamed(entry, 'digest');
  if (stale) splices.push(removePair(entry, stale, source));
  if (missing.length > 0) splices.push(insertPairs(entry, missing, stale, source));
  return splices;
}

function replaceValue(pair: AnyPair, key: string, value: string, source: Source): Splice[] {
  const node = pair.value;
  if (!isScalar(node)) refuse(source, node ?? pair.key, `\`${key}\` must be a string`);
  if (node.tag && node.tag !== STRING_TAG) refuse(source, node, `\`${key}\` has the tag ${quote(node.tag)}; it must be a string`);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    refuse(source, node, `\`${key}\` is a block scalar; write it on one line`);
  }
  if (node.value === value) return [];
  const [start, end] = rangeOf(node, source);
  if (start === end) {
    // An empty value (`newTag:`) sits where a comment may follow: write it right after the colon.
    const colon = source.text.indexOf(':', rangeOf(keyNode(pair, source), source)[1]);
    return [{ start: colon + 1, end: colon + 1, text: ` ${formatScalar(value, 'PLAIN')}` }];
  }
  return [{ start, end, text: formatScalar(value, quoteStyle(node)) }];
}

function quoteStyle(node: Scalar): QuoteStyle {
  return node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? node.type : 'PLAIN';
}

function unquote(value: string): string {
  const single = /^'(.*)'$/.exec(value);
  if (single) return (single[1] ?? '').replace(/''/g, "'");
  if (/^".*"$/.test(value)) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value;
    }
  }
  return value;
}
