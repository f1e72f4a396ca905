// The source key from hand-written git listings: every input of the key, changed alone, gives
// another key; what the build is not sent (another directory, an excluded file, the commit)
// leaves it as it is; a workspace that differs from git's record has no key.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseStagedFiles, parseStatusPaths } from '../../../src/domain/plan/git-listing.js';
import { contextFiles, sourceKey, sourceKeyText, type BuildSettings, type SourceSnapshot } from '../../../src/domain/plan/source-key.js';

const BLOB_A = 'a'.repeat(40);
const BLOB_B = 'b'.repeat(40);
const BLOB_C = 'c'.repeat(40);
const BLOB_D = 'd'.repeat(40);
const BLOB_E = 'e'.repeat(40);

const SETTINGS: BuildSettings = {
  buildArgs: [{ key: 'PYTHON', value: '3.12' }],
  target: 'runtime',
  platforms: ['linux/amd64', 'linux/arm64'],
  provenance: 'mode=min',
  sbom: 'false',
};

const tracked = (path: string, blob: string, mode = '100644', stage = 0) => ({ mode, blob, stage, path });

const SNAPSHOT: SourceSnapshot = {
  context: 'services',
  file: 'services/risk/Dockerfile',
  tracked: [
    tracked('services/common/lib.py', BLOB_A),
    tracked('services/risk/Dockerfile', BLOB_B),
    tracked('services/risk/app.py', BLOB_C),
    tracked('services/risk/test_app.py', BLOB_D),
    tracked('services/pricing/app.py', BLOB_E),
  ],
  ignoreFile: { path: 'services/risk/Dockerfile.dockerignore', text: '*\n!common\n!risk\nrisk/test_*.py\n' },
  changed: [],
};

function keyOf(snapshot: SourceSnapshot, settings: BuildSettings = SETTINGS): string {
  const result = sourceKey(snapshot, settings);
  if (!result.trusted) throw new Error(`no key: ${result.reason}`);
  return result.key;
}

const BASE = keyOf(SNAPSHOT);

describe('sourceKeyText', () => {
  it('is one JSON document of the version, the settings, the Dockerfile blob and the files sent, by path inside the context', () => {
    expect(sourceKeyText(SNAPSHOT, SETTINGS)).toBe(
      '{"version":1,"platforms":["linux/amd64","linux/arm64"],"target":"runtime","buildArgs":["PYTHON=3.12"],' +
        '"provenance":"mode=min","sbom":"false",' +
        `"dockerfile":"100644 ${BLOB_B}",` +
        `"files":["100644 ${BLOB_A} common/lib.py","100644 ${BLOB_B} risk/Dockerfile","100644 ${BLOB_C} risk/app.py"]}`,
    );
  });

  it('the key is the SHA-256 of that text and the tag is src-<key>', () => {
    const text = sourceKeyText(SNAPSHOT, SETTINGS);
    const key = createHash('sha256').update(text).digest('hex');
    expect(sourceKey(SNAPSHOT, SETTINGS)).toEqual({ trusted: true, key, tag: `src-${key}`, files: 3 });
    expect(`src-${key}`.length).toBe(68);
  });
});

describe('every input of the key, changed alone, gives another key', () => {
  const withFile = (path: string, blob: string, mode = '100644'): SourceSnapshot => ({
    ...SNAPSHOT,
    tracked: SNAPSHOT.tracked.map((entry) => (entry.path === path ? tracked(path, blob, mode) : entry)),
  });
  const rows: [string, SourceSnapshot, BuildSettings][] = [
    ['a file of the service', withFile('services/risk/app.py', BLOB_E), SETTINGS],
    ['a file of the shared package', withFile('services/common/lib.py', BLOB_E), SETTINGS],
    ['the Dockerfile', withFile('services/risk/Dockerfile', BLOB_E), SETTINGS],
    ['a file made executable', withFile('services/risk/app.py', BLOB_C, '100755'), SETTINGS],
    ['a new file sent', { ...SNAPSHOT, tracked: [...SNAPSHOT.tracked, tracked('services/risk/extra.py', BLOB_A)] }, SETTINGS],
    ['a file removed', { ...SNAPSHOT, tracked: SNAPSHOT.tracked.filter((entry) => entry.path !== 'services/risk/app.py') }, SETTINGS],
    ['a file renamed', { ...SNAPSHOT, tracked: SNAPSHOT.tracked.map((e) => (e.path === 'services/risk/app.py' ? tracked('services/risk/main.py', BLOB_C) : e)) }, SETTINGS],
    ['an ignore rule that sends one more file', { ...SNAPSHOT, ignoreFile: { path: 'x', text: '*\n!common\n!risk\n' } }, SETTINGS],
    ['a build argument value', SNAPSHOT, { ...SETTINGS, buildArgs: [{ key: 'PYTHON', value: '3.13' }] }],
    ['a build argument added', SNAPSHOT, { ...SETTINGS, buildArgs: [...SETTINGS.buildArgs, { key: 'DEBUG', value: '1' }] }],
    ['the target', SNAPSHOT, { ...SETTINGS, target: 'builder' }],
    ['the platforms', SNAPSHOT, { ...SETTINGS, platforms: ['linux/amd64'] }],
    ['provenance', SNAPSHOT, { ...SETTINGS, provenance: 'false' }],
    ['sbom', SNAPSHOT, { ...SETTINGS, sbom: 'true' }],
  ];
  it.each(rows)('%s', (_what, snapshot, settings) => {
    expect(keyOf(snapshot, settings)).not.toBe(BASE);
  });
});

