// Every malformed or hostile input fails in the planning phase, through the bundled action run
// as the runner runs it: exit code 1, one error that names the input and the rule and shows the
// value escaped (never a secret), no process started at all (docker, trivy, kustomize, kubectl
// and the shells are recording fakes first on PATH; a preload records anything Node starts),
// no HTTP request, nothing pushed, the workspace untouched, no secret printed anywhere.

import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  SECRETS,
  base64,
  leakOf,
  loadEvent,
  makeRecording,
  rawErrorLines,
  refsOf,
  serviceFiles,
  startRecordingServer,
  tempDir,
  treeDigest,
  unintendedCommands,
  type Recording,
  type RecordingServer,
} from './hostile-support.js';

const PUSH = loadEvent('push');
const ACTOR = 'jana-novak';
const IMAGE = 'ghcr.io/ftmo-labs/signal-engine';
const HEX64 = 'e'.repeat(64);

interface Case {
  title: string;
  inputs: Record<string, string>;
  /** The input the error must name. */
  input: string;
  /** The rule, as the error must state it. */
  rule: RegExp;
  /** The value as the error must show it (escaped); undefined when no value may be shown. */
  shown?: string;
}

const PW_LINES = ['ghs_HOSTILE_SECRET_pw_line1', 'ghs_HOSTILE_SECRET_pw_line2'];
const TOKEN_LINES = ['ghs_HOSTILE_SECRET_tok_line1', 'ghs_HOSTILE_SECRET_tok_line2'];
const PW_CONTROL = 'ghs_HOSTILE_SECRET_pw_bell\u0007tail';
const TOKEN_CONTROL = 'ghs_HOSTILE_SECRET_tok_esc\u001b[0mtail';

