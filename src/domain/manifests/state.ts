// The manifests branch remembers what it pins in `.ftmo-deploy/state.json`: the commit whose
// manifests structure it holds, and for every kustomization file and service the image, tag,
// digest, source commit, time and run of the pin. Every update re-applies these pins on top of
// the structure it starts from, so no pin is lost when the structure is refreshed. This module
// reads, checks and writes that file and takes the decisions that depend on it.

import { ManifestError, errorMessage } from '../errors.js';
import { quote } from '../escape.js';
import { isCommitSha, isDigest, isValidTag, serviceNameProblem } from '../ids.js';
import { imageRepositoryProblem } from '../plan/image-ref.js';

export const STATE_FILE = '.ftmo-deploy/state.json';
export const STATE_VERSION = 1;

export interface PinRecord {
  image: string;
  tag: string;
  /** '' when the pin has no digest. */
  digest: string;
  /** Commit the image was built from ('' when unknown). */
  sourceCommit: string;
  /** ISO 8601 time of the run that made the pin. */
  time: string;
  runUrl: string;
  /** Pinned by `deploy` mode (ordering check bypassed). */
  deploy?: boolean;
}

export interface ManifestsState {
  version: typeof STATE_VERSION;
  /** Commit whose manifests structure the branch holds ('' when unknown). */
  sourceCommit: string;
  /** kustomization file (repository-relative) -> service -> pin */
  pins: Record<string, Record<string, PinRecord>>;
}

export interface PinRef {
  file: string;
  service: string;
}

export interface PinEntry extends PinRef {
  record: PinRecord;
}


export function emptyState(): ManifestsState {
  return { version: STATE_VERSION, sourceCommit: '', pins: {} };
}

function corrupt(detail: string): ManifestError {
  return new ManifestError(STATE_FILE, 0, `${detail}; repair or remove the file on the manifests branch`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A repository-relative file path that cannot leave the repository. */
export function isSafeRelativePath(file: string): boolean {
  // Control characters (code points below 0x20) have no place in a file name here.
  if (file === '' || file.includes('\\') || [...file].some((c) => c.charCodeAt(0) < 0x20)) return false;
  return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part !== '.git');
}

type Rule = (value: string) => boolean;
const anything: Rule = () => true;

function checkString(value: unknown, where: string, rule: Rule, allowEmpty: boolean): string {
  if (typeof value !== 'string') throw corrupt(`${where} is not a string`);
  if (value === '' && allowEmpty) return value;
  if (value === '' || !rule(value)) throw corrupt(`${where} is not valid (got ${quote(value)})`);
  return value;
}

function parseRecord(value: unknown, where: string): PinRecord {
  if (!isObject(value)) throw corrupt(`${where} is not an object`);
  const record: PinRecord = {
    image: checkString(value.image, `${where}.image`, (image) => imageRepositoryProblem(image) === undefined, false),
    tag: checkString(value.tag, `${where}.tag`, isValidTag, false),
    digest: checkString(value.digest, `${where}.digest`, isDigest, true),
    sourceCommit: checkString(value.sourceCommit, `${where}.sourceCommit`, isCommitSha, true),
    time: checkString(value.time, `${where}.time`, anything, true),
    runUrl: checkString(value.runUrl, `${where}.runUrl`, anything, true),
  };
  if (value.deploy !== undefined) {
    if (typeof value.deploy !== 'boolean') throw corrupt(`${where}.deploy is not a boolean`);
    if (value.deploy) record.deploy = true;
  }
  return record;
}

/** Reads the state file; anything unexpected is a ManifestError naming the file and the field. */
export function parseState(text: string): ManifestsState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(`is not valid JSON (${errorMessage(error)})`);
  }
  if (!isObject(data)) throw corrupt('is not a JSON object');
  if (data.version !== STATE_VERSION) {
    const newer = typeof data.version === 'number' && data.version > STATE_VERSION;
    throw corrupt(newer ? `has version ${data.version}, written by a newer ftmo-deploy; this one reads version ${STATE_VERSION}` : `has no valid "version" (expected ${STATE_VERSION})`);
  }
  const state = emptyState();
  state.sourceCommit = checkString(data.sourceCommit, 'sourceCommit', isCommitSha, true);
  if (!isObject(data.pins)) throw corrupt('"pins" is not an object');
  for (const [file, services] of Object.entries(data.pins)) {
    if (!isSafeRelativePath(file)) throw corrupt(`pins has a file path that is not a plain path inside the repository (${quote(file)})`);
    if (!isObject(services)) throw corrupt(`pins[${quote(file)}] is not an object`);
    for (const [service, record] of Object.entries(services)) {
      // The input rule for `service`: pins are re-applied under these names.
      if (serviceNameProblem(service) !== undefined) throw corrupt(`pins[${quote(file)}] has an invalid service name (${quote(service)})`);
      (state.pins[file] ??= {})[service] = parseRecord(record, `pins[${quote(file)}][${quote(service)}]`);
    }
  }
  return state;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys(value[key])]),
  );
}

