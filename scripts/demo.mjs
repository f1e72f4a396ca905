#!/usr/bin/env node
// `npm run demo`: the FTMO trading example as a push to `main` would run it. The example is
// copied into a temporary repository with a local bare `origin`, and the bundled action runs for
// three services at once, like three jobs of the workflow's matrix. With a Docker engine, buildx
// and the registry of scripts/e2e-stack.sh it builds and pushes for real; otherwise it runs in
// plan mode. Then it prints each job summary and the manifests branch the jobs produced.
// A second pass follows a commit that changes one service: only that service is built again;
// the others keep their source key, and their images are reused (README, "Build avoidance").

import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeWorkspace } from './lib/git-workspace.mjs';
import { BUNDLE, ROOT, runAction } from './lib/local-runner.mjs';

const EXAMPLE = path.join(ROOT, 'examples/ftmo-trading');
const SERVICES = ['signal-generation-engine', 'technical-pattern-service', 'signal-monitoring'];
const REGISTRY = '127.0.0.1:5000';
// As the example's pipeline does on main: the production overlay and the bases it builds on.
const MANIFESTS_PATHS = ['infra/k8s/base', 'infra/k8s/overlays/production'];
const OWNER = 'ftmo-example';
const BUSYBOX_DIR = process.env.E2E_BUSYBOX_DIR ?? path.join(ROOT, '.tmp/e2e-stack/busybox');
// Every image builds from services/, the directory that holds the shared package (common/)
// beside the services, as the example's pipeline builds them.
const CONTEXT = 'services';
// Nothing can be pulled on an offline machine, so a real build uses this stand-in for the
// services' python:slim Dockerfiles: the same files from the same context (the shared package
// and the service's code) on busybox, with a RUN step per platform.
const standInDockerfile = (service) => `FROM scratch
ARG TARGETARCH
COPY .demo/busybox-\${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY common/ftmo_service /app/ftmo_service
COPY ${service}/app.py /app/app.py
RUN echo "built on $(uname -m)" > /app/BUILT_ON
`;

// No Trivy release can be downloaded on an offline machine. The demo then scans with the test
// suite's stand-in, which prints reports in Trivy's format: clean ones, except for one service
// whose report carries fixed CRITICAL and HIGH findings, to show the gate stopping a release.
const STAND_IN_TRIVY = path.join(ROOT, '__tests__/fixtures/bin/trivy');
const TRIVY_REPORTS = path.join(ROOT, '__tests__/fixtures/trivy');
const BLOCKED_SERVICE = 'signal-monitoring';

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

async function main() {
  if (!existsSync(BUNDLE)) throw new Error('dist/index.js is missing: run npm run bundle');
  const real = realStack();
  console.log(bold(real.ok ? `Real builds: ${real.why}.` : `Plan mode: ${real.why}, so nothing is built or pushed.`));
  const trivy = which('trivy') || STAND_IN_TRIVY;
  if (real.ok && trivy === STAND_IN_TRIVY) {
    console.log(`No Trivy on PATH (none can be downloaded here): scanning with a stand-in that prints Trivy-format reports; ${BLOCKED_SERVICE}'s report has fixed CRITICAL findings, so its gate is expected to fail.`);
  }

  const ws = await makeWorkspace({ from: EXAMPLE, files: real.ok ? realBuildFiles() : {} });
  try {
    // busybox is committed with the stand-in Dockerfiles, so that the checkout is clean and each
    // service has a source key.
    if (real.ok) copyBusybox(path.join(ws.source, CONTEXT));
    const first = { sha: ws.commit({}, 'Build the services on busybox'), dir: ws.checkout('main') };
    const expected = (service) => (real.ok && trivy === STAND_IN_TRIVY && service === BLOCKED_SERVICE ? 1 : 0);
    let unexpected = await pass(first, real.ok, trivy, expected);
    showManifestsBranch(ws);

    const changed = SERVICES[0];
    console.log(bold(`\nSecond pass: a commit changes ${changed}/app.py only; the other services are not built again.`));
    appendFileSync(path.join(ws.source, CONTEXT, changed, 'app.py'), '\n# Tuned thresholds.\n');
    const second = { sha: ws.commit({}, `Tune ${changed}`), dir: ws.checkout('main') };
    unexpected += await pass(second, real.ok, trivy, expected);
    if (unexpected > 0) {
      console.log(bold(`${unexpected} runs did not end as expected.`));
      process.exitCode = 1;
    }
  } finally {
    await ws.dispose();
  }
}

/** The three jobs of one push, at once; how many did not end with the expected exit code. */
async function pass(at, real, trivy, expected) {
  const runs = await Promise.all(
    SERVICES.map((service) =>
      runAction({
        inputs: inputsFor(service, real, trivy),
        event: 'push',
        payload: pushPayload(at.sha),
        workspace: at.dir,
        ref: 'refs/heads/main',
        sha: at.sha,
        repository: `${OWNER}/ftmo-trading`,
        env: trivy === STAND_IN_TRIVY ? { TRIVY_FAKE_REPORTS: standInReports(service) } : {},
      }),
    ),
  );
  runs.forEach((run, i) => show(SERVICES[i], run));
  console.log(bold('\nSource keys and build avoidance:'));
  runs.forEach((run, i) => {
    const key = JSON.parse(run.outputs.plan || '{}').build?.reuse?.key || 'none';
    const what = real ? (run.outputs['build-reused'] === 'true' ? 'reused, not built' : 'built') : 'plan mode';
    console.log(`  ${SERVICES[i].padEnd(28)} ${key.slice(0, 16)}…  ${what}`);
  });
  const unexpected = runs.filter((run, i) => run.code !== expected(SERVICES[i])).length;
  await Promise.all(runs.map((run) => run.dispose()));
  return unexpected;
}