const PATH_COMPONENT = /service.*one path component/;
const CASES: Case[] = [
  // service
  { title: 'service with ..', inputs: { service: '..' }, input: 'service', rule: PATH_COMPONENT, shown: '".."' },
  { title: 'service with /', inputs: { service: 'signal/engine' }, input: 'service', rule: PATH_COMPONENT, shown: '"signal/engine"' },
  { title: 'service in upper case', inputs: { service: 'Signal-Engine' }, input: 'service', rule: PATH_COMPONENT, shown: '"Signal-Engine"' },
  { title: 'service naming a host', inputs: { service: 'evil.example.com/x' }, input: 'service', rule: PATH_COMPONENT, shown: '"evil.example.com/x"' },
  { title: 'service of 64 characters', inputs: { service: 'a'.repeat(64) }, input: 'service', rule: /at most 63 characters/, shown: `"${'a'.repeat(64)}"` },
  {
    title: 'service that is a workflow command',
    inputs: { service: '::stop-commands::abc' },
    input: 'service',
    rule: PATH_COMPONENT,
    shown: '":\\u003astop-commands:\\u003aabc"',
  },
  {
    title: 'service with a newline and a command',
    inputs: { service: 'ok\n::error::pwned' },
    input: 'service',
    rule: PATH_COMPONENT,
    shown: '"ok\\n:\\u003aerror:\\u003apwned"',
  },
  // image
  { title: 'image in upper case', inputs: { image: 'ghcr.io/Ftmo-Labs/signal-engine' }, input: 'image', rule: /lower case/, shown: '"ghcr.io/Ftmo-Labs/signal-engine"' },
  { title: 'image with a tag', inputs: { image: `${IMAGE}:1.0` }, input: 'image', rule: /must not include a tag/, shown: `"${IMAGE}:1.0"` },
  { title: 'image with a digest', inputs: { image: `${IMAGE}@sha256:${HEX64}` }, input: 'image', rule: /must not include a digest/, shown: `"${IMAGE}@sha256:${HEX64}"` },
  { title: 'image with a scheme', inputs: { image: `https://${IMAGE}` }, input: 'image', rule: /must not include a scheme/, shown: `"https://${IMAGE}"` },
  // The password in the userinfo is not shown back.
  { title: 'image with userinfo', inputs: { image: `jana:hunter2pass@${IMAGE}` }, input: 'image', rule: /must not include user info/, shown: `"***@${IMAGE}"` },
  {
    title: 'image on a Cyrillic look-alike host',
    inputs: { image: 'gh\u0441r.io/ftmo-labs/signal-engine' },
    input: 'image',
    rule: /printable ASCII/,
    shown: '"gh\\u0441r.io/ftmo-labs/signal-engine"',
  },
  {
    title: 'image on a Greek look-alike host',
    inputs: { image: 'ghcr.i\u03bf/ftmo-labs/signal-engine' },
    input: 'image',
    rule: /printable ASCII/,
    shown: '"ghcr.i\\u03bf/ftmo-labs/signal-engine"',
  },
  // other inputs that could carry a credential: it is not shown back
  {
    title: 'manifests-repository as a URL with a token',
    inputs: { 'manifests-repository': 'https://x-access-token:ghs_HOSTILE_SECRET_inurl@github.com/o/r' },
    input: 'manifests-repository',
    rule: /owner\/name/,
    shown: '"https://***@github.com/o/r"',
  },
  {
    title: 'trivy-download-url with userinfo',
    inputs: { 'trivy-download-url': 'https://mirror:hunter2pass@127.0.0.1/trivy' },
    input: 'trivy-download-url',
    rule: /user info/,
    shown: '"https://***@127.0.0.1/trivy"',
  },
  // extra-tags
  { title: 'extra tag with a space', inputs: { 'extra-tags': 'stable\ntwo words' }, input: 'extra-tags', rule: /valid tag/, shown: '"two words"' },
  { title: 'extra tag with a leading -', inputs: { 'extra-tags': '-rc' }, input: 'extra-tags', rule: /valid tag/, shown: '"-rc"' },
  { title: 'extra tag with a leading .', inputs: { 'extra-tags': '.hidden' }, input: 'extra-tags', rule: /valid tag/, shown: '".hidden"' },
  { title: 'extra tag of 129 characters', inputs: { 'extra-tags': 't'.repeat(129) }, input: 'extra-tags', rule: /128 characters/, shown: `"${'t'.repeat(129)}"` },
  { title: 'extra tag with non-ASCII', inputs: { 'extra-tags': 'v\u00e9' }, input: 'extra-tags', rule: /valid tag/, shown: '"v\\u00e9"' },
  {
    title: 'extra tag that is a workflow command',
    inputs: { 'extra-tags': '::add-mask::x' },
    input: 'extra-tags',
    rule: /valid tag/,
    shown: '":\\u003aadd-mask:\\u003ax"',
  },
  // trivy-version
  { title: 'trivy-version latest', inputs: { 'trivy-version': 'latest' }, input: 'trivy-version', rule: /exact version/, shown: '"latest"' },
  { title: 'trivy-version range', inputs: { 'trivy-version': '^0.69' }, input: 'trivy-version', rule: /exact version/, shown: '"^0.69"' },
  { title: 'trivy-version path', inputs: { 'trivy-version': '../../x' }, input: 'trivy-version', rule: /exact version/, shown: '"../../x"' },
  { title: 'trivy-version 0.69.4', inputs: { 'trivy-version': '0.69.4' }, input: 'trivy-version', rule: /compromised/, shown: '"0.69.4"' },
  { title: 'trivy-version 0.69.5', inputs: { 'trivy-version': '0.69.5' }, input: 'trivy-version', rule: /compromised/, shown: '"0.69.5"' },
  { title: 'trivy-version 0.69.6', inputs: { 'trivy-version': '0.69.6' }, input: 'trivy-version', rule: /compromised/, shown: '"0.69.6"' },
  {
    title: 'trivy-version 0.69.6 with trivy-sha256',
    inputs: { 'trivy-version': '0.69.6', 'trivy-sha256': HEX64 },
    input: 'trivy-version',
    rule: /compromised/,
    shown: '"0.69.6"',
  },
  // numbers
  { title: 'sha-length 6', inputs: { 'sha-length': '6' }, input: 'sha-length', rule: /7 to 40/, shown: '"6"' },
  { title: 'sha-length 41', inputs: { 'sha-length': '41' }, input: 'sha-length', rule: /7 to 40/, shown: '"41"' },
  { title: 'sha-length abc', inputs: { 'sha-length': 'abc' }, input: 'sha-length', rule: /7 to 40/, shown: '"abc"' },
  { title: 'max-push-attempts 0', inputs: { 'max-push-attempts': '0' }, input: 'max-push-attempts', rule: /from 1/, shown: '"0"' },
  { title: 'max-push-attempts -1', inputs: { 'max-push-attempts': '-1' }, input: 'max-push-attempts', rule: /from 1/, shown: '"-1"' },
  // platforms
  {
    title: 'platforms with a shell command',
    inputs: { platforms: 'linux/amd64;rm -rf /' },
    input: 'platforms',
    rule: /os\/arch\[\/variant\]/,
    shown: '"linux/amd64;rm -rf /"',
  },
  // manifests-branch
  ...['--force', 'main:prod', '+main', 'a..b', 'x.lock', '@'].map(
    (branch): Case => ({
      title: `manifests-branch ${branch}`,
      inputs: { 'manifests-branch': branch },
      input: 'manifests-branch',
      rule: /valid git branch name/,
      shown: JSON.stringify(branch),
    }),
  ),
  // closed sets
  { title: 'mode outside its set', inputs: { mode: 'deploy-all' }, input: 'mode', rule: /one of auto, build, deploy, plan/, shown: '"deploy-all"' },
  { title: 'push outside its set', inputs: { push: 'yes' }, input: 'push', rule: /auto, true, false or by-digest/, shown: '"yes"' },
  { title: 'cache outside its set', inputs: { cache: 's3' }, input: 'cache', rule: /one of gha, registry, none/, shown: '"s3"' },
  { title: 'fail-on outside its set', inputs: { 'fail-on': 'CRITICAL,SEVERE' }, input: 'fail-on', rule: /severities/, shown: '"SEVERE"' },
  { title: 'build-args line without =', inputs: { 'build-args': 'GOOD=1\nNOEQUALS' }, input: 'build-args', rule: /KEY=VALUE/, shown: '"NOEQUALS"' },
  // paths
  { title: 'context ../x', inputs: { context: '../x' }, input: 'context', rule: /inside the workspace/, shown: '"../x"' },
  { title: 'context /etc', inputs: { context: '/etc' }, input: 'context', rule: /inside the workspace/, shown: '"/etc"' },
  { title: 'file ../x', inputs: { file: '../x/Dockerfile' }, input: 'file', rule: /inside the workspace/, shown: '"../x/Dockerfile"' },
  { title: 'file /etc/passwd', inputs: { file: '/etc/passwd' }, input: 'file', rule: /inside the workspace/, shown: '"/etc/passwd"' },
  { title: 'manifests-path ../x', inputs: { 'manifests-path': 'infra/k8s\n../x' }, input: 'manifests-path', rule: /inside the workspace/, shown: '"../x"' },
  { title: 'manifests-path /etc', inputs: { 'manifests-path': '/etc' }, input: 'manifests-path', rule: /inside the workspace/, shown: '"/etc"' },
  { title: 'context through a link', inputs: { context: 'escape-link' }, input: 'context', rule: /symbolic link/, shown: '"escape-link"' },
  { title: 'file through a link', inputs: { file: 'escape-link/passwd' }, input: 'file', rule: /symbolic link/, shown: '"escape-link/passwd"' },
  {
    title: 'manifests-path through a link',
    inputs: { 'manifests-path': 'infra/outside' },
    input: 'manifests-path',
    rule: /symbolic link/,
    shown: '"infra/outside"',
  },
  // secrets: masked line by line first, never shown
  { title: 'registry-password with a newline', inputs: { 'registry-password': PW_LINES.join('\n') }, input: 'registry-password', rule: /newline or other control character/ },
  { title: 'registry-password with a control character', inputs: { 'registry-password': PW_CONTROL }, input: 'registry-password', rule: /newline or other control character/ },
  { title: 'manifests-token with a newline', inputs: { 'manifests-token': TOKEN_LINES.join('\r\n') }, input: 'manifests-token', rule: /newline or other control character/ },
  { title: 'manifests-token with a control character', inputs: { 'manifests-token': TOKEN_CONTROL }, input: 'manifests-token', rule: /newline or other control character/ },
  // deploy mode
  { title: 'deploy mode without tag', inputs: { mode: 'deploy' }, input: 'tag', rule: /required in deploy mode/ },
  { title: 'deploy mode with an invalid tag', inputs: { mode: 'deploy', tag: '-rollback' }, input: 'tag', rule: /valid tag/, shown: '"-rollback"' },
  { title: 'an invalid tag', inputs: { tag: 'v1 2' }, input: 'tag', rule: /valid tag/, shown: '"v1 2"' },
];

