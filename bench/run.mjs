// `npm run bench`: what the bundled action costs, side by side with the usual way of doing the
// same thing, measured in one run on one machine. Every figure is the median of several runs;
// the two sides of a comparison alternate, so that the machine's mood falls on both alike.
//
//   node bench/run.mjs [--runs N] [--only startup,overlays,parallel,stack]
//
// The bundle (dist/index.js) is what runs: `npm run bundle` first. Fake docker and Trivy
// (__tests__/fixtures/bin) stand in for the tools except on the real stack; git is real, with
// local bare repositories as remotes; the renderer is the one on PATH.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, runAction } from '../scripts/lib/local-runner.mjs';
import { FIXTURE_GIT_ENV, makeWorkspace } from '../scripts/lib/git-workspace.mjs';
import { describeMachine, formatDuration, formatRatio, formatSpeedup, markdownTable, median } from './lib/table.mjs';
import { imageOf, manifestsTree, overlayDirs } from './lib/trees.mjs';

const FAKE_BIN = path.join(ROOT, '__tests__/fixtures/bin');
const FAKE_TRIVY = path.join(FAKE_BIN, 'trivy');
const CLEAN_REPORT = path.join(ROOT, '__tests__/fixtures/trivy/report-clean.json');
const CLEAN_REPORTS = JSON.stringify({ 'linux/amd64': CLEAN_REPORT, 'linux/arm64': CLEAN_REPORT });
const DIGEST = `sha256:${'5'.repeat(64)}`;
const SERVICES = [
  'signal-generation-engine',
  'news-ingestion-service',
  'finbert-sentiment-service',
  'finbert-trading-llm',
  'dax-llm-service',
  'technical-pattern-service',
  'postgres-data-collector',
  'signal-monitoring',
];
const REGISTRY = '127.0.0.1:5000';
const BUSYBOX_DIR = process.env.E2E_BUSYBOX_DIR ?? path.join(ROOT, '.tmp/e2e-stack/busybox');

const HEADER = ['Measure', 'ftmo-deploy', 'Usual way / baseline', 'Ratio', 'Target'];

const options = parseArgs(process.argv.slice(2));
const tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-bench-'));
const rows = [];
const notes = [];
const renderer = findRenderer();
try {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run bundle` first');
  if (options.only.has('startup')) rows.push(...(await startup(options.runs)));
  if (options.only.has('overlays')) rows.push(...(await overlays(options.runs)));
  if (options.only.has('parallel')) rows.push(...(await parallel(options.runs)));
  if (options.only.has('stack')) rows.push(...(await stack(Math.min(options.runs, 3))));
} finally {
  await rm(tmp, { recursive: true, force: true });
}
console.log(markdownTable(HEADER, rows));
console.log('');
console.log(`Machine: ${machine()}. Medians of ${options.runs} runs (the real stack: of ${Math.min(options.runs, 3)}).`);
for (const note of notes) console.log(`- ${note}`);

// ---------------------------------------------------------------------------------------------

function parseArgs(args) {
  const parsed = { runs: 5, only: new Set(['startup', 'overlays', 'parallel', 'stack']) };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') parsed.runs = Number(args[++i]);
    else if (args[i] === '--only') parsed.only = new Set(String(args[++i]).split(','));
    else throw new Error(`unknown argument ${args[i]} (use --runs N, --only startup,overlays,parallel,stack)`);
  }
  if (!Number.isInteger(parsed.runs) || parsed.runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return parsed;
}

function machine() {
  const cpus = os.cpus();
  return describeMachine({ cpuModel: cpus[0]?.model ?? 'unknown CPU', cores: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}` });
}

/**
 * The renderer both sides use. The action looks for `kustomize`, then `kubectl kustomize`; where
 * only kubectl exists, the usual way gets a stand-in `kustomize` (bench/bin) for its edits and
 * renders with `kubectl kustomize`, as the action does.
 */
