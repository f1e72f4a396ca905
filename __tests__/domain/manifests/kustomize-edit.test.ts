import { describe, expect, it } from 'vitest';
import {
  applyPin,
  imageReference,
  MAX_KUSTOMIZATION_BYTES,
  pathForMessage,
  renderContainsImage,
  type Pin,
} from '../../../src/domain/manifests/kustomize-edit.js';
import { ManifestError } from '../../../src/domain/errors.js';
import { formatScalar, readsAsPlainString } from '../../../src/domain/manifests/yaml-scalar.js';

const IMAGE = 'ghcr.io/acme/signal-generation-engine';
const OLD_DIGEST = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const DIGEST = 'sha256:4f8e2a9c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f';
const FILE = 'infra/k8s/overlays/production/kustomization.yaml';

/** The pin for signal-generation-engine; the table overrides parts of it. */
function pin(overrides: Partial<Pin> = {}): Pin {
  return { service: 'signal-generation-engine', image: IMAGE, tag: 'main-3f2a9c1', digest: DIGEST, ...overrides };
}

const lf = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');

interface EditCase {
  name: string;
  input: string;
  pin?: Partial<Pin>;
  expected: string;
}

/** The production overlay with signal-generation-engine's entry at `newTag` and `digest`; the comment on its newTag line stays. */
const productionOverlay = (engine: { newTag: string; digest: string }): string =>
  lf(
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'namespace: dax-trading',
    '',
    '# Production overlay of the DAX trading system.',
    'resources:',
    '  - ../../base/postgres-data-collector',
    '  - ../../base/signal-generation-engine',
    '  - ../../base/technical-pattern-service',
    '',
    'patches:',
    '  - path: resources.yaml',
    '',
    'images:',
    '  # pinned by the deploy pipeline',
    '  - name: postgres-data-collector',
    '    newName: ghcr.io/acme/postgres-data-collector',
    '    newTag: main-1a2b3c4',
    `    digest: ${OLD_DIGEST}`,
    '  - name: signal-generation-engine',
    '    newName: ghcr.io/acme/signal-generation-engine',
    `    newTag: ${engine.newTag} # previous build`,
    `    digest: ${engine.digest}`,
    '',
    '  - name: technical-pattern-service',
    '    newName: ghcr.io/acme/technical-pattern-service',
    '    newTag: main-1a2b3c4',
  );

