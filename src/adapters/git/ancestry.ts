// "Does commit A lie in the history of commit D?" from a runner whose checkout is usually
// one commit deep. A shallow history can only hide an ancestor (false negatives), so the
// answer comes from a temporary object store that fetches the two commits with a bounded
// depth and deepens progressively until the relation shows up or the history is complete.
// Only commits are fetched (`--filter=tree:0`) where the server allows it. One run keeps one
// such store and its answers: a later question starts from the history fetched before.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCommitSha } from '../../domain/ids.js';
import { remoteHost } from './auth.js';
import type { GitRunner } from './runner.js';

export interface AncestryOptions {
  git: GitRunner;
  /** URL or path of a repository holding both commits (credential-free; auth comes from git's environment). */
  remote: string;
  /** A directory the caller owns: the temporary object store is created and removed inside it. */
  tempDir: string;
  /** A local repository (the workspace) consulted first, without any network access. */
  localRepo?: string;
  /** The runner for `localRepo` (default: `git`); for a checkout, one that cannot reach a remote. */
  localGit?: GitRunner;
  /** Commits fetched at first; every further round fetches twice as many as the one before. */
  depth?: number;
}

// 'missing': the repository does not hold the would-be ancestor (its history was rewritten).
type Relation = 'ancestor' | 'descendant' | 'unrelated' | 'unknown' | 'missing';

/** How `ancestor` relates to `descendant`: in its history (or equal), not, or not in the repository at all. */
export type AncestorAnswer = 'ancestor' | 'not-ancestor' | 'missing';

/** Questions about one repository's history; answers are kept (they never change). */
export interface Ancestry {
  /** How `ancestor` relates to `descendant`. */
  answer(ancestor: string, descendant: string): Promise<AncestorAnswer>;
  /** True when `ancestor` equals `descendant` or lies in its history. */
  isAncestorOrEqual(ancestor: string, descendant: string): Promise<boolean>;
}

/** The ancestry of `options.remote`, with one object store (under options.tempDir) for every question. */
export function openAncestry(options: AncestryOptions): Ancestry {
  const answers = new Map<string, Promise<AncestorAnswer>>();
  let store: Promise<string> | undefined;
  // One question at a time: they share the store, and git locks its shallow file.
  let queue: Promise<unknown> = Promise.resolve();
  const openStore = (): Promise<string> => (store ??= newStore(options));
  const answer = (a: string, d: string): Promise<AncestorAnswer> => {
    const key = `${a.toLowerCase()}..${d.toLowerCase()}`;
    let known = answers.get(key);
    if (known === undefined) {
      known = queue.then(() => relate(a, d, options, openStore));
      queue = known.catch(() => undefined);
      answers.set(key, known);
      // A failure is not an answer: the next question asks again.
      known.catch(() => answers.delete(key));
    }
    return known;
  };
  return { answer, isAncestorOrEqual: async (a, d) => (await answer(a, d)) === 'ancestor' };
}

/** True when `ancestor` equals `descendant` or lies in its history (a one-off question). */
export async function isAncestorOrEqual(ancestor: string, descendant: string, options: AncestryOptions): Promise<boolean> {
  return (await ancestorAnswer(ancestor, descendant, options)) === 'ancestor';
}

/** Like isAncestorOrEqual, and tells a commit the repository does not know from an unrelated one. */
export async function ancestorAnswer(ancestor: string, descendant: string, options: AncestryOptions): Promise<AncestorAnswer> {
  let store = '';
  try {
    return await relate(ancestor, descendant, options, async () => (store = await newStore(options)));
  } finally {
    if (store !== '') await fs.rm(store, { recursive: true, force: true });
  }
}

async function relate(ancestor: string, descendant: string, options: AncestryOptions, store: () => Promise<string>): Promise<AncestorAnswer> {
  for (const commit of [ancestor, descendant]) {
    // They become fetch arguments: nothing but a full object name may get there.
    if (!isCommitSha(commit)) throw new Error(`not a full commit SHA: ${JSON.stringify(commit.slice(0, 80))}`);
  }
  if (ancestor === descendant) return 'ancestor';
  if (options.localRepo !== undefined) {
    const local = await localRelation(options.localGit ?? options.git, options.localRepo, ancestor, descendant);
    if (local !== 'unknown') return answerOf(local);
  }
  return answerOf(await remoteRelation(options, await store(), ancestor, descendant));
}