let tmp: Awaited<ReturnType<typeof tempDir>>;
let ws: Workspace;
let server: RecordingServer;
let workspaceBefore: string;
let refsBefore: string;

beforeAll(async () => {
  tmp = await tempDir('ftmo-hostile-inputs-');
  server = await startRecordingServer();
  ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
  // Untracked links in the checkout, as a repository could carry them: each leads outside it.
  await symlink('/etc', path.join(ws.dir, 'escape-link'));
  await symlink(tmp.dir, path.join(ws.dir, 'infra/outside'));
  workspaceBefore = await treeDigest(ws.dir);
  refsBefore = refsOf(ws.remote);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await ws?.dispose();
  await tmp?.dispose();
});

/** The case's inputs on top of a valid push-to-main run that would build, scan and deploy. */
async function runCase(id: string, inputs: Record<string, string>): Promise<{ result: ActionResult; rec: Recording }> {
  const rec = await makeRecording(path.join(tmp.dir, id));
  const result = await runAction({
    inputs: {
      service: 'signal-engine',
      'registry-password': SECRETS.registryPassword,
      'manifests-token': SECRETS.manifestsToken,
      'trivy-download-url': `${server.url}/${id}`,
      ...inputs,
    },
    event: 'push',
    payload: PUSH,
    workspace: ws.dir,
    ref: 'refs/heads/main',
    sha: ws.sha,
    actor: ACTOR,
    token: SECRETS.githubToken,
    env: { ...rec.env, FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64' },
  });
  return { result, rec };
}

/** The forms of a secret the action must mask: whole, each line, base64 as in Basic auth. */
function maskForms(secret: string): string[] {
  const lines = secret.split(/\r?\n/);
  return [secret, ...lines, base64(secret), base64(`x-access-token:${secret}`), base64(`${ACTOR}:${secret}`)];
}

describe('the detection works', () => {
  it('a valid run with the same setup does start docker and does download', async () => {
    const { result, rec } = await runCase('control', {});
    try {
      expect(rec.docker().map((call) => call.argv[0])).toContain('login');
      expect(rec.actionSpawns().length).toBeGreaterThan(0);
      expect(server.requests.filter((request) => request.url.startsWith('/control/')).length).toBeGreaterThan(0);
      expect(leakOf(result, Object.values(SECRETS))).toBe('');
    } finally {
      await result.dispose();
    }
  });
});

describe.concurrent('a bad input fails in planning, touches nothing and leaks nothing', () => {
  it.each(CASES.map((c, index) => ({ ...c, id: `case-${index}` })))('$title', async ({ id, inputs, input, rule, shown }) => {
    const { result, rec } = await runCase(id, inputs);
    try {
      expect(result.code).toBe(1);

      // Exactly the planning failure, on one line, naming the input and the rule.
      expect(result.errors).toHaveLength(1);
      const error = result.errors[0] ?? '';
      expect(error).toContain(`Input '${input}'`);
      expect(error).toMatch(rule);
      expect(error).not.toContain('\n');
      if (shown !== undefined) expect(error).toContain(`(got ${shown})`);
      else expect(error).not.toContain('(got');
      const [raw = ''] = rawErrorLines(result.stdout);
      expect(raw.slice('::error::'.length)).not.toContain('::');

      // Nothing ran, nothing was fetched or pushed, nothing in the workspace changed.
      expect(rec.docker()).toEqual([]);
      expect(rec.trivy()).toEqual([]);
      expect(rec.calls()).toEqual([]);
      expect(rec.actionSpawns()).toEqual([]);
      expect(server.requests.filter((request) => request.url.startsWith(`/${id}/`))).toEqual([]);
      expect(refsOf(ws.remote)).toBe(refsBefore);
      expect(await treeDigest(ws.dir)).toBe(workspaceBefore);

      // Secrets: masked (every form) before the error, never printed.
      const password = inputs['registry-password'] ?? SECRETS.registryPassword;
      const token = inputs['manifests-token'] ?? SECRETS.manifestsToken;
      const secrets = [password, token, SECRETS.githubToken];
      const pieces = [...PW_LINES, ...TOKEN_LINES, PW_CONTROL.split('\u0007')[0] ?? '', TOKEN_CONTROL.split('\u001b')[0] ?? ''];
      expect(leakOf(result, [...secrets, ...pieces, 'hunter2pass', 'ghs_HOSTILE_SECRET_inurl'])).toBe('');
      expect(result.masks).toEqual(expect.arrayContaining([password, ...password.split(/\r?\n/), token, ...token.split(/\r?\n/), SECRETS.githubToken]));
      expect(result.masks).toEqual(expect.arrayContaining([base64(`${ACTOR}:${password}`), base64(`x-access-token:${token}`)]));
      const lines = result.stdout.split('\n');
      const errorAt = lines.findIndex((line) => line.startsWith('::error::'));
      const lastMask = lines.map((line) => line.startsWith('::add-mask::')).lastIndexOf(true);
      expect(lastMask).toBeLessThan(errorAt);
      expect(unintendedCommands(result.stdout, [...maskForms(password), ...maskForms(token), ...maskForms(SECRETS.githubToken)])).toEqual([]);
    } finally {
      await result.dispose();
    }
  });
});