describe('what the build is not sent leaves the key as it was', () => {
  const rows: [string, SourceSnapshot][] = [
    ['another service changed', { ...SNAPSHOT, tracked: SNAPSHOT.tracked.map((e) => (e.path === 'services/pricing/app.py' ? tracked(e.path, BLOB_A) : e)) }],
    ['an excluded file changed', { ...SNAPSHOT, tracked: SNAPSHOT.tracked.map((e) => (e.path === 'services/risk/test_app.py' ? tracked(e.path, BLOB_A) : e)) }],
    ['a file outside the context added', { ...SNAPSHOT, tracked: [tracked('README.md', BLOB_A), ...SNAPSHOT.tracked] }],
    ['an untracked file the ignore file excludes', { ...SNAPSHOT, changed: ['services/pricing/notes.txt', 'services/risk/test_new.py'] }],
    ['a modified file outside the context', { ...SNAPSHOT, changed: ['README.md'] }],
    ['the listing in another order', { ...SNAPSHOT, tracked: [...SNAPSHOT.tracked].reverse() }],
    ['the same context elsewhere in the repository', moved(SNAPSHOT, 'apps/')],
  ];
  it.each(rows)('%s', (_what, snapshot) => {
    expect(keyOf(snapshot)).toBe(BASE);
  });
});

function moved(snapshot: SourceSnapshot, prefix: string): SourceSnapshot {
  return {
    ...snapshot,
    context: `${prefix}${snapshot.context}`,
    file: `${prefix}${snapshot.file}`,
    tracked: snapshot.tracked.map((entry) => ({ ...entry, path: `${prefix}${entry.path}` })),
  };
}

describe('a workspace that differs from git has no key', () => {
  const rows: [string, SourceSnapshot, string][] = [
    ['a modified file the build is sent', { ...SNAPSHOT, changed: ['services/risk/app.py'] }, '"services/risk/app.py"'],
    ['an untracked file the build would be sent', { ...SNAPSHOT, changed: ['services/common/new.py'] }, '"services/common/new.py"'],
    ['a modified Dockerfile', { ...SNAPSHOT, changed: ['services/risk/Dockerfile'] }, '"services/risk/Dockerfile"'],
    ['a modified ignore file', { ...SNAPSHOT, changed: ['services/risk/Dockerfile.dockerignore'] }, '"services/risk/Dockerfile.dockerignore"'],
    ['a merge conflict', { ...SNAPSHOT, tracked: [...SNAPSHOT.tracked, tracked('services/risk/app.py', BLOB_A, '100644', 2)] }, 'unresolved merge conflict'],
    ['an untracked Dockerfile', { ...SNAPSHOT, file: 'services/risk/Dockerfile.new' }, 'is not tracked by git'],
    ['no tracked file in the context', { ...SNAPSHOT, context: 'empty', file: 'services/risk/Dockerfile' }, 'tracks no file of the context'],
  ];
  it.each(rows)('%s', (_what, snapshot, reason) => {
    const result = sourceKey(snapshot, SETTINGS);
    expect(result.trusted).toBe(false);
    expect(result.trusted ? '' : result.reason).toContain(reason);
  });

  it('names five changed files and counts the rest', () => {
    const changed = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => `services/risk/${name}.py`);
    const result = sourceKey({ ...SNAPSHOT, changed }, SETTINGS);
    expect(result.trusted ? '' : result.reason).toContain('"services/risk/e.py" and 2 more');
  });
});

describe('contextFiles', () => {
  it('without an ignore file, every tracked file of the context', () => {
    expect(contextFiles({ ...SNAPSHOT, ignoreFile: undefined }).map((entry) => entry.path)).toEqual([
      'common/lib.py',
      'pricing/app.py',
      'risk/Dockerfile',
      'risk/app.py',
      'risk/test_app.py',
    ]);
  });

  it("follows Docker's rules, not git's: a bare name matches at the top only, ** anywhere", () => {
    const snapshot: SourceSnapshot = {
      context: '.',
      file: 'Dockerfile',
      tracked: ['Dockerfile', 'docs/x.md', 'README.md', 'src/build', 'build', 'src/a.py'].map((path) => tracked(path, BLOB_A)),
      ignoreFile: { path: '.dockerignore', text: '# comment\nbuild\n**/*.md\n' },
      changed: [],
    };
    expect(contextFiles(snapshot).map((entry) => entry.path)).toEqual(['Dockerfile', 'src/a.py', 'src/build']);
  });
});

describe('git listings', () => {
  it('reads ls-files --stage -z records, paths with spaces, tabs and newlines kept', () => {
    const output = `100644 ${BLOB_A} 0\tsrc/a b.py\x00100755 ${BLOB_B} 0\trun\tme.sh\x00120000 ${BLOB_C} 0\tli\nnk\x00160000 ${BLOB_D} 2\tsub\x00`;
    expect(parseStagedFiles(output)).toEqual([
      tracked('src/a b.py', BLOB_A),
      tracked('run\tme.sh', BLOB_B, '100755'),
      tracked('li\nnk', BLOB_C, '120000'),
      tracked('sub', BLOB_D, '160000', 2),
    ]);
  });

  it('refuses a record it does not understand', () => {
    expect(() => parseStagedFiles('garbage\x00')).toThrow('unexpected git ls-files --stage record');
  });

  it('reads status --porcelain=v1 -z records, both paths of a rename', () => {
    const output = ' M services/a.py\x00?? services/new file.py\x00!! services/__pycache__/x.pyc\x00R  services/b.py\x00services/old.py\x00D  gone.py\x00';
    expect(parseStatusPaths(output)).toEqual(['services/a.py', 'services/new file.py', 'services/__pycache__/x.pyc', 'services/b.py', 'services/old.py', 'gone.py']);
  });
});