/** An empty bare repository with origin as its remote `source` (a named remote is what partial fetches need). */
async function newStore(options: AncestryOptions): Promise<string> {
  const store = await fs.mkdtemp(path.join(options.tempDir, 'ancestry-'));
  await options.git.must(['init', '--bare', '-q', store], { cwd: options.tempDir });
  await options.git.must(['remote', 'add', 'source', options.remote], { cwd: store });
  return store;
}

function answerOf(relation: Relation): AncestorAnswer {
  if (relation === 'ancestor' || relation === 'missing') return relation;
  return 'not-ancestor';
}

/** merge-base --is-ancestor as a boolean; anything but yes/no is an error. */
async function isAncestor(git: GitRunner, cwd: string, a: string, d: string): Promise<boolean> {
  const result = await git.run(['merge-base', '--is-ancestor', a, d], { cwd });
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw git.failure('git merge-base failed', result);
}

async function isShallow(git: GitRunner, cwd: string): Promise<boolean> {
  return (await git.must(['rev-parse', '--is-shallow-repository'], { cwd })).trim() === 'true';
}

/** Both directions; a yes in a shallow history is reliable, a no only when history is complete. */
async function relationIn(git: GitRunner, cwd: string, a: string, d: string): Promise<Relation> {
  if (await isAncestor(git, cwd, a, d)) return 'ancestor';
  // Distinct commits cannot be ancestors of each other.
  if (await isAncestor(git, cwd, d, a)) return 'descendant';
  return (await isShallow(git, cwd)) ? 'unknown' : 'unrelated';
}

async function holdsCommit(git: GitRunner, repo: string, commit: string): Promise<boolean> {
  return (await git.run(['cat-file', '-e', `${commit}^{commit}`], { cwd: repo })).code === 0;
}

async function localRelation(git: GitRunner, repo: string, a: string, d: string): Promise<Relation> {
  for (const commit of [a, d]) if (!(await holdsCommit(git, repo, commit))) return 'unknown';
  return relationIn(git, repo, a, d);
}

async function remoteRelation(options: AncestryOptions, store: string, a: string, d: string): Promise<Relation> {
  const { git } = options;
  const network = { cwd: store, remote: options.remote };
  let step = options.depth ?? 50;
  // An earlier question of the run may have brought both already (the same pair, turned round).
  const absent: string[] = [];
  for (const commit of [d, a]) if (!(await holdsCommit(git, store, commit))) absent.push(commit);
  const fetch = (commits: string[]) => git.run(['fetch', '--quiet', '--no-tags', '--filter=tree:0', `--depth=${step}`, 'source', ...commits], network);
  // Both in one fetch (one connection); only when that fails, one by one, to tell which one the server lacks.
  if (absent.length > 0 && (await fetch(absent)).code !== 0) {
    for (const commit of absent) {
      const fetched = await fetch([commit]);
      // A commit the server does not have cannot be related to anything it has.
      if (fetched.code !== 0 && /not our ref|couldn't find remote ref|no such remote ref/i.test(fetched.stderr)) return commit === a ? 'missing' : 'unrelated';
      if (fetched.code !== 0) throw git.failure(`git fetch with ${remoteHost(options.remote)}: cannot fetch commit ${commit} to compare commits`, fetched);
    }
  }
  for (;;) {
    const relation = await relationIn(git, store, a, d);
    if (relation !== 'unknown') return relation;
    const before = await fs.readFile(path.join(store, 'shallow'), 'utf8').catch(() => '');
    step *= 2;
    await git.must(['fetch', '--quiet', '--no-tags', '--filter=tree:0', `--deepen=${step}`, 'source', d, a], network);
    const after = await fs.readFile(path.join(store, 'shallow'), 'utf8').catch(() => '');
    // No new history although still shallow: the server cannot give more; stop rather than loop.
    if (after === before) return 'unrelated';
  }
}