function findRenderer() {
  const has = (command) => {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  if (has('kustomize')) {
    notes.push('Both sides render with `kustomize build`; the usual way edits with `kustomize edit set image`.');
    return { build: 'kustomize build', path: process.env.PATH ?? '' };
  }
  notes.push(
    'No standalone kustomize here: both sides render with `kubectl kustomize`; the usual way runs `kustomize edit set image` through a stand-in (bench/bin/kustomize, one Node process per directory), and is also shown without the edits.',
  );
  return { build: 'kubectl kustomize', path: `${path.join(ROOT, 'bench/bin')}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Runs `fn` `runs` times for each of the sides, alternating; the median of each side. */
async function sideBySide(runs, sides) {
  const samples = sides.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (const [i, side] of sides.entries()) samples[i].push(await side(round));
  }
  return samples.map((values) => median(values));
}

function timeProcess(command, args, env, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.slice(0, 3).join(' ')} … exited with ${code}:\n${output}`));
    });
  });
}

function assertSucceeded(result, what) {
  if (result.code !== 0) throw new Error(`${what}: the action failed (${result.code}):\n${result.stdout.split('\n').slice(-30).join('\n')}\n${result.stderr}`);
}

/** Push attempts of a run, from its log line `Pushed <commit> to "<branch>" (attempt N of M).` */
function pushAttempts(result) {
  const match = /^Pushed [0-9a-f]+ to .* \(attempt (\d+) of \d+\)\.$/m.exec(result.stdout);
  return match === null ? 0 : Number(match[1]);
}

// ---------------------------------------------------------------------------------------------
// 1. Start-up