function inputsFor(service, real, trivy) {
  const base = { service, context: CONTEXT, 'manifests-path': MANIFESTS_PATHS.join('\n') };
  if (!real) return { ...base, file: `${CONTEXT}/${service}/Dockerfile`, mode: 'plan' };
  return {
    ...base,
    image: `${REGISTRY}/${OWNER}/${service}`,
    // The local registry is not GitHub's, so the workflow token is never offered to it.
    'registry-username': 'demo',
    'registry-password': 'demo-local-registry',
    file: `${CONTEXT}/${service}/Dockerfile.demo`,
    cache: 'none',
    'trivy-path': trivy,
  };
}

function standInReports(service) {
  const report = (name) => path.join(TRIVY_REPORTS, `${name}.json`);
  const blocked = service === BLOCKED_SERVICE;
  return JSON.stringify({
    'linux/amd64': report(blocked ? 'report-amd64' : 'report-clean'),
    'linux/arm64': report(blocked ? 'report-arm64' : 'report-clean'),
  });
}

/** Docker engine, buildx, the local registry and busybox for both platforms, or why not. */
function realStack() {
  if (which('docker') === '') return { ok: false, why: 'no docker CLI' };
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe' });
  } catch {
    return { ok: false, why: 'no Docker engine answers (scripts/e2e-stack.sh starts one)' };
  }
  try {
    execFileSync('docker', ['buildx', 'version'], { stdio: 'pipe' });
  } catch {
    return { ok: false, why: 'docker has no buildx plugin' };
  }
  try {
    execFileSync('curl', ['-fsS', '-o', '/dev/null', `http://${REGISTRY}/v2/`], { stdio: 'pipe' });
  } catch {
    return { ok: false, why: `no registry answers on ${REGISTRY}` };
  }
  if (!['amd64', 'arm64'].every((arch) => existsSync(path.join(BUSYBOX_DIR, arch, 'busybox')))) {
    return { ok: false, why: `no busybox for amd64 and arm64 in ${BUSYBOX_DIR}` };
  }
  return { ok: true, why: `Docker engine with buildx and a registry on ${REGISTRY}` };
}

/** The example as a user adopting it would change it: images in their registry, and a stand-in Dockerfile. */
function realBuildFiles() {
  const files = {};
  for (const file of walk(path.join(EXAMPLE, 'infra/k8s'))) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(`ghcr.io/${OWNER}/`)) files[path.relative(EXAMPLE, file)] = text.replaceAll(`ghcr.io/${OWNER}/`, `${REGISTRY}/${OWNER}/`);
  }
  for (const service of SERVICES) {
    files[`${CONTEXT}/${service}/Dockerfile.demo`] = standInDockerfile(service);
    // BuildKit reads the ignore file named after the Dockerfile: the example's, plus busybox.
    const ignore = readFileSync(path.join(EXAMPLE, CONTEXT, service, 'Dockerfile.dockerignore'), 'utf8');
    files[`${CONTEXT}/${service}/Dockerfile.demo.dockerignore`] = ignore.replace('!common/ftmo_service\n', '!common/ftmo_service\n!.demo\n');
  }
  return files;
}

function copyBusybox(context) {
  mkdirSync(path.join(context, '.demo'), { recursive: true });
  for (const arch of ['amd64', 'arm64']) copyFileSync(path.join(BUSYBOX_DIR, arch, 'busybox'), path.join(context, '.demo', `busybox-${arch}`));
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

function which(command) {
  try {
    return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function pushPayload(sha) {
  return {
    ref: 'refs/heads/main',
    after: sha,
    repository: { full_name: `${OWNER}/ftmo-trading`, default_branch: 'main', owner: { login: OWNER } },
    head_commit: { id: sha, message: 'Initial import' },
  };
}

function show(service, run) {
  console.log(`\n${bold(`── ${service}: exit ${run.code} ${'─'.repeat(Math.max(0, 50 - service.length))}`)}`);
  console.log(terminalMarkdown(run.summary));
  if (run.code !== 0) console.log(run.errors.join('\n') || run.stderr);
}

/** The job summary as a terminal shows it best: no HTML, headings in bold. */
function terminalMarkdown(markdown) {
  return markdown
    .replace(/<\/?details>|<summary>|<\/summary>/g, '')
    .replace(/^(#{1,4}) (.*)$/gm, (_, _hashes, title) => bold(title))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function showManifestsBranch(ws) {
  const branches = ws.git(['branch', '--list', '--format=%(refname:short)'], ws.remote);
  if (!branches.split('\n').includes('manifests')) {
    console.log(`\n${bold('No manifests branch was pushed')} (plan mode shows the diff each run would make, above).`);
    return;
  }
  console.log(`\n${bold('The manifests branch Argo CD would sync:')}`);
  console.log(ws.git(['log', '--format=%h %an: %s', 'manifests'], ws.remote));
  console.log(`\n${bold(`main..manifests, ${MANIFESTS_PATHS.join(' and ')}:`)}`);
  console.log(ws.git(['diff', 'main', 'manifests', '--', ...MANIFESTS_PATHS], ws.remote));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
