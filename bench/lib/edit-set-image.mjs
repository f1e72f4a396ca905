// `kustomize edit set image NAME=NEWNAME:TAG@DIGEST` (or NAME:TAG@DIGEST) on the kustomization of
// the working directory, for machines that have `kubectl kustomize` but not the standalone tool
// (kubectl has no `edit`). One process per directory, as with kustomize itself.

import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';

const [spec = ''] = process.argv.slice(2);
const match = /^(?:([^=]+)=)?([^:@]+(?::\d+\/[^:@]+)?)(?::([^@]+))?(?:@(.+))?$/.exec(spec);
if (match === null) {
  console.error(`edit set image: cannot read ${JSON.stringify(spec)}`);
  process.exit(1);
}
const [, name = match[2], newName, newTag, digest] = match;
const doc = parseDocument(await readFile('kustomization.yaml', 'utf8'));
const images = doc.get('images') ?? doc.createNode([]);
const entry = images.items.find((item) => item.get('name') === name) ?? doc.createNode({ name });
if (!images.items.includes(entry)) images.items.push(entry);
if (newName !== name) entry.set('newName', newName);
if (newTag !== undefined) entry.set('newTag', newTag);
if (digest !== undefined) entry.set('digest', digest);
doc.set('images', images);
await writeFile('kustomization.yaml', doc.toString());