/** Pretty-printed, keys sorted, final newline: diffs of the file stay small and reviewable. */
export function serializeState(state: ManifestsState): string {
  return `${JSON.stringify(sortedKeys(state), null, 2)}\n`;
}

/** Every pin, ordered by file then service. */
export function listPins(state: ManifestsState): PinEntry[] {
  return Object.keys(state.pins)
    .sort()
    .flatMap((file) => {
      const services = state.pins[file] ?? {};
      return Object.keys(services)
        .sort()
        .map((service) => ({ file, service, record: services[service] as PinRecord }));
    });
}

/**
 * The pin a rollback goes back to: the newest pin of `service` in a kustomization under one of
 * `paths` (another environment's overlay, outside them, is not this run's to restore).
 */
export function latestPinUnder(state: ManifestsState, service: string, paths: readonly string[]): PinRecord | undefined {
  const candidates = listPins(state).filter((pin) => pin.service === service && paths.some((dir) => isUnder(pin.file, dir)));
  // ISO 8601 times sort as text; the listing's own order breaks ties.
  return candidates.reduce<PinEntry | undefined>((newest, pin) => (newest === undefined || pin.record.time > newest.record.time ? pin : newest), undefined)?.record;
}

/** True when `file` lies in directory `dir` (both repository-relative; '.' is the root). */
export function isUnder(file: string, dir: string): boolean {
  return dir === '.' || file.startsWith(`${dir.replace(/\/+$/, '')}/`);
}

/** How many dropped pins a report names before saying how many more. */
const DROPPED_NAMED = 3;

/** One line for the pins an update dropped: how many, why, and the first few of them. */
export function describeDropped(dropped: readonly PinRef[]): string {
  if (dropped.length === 0) return '';
  const named = dropped.slice(0, DROPPED_NAMED).map((pin) => `${quote(pin.service)} in ${quote(pin.file)}`);
  const more = dropped.length > DROPPED_NAMED ? ` and ${dropped.length - DROPPED_NAMED} more` : '';
  return `${dropped.length} stale pin${dropped.length === 1 ? '' : 's'} dropped, their file or entry is gone: ${named.join(', ')}${more}`;
}

function samePin(a: PinRecord, b: PinRecord): boolean {
  return a.image === b.image && a.tag === b.tag && a.digest === b.digest && a.sourceCommit === b.sourceCommit && Boolean(a.deploy) === Boolean(b.deploy);
}

export interface StateUpdate {
  /** Commit whose structure the new tree holds. */
  structureCommit: string;
  /** Previous pins whose entry was found and re-applied. */
  kept: PinRef[];
  service: string;
  /** The run's pin, for every file where the service's entry was found. */
  pins: { file: string; record: PinRecord }[];
}

/**
 * The state after an update. A re-applied pin keeps its record; the run's pin keeps the old
 * record (time, run) when it pins the very same thing, so re-running a commit changes nothing;
 * a previous pin whose file or entry is gone is dropped and reported.
 */
export function nextState(previous: ManifestsState, update: StateUpdate): { state: ManifestsState; dropped: PinRef[] } {
  const state: ManifestsState = { version: STATE_VERSION, sourceCommit: update.structureCommit, pins: {} };
  const key = (file: string, service: string): string => JSON.stringify([file, service]);
  const kept = new Set(update.kept.map((pin) => key(pin.file, pin.service)));
  const pinned = new Set(update.pins.map((pin) => key(pin.file, update.service)));
  const dropped: PinRef[] = [];
  for (const pin of listPins(previous)) {
    if (pinned.has(key(pin.file, pin.service))) continue;
    if (kept.has(key(pin.file, pin.service))) (state.pins[pin.file] ??= {})[pin.service] = pin.record;
    else dropped.push({ file: pin.file, service: pin.service });
  }
  for (const pin of update.pins) {
    const old = previous.pins[pin.file]?.[update.service];
    (state.pins[pin.file] ??= {})[update.service] = old !== undefined && samePin(old, pin.record) ? old : pin.record;
  }
  return { state, dropped };
}