const EDITS: EditCase[] = [
  {
    name: 'production overlay: existing newTag and digest replaced, inline comment and neighbours kept',
    input: productionOverlay({ newTag: 'main-0d9e8f7', digest: OLD_DIGEST }),
    expected: productionOverlay({ newTag: 'main-3f2a9c1', digest: DIGEST }),
  },
  {
    name: 'staging overlay, indentless sequence: missing newName, newTag and digest added after the last key',
    input: lf(
      'namespace: dax-trading',
      'resources:',
      '- ../../base',
      'images:',
      '- name: news-ingestion-service',
      '  newTag: develop-9c8b7a6',
      '- name: signal-generation-engine',
      '- name: signal-monitoring',
      '  newTag: develop-9c8b7a6',
    ),
    expected: lf(
      'namespace: dax-trading',
      'resources:',
      '- ../../base',
      'images:',
      '- name: news-ingestion-service',
      '  newTag: develop-9c8b7a6',
      '- name: signal-generation-engine',
      `  newName: ${IMAGE}`,
      '  newTag: main-3f2a9c1',
      `  digest: ${DIGEST}`,
      '- name: signal-monitoring',
      '  newTag: develop-9c8b7a6',
    ),
  },
  {
    name: 'indented sequence: keys added at the entry indentation, after the last key',
    input: lf('images:', '    - name: signal-generation-engine', '      newTag: old'),
    expected: lf(
      'images:',
      '    - name: signal-generation-engine',
      '      newTag: main-3f2a9c1',
      `      newName: ${IMAGE}`,
      `      digest: ${DIGEST}`,
    ),
  },
  {
    name: 'entry whose first key starts its own line after a bare dash',
    input: lf('images:', '  -', '    name: signal-generation-engine', '    newTag: old'),
    expected: lf(
      'images:',
      '  -',
      '    name: signal-generation-engine',
      '    newTag: main-3f2a9c1',
      `    newName: ${IMAGE}`,
      `    digest: ${DIGEST}`,
    ),
  },
  {
    name: 'flow mapping entry: replaced and added inside the braces',
    input: lf('images:', '- {name: signal-generation-engine, newTag: old}', '- {name: signal-monitoring, newTag: old}'),
    expected: lf(
      'images:',
      `- {name: signal-generation-engine, newTag: main-3f2a9c1, newName: ${IMAGE}, digest: ${DIGEST}}`,
      '- {name: signal-monitoring, newTag: old}',
    ),
  },
  {
    name: 'flow mapping entry with a trailing comma',
    input: lf(`images:`, `- { name: ${IMAGE}, newTag: "old", }`),
    expected: lf(`images:`, `- { name: ${IMAGE}, newTag: "main-3f2a9c1", digest: ${DIGEST}, }`),
  },
  {
    // A flow sequence is edited like a block one: the edit stays inside the entry's braces,
    // which is as byte-minimal as in block style, and refusing would reject valid files.
    name: 'flow sequence of images: edited inside the matching entry only',
    input: lf(`images: [{name: news-ingestion-service, newTag: v1}, {name: signal-generation-engine, newName: ${IMAGE}, newTag: v1, digest: ${OLD_DIGEST}}]`),
    expected: lf(
      `images: [{name: news-ingestion-service, newTag: v1}, {name: signal-generation-engine, newName: ${IMAGE}, newTag: main-3f2a9c1, digest: ${DIGEST}}]`,
    ),
  },
  {
    name: 'quoted values keep their quotes',
    input: lf('images:', "- name: 'signal-generation-engine'", "  newName: 'ghcr.io/acme/old'", `  newTag: 'old'`, `  digest: "${OLD_DIGEST}"`),
    expected: lf('images:', "- name: 'signal-generation-engine'", `  newName: '${IMAGE}'`, `  newTag: 'main-3f2a9c1'`, `  digest: "${DIGEST}"`),
  },
  {
    name: 'a tag YAML reads as a number is double-quoted when plain',
    input: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: v1'),
    pin: { tag: '1.20', digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: "1.20"'),
  },
  {
    name: 'a single-quoted value stays single-quoted even when plain would not be a string',
    input: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, "  newTag: 'v1'"),
    pin: { tag: '1.20', digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, "  newTag: '1.20'"),
  },
  {
    name: 'an existing plain 1.20 (a float to YAML) is rewritten as the string "1.20"',
    input: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: 1.20'),
    pin: { tag: '1.20', digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: "1.20"'),
  },
  ...['0', 'true', 'null', '1e3', '0x1F', '~', 'yes', 'on', 'off', 'y', '1_000', '2024-01-01'].map(
    (tag): EditCase => ({
      name: `a missing newTag ${tag} is added double-quoted`,
      input: lf('images:', `- name: ${IMAGE}`),
      pin: { tag, digest: '' },
      expected: lf('images:', `- name: ${IMAGE}`, `  newTag: "${tag}"`),
    }),
  ),
  {
    name: 'comments, blank lines and an inline comment on the last key are kept; keys go after that line',
    input: lf(
      '# overlay',
      'images:',
      '',
      '  # signal generation',
      '  - name: signal-generation-engine   # the engine',
      '    newTag: old   # bumped by CI',
      '',
      '  # monitoring',
      '  - name: signal-monitoring',
      '',
      '# end',
    ),
    expected: lf(
      '# overlay',
      'images:',
      '',
      '  # signal generation',
      '  - name: signal-generation-engine   # the engine',
      '    newTag: main-3f2a9c1   # bumped by CI',
      `    newName: ${IMAGE}`,
      `    digest: ${DIGEST}`,
      '',
      '  # monitoring',
      '  - name: signal-monitoring',
      '',
      '# end',
    ),
  },
  {
    name: 'leading --- and trailing ... kept',
    input: lf('---', 'images:', `- name: ${IMAGE}`, '  newTag: old', '...'),
    expected: lf('---', 'images:', `- name: ${IMAGE}`, '  newTag: main-3f2a9c1', `  digest: ${DIGEST}`, '...'),
  },
  {
    name: 'CRLF line endings kept, added lines use CRLF',
    input: ['resources:', '- ../../base', 'images:', '- name: signal-generation-engine', '  newTag: old # ci', ''].join('\r\n'),
    expected: [
      'resources:',
      '- ../../base',
      'images:',
      '- name: signal-generation-engine',
      '  newTag: main-3f2a9c1 # ci',
      `  newName: ${IMAGE}`,
      `  digest: ${DIGEST}`,
      '',
    ].join('\r\n'),
  },
  {
    name: 'CRLF file without a final newline',
    input: ['images:', '- name: signal-generation-engine', '  newTag: old'].join('\r\n'),
    expected: ['images:', '- name: signal-generation-engine', '  newTag: main-3f2a9c1', `  newName: ${IMAGE}`, `  digest: ${DIGEST}`].join(
      '\r\n',
    ),
  },
  {
    name: 'no final newline stays without one',
    input: `images:\n- name: ${IMAGE}\n  newTag: old`,
    expected: `images:\n- name: ${IMAGE}\n  newTag: main-3f2a9c1\n  digest: ${DIGEST}`,
  },
  {
    name: 'matched by name = image: no newName added',
    input: lf('images:', `- name: ${IMAGE}`, '  newTag: old', `  digest: ${OLD_DIGEST}`),
    expected: lf('images:', `- name: ${IMAGE}`, '  newTag: main-3f2a9c1', `  digest: ${DIGEST}`),
  },
  {
    name: 'matched by newName = image',
    input: lf('images:', '- name: sge-placeholder', `  newName: ${IMAGE}`, '  newTag: old'),
    expected: lf('images:', '- name: sge-placeholder', `  newName: ${IMAGE}`, '  newTag: main-3f2a9c1', `  digest: ${DIGEST}`),
  },
  {
    name: 'matched by name = image with a different newName: newName set to the image',
    input: lf('images:', `- name: ${IMAGE}`, '  newName: registry.example.com/mirror/sge', '  newTag: old'),
    expected: lf('images:', `- name: ${IMAGE}`, `  newName: ${IMAGE}`, '  newTag: main-3f2a9c1', `  digest: ${DIGEST}`),
  },
  {
    name: 'pin without digest removes a stale digest in the middle of the entry',
    input: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, `  digest: ${OLD_DIGEST} # old`, '  newTag: old', '- name: x'),
    pin: { digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: main-3f2a9c1', '- name: x'),
  },
  {
    name: 'pin without digest removes a stale last digest and adds the missing tag in its place',
    input: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, `  digest: ${OLD_DIGEST}`, '# tail'),
    pin: { digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', `  newName: ${IMAGE}`, '  newTag: main-3f2a9c1', '# tail'),
  },
  {
    name: 'pin without digest: stale digest on the last line without a final newline',
    input: `images:\n- name: ${IMAGE}\n  newTag: old\n  digest: ${OLD_DIGEST}`,
    pin: { digest: '' },
    expected: `images:\n- name: ${IMAGE}\n  newTag: main-3f2a9c1`,
  },
  {
    name: 'pin without digest: stale digest as the first key on the dash line',
    input: lf('images:', `- digest: ${OLD_DIGEST}`, `  name: ${IMAGE}`, '  newTag: old'),
    pin: { digest: '' },
    expected: lf('images:', `- name: ${IMAGE}`, '  newTag: main-3f2a9c1'),
  },
  {
    name: 'pin without digest: stale digest in a flow mapping',
    input: lf('images:', `- {name: ${IMAGE}, digest: ${OLD_DIGEST}, newTag: old}`),
    pin: { digest: '' },
    expected: lf('images:', `- {name: ${IMAGE}, newTag: main-3f2a9c1}`),
  },
  {
    name: 'pin without digest: stale digest last in a flow mapping, tag added',
    input: lf('images:', `- {name: ${IMAGE}, digest: ${OLD_DIGEST}}`),
    pin: { digest: '' },
    expected: lf('images:', `- {name: ${IMAGE}, newTag: main-3f2a9c1}`),
  },
  {
    name: 'an empty value before a comment is filled in after the colon',
    input: lf('images:', `- name: ${IMAGE}`, '  newTag:   # set by the pipeline', '  digest:'),
    expected: lf('images:', `- name: ${IMAGE}`, '  newTag: main-3f2a9c1   # set by the pipeline', `  digest: ${DIGEST}`),
  },
  {
    name: 'a !!str tagged value keeps its tag',
    input: lf('images:', `- name: ${IMAGE}`, '  newTag: !!str 1.0'),
    expected: lf('images:', `- name: ${IMAGE}`, '  newTag: !!str main-3f2a9c1', `  digest: ${DIGEST}`),
  },
  {
    name: 'image with a registry port needs no quotes',
    input: lf('images:', '- name: signal-generation-engine', '  newTag: old'),
    pin: { image: 'localhost:5000/acme/signal-generation-engine', digest: '' },
    expected: lf('images:', '- name: signal-generation-engine', '  newTag: main-3f2a9c1', '  newName: localhost:5000/acme/signal-generation-engine'),
  },
];

describe('applyPin: exact bytes after the edit', () => {
  it.each(EDITS)('$name', ({ input, pin: overrides, expected }) => {
    const result = applyPin(input, pin(overrides), FILE);
    expect(result.text).toBe(expected);
    expect(result.matched).toBe(true);
    expect(result.changed).toBe(true);
  });

  it.each(EDITS)('idempotent: $name', ({ expected, pin: overrides }) => {
    expect(applyPin(expected, pin(overrides), FILE)).toEqual({ text: expected, matched: true, changed: false });
  });
});

describe('applyPin: files without an entry for the service are left alone', () => {
  const cases: [string, string][] = [
    ['other services only', lf('images:', '- name: signal-monitoring', '  newName: ghcr.io/acme/signal-monitoring', '  newTag: v1')],
    ['no images key', lf('resources:', '- deployment.yaml')],
    ['images without a value', lf('images:')],
    ['images empty flow list', lf('images: []')],
    ['empty file', ''],
    ['only a comment', lf('# nothing yet')],
    ['service name as newName only (newName must be the image)', lf('images:', '- name: x', '  newName: signal-generation-engine')],
  ];
  it.each(cases)('%s', (_, input) => {
    expect(applyPin(input, pin(), FILE)).toEqual({ text: input, matched: false, changed: false });
  });
});

describe('applyPin: refusals name the file and line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['duplicate key', lf('images:', '- name: signal-generation-engine', '  newTag: a', '  newTag: b'), 4, /duplicate key "newTag"/],
    ['duplicate top-level key', lf('images: []', 'resources: []', 'images: []'), 3, /duplicate key/],
    ['anchor', lf('resources:', '- &base ../../base', 'images: []'), 2, /anchor "&base"/],
    ['anchor and alias: the anchor is found first', lf('x: &a 1', 'images:', '- name: signal-generation-engine', '  newTag: *a'), 1, /anchor "&a"/],
    ['alias', lf('images:', '- name: signal-generation-engine', '  newTag: *a'), 3, /alias "\*a": aliases are not supported/],
    ['merge key', lf('images:', '- name: signal-generation-engine', '  <<: {newTag: v1}'), 3, /merge key/],
    ['several documents', lf('images: []', '---', 'resources: []'), 2, /several YAML documents/],
    ['custom tag', lf('images:', '- !image {name: signal-generation-engine}'), 2, /custom tag/],
    ['custom tag on a scalar', lf('resources:', '- !ref ../../base'), 2, /custom tag/],
    ['custom tag through a %TAG directive', lf('%TAG !e! tag:example.com,2000:', '---', 'images:', '- !e!image {name: x}'), 4, /custom tag/],
    ['root is a sequence', lf('- name: signal-generation-engine'), 1, /root must be a mapping/],
    ['root is a scalar', lf('just text'), 1, /root must be a mapping/],
    ['images is a mapping', lf('namespace: dax-trading', 'images:', '  name: signal-generation-engine'), 3, /`images` must be a list/],
    ['images entry is a string', lf('images:', '- signal-generation-engine'), 2, /entries must be mappings/],
    [
      'several entries for the service',
      lf('images:', '- name: signal-generation-engine', '  newTag: a', `- name: ${IMAGE}`, '  newTag: b'),
      4,
      /several `images` entries for "signal-generation-engine" \(the first on line 2\)/,
    ],
    ['YAML parse error', lf('namespace: dax-trading', 'images: [', '  {name: x'), 3, /not valid YAML/],
    ['tab indentation', lf('images:', '\t- name: x'), 2, /not valid YAML/],
    ['newTag is a block scalar', lf('images:', '- name: signal-generation-engine', '  newTag: |', '    v1'), 3, /block scalar/],
    ['newTag is a list', lf('images:', '- name: signal-generation-engine', '  newTag: [v1]'), 3, /must be a string/],
    ['newTag tagged as an int', lf('images:', '- name: signal-generation-engine', '  newTag: !!int 5'), 3, /has the tag/],
  ];
  it.each(cases)('%s', (_, input, line, message) => {
    let error: unknown;
    try {
      applyPin(input, pin(), FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const manifestError = error as ManifestError;
    expect(manifestError.file).toBe(FILE);
    expect(manifestError.line).toBe(line);
    expect(manifestError.message).toMatch(message);
    expect(manifestError.message.startsWith(`${FILE}:${line}: `)).toBe(true);
  });

  it('refuses a file over 1 MiB counted in bytes, not characters', () => {
    // 'é' is two bytes in UTF-8: 600 Ki characters are 1.2 MiB.
    const big = lf('# ' + 'é'.repeat(600 * 1024), 'images: []');
    expect(big.length).toBeLessThan(MAX_KUSTOMIZATION_BYTES);
    expect(() => applyPin(big, pin(), FILE)).toThrow(/over the 1 MiB/);
  });

  it('accepts a file of exactly 1 MiB', () => {
    const head = lf('images:', `- name: ${IMAGE}`, '  newTag: main-3f2a9c1', `  digest: ${DIGEST}`);
    const text = head + '#'.repeat(1024 * 1024 - head.length);
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    expect(applyPin(text, pin(), FILE)).toEqual({ text, matched: true, changed: false });
  });

  it('escapes an unusual file name in the message', () => {
    expect(() => applyPin(lf('- x'), pin(), 'a\n::error::x/kustomization.yaml')).toThrow(
      '"a\\n:\\u003aerror:\\u003ax/kustomization.yaml":1: the document root must be a mapping',
    );
  });
});

describe('imageReference and renderContainsImage', () => {
  it.each([
    [pin(), `${IMAGE}:main-3f2a9c1@${DIGEST}`],
    [pin({ digest: '' }), `${IMAGE}:main-3f2a9c1`],
  ])('imageReference(%o) = %s', (p, expected) => {
    expect(imageReference(p)).toBe(expected);
  });

  const ref = `${IMAGE}:main-3f2a9c1@${DIGEST}`;
  const cases: [string, string, boolean][] = [
    ['container list item', `    spec:\n      containers:\n      - image: ${ref}\n        name: app\n`, true],
    ['plain key', `        image: ${ref}\n`, true],
    ['double-quoted', `        image: "${ref}"\n`, true],
    ['single-quoted', `        image: '${ref}'\n`, true],
    ['CRLF', `      - image: ${ref}\r\n        name: app\r\n`, true],
    ['tag without digest', `      - image: ${IMAGE}:main-3f2a9c1\n`, false],
    ['another digest', `      - image: ${IMAGE}:main-3f2a9c1@${OLD_DIGEST}\n`, false],
    ['longer tag sharing the prefix', `      - image: ${IMAGE}:main-3f2a9c10\n`, false],
    ['reference in another key', `      annotations:\n        last-image: ${ref}\n`, false],
    ['empty output', '', false],
  ];
  it.each(cases)('renderContainsImage: %s', (_, rendered, expected) => {
    expect(renderContainsImage(rendered, ref)).toBe(expected);
  });

  it('renderContainsImage without a digest is exact', () => {
    expect(renderContainsImage(`      - image: ${IMAGE}:main-3f2a9c1\n`, `${IMAGE}:main-3f2a9c1`)).toBe(true);
    expect(renderContainsImage(`      - image: ${IMAGE}:main-3f2a9c1@${DIGEST}\n`, `${IMAGE}:main-3f2a9c1`)).toBe(false);
  });
});

describe('scalar formatting', () => {
  const cases: [string, 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE', string][] = [
    ['main-3f2a9c1', 'PLAIN', 'main-3f2a9c1'],
    ['main-3f2a9c1', 'QUOTE_SINGLE', "'main-3f2a9c1'"],
    ['main-3f2a9c1', 'QUOTE_DOUBLE', '"main-3f2a9c1"'],
    ['1.20', 'PLAIN', '"1.20"'],
    ['1.2.3', 'PLAIN', '1.2.3'],
    ['v1.2', 'PLAIN', 'v1.2'],
    ['.5', 'PLAIN', '".5"'],
    ['1:20', 'PLAIN', '"1:20"'],
    ['NO', 'PLAIN', '"NO"'],
    ['Null', 'PLAIN', '"Null"'],
    ['a,b', 'PLAIN', '"a,b"'],
    ['x #y', 'PLAIN', '"x #y"'],
    ['-rc', 'PLAIN', '"-rc"'],
    ['', 'PLAIN', '""'],
    ["it's", 'QUOTE_SINGLE', "'it''s'"],
    ['a\nb', 'QUOTE_SINGLE', '"a\\nb"'],
    [`${IMAGE}`, 'PLAIN', IMAGE],
    [DIGEST, 'PLAIN', DIGEST],
  ];
  it.each(cases)('formatScalar(%j, %s) = %s', (value, style, expected) => {
    expect(formatScalar(value, style)).toBe(expected);
  });

  it('readsAsPlainString accepts an ordinary branch tag and rejects a YAML 1.1 boolean', () => {
    expect(readsAsPlainString('develop-9c8b7a6')).toBe(true);
    expect(readsAsPlainString('Yes')).toBe(false);
  });

  it('pathForMessage keeps ordinary paths and escapes others', () => {
    expect(pathForMessage('infra/k8s/overlays/production/kustomization.yaml')).toBe('infra/k8s/overlays/production/kustomization.yaml');
    expect(pathForMessage('infra/x\ny')).toBe('"infra/x\\ny"');
  });
});
