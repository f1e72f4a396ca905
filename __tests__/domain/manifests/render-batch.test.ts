import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { aggregateFiles, batchMarkerKey, splitRendered, yamlString } from '../../../src/domain/manifests/render-batch.js';

const KEY = 'render.ftmo-deploy.dev/root-0123456789abcdef';

describe('batchMarkerKey', () => {
  it('puts the nonce under our domain', () => expect(batchMarkerKey('0123456789abcdef')).toBe(KEY));
  it.each(['', 'short', 'UPPERCASE1', 'with space0', 'a/b/c/d/e', 'x'.repeat(41)])('refuses the nonce %j', (nonce) => {
    expect(() => batchMarkerKey(nonce)).toThrow(/nonce/);
  });
});

describe('yamlString', () => {
  const cases: [string, string][] = [
    ['../../clone/k8s/overlays/prod', '"../../clone/k8s/overlays/prod"'],
    ['with space', '"with space"'],
    [`quote"d and 'single'`, `"quote\\"d and 'single'"`],
    ['back\\slash', '"back\\\\slash"'],
    ['# not a comment: {[, ]}', '"# not a comment: {[, ]}"'],
    ['ünïcødé/日本', '"ünïcødé/日本"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['del\u007f nel\u0085 ls\u2028 ps\u2029 bom\ufeff', '"del\\u007f nel\\u0085 ls\\u2028 ps\\u2029 bom\\ufeff"'],
  ];
  it.each(cases)('%j is written %s', (text, expected) => expect(yamlString(text)).toBe(expected));
  it.each(cases)('%j reads back as itself under YAML 1.1 and 1.2', (text) => {
    for (const version of ['1.1', '1.2'] as const) expect(parse(`key: ${yamlString(text)}\n`, { version })).toEqual({ key: text });
  });
});

describe('aggregateFiles', () => {
  it('writes one marked wrapper per root and an aggregate naming the wrappers', () => {
    expect(aggregateFiles(['../../clone/overlays/a', '../../clone/overlays/b "c"'], KEY)).toEqual([
      {
        path: 'r0/kustomization.yaml',
        text:
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "../../clone/overlays/a"\n' +
          'commonAnnotations:\n  "render.ftmo-deploy.dev/root-0123456789abcdef": "0"\n',
      },
      {
        path: 'r1/kustomization.yaml',
        text:
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "../../clone/overlays/b \\"c\\""\n' +
          'commonAnnotations:\n  "render.ftmo-deploy.dev/root-0123456789abcdef": "1"\n',
      },
      { path: 'kustomization.yaml', text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "r0"\n  - "r1"\n' },
    ]);
  });

  it('every wrapper reads as the kustomization it means', () => {
    const roots = ['../../c/with space', "../../c/it's", '../../c/ü\u2028'];
    const files = aggregateFiles(roots, KEY);
    expect(files.map((file) => parse(file.text, { version: '1.1' }) as unknown)).toEqual([
      ...roots.map((root, index) => ({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [root], commonAnnotations: { [KEY]: String(index) } })),
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['r0', 'r1', 'r2'] },
    ]);
  });
});

/** A Deployment as kubectl kustomize prints it, marked for root `mark` (undefined = unmarked). */
function deployment(name: string, image: string, mark?: string, key = KEY): string {
  const annotations = mark === undefined ? '' : `  annotations:\n    ${key}: "${mark}"\n    team: trading\n`;
  const template = mark === undefined ? '' : `    metadata:\n      annotations:\n        ${key}: "${mark}"\n`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n${annotations}  name: ${name}\nspec:\n  template:\n${template}    spec:\n      containers:\n      - image: ${image}\n        name: ${name}\n`;
}

const CONFIG_MAP = (mark: string) => `apiVersion: v1\ndata:\n  notes: |\n    a block scalar\n    ---\n    not a separator\nkind: ConfigMap\nmetadata:\n  annotations:\n    ${KEY}: "${mark}"\n  name: notes\n`;

describe('splitRendered', () => {
  const cases: { name: string; stream: string; count: number; expected: string[] }[] = [
    {
      name: 'documents go to the root that their marker names, interleaved as kustomize sorts them',
      stream: [deployment('a-api', 'api:v2', '0'), deployment('b-api', 'api:v1', '1'), deployment('a-web', 'web:v2', '0')].join('---\n'),
      count: 2,
      expected: [`${deployment('a-api', 'api:v2', '0')}---\n${deployment('a-web', 'web:v2', '0')}`, deployment('b-api', 'api:v1', '1')],
    },
    {
      name: 'a root that renders nothing gets nothing',
      stream: deployment('c-api', 'api:v3', '2'),
      count: 3,
      expected: ['', '', deployment('c-api', 'api:v3', '2')],
    },
    { name: 'an empty stream', stream: '', count: 2, expected: ['', ''] },
    {
      name: 'an indented --- in a block scalar does not end the document',
      stream: `${CONFIG_MAP('1')}---\n${CONFIG_MAP('0')}`,
      count: 2,
      expected: [CONFIG_MAP('0'), CONFIG_MAP('1')],
    },
    {
      name: 'a leading separator, trailing spaces after one, and no final newline',
      stream: `---\n${deployment('a', 'x:1', '1')}--- \n${deployment('b', 'y:1', '0').trimEnd()}`,
      count: 2,
      expected: [deployment('b', 'y:1', '0'), deployment('a', 'x:1', '1')],
    },
  ];
  for (const { name, stream, count, expected } of cases) {
    it(name, () => expect(splitRendered(stream, KEY, count)).toEqual(expected));
  }

  const refused: { name: string; stream: string; count: number; message: RegExp }[] = [
    { name: 'a document without a marker', stream: `${deployment('a', 'x:1', '0')}---\n${deployment('b', 'y:1')}`, count: 2, message: /no root/ },
    { name: "another render's marker", stream: deployment('a', 'x:1', '0', 'render.ftmo-deploy.dev/root-ffffffffffffffff'), count: 1, message: /no root/ },
    { name: 'a marker for a root that is not there', stream: deployment('a', 'x:1', '2'), count: 2, message: /root\(s\) 2 of 2/ },
    { name: 'two roots marking one document', stream: deployment('a', 'x:1', '0').replace(/"0"\n {4}spec:/, '"1"\n    spec:'), count: 2, message: /root\(s\) 0, 1 of 2/ },
  ];
  for (const { name, stream, count, message } of refused) {
    it(`refuses ${name}`, () => expect(() => splitRendered(stream, KEY, count)).toThrow(message));
  }
});
