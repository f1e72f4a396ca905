// Many kustomization roots rendered by one renderer process. An "aggregate" kustomization names
// one wrapper per root; each wrapper names its root and marks everything the root renders with an
// annotation of its own, so the combined output can be split back into each root's documents.
// kustomize adds the annotation to metadata and to pod templates alike.

/** A file of the aggregate: its path relative to the aggregate's directory, and its text. */
export interface AggregateFile {
  path: string;
  text: string;
}

/**
 * The annotation key marking the roots' documents: under a domain of ours, with a nonce made
 * for this render, so that no annotation of the repository can be taken for it.
 */
export function batchMarkerKey(nonce: string): string {
  if (!/^[a-z0-9]{8,40}$/.test(nonce)) throw new Error(`batchMarkerKey: nonce must be 8 to 40 lowercase letters or digits (got ${JSON.stringify(nonce)})`);
  return `render.ftmo-deploy.dev/root-${nonce}`;
}

/** The directory of root `index`'s wrapper, relative to the aggregate; its marker's value is the index. */
export function wrapperDir(index: number): string {
  return `r${index}`;
}

/**
 * The aggregate's files for roots named by `roots`: each the root's path relative to its
 * wrapper's directory (kustomize refuses an absolute path as a root), in `/` form.
 */
export function aggregateFiles(roots: readonly string[], markerKey: string): AggregateFile[] {
  const wrappers = roots.map((root, index) => ({
    path: `${wrapperDir(index)}/kustomization.yaml`,
    text: kustomization([root], `commonAnnotations:\n  ${yamlString(markerKey)}: ${yamlString(String(index))}\n`),
  }));
  return [...wrappers, { path: 'kustomization.yaml', text: kustomization(roots.map((_, index) => wrapperDir(index)), '') }];
}

/**
 * Each root's documents, in the order of the roots, from the combined render of `count` roots:
 * the stream is cut at its `---` lines (YAML allows such a line nowhere inside a document) and
 * every document goes to the root its marker names; the marker stays in it. A root that
 * rendered nothing gets ''. Throws when a document has no marker, two, or one of no root here:
 * the output is not what the aggregate asked for.
 */
export function splitRendered(stream: string, markerKey: string, count: number): string[] {
  const documents: string[][] = Array.from({ length: count }, () => []);
  for (const document of stream.split(/^---[ \t]*(?:\r?\n|$)/m)) {
    if (document.trim() === '') continue;
    documents[rootOf(document, markerKey, count)]?.push(document.endsWith('\n') ? document : `${document}\n`);
  }
  return documents.map((texts) => texts.join('---\n'));
}

/** The index of the root whose marker `document` carries. */
function rootOf(document: string, markerKey: string, count: number): number {
  const line = new RegExp(`^\\s*["']?${escapeRegExp(markerKey)}["']?:\\s*["']?(\\d+)["']?\\s*$`, 'gm');
  const found = new Set([...document.matchAll(line)].map((match) => Number(match[1])));
  const [index] = [...found];
  if (found.size !== 1 || index === undefined || index >= count) {
    throw new Error(`the combined render has a document marked for ${found.size === 0 ? 'no root' : `root(s) ${[...found].join(', ')} of ${count}`}`);
  }
  return index;
}

function kustomization(resources: readonly string[], extra: string): string {
  const list = resources.map((resource) => `  - ${yamlString(resource)}\n`).join('');
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${list}${extra}`;
}

/**
 * `text` as a YAML double-quoted scalar: JSON's escapes are YAML's, and the characters a YAML
 * 1.1 reader (kustomize's) would take as line breaks or refuse as unprintable are escaped too.
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
