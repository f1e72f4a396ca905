// What git prints for the source key, read back: `git ls-files --stage -z` and
// `git status --porcelain=v1 -z`. With -z git writes paths as they are (no quoting), each
// record ended by NUL.

import { StageError } from '../errors.js';
import type { TrackedFile } from './source-key.js';

/** `<mode> SP <blob> SP <stage> TAB <path>` records. */
export function parseStagedFiles(output: string): TrackedFile[] {
  return records(output).map((record) => {
    const match = /^([0-7]{6}) ([0-9a-f]{40,64}) ([0-3])\t(.+)$/s.exec(record);
    if (match === null) throw new StageError('build', `unexpected git ls-files --stage record: ${JSON.stringify(record.slice(0, 200))}`);
    const [, mode = '', blob = '', stage = '0', path = ''] = match;
    return { mode, blob, stage: Number(stage), path };
  });
}

/**
 * Every path `git status --porcelain=v1 -z` names: `XY SP <path>`, and for a rename or copy
 * (R or C in X or Y) the next record is the path it came from, named too (it changed as well).
 */
export function parseStatusPaths(output: string): string[] {
  const list = records(output);
  const paths: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const record = list[i] ?? '';
    if (record.length < 4 || record[2] !== ' ') throw new StageError('build', `unexpected git status record: ${JSON.stringify(record.slice(0, 200))}`);
    paths.push(record.slice(3));
    if (/[RC]/.test(record.slice(0, 2))) paths.push(list[++i] ?? '');
  }
  return paths.filter((path) => path !== '');
}

function records(output: string): string[] {
  return output.split('\0').filter((record) => record !== '');
}