async function startup(runs) {
  const ws = await makeWorkspace({ files: manifestsTree({ services: SERVICES, overlays: 1 }) });
  try {
    const planRun = async () => {
      const result = await runAction({
        event: 'push',
        payload: JSON.parse(await readFile(path.join(ROOT, '__tests__/fixtures/events/push.json'), 'utf8')),
        ref: 'refs/heads/main',
        sha: ws.sha,
        workspace: ws.dir,
        inputs: { service: SERVICES[0], context: `services/${SERVICES[0]}`, mode: 'plan' },
        post: false,
      });
      await result.dispose();
      assertSucceeded(result, 'plan mode');
      return result.durationMs;
    };
    await planRun(); // the first run pays for the disk cache; every later one is what runners see
    const [bare, plan] = await sideBySide(runs, [() => timeProcess(process.execPath, ['-e', '0'], process.env), planRun]);
    return [['Plan-mode start-up over bare Node', formatDuration(plan - bare), `${formatDuration(plan)} − \`node -e 0\` ${formatDuration(bare)}`, '—', '≤ 100 ms']];
  } finally {
    await ws.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. One service into 1 and into 200 overlays

/** The action in deploy mode (workflow_dispatch), pinning `tag` of `service` (on `branch`, default the manifests branch). */
async function deployRun(ws, workspace, service, tag, manifestsPath = 'infra/k8s', branch = undefined) {
  const result = await runAction({
    event: 'workflow_dispatch',
    payload: JSON.parse(await readFile(path.join(ROOT, '__tests__/fixtures/events/workflow_dispatch.json'), 'utf8')),
    ref: 'refs/heads/main',
    sha: ws.sha,
    workspace,
    inputs: { service, context: `services/${service}`, mode: 'deploy', tag, 'trivy-path': FAKE_TRIVY, 'manifests-path': manifestsPath, ...(branch ? { 'manifests-branch': branch } : {}) },
    env: {
      PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      FAKE_DOCKER_LOG: path.join(tmp, 'docker.jsonl'),
      TRIVY_FAKE_LOG: path.join(tmp, 'trivy.jsonl'),
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      TRIVY_FAKE_REPORTS: CLEAN_REPORTS,
    },
    post: false,
  });
  await result.dispose();
  assertSucceeded(result, `deploy ${service}:${tag}`);
  return result;
}

async function overlays(runs) {
  const rows = [];
  for (const count of [1, 200]) {
    const service = SERVICES[0];
    const ws = await makeWorkspace({ files: manifestsTree({ services: [service], overlays: count }) });
    try {
      // The branch exists before the measured runs: both sides change a branch that is there.
      await deployRun(ws, ws.checkout('main'), service, 'bench-0');
      let clones = 0;
      const usual = (skipEdit) => async (round) =>
        timeProcess(
          'bash',
          [path.join(ROOT, 'bench/usual-way.sh'), `file://${ws.remote}`, 'manifests', path.join(tmp, `usual-${count}-${++clones}`), imageOf(service), `usual-${clones}-${round}`, DIGEST, ...overlayDirs(count)],
          { ...process.env, ...FIXTURE_GIT_ENV, PATH: renderer.path, KUSTOMIZE_BUILD: renderer.build, USUAL_SKIP_EDIT: skipEdit ? '1' : '' },
        );
      const sides = [async (round) => (await deployRun(ws, ws.checkout('main'), service, `bench-${round + 1}`)).durationMs, usual(false)];
      if (count > 1 && renderer.build !== 'kustomize build') sides.push(usual(true));
      const [ours, theirs, renderOnly] = await sideBySide(runs, sides);
      const label = `Pin 1 service in ${count} overlay${count === 1 ? '' : 's'} (deploy mode)`;
      rows.push([label, formatDuration(ours), `${formatDuration(theirs)} (edit + build each, commit, push)`, formatSpeedup(ours, theirs), count === 1 ? '—' : '≥ 3× faster']);
      if (renderOnly !== undefined) {
        rows.push([`${label}, usual way without edits`, formatDuration(ours), `${formatDuration(renderOnly)} (build each, commit, push)`, formatSpeedup(ours, renderOnly), '—']);
      }
    } finally {
      await ws.dispose();
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 3. Eight deploys at once against the same eight one after another

async function parallel(runs) {
  const ws = await makeWorkspace({ files: manifestsTree({ services: SERVICES, overlays: 1 }) });
  try {
    await deployRun(ws, ws.checkout('main'), SERVICES[0], 'bench-0');
    const attempts = { together: [], oneByOne: [] };
    const together = async (round) => {
      const checkouts = SERVICES.map(() => ws.checkout('main'));
      const started = performance.now();
      const results = await Promise.all(SERVICES.map((service, i) => deployRun(ws, checkouts[i], service, `together-${round}`)));
      const ms = performance.now() - started;
      attempts.together.push(results.reduce((sum, result) => sum + pushAttempts(result), 0));
      return ms;
    };
    const oneByOne = async (round) => {
      const checkouts = SERVICES.map(() => ws.checkout('main'));
      const started = performance.now();
      const results = [];
      for (const [i, service] of SERVICES.entries()) results.push(await deployRun(ws, checkouts[i], service, `one-by-one-${round}`));
      const ms = performance.now() - started;
      attempts.oneByOne.push(results.reduce((sum, result) => sum + pushAttempts(result), 0));
      return ms;
    };
    // The floor: the same eight at once, each to a branch of its own (made before), so that no
    // push is ever rejected; what 8 at once cost on this machine without any contention.
    const ownBranch = (service) => `manifests-${service}`;
    for (const service of SERVICES) await deployRun(ws, ws.checkout('main'), service, 'bench-0', undefined, ownBranch(service));
    const apart = async (round) => {
      const checkouts = SERVICES.map(() => ws.checkout('main'));
      const started = performance.now();
      await Promise.all(SERVICES.map((service, i) => deployRun(ws, checkouts[i], service, `apart-${round}`, undefined, ownBranch(service))));
      return performance.now() - started;
    };
    const [parallelMs, serialMs, apartMs] = await sideBySide(runs, [together, oneByOne, apart]);
    return [
      [
        '8 services deployed at once to one branch',
        `${formatDuration(parallelMs)}, ${median(attempts.together)} push attempts`,
        `${formatDuration(serialMs)} one after another, ${median(attempts.oneByOne)} push attempts`,
        formatRatio(parallelMs, serialMs),
        '≤ 0.6×',
      ],
      [
        '8 services deployed at once, each to a branch of its own (no contention: the floor of the row above)',
        formatDuration(apartMs),
        `${formatDuration(serialMs)} one after another to one branch`,
        formatRatio(apartMs, serialMs),
        '—',
      ],
    ];
  } finally {
    await ws.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. The real stack: builds

async function stackIsUp() {
  try {
    execFileSync('docker', ['info'], { stdio: 'pipe' });
    const registry = await globalThis.fetch(`http://${REGISTRY}/v2/`);
    return registry.ok && ['amd64', 'arm64'].every((arch) => existsSync(path.join(BUSYBOX_DIR, arch, 'busybox')));
  } catch {
    return false;
  }
}

/** FROM scratch with busybox, and RUN steps that do real work on each platform (arm64 under emulation). */
function stackDockerfile() {
  return [
    'FROM scratch',
    'ARG TARGETARCH',
    // Committed by the benchmark's own git, which keeps no mode: made executable here.
    'COPY --chmod=0755 busybox-${TARGETARCH} /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    'COPY app.txt /app.txt',
    'RUN i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sha256sum /bin/busybox > /checksum; uname -m > /arch',
    '',
  ].join('\n');
}

async function stack(runs) {
  if (!(await stackIsUp())) {
    notes.push(`Real stack: not measured (docker, the registry on ${REGISTRY} or busybox in E2E_BUSYBOX_DIR missing; see scripts/e2e-stack.sh).`);
    return [];
  }
  const registry = `${REGISTRY}/bench-${Date.now().toString(36)}`;
  // busybox is committed with each service, so that the context holds tracked files only.
  const files = manifestsTree({ services: SERVICES, overlays: 1, registry, dockerfile: stackDockerfile });
  for (const service of SERVICES) {
    for (const arch of ['amd64', 'arm64']) files[`services/${service}/busybox-${arch}`] = await readFile(path.join(BUSYBOX_DIR, arch, 'busybox'));
  }
  const ws = await makeWorkspace({ files });
  const trivyCache = path.join(tmp, 'trivy-cache');
  let sha = ws.sha;
  const pushEvent = () => ({ ref: 'refs/heads/main', after: sha, repository: { full_name: 'Ftmo-Labs/dax-trading', name: 'dax-trading', default_branch: 'main', owner: { login: 'Ftmo-Labs' } } });
  const step = async (service) => {
    const workspace = ws.checkout('main');
    const result = await runAction({
      event: 'push',
      payload: pushEvent(),
      ref: 'refs/heads/main',
      sha,
      workspace,
      inputs: {
        service,
        context: `services/${service}`,
        image: imageOf(service, registry),
        cache: 'none',
        'registry-username': 'bench',
        'registry-password': 'bench-local-registry',
        'trivy-path': FAKE_TRIVY,
        // The DB cache the example pipeline restores before the step (actions/cache).
        'trivy-cache-dir': trivyCache,
      },
      env: { TRIVY_FAKE_REPORTS: CLEAN_REPORTS },
      post: false,
    });
    await result.dispose();
    assertSucceeded(result, `build ${service}`);
    return result.durationMs;
  };
  const commit = (files, message) => (sha = ws.commit(files, message));
  try {
    const service = SERVICES[0];
    const first = [];
    const unchanged = [];
    const eight = [];
    for (let round = 0; round < runs; round++) {
      // A new app.txt: the service's context changed, so every RUN step after it runs again.
      commit({ [`services/${service}/app.txt`]: `${service} ${round} ${Date.now()}\n` }, `Change ${service}`);
      first.push(await step(service));
      commit({ 'README.md': `round ${round}\n` }, 'Change the README only');
      unchanged.push(await step(service));
    }
    // Every service built once before, as on any push after the first.
    for (const each of SERVICES.slice(1)) await step(each);
    for (let round = 0; round < runs; round++) {
      commit({ [`services/${service}/app.txt`]: `${service} eight ${round} ${Date.now()}\n` }, `Change ${service}`);
      let total = 0;
      // Each service's job, one after another: the sum is the runner time the push costs.
      for (const each of SERVICES) total += await step(each);
      eight.push(total);
    }
    const firstMs = median(first);
    const unchangedMs = median(unchanged);
    const eightMs = median(eight);
    notes.push(
      'Real stack: docker buildx for linux/amd64 and linux/arm64, pushed to a local registry, `cache: none` (the builder keeps its own layer cache); Trivy is the stand-in of __tests__/fixtures/bin, with its DB cache kept between steps as the example pipeline restores it.',
    );
    return [
      ["A service's first build (real stack)", formatDuration(firstMs), '—', '—', '—'],
      ['The same step, nothing changed in the service', formatDuration(unchangedMs), `${formatDuration(firstMs)} (first build)`, formatRatio(unchangedMs, firstMs), '≤ 0.15×'],
      ['8 example services after a change to one (sum of the 8 steps)', formatDuration(eightMs), `${formatDuration(8 * firstMs)} (8 × first build)`, formatRatio(eightMs, 8 * firstMs), '—'],
    ];
  } finally {
    await ws.dispose();
  }
}
