export const id = 653;
export const ids = [653,661];
export const modules = {

/***/ 5423:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ githubClient),
/* harmony export */   g: () => (/* binding */ describeApiError)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(241);
// The one way the action talks to GitHub's REST API: an Octokit for the API of the run (GITHUB_API_URL,
// so GitHub Enterprise Server works), authenticated with the token in the Authorization header
// only, and retrying what is transient: server errors and network failures (@octokit/plugin-retry)
// and secondary rate limits (a 403 or 429 that says to wait).



/** Attempts after the first one, for errors worth repeating. */
const RETRIES = 3;
/** Longest wait a secondary rate limit may ask for before we give up on the record. */
const MAX_RETRY_AFTER_SECONDS = 60;
function githubClient(token, apiUrl) {
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { baseUrl: apiUrl.replace(/\/+$/, ''), retry: { retries: RETRIES } }, secondaryRateLimits, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L);
}
/**
 * Marks a secondary rate limit for plugin-retry (registered before it, so its hook sees the
 * error first): the same marking its `retryRequest` makes, with GitHub's `retry-after` seconds.
 */
function secondaryRateLimits(octokit) {
    octokit.hook.error('request', (error) => {
        const wait = secondaryRateLimitWait(error);
        if (wait !== undefined && error.request !== undefined) {
            error.request.request = { ...error.request.request, retries: RETRIES, retryAfter: wait };
        }
        throw error;
    });
}
/** Seconds to wait when the error is a secondary rate limit, else undefined. */
function secondaryRateLimitWait(error) {
    if (error.status !== 403 && error.status !== 429)
        return undefined;
    const headers = error.response?.headers ?? {};
    const after = Number(headers['retry-after']);
    const limited = /secondary rate limit/i.test(error.message ?? '') || Number.isFinite(after) || error.status === 429;
    if (!limited)
        return undefined;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Number.isFinite(after) && after > 0 ? after : 1);
}
/** Status and message of a failed call, for the warning (never the request: it carries the token). */
function describeApiError(error) {
    const e = error;
    const status = typeof e?.status === 'number' ? e.status : undefined;
    return { ...(status === undefined ? {} : { status }), message: (0,_domain_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error) };
}


/***/ }),

/***/ 7430:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ apiFailureWarning)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9757);
// What a failed call to GitHub's API means for a record the run keeps there (a Deployment, a
// pull request comment): a warning, never the run's result. 403 and 404 are what GitHub answers
// when the job's token lacks the permission, so the warning names the permission to grant.

function apiFailureWarning(what, permission, failure) {
    const detail = `${failure.status === undefined ? '' : `HTTP ${failure.status}: `}${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(failure.message, 300)}`;
    if (failure.status === 403 || failure.status === 404) {
        return `${what} was not written: the job's token needs the '${permission}' permission (add 'permissions: ${permission}' to the job). GitHub answered ${detail}. The deploy itself is unaffected.`;
    }
    return `${what} was not written: ${detail}. The deploy itself is unaffected.`;
}


/***/ }),

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanup: () => (/* binding */ cleanup),
/* harmony export */   v: () => (/* binding */ rememberForCleanup)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6058);


// The main step removes what it created in a `finally`; the post step is the net for a main
// step that was cancelled or killed before that ran. What matters most is the private docker
// config: it holds the registry login.
const STATE_KEY = 'leftovers';
const remembered = [];
/** Record a directory the post step must remove if the main step does not get to it. */
function rememberForCleanup(dir) {
    remembered.push(dir);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__.saveState(STATE_KEY, JSON.stringify(remembered));
}
async function cleanup() {
    let dirs = [];
    try {
        dirs = JSON.parse(_actions_core__WEBPACK_IMPORTED_MODULE_1__.getState(STATE_KEY) || '[]');
    }
    catch {
        dirs = [];
    }
    for (const dir of Array.isArray(dirs) ? dirs : []) {
        if (typeof dir === 'string' && dir !== '')
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 5653:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
// EXTERNAL MODULE: ./src/domain/escape.ts
var domain_escape = __webpack_require__(9757);
// EXTERNAL MODULE: ./src/domain/inputs/secret-forms.ts
var secret_forms = __webpack_require__(9412);
// EXTERNAL MODULE: ./src/adapters/exec.ts
var exec = __webpack_require__(7911);
;// CONCATENATED MODULE: ./src/adapters/docker/qemu.ts
// QEMU emulation for a platform the builder cannot build natively: a binfmt handler that is
// registered already, or one registered with update-binfmts.






const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
const QEMU_HANDLERS = {
    amd64: 'qemu-x86_64',
    arm64: 'qemu-aarch64',
    arm: 'qemu-arm',
    '386': 'qemu-i386',
    ppc64le: 'qemu-ppc64le',
    s390x: 'qemu-s390x',
    riscv64: 'qemu-riscv64',
    mips64le: 'qemu-mips64el',
    loong64: 'qemu-loongarch64',
};
// A builder lists the platforms it found when it started; a binfmt handler registered with the
// `F` flag (as qemu-user-static's are) runs foreign binaries in any container from then on.
async function ensureEmulation(platform, supported, binfmtDir, env) {
    const arch = platform.split('/')[1] ?? '';
    const handler = QEMU_HANDLERS[arch];
    const cannot = `the builder cannot build ${(0,domain_escape/* quote */.hD)(platform)} (it supports ${supported.join(', ') || 'nothing'})`;
    if (!platform.startsWith('linux/') || handler === undefined) {
        throw new errors/* ToolError */.v4(`${cannot}, and no QEMU emulation is known for it`);
    }
    if (await handlerEnabled(binfmtDir, handler))
        return;
    const registered = await (0,exec/* execTool */.wc)('update-binfmts', ['--enable', handler], { env });
    if (registered.code === 0 && (await handlerEnabled(binfmtDir, handler))) {
        core.info(`Registered QEMU emulation ${handler} for ${platform}`);
        return;
    }
    throw new errors/* ToolError */.v4(`${cannot}: no QEMU binfmt handler ${(0,domain_escape/* quote */.hD)(handler)} is registered in ${binfmtDir}` +
        (registered.code === 127 ? ' and update-binfmts is not installed' : `, and update-binfmts --enable ${handler} failed`) +
        '. Install qemu-user-static and binfmt-support, or run docker/setup-qemu-action before this step.');
}
async function handlerEnabled(binfmtDir, handler) {
    try {
        const status = await (0,promises_.readFile)((0,external_node_path_.join)(binfmtDir, handler), 'utf8');
        return status.split('\n')[0]?.trim() === 'enabled';
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/adapters/docker/preflight.ts
// What a build needs before it starts: the docker CLI and buildx (checked when the registry
// session opens, session.ts), a reachable engine, and a builder for every requested platform.




/** Where the docker CLI looks for plugins whatever DOCKER_CONFIG says (Linux). */
const SYSTEM_PLUGIN_DIRS = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
];
/**
 * Fails with a message naming what is missing: a reachable engine or a builder able to build
 * every requested platform. `session` comes from openRegistrySession, which proved the docker
 * CLI and buildx already. A foreign platform without QEMU emulation is
 * registered with update-binfmts when that is installed (what docker/setup-qemu-action does with
 * a privileged container, which needs the network to pull).
 */
async function preflight(session, platforms, options = {}) {
    await requireEngine(session.env);
    const supported = await builderPlatforms(session.env);
    for (const platform of platforms) {
        if (!supported.some((candidate) => samePlatform(candidate, platform))) {
            await ensureEmulation(platform, supported, options.binfmtDir ?? BINFMT_DIR, session.env);
        }
    }
}
async function requireDockerCli(env) {
    const result = await (0,exec/* execTool */.wc)('docker', ['--version'], { env });
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`the docker CLI was not found on PATH (or does not run): ${(0,exec/* tail */.RT)(result.stderr, 3)}`);
    }
}
async function requireEngine(env) {
    const result = await (0,exec/* execTool */.wc)('docker', ['version', '--format', '{{.Server.Version}}'], { env });
    if (result.code !== 0 || result.stdout.trim() === '') {
        const where = env.DOCKER_HOST ? `DOCKER_HOST=${(0,domain_escape/* quote */.hD)(env.DOCKER_HOST)}` : 'the default socket';
        throw new errors/* ToolError */.v4(`no docker engine is reachable at ${where}:\n${(0,exec/* outputTail */.ci)(result, 5)}`);
    }
}
async function requireBuildx(env) {
    const result = await (0,exec/* execTool */.wc)('docker', ['buildx', 'version'], { env });
    if (result.code === 0)
        return;
    await requireDockerCli(env);
    throw new errors/* ToolError */.v4('docker buildx is not available. The action uses a private DOCKER_CONFIG, which hides plugins in ' +
        '~/.docker/cli-plugins: install buildx as a system-wide CLI plugin in one of ' +
        `${SYSTEM_PLUGIN_DIRS.join(', ')} (docker/setup-buildx-action does this).\n${(0,exec/* outputTail */.ci)(result, 5)}`);
}
// The platforms of every node of the current builder (`Platforms:` lines; `*` marks platforms
// configured by hand).
async function builderPlatforms(env) {
    const result = await (0,exec/* execTool */.wc)('docker', ['buildx', 'inspect', '--bootstrap'], { env });
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`the buildx builder does not start (docker buildx inspect --bootstrap):\n${(0,exec/* outputTail */.ci)(result)}`);
    }
    return result.stdout
        .split('\n')
        .map((line) => /^\s*Platforms:\s*(.*)$/.exec(line)?.[1])
        .filter((list) => list !== undefined)
        .flatMap((list) => list.split(','))
        .map((platform) => platform.trim().replace(/\*$/, ''))
        .filter((platform) => platform !== '');
}
// linux/arm64 is linux/arm64/v8 and linux/amd64 is linux/amd64/v1 for every builder.
function normalisePlatform(platform) {
    const [os = '', arch = '', variant = ''] = platform.toLowerCase().split('/');
    const implicit = (arch === 'arm64' && variant === 'v8') || (arch === 'amd64' && variant === 'v1');
    return variant && !implicit ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}
function samePlatform(a, b) {
    return normalisePlatform(a) === normalisePlatform(b);
}

// EXTERNAL MODULE: ./src/adapters/temp.ts
var adapters_temp = __webpack_require__(3428);
;// CONCATENATED MODULE: ./src/adapters/docker/registry-command.ts
// Every docker call that talks to the registry (login, `buildx imagetools`) runs with one time
// bound: an unreachable or stalled registry fails the step naming the operation and the host,
// rather than holding it until the job times out. The build itself is not bounded here.



/** How long one registry call may take. */
const REGISTRY_TIMEOUT_SECONDS = 180;
/** Environment variable that replaces REGISTRY_TIMEOUT_SECONDS (a number of seconds). */
const REGISTRY_TIMEOUT_VARIABLE = 'FTMO_REGISTRY_TIMEOUT_SECONDS';
/** The bound: `explicitMs` when given, else the environment variable, else the default. */
function registryTimeoutMs(env, explicitMs) {
    if (explicitMs !== undefined)
        return explicitMs;
    const text = env[REGISTRY_TIMEOUT_VARIABLE]?.trim() ?? '';
    if (text === '')
        return REGISTRY_TIMEOUT_SECONDS * 1000;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0) {
        throw new errors/* ToolError */.v4(`${REGISTRY_TIMEOUT_VARIABLE} must be a positive number of seconds (got ${(0,domain_escape/* quote */.hD)(text)})`);
    }
    return seconds * 1000;
}
/**
 * Runs `docker <args>` against the registry; a call that outlives the bound is killed and fails
 * with a ToolError naming `operation` and the registry host. Any other outcome is
 * returned for the caller to judge.
 */
async function registryCommand(target, args, operation, input) {
    const result = await (0,exec/* execTool */.wc)('docker', args, { env: target.env, input, timeoutMs: target.timeoutMs });
    if (result.timedOut) {
        throw new errors/* ToolError */.v4(`${operation} at the registry ${(0,domain_escape/* quote */.hD)(target.registry)} did not finish within ${target.timeoutMs / 1000} s and was stopped ` +
            `(${REGISTRY_TIMEOUT_VARIABLE} sets this bound)`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/adapters/docker/session.ts
// The private docker client configuration of one run: DOCKER_CONFIG in a fresh directory below
// the temporary root (temp.ts), the registry login in it (the password reaches docker on stdin only, and is masked
// in the log), the environment every docker call runs with, and its removal.











/**
 * Creates a private DOCKER_CONFIG (so neither the runner's ~/.docker nor a previous job's login is
 * used, and the login is gone with the directory), checks that buildx is still reachable from
 * it, and logs in when asked, the password going to `docker login --password-stdin` only.
 */
async function openRegistrySession(options) {
    maskCredentials(options.username, options.password);
    const timeoutMs = registryTimeoutMs(options.env, options.timeoutMs);
    const configDir = await (0,adapters_temp/* makeTempDir */.mk)(options.tempRoot, 'docker-config-');
    options.onConfigDir?.(configDir);
    await (0,promises_.chmod)(configDir, 0o700);
    const close = () => (0,adapters_temp/* removeTempDir */.CT)(configDir);
    const target = { env: childEnv(options.env, configDir), registry: options.registry, timeoutMs };
    try {
        // Two independent processes, run together; a missing buildx is reported before a login failure.
        const checks = await Promise.allSettled([requireBuildx(target.env), options.login ? login(options, target) : undefined]);
        for (const check of checks)
            if (check.status === 'rejected')
                throw check.reason;
    }
    catch (error) {
        await close();
        throw error;
    }
    return { ...target, configDir, close };
}
// The password in every form docker could print it (config.json's base64 `auth` among them);
// readInputs masked the same forms already, but the session must not depend on that.
function maskCredentials(username, password) {
    for (const form of (0,secret_forms/* secretForms */.e)(password, username))
        core.setSecret(form);
}
// The inputs (INPUT_*) carry the registry password and the manifests token: docker needs neither.
function childEnv(env, configDir) {
    const child = {};
    for (const [key, value] of Object.entries(env)) {
        if (value !== undefined && !key.startsWith('INPUT_'))
            child[key] = value;
    }
    // Builders (docker/setup-buildx-action's among them) are recorded in <docker config>/buildx;
    // keep using the runner's, or the private config would silently fall back to the default
    // builder, which may not build every platform.
    child.BUILDX_CONFIG = env.BUILDX_CONFIG || (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'buildx');
    child.DOCKER_CONFIG = configDir;
    return child;
}
async function login(options, target) {
    if (options.password === '') {
        throw new errors/* ToolError */.v4(`no password to log in to ${(0,domain_escape/* quote */.hD)(options.registry)} (input 'registry-password' is empty)`);
    }
    const result = await registryCommand(target, ['login', options.registry, '--username', options.username, '--password-stdin'], 'docker login', options.password);
    if (result.code !== 0) {
        const detail = (0,exec/* outputTail */.ci)(result).split(options.password).join('***');
        throw new errors/* ToolError */.v4(`docker login to ${(0,domain_escape/* quote */.hD)(options.registry)} as ${(0,domain_escape/* quote */.hD)(options.username)} failed (exit code ${result.code}):\n${detail}`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/domain/ids.ts
var ids = __webpack_require__(1606);
;// CONCATENATED MODULE: ./src/adapters/docker/registry-images.ts
// What the registry holds, through `docker buildx imagetools` (never a pull): the digest of an
// image and of each of its platforms, the labels of its images, and a new tag for an existing
// image. Every call is bounded in time (registry-command.ts).






/**
 * Digest, platforms and labels of what a reference names, in one registry read (what a tag names
 * now: the tags a run checks or moves); undefined only when the registry says the reference does
 * not exist. Any other failure throws.
 */
async function inspectImage(ref, session) {
    const result = await inspect(['--format', '{{json .}}', ref], ref, session);
    if (result.code !== 0) {
        if (isNotFound(result))
            return undefined;
        throw inspectFailure(ref, result);
    }
    const { manifest, image } = parseJson(result.stdout, ref);
    const digest = typeof manifest?.digest === 'string' ? manifest.digest : '';
    if (!(0,ids/* isDigest */.Bc)(digest))
        throw new errors/* ToolError */.v4(`docker buildx imagetools named no digest for ${(0,domain_escape/* quote */.hD)(ref)}: ${(0,domain_escape/* quote */.hD)(result.stdout, 200)}`);
    checkPinned(ref, digest);
    const configs = imageConfigs(image);
    const platformDigests = Array.isArray(manifest?.manifests) ? indexPlatforms(manifest.manifests) : singlePlatform(configs[0], digest);
    return { digest, platformDigests, labels: configs.map(labelsOf) };
}
/**
 * The digest of an image reference and the manifest digest of each of its platforms, from the
 * manifest's own bytes (what a run pushed, read back by digest: the digest is computed here).
 */
async function inspectIndex(ref, session, notFound = `${(0,domain_escape/* quote */.hD)(ref)} was not found in the registry`) {
    const raw = await rawManifest(ref, session, notFound);
    return describeManifest(ref, raw, session);
}
/** deploy mode: the image a tag points at, with its labels; fails clearly when the tag does not exist. */
async function resolveTag(ref, session) {
    const image = await inspectImage(ref, session);
    if (image === undefined)
        throw new errors/* ToolError */.v4(`the image ${(0,domain_escape/* quote */.hD)(ref)} does not exist in the registry`);
    return image;
}
/** Points each target reference at the image sourceRef (`image@digest`) names, without pulling or rebuilding. */
async function createTag(sourceRef, targetRefs, session) {
    const targets = typeof targetRefs === 'string' ? [targetRefs] : targetRefs;
    const named = targets.map((ref) => (0,domain_escape/* quote */.hD)(ref)).join(', ');
    const result = await registryCommand(session, ['buildx', 'imagetools', 'create', ...targets.flatMap((ref) => ['--tag', ref]), sourceRef], `docker buildx imagetools create of ${named}`);
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`tagging ${(0,domain_escape/* quote */.hD)(sourceRef)} as ${named} failed (exit code ${result.code}):\n${(0,exec/* outputTail */.ci)(result)}`);
    }
}
const REVISION_LABEL = 'org.opencontainers.image.revision';
/** The first revision label among the labels of an image's platforms; undefined when none has one. */
function revisionOf(labels) {
    return labelOf(labels, REVISION_LABEL);
}
/** The first non-empty value of label `key` among the labels of an image's platforms. */
function labelOf(labels, key) {
    return labels.map((image) => image[key] ?? '').find((value) => value !== '');
}
/** The revision label of every image (platform), '' for an image without it. */
function revisionsOf(labels) {
    return labels.map((image) => image[REVISION_LABEL] ?? '');
}
function labelsOf(config) {
    const labels = config.config?.Labels ?? {};
    return Object.fromEntries(Object.entries(labels).filter((entry) => typeof entry[1] === 'string'));
}
function inspectFailure(ref, result) {
    return new errors/* ToolError */.v4(`inspecting ${(0,domain_escape/* quote */.hD)(ref)} failed (exit code ${result.code}):\n${(0,exec/* outputTail */.ci)(result)}`);
}
function inspect(args, ref, session) {
    return registryCommand(session, ['buildx', 'imagetools', 'inspect', ...args], `docker buildx imagetools inspect of ${(0,domain_escape/* quote */.hD)(ref)}`);
}
async function rawManifest(ref, session, notFound) {
    const result = await inspect(['--raw', ref], ref, session);
    if (result.code !== 0) {
        if (isNotFound(result))
            throw new errors/* ToolError */.v4(notFound);
        throw inspectFailure(ref, result);
    }
    return result.stdout;
}
// `--raw` prints the manifest's bytes as stored, so their SHA-256 is the digest the registry
// serves; a reference pinned by digest is checked against it.
async function describeManifest(ref, raw, session) {
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(raw, 'utf8').digest('hex')}`;
    checkPinned(ref, digest);
    const manifest = parseJson(raw, ref);
    if (Array.isArray(manifest.manifests)) {
        return { digest, platformDigests: indexPlatforms(manifest.manifests) };
    }
    const [config] = imageConfigs(await imageJson(ref, session));
    return { digest, platformDigests: singlePlatform(config, digest) };
}
function checkPinned(ref, digest) {
    const pinned = ref.split('@')[1] ?? '';
    if ((0,ids/* isDigest */.Bc)(pinned) && pinned !== digest) {
        throw new errors/* ToolError */.v4(`the registry returned content for ${(0,domain_escape/* quote */.hD)(ref)} whose digest is ${digest}`);
    }
}
// A single-platform image without attestations is a plain manifest: its platform is in the config.
function singlePlatform(config, digest) {
    const platform = config ? platformName(config.os, config.architecture, config.variant) : '';
    return platform ? { [platform]: digest } : {};
}
function indexPlatforms(manifests) {
    const digests = {};
    for (const entry of manifests) {
        if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
            continue;
        const name = platformName(entry.platform?.os, entry.platform?.architecture, entry.platform?.variant);
        if (name && name !== 'unknown/unknown' && entry.digest)
            digests[name] = entry.digest;
    }
    return digests;
}
function platformName(os, architecture, variant) {
    if (!os || !architecture)
        return '';
    return variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}
async function imageJson(ref, session) {
    const result = await inspect(['--format', '{{json .Image}}', ref], ref, session);
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`reading the image configuration of ${(0,domain_escape/* quote */.hD)(ref)} failed:\n${(0,exec/* outputTail */.ci)(result)}`);
    }
    return parseJson(result.stdout, ref);
}
// `{{json .Image}}` is one configuration for a single-platform image, and an object keyed by
// platform for an index.
function imageConfigs(image) {
    if (image === null || typeof image !== 'object')
        return [];
    const record = image;
    if ('architecture' in record || 'config' in record || 'rootfs' in record)
        return [record];
    return Object.values(record).filter((value) => value !== null && typeof value === 'object');
}
function parseJson(text, ref) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new errors/* ToolError */.v4(`docker buildx imagetools printed unreadable JSON for ${(0,domain_escape/* quote */.hD)(ref)}: ${(0,domain_escape/* quote */.hD)(text, 200)}`);
    }
}
// The registry's own answers for a reference it does not hold (buildx prints `<ref>: not found`).
// "not found" elsewhere in a message (a credential helper's `executable file not found in $PATH`)
// is a failure, never an absent tag.
const REGISTRY_NOT_FOUND = /: not found\s*$|\bmanifest unknown\b|\bname unknown\b/im;
function isNotFound(result) {
    return REGISTRY_NOT_FOUND.test(result.stderr);
}

// EXTERNAL MODULE: ./src/domain/plan/image-ref.ts
var image_ref = __webpack_require__(5791);
// EXTERNAL MODULE: ./src/domain/scan/trivy-report.ts
var trivy_report = __webpack_require__(2207);
// EXTERNAL MODULE: ./src/post.ts
var post = __webpack_require__(6661);
// EXTERNAL MODULE: ./src/domain/types.ts
var types = __webpack_require__(8593);
;// CONCATENATED MODULE: ./src/adapters/docker/build.ts
// The image build: `docker buildx build` with its log streamed in a group (execTool stops
// workflow commands while it streams), and what buildx wrote to its metadata file.







/**
 * Runs `docker <args>` (from buildx-args.ts) in the workspace with the build log streamed inside
 * a log group, and returns what buildx wrote to its metadata file.
 */
async function buildAndPush(args, session, workspace) {
    const metadataFile = (0,external_node_path_.join)(session.configDir, `build-metadata-${(0,external_node_crypto_.randomUUID)()}.json`);
    const argv = args.map((arg) => (arg === types/* METADATA_FILE_PLACEHOLDER */.Z ? metadataFile : arg));
    try {
        const result = await streamInGroup('docker buildx build', () => (0,exec/* execTool */.wc)('docker', argv, { env: session.env, cwd: workspace, stream: true }));
        if (result.code !== 0) {
            throw new errors/* ToolError */.v4(`docker buildx build failed (exit code ${result.code}):\n${(0,exec/* outputTail */.ci)(result)}`);
        }
        const metadata = await readMetadata(metadataFile);
        const digest = metadata['containerimage.digest'];
        return { digest: typeof digest === 'string' ? digest : '', metadata };
    }
    finally {
        await (0,promises_.rm)(metadataFile, { force: true });
    }
}
async function streamInGroup(title, run) {
    core.startGroup(title);
    try {
        return await run();
    }
    finally {
        core.endGroup();
    }
}
async function readMetadata(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return {};
    }
    const parsed = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
}

;// CONCATENATED MODULE: ./src/adapters/docker/builder-driver.ts
// Pushing by digest needs a BuildKit builder of its own: buildx's default `docker` driver refuses
// `push-by-digest` ("not implemented for docker driver") only once the build has run. Asked
// first, the step fails before building, with the fix.



async function requirePushByDigestBuilder(env) {
    const result = await (0,exec/* execTool */.wc)('docker', ['buildx', 'inspect'], { env });
    if (result.code !== 0)
        throw new errors/* ToolError */.v4(`docker buildx inspect failed (exit code ${result.code}):\n${(0,exec/* outputTail */.ci)(result)}`);
    const driver = /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? '';
    if (driver === 'docker') {
        throw new errors/* ToolError */.v4(`push: by-digest needs a builder of the docker-container (or kubernetes, remote) driver; the current builder uses the ${(0,domain_escape/* quote */.hD)(driver)} driver, ` +
            'which cannot push by digest. Add docker/setup-buildx-action before this step. Nothing was built or pushed');
    }
}

;// CONCATENATED MODULE: ./src/domain/plan/immutable-tags.ts
// Which of the tags a build pushes are immutable (once in the registry, they name one commit's
// image for good), and whether an image a tag already names may be replaced by this run's.
// The one moving tag a build pushes is `pr-<N>` (every push to the pull request); `latest` and a
// release's `X.Y` and `X` are not pushed by the build but promoted after the scan gate.


/** The tags the build pushes that must never be moved to an image of another commit. */
function immutableTags(plan) {
    return plan.immutableTags.filter((tag) => !isMovingTag(tag, plan));
}
function isMovingTag(tag, plan) {
    if (tag === ids/* LATEST */.k0)
        return true;
    return plan.refKind === 'pull_request' && /^pr-[0-9]+$/.test(tag);
}
/**
 * Why pushing this run's image over an existing immutable tag is refused, or undefined when it
 * may be replaced: only by a re-run of the commit it was built from. An image without the
 * label cannot be shown to come from this commit, so it is refused too.
 */
function overwriteRefusal(existing, run) {
    const commit = run.sourceCommit.toLowerCase();
    const revisions = existing.revisions.length === 0 ? [''] : existing.revisions;
    const others = [...new Set(revisions.map((revision) => revision.toLowerCase()))].filter((revision) => revision !== commit);
    if (others.length === 0)
        return undefined;
    const theirs = others.map((revision) => (revision === '' ? 'none (no revision label)' : (0,domain_escape/* quote */.hD)(revision)));
    return (`the immutable tag ${(0,domain_escape/* quote */.hD)(existing.ref)} already names an image built from revision ${theirs.join(', ')}; ` +
        `this ${describeRun(run)} would overwrite it with revision ${(0,domain_escape/* quote */.hD)(run.sourceCommit)}. ` +
        'Immutable tags are never overwritten: nothing was built or pushed');
}
function describeRun(run) {
    const ref = run.refKind === 'other' || run.refName === '' ? '' : ` of ${refWord(run.refKind)} ${(0,domain_escape/* quote */.hD)(run.refName)}`;
    return `${(0,domain_escape/* quote */.hD)(run.event)} run${ref}`;
}
function refWord(kind) {
    if (kind === 'pull_request')
        return 'pull request branch';
    return kind === 'tag' ? 'tag' : 'branch';
}

;// CONCATENATED MODULE: ./src/domain/plan/merge-sources.ts
// The decisions around pushing by digest and merging: what a leg reports for its platform, what
// each reported digest must name in the registry, and whether the index the merge created lists
// exactly the platform images it was made from.

/**
 * A by-digest leg's `platform-digests`: what it pushed for each platform. A leg of one platform
 * reports the digest it pushed (with provenance or an SBOM that is an index of the image and its
 * attestations, which the merge keeps); a leg of several platforms reports each platform's image.
 */
function legPlatformDigests(pushed, platformImages) {
    const platforms = Object.keys(platformImages);
    if (platforms.length === 1 && platforms[0] !== undefined)
        return { [platforms[0]]: pushed };
    return { ...platformImages };
}
/**
 * Why a reported digest cannot be merged for its platform, given the platforms the registry
 * says it names (os/arch -> image digest); undefined when it names exactly that platform.
 */
function sourceProblem(entry, image, names) {
    const platforms = Object.keys(names);
    const ref = (0,domain_escape/* quote */.hD)(`${image}@${entry.digest}`);
    if (platforms.length === 1 && platforms[0] === entry.platform)
        return undefined;
    const found = platforms.length === 0 ? 'no platform image' : `the platforms ${platforms.join(', ')}`;
    return `Input 'digests': the digest for ${entry.platform}, ${ref}, names ${found}, not ${entry.platform} alone`;
}
/** The platform images the merged index must list: each source's one platform image. */
function expectedIndex(sources) {
    return Object.fromEntries(sources.flatMap(({ names }) => Object.entries(names)));
}
/** Why the index read back is not the one asked for (another run retagged it meanwhile?), or undefined. */
function indexMismatch(expected, actual) {
    const platforms = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    const differ = platforms.filter((platform) => expected[platform] !== actual[platform]);
    if (differ.length === 0)
        return undefined;
    return differ.map((platform) => `${platform}: expected ${expected[platform] ?? 'none'}, found ${actual[platform] ?? 'none'}`).join('; ');
}
/** `image@digest` of every source, each once, in the order of `platforms`. */
function sourceReferences(image, entries) {
    return [...new Set(entries.map((entry) => `${image}@${entry.digest}`))];
}

// EXTERNAL MODULE: ./src/domain/plan/reuse.ts
var plan_reuse = __webpack_require__(7014);
;// CONCATENATED MODULE: ./src/stages/build-reuse.ts
// Build avoidance: when the registry already holds the image of this run's source key
// (`src-<key>`, pushed by an earlier build of the same files and settings), that image gets
// this run's immutable tags instead of a build. Whatever cannot be confirmed builds: a registry
// that cannot be read, an image without the key's label or with other platforms.





/** The reused image, tagged; undefined when the run must build. */
async function reuseImage(plan, session, tagsTaken) {
    const { reuse } = plan.build;
    if (!reuse.enabled) {
        core.info(`Build avoidance: ${reuse.reason}`);
        return undefined;
    }
    const sourceRef = (0,image_ref/* formatReference */.FH)(plan.image, { tag: reuse.tag });
    let found;
    try {
        found = await inspectImage(sourceRef, session);
    }
    catch (error) {
        // Only the registry's "not found" means absent; anything else is no proof either way.
        core.warning(`Build avoidance: ${sourceRef} could not be read, so the image is built: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
    if (found === undefined) {
        core.info(`Build avoidance: ${sourceRef} is not in the registry: no earlier build had these files and settings, so the image is built`);
        return undefined;
    }
    const verdict = (0,plan_reuse/* reuseVerdict */.u)({ labels: found.labels, platforms: Object.keys(found.platformDigests) }, { ...reuse, platforms: plan.build.platforms });
    if (!verdict.reuse) {
        core.warning(`Build avoidance: ${verdict.reason}`);
        return undefined;
    }
    // A tag never moves to another image here: one that names another (this commit's earlier
    // build, or another commit's) sends the run to the build, whose checks decide.
    const taken = await tagsTaken(found.digest);
    if (taken !== '') {
        core.info(`Build avoidance: ${taken}, so the image is built instead of reused`);
        return undefined;
    }
    // Every tag a build would push (moving ones like pr-<N> too); `latest` waits for the scan gate.
    const targets = plan.immutableTags.map((tag) => (0,image_ref/* formatReference */.FH)(plan.image, { tag }));
    await createTag((0,image_ref/* formatReference */.FH)(plan.image, { digest: found.digest }), targets, session);
    core.info(`Build avoidance: nothing was built. ${sourceRef} (${found.digest}, built from ${verdict.revision || 'an unknown commit'}) ` +
        `has the same files and build settings; it is now tagged ${plan.immutableTags.join(', ')}`);
    return { pushed: true, digest: found.digest, platformDigests: found.platformDigests, reused: { tag: reuse.tag, revision: verdict.revision } };
}

;// CONCATENATED MODULE: ./src/stages/build.ts
// The build stage: take an earlier build's image when the source key says nothing changed
// (build-reuse.ts); else check the engine and the builder, make sure no immutable tag of another
// commit would be overwritten, run the planned `docker buildx build`, and read back what the
// registry now holds (index digest and per-platform manifest digests).










const NOTHING_PUSHED = Object.freeze({ pushed: false, digest: '', platformDigests: {} });
async function buildImage(plan, session, rt) {
    if (!plan.build.enabled)
        return { ...NOTHING_PUSHED };
    // Pushed by digest, the build tags nothing: the merge job checks the tags before it makes them.
    const checksTags = plan.build.push && !plan.build.pushByDigest;
    // Read while the source image is looked up: both are registry round trips.
    const existing = checksTags ? readImmutableTags(plan, session) : Promise.resolve([]);
    existing.catch(() => undefined); // awaited below; a rejection must not go unhandled meanwhile
    // A reused image needs the registry only: no engine, builder or emulation is asked for.
    if (checksTags) {
        const reused = await reuseImage(plan, session, async (digest) => tagsNamingOther(await existing, digest));
        if (reused !== undefined)
            return reused;
    }
    await preflight(session, plan.build.platforms);
    if (plan.build.pushByDigest)
        await requirePushByDigestBuilder(session.env);
    refuseOverwrites(plan, await existing);
    const output = await buildAndPush(plan.build.args, session, rt.ctx.workspace);
    if (!plan.build.push)
        return { ...NOTHING_PUSHED };
    if (output.digest === '') {
        throw new Error('buildx pushed the image but wrote no containerimage.digest in its metadata file');
    }
    // By digest, so the platforms read are those of exactly what this build pushed.
    const index = await inspectIndex(`${plan.image}@${output.digest}`, session);
    const platformDigests = plan.build.pushByDigest ? legPlatformDigests(output.digest, index.platformDigests) : index.platformDigests;
    return { pushed: true, digest: output.digest, platformDigests };
}
/**
 * Every immutable tag of the plan, read at once. The registry is read, never assumed: a tag
 * counts as absent only when the registry says so; any other failure throws.
 */
function readImmutableTags(plan, session) {
    return Promise.all(immutableTags(plan).map(async (tag) => {
        const ref = (0,image_ref/* formatReference */.FH)(plan.image, { tag });
        return { ref, image: await inspectImage(ref, session) };
    }));
}
/**
 * Before a reused image is tagged: the immutable tags that already name another image than
 * `digest` ('' when none does; a tag naming exactly that image is a re-run of a reusing run).
 */
function tagsNamingOther(tags, digest) {
    const taken = tags.filter(({ image }) => image !== undefined && image.digest !== digest).map(({ ref }) => (0,domain_escape/* quote */.hD)(ref));
    return taken.length === 0 ? '' : `${taken.join(', ')} already name${taken.length === 1 ? 's' : ''} another image`;
}
/**
 * Before anything is built or pushed: every immutable tag either does not exist yet or names an
 * image built from this run's commit (a re-run, which replaces it).
 */
function refuseOverwrites(plan, tags) {
    for (const { ref, image } of tags) {
        if (image === undefined)
            continue;
        const refusal = overwriteRefusal({ ref, revisions: revisionsOf(image.labels) }, { sourceCommit: plan.sourceCommit, event: plan.event, refKind: plan.refKind, refName: plan.refName });
        if (refusal !== undefined)
            throw new Error(refusal);
        core.info(`${ref} already names an image of ${plan.sourceCommit}: this re-run replaces it`);
    }
}

;// CONCATENATED MODULE: ./src/stages/in-stage.ts
// Where a stage starts is the one place that knows which stage failed: adapters and pure code
// throw plain errors (ToolError, InputError, ...), and `inStage` labels what leaves the stage.

/**
 * Runs one stage; whatever it throws leaves as a StageError of `stage`, its message unchanged.
 * A StageError from inside keeps its own stage: the Argo CD rollback runs the manifests update,
 * and a failure there is a failure of the manifests update.
 */
async function inStage(stage, run) {
    try {
        return await run();
    }
    catch (error) {
        if (error instanceof errors/* StageError */.Zu)
            throw error;
        throw new errors/* StageError */.Zu(stage, (0,errors/* errorMessage */.gJ)(error), { cause: error });
    }
}

// EXTERNAL MODULE: ./src/adapters/github/client.ts
var github_client = __webpack_require__(5423);
;// CONCATENATED MODULE: ./src/adapters/github/deployments.ts
// GitHub Deployments of the run's repository: create one, then add its status.
async function createDeployment(client, repo, request) {
    const response = await client.rest.repos.createDeployment({ ...repo, ...request });
    // 202 means GitHub merged the default branch instead of deploying (auto_merge is always off).
    if (response.status !== 201 || !('id' in response.data))
        throw new Error(`GitHub answered ${response.status} without a Deployment`);
    return { id: response.data.id, url: response.data.url };
}
async function setDeploymentStatus(client, repo, id, status) {
    await client.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, ...status });
}

// EXTERNAL MODULE: ./src/domain/report/github-api-failure.ts
var github_api_failure = __webpack_require__(7430);
;// CONCATENATED MODULE: ./src/domain/report/deployment.ts
// The GitHub Deployment that records a pin of the manifests branch: what is created before the
// push, and the status that says how the push ended. A record for people and tools reading the
// repository's deployments, not the deploy itself (Argo CD deploys from the branch).
/** GitHub refuses descriptions longer than this. */
const MAX_DESCRIPTION = 140;
function deploymentRequest(facts) {
    const wording = facts.kind === 'build' ? '' : ` (${facts.kind})`;
    return {
        ref: facts.sourceCommit,
        environment: facts.environment,
        task: `deploy:${facts.service}`,
        // The record follows a deploy that already happened in git: never merge, never wait for checks.
        auto_merge: false,
        required_contexts: [],
        description: cut(`${facts.service} ${facts.tag}${wording}`),
        payload: {
            service: facts.service,
            image: facts.image,
            tag: facts.tag,
            digest: facts.digest,
            manifestsCommit: facts.manifestsCommit,
            runUrl: facts.runUrl,
        },
    };
}
/**
 * The status a Deployment gets from how the manifests stage ended: the pin landed (`success`),
 * the stage failed (`failure`), or a retry on the moved branch found nothing left to pin
 * (`inactive`: another run's pin stands in its place).
 */
function pinOutcome(ended) {
    if ('error' in ended)
        return { state: 'failure', detail: `not pinned: ${ended.error.split('\n', 1)[0] ?? ''}` };
    if (ended.changed)
        return { state: 'success', detail: `pinned in ${ended.commit.slice(0, 12)}` };
    return { state: 'inactive', detail: `not pinned: ${ended.reason}` };
}
/** How the push ended, as the status of the Deployment created before it. */
function deploymentStatusRequest(outcome, links) {
    return {
        state: outcome.state,
        log_url: links.runUrl,
        description: cut(outcome.detail),
        ...(links.environmentUrl === '' ? {} : { environment_url: links.environmentUrl }),
    };
}
function cut(text) {
    const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
    return chars.length > MAX_DESCRIPTION ? `${chars.slice(0, MAX_DESCRIPTION - 1).join('')}…` : chars.join('');
}

;// CONCATENATED MODULE: ./src/stages/github/deployment-record.ts
// The GitHub Deployment that records a new pin of the manifests branch. Order: the Deployment is
// created just before the first push of the pin (so a failed push still leaves a record), and
// gets one status when the stage ends: `success` when the pin landed, `failure` when the stage
// failed, `inactive` when a rejected push was retried and the branch then needed nothing from
// this run. A record, not the deploy: API failures are warnings and never change the result.







const WHAT = 'The GitHub Deployment record';
const PERMISSION = 'deployments: write';
/** undefined when `environment` is empty: then no API call is made at all. */
function deploymentRecord(plan, rt, image) {
    const { environment, environmentUrl, githubToken } = rt.inputs;
    if (environment === '')
        return undefined;
    const repo = repoOf(rt.ctx.repository);
    let client;
    let created;
    let tried = false;
    return {
        async beforePush(attempt) {
            if (tried)
                return;
            tried = true;
            client = (0,github_client/* githubClient */.$)(githubToken, rt.ctx.apiUrl);
            const request = deploymentRequest({
                service: plan.service,
                image: plan.image,
                tag: plan.manifests.tag,
                digest: image.digest,
                // deploy mode: the image's own commit when its label names one, else the run's commit.
                sourceCommit: image.sourceCommit || plan.sourceCommit,
                manifestsCommit: attempt.commit,
                runUrl: plan.runUrl,
                environment,
                kind: plan.mode !== 'deploy' ? 'build' : attempt.rollback ? 'rollback' : 'promotion',
            });
            try {
                created = await createDeployment(client, repo, request);
                core.info(`Created GitHub Deployment ${created.id} to ${(0,domain_escape/* quote */.hD)(environment)} for ${(0,domain_escape/* quote */.hD)(request.description)}.`);
            }
            catch (error) {
                core.warning((0,github_api_failure/* apiFailureWarning */.P)(WHAT, PERMISSION, (0,github_client/* describeApiError */.g)(error)));
            }
        },
        async finish(outcome) {
            if (client === undefined || created === undefined)
                return undefined;
            const { state, detail } = pinOutcome('error' in outcome ? { error: (0,errors/* errorMessage */.gJ)(outcome.error) } : outcome.result);
            try {
                await setDeploymentStatus(client, repo, created.id, deploymentStatusRequest({ state, detail }, { runUrl: plan.runUrl, environmentUrl }));
                core.info(`GitHub Deployment ${created.id}: ${state}.`);
            }
            catch (error) {
                core.warning((0,github_api_failure/* apiFailureWarning */.P)(`The status of GitHub Deployment ${created.id}`, PERMISSION, (0,github_client/* describeApiError */.g)(error)));
            }
            return created;
        },
    };
}
function repoOf(repository) {
    const [owner = '', repo = ''] = repository.split('/');
    return { owner, repo };
}

;// CONCATENATED MODULE: ./src/adapters/argocd/client.ts
// The Argo CD API, read only: one GET per call, the token only in the Authorization header of
// requests to the configured server (redirects are refused, so it cannot follow one elsewhere),
// every request bounded in time. Errors say whether trying again can help; none quotes the token.


class ArgoCdError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'ArgoCdError';
    }
    /** Trying again later can help: the server was unreachable, slow or briefly failing. */
    get transient() {
        return this.kind === 'transient';
    }
}
/** Longest server message quoted in an error. */
const MAX_MESSAGE = 300;
function argoCdClient(server, token) {
    const redact = (text) => (token === '' ? text : text.split(token).join('***'));
    return {
        async getApplication(name, { refresh, timeoutMs }) {
            const url = `${server}/api/v1/applications/${encodeURIComponent(name)}${refresh ? '?refresh=normal' : ''}`;
            let response;
            try {
                response = await fetch(url, {
                    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
                    redirect: 'error',
                    signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
                });
            }
            catch (error) {
                throw new ArgoCdError('transient', `cannot reach Argo CD at ${(0,domain_escape/* quote */.hD)(server)}: ${redact(networkReason(error))}`);
            }
            const body = await response.text().catch(() => '');
            if (response.ok)
                return parseBody(body, name);
            throw httpError(response.status, name, server, redact(serverMessage(body)));
        },
    };
}
function httpError(status, name, server, message) {
    const said = message === '' ? '' : ` (Argo CD said: ${(0,domain_escape/* quote */.hD)(message, MAX_MESSAGE)})`;
    if (status === 401) {
        return new ArgoCdError('auth', `Argo CD at ${(0,domain_escape/* quote */.hD)(server)} refused argocd-token (HTTP 401): the token is not valid there (expired, revoked or from another server)${said}`);
    }
    if (status === 403) {
        // Argo CD answers 403 for an Application the token may not see and for one that does not exist.
        return new ArgoCdError('auth', `Argo CD refused argocd-token for the Application ${(0,domain_escape/* quote */.hD)(name)} (HTTP 403): the token's account needs the RBAC permission \`applications, get\` on <project>/${name}, and the Application must exist${said}`);
    }
    if (status === 404)
        return new ArgoCdError('not-found', `Argo CD has no Application ${(0,domain_escape/* quote */.hD)(name)} (HTTP 404)${said}`);
    if (status === 408 || status === 429 || status >= 500)
        return new ArgoCdError('transient', `Argo CD answered HTTP ${status} for ${(0,domain_escape/* quote */.hD)(name)}${said}`);
    return new ArgoCdError('invalid', `Argo CD answered HTTP ${status} for ${(0,domain_escape/* quote */.hD)(name)}${said}`);
}
function parseBody(body, name) {
    try {
        return JSON.parse(body);
    }
    catch {
        throw new ArgoCdError('invalid', `Argo CD's answer for ${(0,domain_escape/* quote */.hD)(name)} is not JSON (is argocd-server the API's base URL?)`);
    }
}
/** Argo CD's error bodies are `{"error": ..., "message": ...}`; anything else is shown as text. */
function serverMessage(body) {
    try {
        const parsed = JSON.parse(body);
        const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : '';
        return message;
    }
    catch {
        return body.trim().slice(0, MAX_MESSAGE);
    }
}
/** fetch hides the cause (ECONNREFUSED, a TLS error, our timeout) one level down. */
function networkReason(error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
        return 'no answer in time';
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause?.code !== undefined)
        return cause.code;
    if (cause?.message !== undefined)
        return cause.message;
    return (0,errors/* errorMessage */.gJ)(error);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/adapters/git/auth.ts + 1 modules
var auth = __webpack_require__(9448);
;// CONCATENATED MODULE: ./src/adapters/git/ancestry.ts
// "Does commit A lie in the history of commit D?" from a runner whose checkout is usually
// one commit deep. A shallow history can only hide an ancestor (false negatives), so the
// answer comes from a temporary object store that fetches the two commits with a bounded
// depth and deepens progressively until the relation shows up or the history is complete.
// Only commits are fetched (`--filter=tree:0`) where the server allows it. One run keeps one
// such store and its answers: a later question starts from the history fetched before.




/** The ancestry of `options.remote`, with one object store (under options.tempDir) for every question. */
function openAncestry(options) {
    const answers = new Map();
    let store;
    // One question at a time: they share the store, and git locks its shallow file.
    let queue = Promise.resolve();
    const openStore = () => (store ??= newStore(options));
    const answer = (a, d) => {
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
async function isAncestorOrEqual(ancestor, descendant, options) {
    return (await ancestorAnswer(ancestor, descendant, options)) === 'ancestor';
}
/** Like isAncestorOrEqual, and tells a commit the repository does not know from an unrelated one. */
async function ancestorAnswer(ancestor, descendant, options) {
    let store = '';
    try {
        return await relate(ancestor, descendant, options, async () => (store = await newStore(options)));
    }
    finally {
        if (store !== '')
            await external_node_fs_.promises.rm(store, { recursive: true, force: true });
    }
}
async function relate(ancestor, descendant, options, store) {
    for (const commit of [ancestor, descendant]) {
        // They become fetch arguments: nothing but a full object name may get there.
        if (!(0,ids/* isCommitSha */._$)(commit))
            throw new Error(`not a full commit SHA: ${JSON.stringify(commit.slice(0, 80))}`);
    }
    if (ancestor === descendant)
        return 'ancestor';
    if (options.localRepo !== undefined) {
        const local = await localRelation(options.localGit ?? options.git, options.localRepo, ancestor, descendant);
        if (local !== 'unknown')
            return answerOf(local);
    }
    return answerOf(await remoteRelation(options, await store(), ancestor, descendant));
}
/** An empty bare repository with origin as its remote `source` (a named remote is what partial fetches need). */
async function newStore(options) {
    const store = await external_node_fs_.promises.mkdtemp(external_node_path_default().join(options.tempDir, 'ancestry-'));
    await options.git.must(['init', '--bare', '-q', store], { cwd: options.tempDir });
    await options.git.must(['remote', 'add', 'source', options.remote], { cwd: store });
    return store;
}
function answerOf(relation) {
    if (relation === 'ancestor' || relation === 'missing')
        return relation;
    return 'not-ancestor';
}
/** merge-base --is-ancestor as a boolean; anything but yes/no is an error. */
async function isAncestor(git, cwd, a, d) {
    const result = await git.run(['merge-base', '--is-ancestor', a, d], { cwd });
    if (result.code === 0)
        return true;
    if (result.code === 1)
        return false;
    throw git.failure('git merge-base failed', result);
}
async function isShallow(git, cwd) {
    return (await git.must(['rev-parse', '--is-shallow-repository'], { cwd })).trim() === 'true';
}
/** Both directions; a yes in a shallow history is reliable, a no only when history is complete. */
async function relationIn(git, cwd, a, d) {
    if (await isAncestor(git, cwd, a, d))
        return 'ancestor';
    // Distinct commits cannot be ancestors of each other.
    if (await isAncestor(git, cwd, d, a))
        return 'descendant';
    return (await isShallow(git, cwd)) ? 'unknown' : 'unrelated';
}
async function holdsCommit(git, repo, commit) {
    return (await git.run(['cat-file', '-e', `${commit}^{commit}`], { cwd: repo })).code === 0;
}
async function localRelation(git, repo, a, d) {
    for (const commit of [a, d])
        if (!(await holdsCommit(git, repo, commit)))
            return 'unknown';
    return relationIn(git, repo, a, d);
}
async function remoteRelation(options, store, a, d) {
    const { git } = options;
    const network = { cwd: store, remote: options.remote };
    let step = options.depth ?? 50;
    // An earlier question of the run may have brought both already (the same pair, turned round).
    const absent = [];
    for (const commit of [d, a])
        if (!(await holdsCommit(git, store, commit)))
            absent.push(commit);
    const fetch = (commits) => git.run(['fetch', '--quiet', '--no-tags', '--filter=tree:0', `--depth=${step}`, 'source', ...commits], network);
    // Both in one fetch (one connection); only when that fails, one by one, to tell which one the server lacks.
    if (absent.length > 0 && (await fetch(absent)).code !== 0) {
        for (const commit of absent) {
            const fetched = await fetch([commit]);
            // A commit the server does not have cannot be related to anything it has.
            if (fetched.code !== 0 && /not our ref|couldn't find remote ref|no such remote ref/i.test(fetched.stderr))
                return commit === a ? 'missing' : 'unrelated';
            if (fetched.code !== 0)
                throw git.failure(`git fetch with ${(0,auth/* remoteHost */.N4)(options.remote)}: cannot fetch commit ${commit} to compare commits`, fetched);
        }
    }
    for (;;) {
        const relation = await relationIn(git, store, a, d);
        if (relation !== 'unknown')
            return relation;
        const before = await external_node_fs_.promises.readFile(external_node_path_default().join(store, 'shallow'), 'utf8').catch(() => '');
        step *= 2;
        await git.must(['fetch', '--quiet', '--no-tags', '--filter=tree:0', `--deepen=${step}`, 'source', d, a], network);
        const after = await external_node_fs_.promises.readFile(external_node_path_default().join(store, 'shallow'), 'utf8').catch(() => '');
        // No new history although still shallow: the server cannot give more; stop rather than loop.
        if (after === before)
            return 'unrelated';
    }
}

;// CONCATENATED MODULE: ./src/adapters/retry.ts
// Waiting between attempts at something that may come back (a busy download server, an Argo CD
// poll): exponential growth so a crowd thins out, with jitter so callers that collided once do
// not collide again. Pushes to the manifests branch wait by their own rule (push-backoff.ts).
/**
 * Delay before retry number `retry` (1 = the first retry): half of the exponential bound for
 * sure, the other half random ("equal jitter"), so a retry never comes immediately.
 */
function backoffDelay(retry, random, backoff) {
    const bound = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
    return Math.round(bound / 2 + (bound / 2) * random());
}

// EXTERNAL MODULE: ./src/adapters/git/runner.ts
var runner = __webpack_require__(4925);
;// CONCATENATED MODULE: ./src/adapters/git/source-repository.ts
// The workspace's `origin`: where the source commits live (for ancestry answers) and, unless
// `manifests-repository` names another, where the manifests branch is pushed. Both the
// manifests stage and the promotion of `latest` reach it the same way.
//
// The checkout's own configuration (`.git/config`, its hooks) is the workspace's, which the
// job's earlier steps may have written: it is read for one value, origin's URL as written
// (no `insteadOf` applied), by a git that cannot reach any remote. Every network operation
// then runs in a fresh repository under the run's temporary directory, with that URL given
// explicitly, so no rule of the checkout can redirect it or hand it a credential.






/** The remotes of this run and the two git runners that reach them. */
async function openSourceRepository(access) {
    const { token, tempDir, env, now, stage, workspace } = access;
    const checkout = await (0,runner/* createGit */.lD)({ tempDir, env, now, stage, config: safeDirectory(workspace), secrets: (0,auth/* tokenSecrets */.RD)(token), offline: true });
    const origin = await readOrigin(checkout, workspace, stage);
    const manifests = access.manifestsRepository === '' ? origin : (0,auth/* describeRemote */.kW)((0,auth/* repositoryUrl */.Ek)(access.serverUrl, access.manifestsRepository));
    (0,auth/* maskSecrets */.QU)(token, [manifests, origin]);
    const network = await (0,runner/* createGit */.lD)({
        tempDir,
        env,
        now,
        stage,
        config: (0,auth/* authConfig */.fl)(token, manifests),
        secrets: [...(0,auth/* tokenSecrets */.RD)(token), origin.removedCredentials, manifests.removedCredentials],
    });
    return { origin, manifests, checkout, network };
}
/**
 * The one way to ask how source commits relate (promotion of `latest`, ordering and structure of
 * the manifests): the checkout first, offline; then origin, fetched no deeper than the answer needs.
 */
function sourceAncestry(repo, workspace, tempDir) {
    return openAncestry({ git: repo.network, remote: repo.origin.url, tempDir, localRepo: workspace, localGit: repo.checkout });
}
/** origin's URL as the checkout's own config file holds it: no rewriting rule applied. */
async function readOrigin(checkout, workspace, stage) {
    const read = await checkout.run(['config', '--local', '--get', 'remote.origin.url'], { cwd: workspace });
    if (read.code !== 0)
        throw checkout.failure("cannot read the workspace's origin remote (is the workspace a checkout?)", read);
    const remote = (0,auth/* describeRemote */.kW)(read.stdout);
    if (remote.url === '' || remote.url.startsWith('-') || remote.url.includes('::')) {
        throw new errors/* StageError */.Zu(stage, `the workspace's origin remote ${(0,domain_escape/* quote */.hD)(remote.url)} is not a repository URL or path`);
    }
    if (remote.kind !== 'local' || remote.url.startsWith('file://') || external_node_path_default().isAbsolute(remote.url))
        return remote;
    // git runs elsewhere than the workspace: a relative local origin is relative to it.
    return { ...remote, url: external_node_path_default().resolve(workspace, remote.url) };
}
/** The workspace may belong to another user than the action's (a container job). */
function safeDirectory(workspace) {
    return [{ key: 'safe.directory', value: workspace }];
}

// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
;// CONCATENATED MODULE: ./src/domain/argocd/evaluate.ts
// The wait's decisions, one poll at a time: has this Application reached the pinned commit,
// is it done, or has it failed. Whether a revision descends from the pinned commit is a git
// question; the stage answers it and passes the answer in.
/** Kinds that run containers: the workloads whose health says whether the service runs. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout', 'Job', 'CronJob']);
/** Sync operation phases that mean the sync did not apply. */
const FAILED_PHASES = new Set(['Failed', 'Error']);
/** Most problems listed per Application in the summary. */
const MAX_PROBLEMS = 20;
/**
 * The workloads of the Application that run this service: by the FTMO convention (and the
 * kustomize bases the action pins), the Deployment, StatefulSet... named after the service.
 */
function serviceWorkloads(app, service) {
    return app.resources.filter((resource) => WORKLOAD_KINDS.has(resource.kind) && resource.name === service && resource.health !== '');
}
/**
 * The health that decides: the service's workloads when Argo CD reports them (the worst one:
 * any Degraded, else any not Healthy, else Healthy), else the Application's own health.
 */
function serviceHealth(app, service) {
    const workloads = serviceWorkloads(app, service);
    if (workloads.length === 0)
        return { health: app.health || 'Unknown', source: `application ${app.name}` };
    const worst = workloads.find((w) => w.health === 'Degraded') ?? workloads.find((w) => w.health !== 'Healthy') ?? workloads[0];
    return { health: worst?.health ?? 'Unknown', source: `${worst?.kind ?? ''} ${worst?.name ?? ''}` };
}
function evaluate(app, facts) {
    if (facts.operationReached && FAILED_PHASES.has(app.operationPhase)) {
        const detail = app.operationMessage === '' ? '' : `: ${app.operationMessage}`;
        return { kind: 'failed', status: 'failed', reason: `the sync operation of ${app.name} ended ${app.operationPhase}${detail}` };
    }
    if (!facts.revisionReached) {
        return { kind: 'waiting', reason: `${app.name} is at revision ${app.revision || 'unknown'}, not yet the pinned commit` };
    }
    if (app.sync !== 'Synced')
        return { kind: 'waiting', reason: `${app.name} is ${app.sync || 'Unknown'} with the pinned commit` };
    const { health, source } = serviceHealth(app, facts.service);
    if (health === 'Degraded') {
        const message = degradedMessage(app, facts.service);
        return { kind: 'failed', status: 'degraded', reason: `${source} is Degraded in ${app.name}${message === '' ? '' : `: ${message}`}` };
    }
    if (facts.wait === 'synced')
        return { kind: 'done', status: 'synced', reason: `${app.name} is Synced` };
    if (health === 'Healthy')
        return { kind: 'done', status: 'healthy', reason: `${app.name} is Synced and ${source} is Healthy` };
    return { kind: 'waiting', reason: `${app.name} is Synced, ${source} is ${health}` };
}
function degradedMessage(app, service) {
    const workload = serviceWorkloads(app, service).find((w) => w.health === 'Degraded');
    return workload?.message || app.healthMessage;
}
/** The summary's view of an Application: its state and every resource that is not healthy. */
function applicationRow(app) {
    const problems = app.resources
        .filter((resource) => resource.health !== '' && resource.health !== 'Healthy')
        .slice(0, MAX_PROBLEMS)
        .map(({ kind, name, health, message }) => ({ kind, name, health, message }));
    return {
        name: app.name,
        sync: app.sync || 'Unknown',
        health: app.health || 'Unknown',
        revision: app.revision,
        operation: app.operationPhase === '' ? '' : `${app.operationPhase}${app.operationMessage === '' ? '' : `: ${app.operationMessage}`}`,
        problems,
    };
}
/** How long to wait between polls: a base that doubles up to a cap, both shrunk under a short timeout. */
function pollBackoff(timeoutMs) {
    const baseMs = Math.max(1, Math.min(2_000, Math.floor(timeoutMs / 50)));
    return { baseMs, capMs: Math.max(baseMs, Math.min(30_000, Math.floor(timeoutMs / 10))) };
}

;// CONCATENATED MODULE: ./src/domain/argocd/status.ts
// What the action learns from Argo CD: an Application's state as the API reports it (only the
// fields the wait reads), and the result of the wait as the outputs and summary show it.
function status_text(value) {
    return typeof value === 'string' ? value : '';
}
function record(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
/** The fields the wait reads from an Application (GET /api/v1/applications/<name>); missing ones are ''. */
function parseApplication(name, body) {
    const status = record(record(body).status);
    const sync = record(status.sync);
    const health = record(status.health);
    const operation = record(status.operationState);
    const resources = Array.isArray(status.resources) ? status.resources : [];
    return {
        name,
        sync: status_text(sync.status),
        revision: status_text(sync.revision),
        health: status_text(health.status),
        healthMessage: status_text(health.message),
        operationPhase: status_text(operation.phase),
        operationMessage: status_text(operation.message),
        operationRevision: status_text(record(operation.syncResult).revision) || status_text(record(record(operation.operation).sync).revision),
        resources: resources.map((item) => {
            const resource = record(item);
            const resourceHealth = record(resource.health);
            return {
                group: status_text(resource.group),
                kind: status_text(resource.kind),
                namespace: status_text(resource.namespace),
                name: status_text(resource.name),
                health: status_text(resourceHealth.status),
                message: status_text(resourceHealth.message),
            };
        }),
    };
}

;// CONCATENATED MODULE: ./src/stages/source-access.ts
// What a stage needs to reach the source repository (adapters/git/source-repository.ts), taken
// from the run: the manifests stage, the promotion of `latest` and the Argo CD wait reach the same
// repositories with the same token, each from a temporary directory of its own.
function sourceAccess(rt, plan, tempDir, stage) {
    const { workspace, serverUrl } = rt.ctx;
    return { workspace, serverUrl, env: rt.env, now: rt.now, token: rt.inputs.manifestsToken, manifestsRepository: plan.manifests.repository, tempDir, stage };
}

;// CONCATENATED MODULE: ./src/domain/manifests/state.ts
// The manifests branch remembers what it pins in `.ftmo-deploy/state.json`: the commit whose
// manifests structure it holds, and for every kustomization file and service the image, tag,
// digest, source commit, time and run of the pin. Every update re-applies these pins on top of
// the structure it starts from, so no pin is lost when the structure is refreshed. This module
// reads, checks and writes that file and takes the decisions that depend on it.




const STATE_FILE = '.ftmo-deploy/state.json';
const STATE_VERSION = 1;
function emptyState() {
    return { version: STATE_VERSION, sourceCommit: '', pins: {} };
}
function corrupt(detail) {
    return new errors/* ManifestError */.Sh(STATE_FILE, 0, `${detail}; repair or remove the file on the manifests branch`);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A repository-relative file path that cannot leave the repository. */
function isSafeRelativePath(file) {
    // Control characters (code points below 0x20) have no place in a file name here.
    if (file === '' || file.includes('\\') || [...file].some((c) => c.charCodeAt(0) < 0x20))
        return false;
    return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part !== '.git');
}
const anything = () => true;
function checkString(value, where, rule, allowEmpty) {
    if (typeof value !== 'string')
        throw corrupt(`${where} is not a string`);
    if (value === '' && allowEmpty)
        return value;
    if (value === '' || !rule(value))
        throw corrupt(`${where} is not valid (got ${(0,domain_escape/* quote */.hD)(value)})`);
    return value;
}
function parseRecord(value, where) {
    if (!isObject(value))
        throw corrupt(`${where} is not an object`);
    const record = {
        image: checkString(value.image, `${where}.image`, (image) => (0,image_ref/* imageRepositoryProblem */.rN)(image) === undefined, false),
        tag: checkString(value.tag, `${where}.tag`, ids/* isValidTag */.r_, false),
        digest: checkString(value.digest, `${where}.digest`, ids/* isDigest */.Bc, true),
        sourceCommit: checkString(value.sourceCommit, `${where}.sourceCommit`, ids/* isCommitSha */._$, true),
        time: checkString(value.time, `${where}.time`, anything, true),
        runUrl: checkString(value.runUrl, `${where}.runUrl`, anything, true),
    };
    if (value.deploy !== undefined) {
        if (typeof value.deploy !== 'boolean')
            throw corrupt(`${where}.deploy is not a boolean`);
        if (value.deploy)
            record.deploy = true;
    }
    return record;
}
/** Reads the state file; anything unexpected is a ManifestError naming the file and the field. */
function parseState(text) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw corrupt(`is not valid JSON (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
    if (!isObject(data))
        throw corrupt('is not a JSON object');
    if (data.version !== STATE_VERSION) {
        const newer = typeof data.version === 'number' && data.version > STATE_VERSION;
        throw corrupt(newer ? `has version ${data.version}, written by a newer ftmo-deploy; this one reads version ${STATE_VERSION}` : `has no valid "version" (expected ${STATE_VERSION})`);
    }
    const state = emptyState();
    state.sourceCommit = checkString(data.sourceCommit, 'sourceCommit', ids/* isCommitSha */._$, true);
    if (!isObject(data.pins))
        throw corrupt('"pins" is not an object');
    for (const [file, services] of Object.entries(data.pins)) {
        if (!isSafeRelativePath(file))
            throw corrupt(`pins has a file path that is not a plain path inside the repository (${(0,domain_escape/* quote */.hD)(file)})`);
        if (!isObject(services))
            throw corrupt(`pins[${(0,domain_escape/* quote */.hD)(file)}] is not an object`);
        for (const [service, record] of Object.entries(services)) {
            // The input rule for `service`: pins are re-applied under these names.
            if ((0,ids/* serviceNameProblem */.AC)(service) !== undefined)
                throw corrupt(`pins[${(0,domain_escape/* quote */.hD)(file)}] has an invalid service name (${(0,domain_escape/* quote */.hD)(service)})`);
            (state.pins[file] ??= {})[service] = parseRecord(record, `pins[${(0,domain_escape/* quote */.hD)(file)}][${(0,domain_escape/* quote */.hD)(service)}]`);
        }
    }
    return state;
}
function sortedKeys(value) {
    if (Array.isArray(value))
        return value.map(sortedKeys);
    if (!isObject(value))
        return value;
    return Object.fromEntries(Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys(value[key])]));
}
/** Pretty-printed, keys sorted, final newline: diffs of the file stay small and reviewable. */
function serializeState(state) {
    return `${JSON.stringify(sortedKeys(state), null, 2)}\n`;
}
/** Every pin, ordered by file then service. */
function listPins(state) {
    return Object.keys(state.pins)
        .sort()
        .flatMap((file) => {
        const services = state.pins[file] ?? {};
        return Object.keys(services)
            .sort()
            .map((service) => ({ file, service, record: services[service] }));
    });
}
/**
 * The pin a rollback goes back to: the newest pin of `service` in a kustomization under one of
 * `paths` (another environment's overlay, outside them, is not this run's to restore).
 */
function latestPinUnder(state, service, paths) {
    const candidates = listPins(state).filter((pin) => pin.service === service && paths.some((dir) => isUnder(pin.file, dir)));
    // ISO 8601 times sort as text; the listing's own order breaks ties.
    return candidates.reduce((newest, pin) => (newest === undefined || pin.record.time > newest.record.time ? pin : newest), undefined)?.record;
}
/** True when `file` lies in directory `dir` (both repository-relative; '.' is the root). */
function isUnder(file, dir) {
    return dir === '.' || file.startsWith(`${dir.replace(/\/+$/, '')}/`);
}
/** How many dropped pins a report names before saying how many more. */
const DROPPED_NAMED = 3;
/** One line for the pins an update dropped: how many, why, and the first few of them. */
function describeDropped(dropped) {
    if (dropped.length === 0)
        return '';
    const named = dropped.slice(0, DROPPED_NAMED).map((pin) => `${(0,domain_escape/* quote */.hD)(pin.service)} in ${(0,domain_escape/* quote */.hD)(pin.file)}`);
    const more = dropped.length > DROPPED_NAMED ? ` and ${dropped.length - DROPPED_NAMED} more` : '';
    return `${dropped.length} stale pin${dropped.length === 1 ? '' : 's'} dropped, their file or entry is gone: ${named.join(', ')}${more}`;
}
function samePin(a, b) {
    return a.image === b.image && a.tag === b.tag && a.digest === b.digest && a.sourceCommit === b.sourceCommit && Boolean(a.deploy) === Boolean(b.deploy);
}
/**
 * The state after an update. A re-applied pin keeps its record; the run's pin keeps the old
 * record (time, run) when it pins the very same thing, so re-running a commit changes nothing;
 * a previous pin whose file or entry is gone is dropped and reported.
 */
function nextState(previous, update) {
    const state = { version: STATE_VERSION, sourceCommit: update.structureCommit, pins: {} };
    const key = (file, service) => JSON.stringify([file, service]);
    const kept = new Set(update.kept.map((pin) => key(pin.file, pin.service)));
    const pinned = new Set(update.pins.map((pin) => key(pin.file, update.service)));
    const dropped = [];
    for (const pin of listPins(previous)) {
        if (pinned.has(key(pin.file, pin.service)))
            continue;
        if (kept.has(key(pin.file, pin.service)))
            (state.pins[pin.file] ??= {})[pin.service] = pin.record;
        else
            dropped.push({ file: pin.file, service: pin.service });
    }
    for (const pin of update.pins) {
        const old = previous.pins[pin.file]?.[update.service];
        (state.pins[pin.file] ??= {})[update.service] = old !== undefined && samePin(old, pin.record) ? old : pin.record;
    }
    return { state, dropped };
}

// EXTERNAL MODULE: ./src/domain/manifests/utf8.ts
var utf8 = __webpack_require__(7174);
;// CONCATENATED MODULE: ./src/adapters/git/tree-paths.ts
// Paths inside the manifests clone's working tree. A manifests branch can hold anything, links
// included: nothing read or written through these helpers can leave the tree.



/** `rel` as path components, or a thrown error when it could leave the working tree. */
function components(rel) {
    if (rel === '.')
        return [];
    const parts = rel.split('/');
    if (rel.includes('\\') || rel.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..' || part === '.git')) {
        throw new errors/* ManifestError */.Sh(rel, 0, 'path is not a plain path inside the repository');
    }
    return parts;
}
/**
 * Makes `rel` a real directory of the tree and returns its absolute path. A symlink or file on
 * the way (a manifests branch can hold anything) is removed first, so nothing written below
 * can end up outside the tree.
 */
async function realDirectory(root, rel) {
    let current = root;
    for (const part of components(rel)) {
        current = external_node_path_default().join(current, part);
        const stat = await external_node_fs_.promises.lstat(current).catch(() => undefined);
        if (stat !== undefined && !stat.isDirectory())
            await external_node_fs_.promises.rm(current, { force: true });
        if (stat === undefined || !stat.isDirectory())
            await external_node_fs_.promises.mkdir(current);
    }
    return current;
}
/** Absolute path of file `rel`, refusing symlinks anywhere on the way; undefined if missing. */
async function regularFile(root, rel) {
    let current = root;
    const parts = components(rel);
    for (const [index, part] of parts.entries()) {
        current = external_node_path_default().join(current, part);
        const stat = await external_node_fs_.promises.lstat(current).catch(() => undefined);
        if (stat === undefined)
            return undefined;
        if (stat.isSymbolicLink())
            throw new errors/* ManifestError */.Sh(rel, 0, 'is a symbolic link or lies behind one; refusing to follow it');
        const last = index === parts.length - 1;
        if (last ? !stat.isFile() : !stat.isDirectory())
            return undefined;
    }
    return current;
}

;// CONCATENATED MODULE: ./src/adapters/git/clone.ts
// The temporary clone of the manifests branch: its tip fetched one commit deep, a working tree
// the update rewrites, and the commit and push of the result. It shares nothing with the
// workspace's repository; each update attempt starts by resetting the tree.







/** A commit or tree id (SHA-1 or SHA-256). */
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** The remote's view of the branch: its tip commit, or '' when the branch does not exist. */
async function remoteBranchTip(git, cwd, remote, branch) {
    const result = await git.run(['ls-remote', '--exit-code', remote, `refs/heads/${branch}`], { cwd, remote });
    // --exit-code: 2 means "no such ref"; anything else non-zero is a real failure.
    if (result.code === 2)
        return '';
    if (result.code !== 0)
        throw git.failure(`git ls-remote with ${(0,auth/* remoteHost */.N4)(remote)}: cannot read branch ${(0,domain_escape/* quote */.hD)(branch)} of ${(0,domain_escape/* quote */.hD)(remote)}`, result);
    const sha = result.stdout.split('\t')[0]?.trim() ?? '';
    if (!OBJECT_ID.test(sha))
        throw git.failure(`unexpected answer from git ls-remote for ${(0,domain_escape/* quote */.hD)(branch)}`, result);
    return sha;
}
// Entries of the working tree's root that a copy of the source's root ('.') must not touch.
const CLONE_OWN = new Set(['.git', '.ftmo-deploy']);
async function openClone(git, dir, remote, branch) {
    await git.must(['init', '-q', dir], { cwd: external_node_path_default().dirname(dir) });
    const cwd = { cwd: dir };
    let emptyTree = '';
    const trees = new Map();
    const tree = async (id) => {
        if (id !== '')
            return id;
        if (emptyTree === '')
            emptyTree = (await git.must(['mktree'], { cwd: dir, input: '' })).trim();
        return emptyTree;
    };
    return {
        dir,
        async fetchTip() {
            const fetched = await git.run(['fetch', '--quiet', '--no-tags', '--depth=1', remote, `+refs/heads/${branch}:refs/ftmo-deploy/tip`], { cwd: dir, remote });
            if (fetched.code !== 0) {
                // The branch is there on almost every attempt; only a failed fetch asks whether it exists.
                if ((await remoteBranchTip(git, dir, remote, branch)) === '')
                    return '';
                throw git.failure(`git fetch with ${(0,auth/* remoteHost */.N4)(remote)}: cannot fetch branch ${(0,domain_escape/* quote */.hD)(branch)} of ${(0,domain_escape/* quote */.hD)(remote)}`, fetched);
            }
            // The tip's tree in the same process: every attempt compares its result with it.
            const [commit = '', treeId = ''] = (await git.must(['rev-parse', 'refs/ftmo-deploy/tip^{commit}', 'refs/ftmo-deploy/tip^{tree}'], cwd)).split('\n');
            if (!OBJECT_ID.test(commit) || !OBJECT_ID.test(treeId))
                throw new errors/* StageError */.Zu('manifests', `unexpected answer from git rev-parse for the tip of ${(0,domain_escape/* quote */.hD)(branch)}`);
            trees.set(commit, treeId);
            return commit;
        },
        async reset(commit) {
            for (const entry of await external_node_fs_.promises.readdir(dir)) {
                if (entry !== '.git')
                    await external_node_fs_.promises.rm(external_node_path_default().join(dir, entry), { recursive: true, force: true });
            }
            if (commit === '') {
                await git.must(['read-tree', '--empty'], cwd);
                return;
            }
            await git.must(['read-tree', commit], cwd);
            await git.must(['checkout-index', '--all', '--force', '--quiet'], cwd);
        },
        async writeTree() {
            await git.must(['add', '--all', '.'], cwd);
            return (await git.must(['write-tree'], cwd)).trim();
        },
        async treeOf(commit) {
            return trees.get(commit) ?? (await git.must(['rev-parse', '--verify', `${commit}^{tree}`], cwd)).trim();
        },
        async commit(treeId, parent, message) {
            const parents = parent === '' ? [] : ['-p', parent];
            return (await git.must(['commit-tree', treeId, ...parents, '-F', '-'], { cwd: dir, input: message })).trim();
        },
        async changedFiles(fromTree, toTree, deleted = false) {
            const filter = deleted ? [] : ['--diff-filter=d'];
            const out = await git.must(['diff-tree', '-r', '-z', '--name-only', '--no-renames', ...filter, await tree(fromTree), await tree(toTree)], cwd);
            return out.split('\0').filter((name) => name !== '');
        },
        async listFiles(treeId) {
            const out = await git.must(['ls-tree', '-r', '-z', '--name-only', await tree(treeId)], cwd);
            return out.split('\0').filter((name) => name !== '');
        },
        async diff(fromTree, toTree, files) {
            if (files.length === 0)
                return '';
            return git.must(['diff', '--no-color', '--no-ext-diff', '--no-renames', await tree(fromTree), await tree(toTree), '--', ...files.map((file) => `:(literal)${file}`)], cwd);
        },
        push(commit) {
            return git.run(['push', '--porcelain', '--no-verify', remote, `${commit}:refs/heads/${branch}`], { cwd: dir, remote });
        },
        async copyDirectory(sourceRoot, rel) {
            const source = external_node_path_default().join(sourceRoot, ...components(rel));
            const stat = await external_node_fs_.promises.lstat(source).catch(() => undefined);
            if (!stat?.isDirectory())
                throw new errors/* StageError */.Zu('manifests', `manifests-path ${(0,domain_escape/* quote */.hD)(rel)} is not a directory in the workspace`);
            const target = await realDirectory(dir, rel);
            const atRoot = rel === '.';
            for (const entry of await external_node_fs_.promises.readdir(target)) {
                if (!(atRoot && CLONE_OWN.has(entry)))
                    await external_node_fs_.promises.rm(external_node_path_default().join(target, entry), { recursive: true, force: true });
            }
            for (const entry of await external_node_fs_.promises.readdir(source)) {
                if (entry === '.git' || (atRoot && CLONE_OWN.has(entry)))
                    continue;
                // Links are copied as links (as git stores them), never followed.
                await external_node_fs_.promises.cp(external_node_path_default().join(source, entry), external_node_path_default().join(target, entry), {
                    recursive: true,
                    verbatimSymlinks: true,
                    filter: (from) => external_node_path_default().basename(from) !== '.git',
                });
            }
        },
        async readFile(rel) {
            const file = await regularFile(dir, rel);
            return file === undefined ? undefined : (0,utf8/* decodeUtf8 */._)(await external_node_fs_.promises.readFile(file), rel);
        },
        async writeFile(rel, text) {
            const parent = await realDirectory(dir, external_node_path_default().posix.dirname(rel));
            const file = external_node_path_default().join(parent, external_node_path_default().posix.basename(rel));
            const stat = await external_node_fs_.promises.lstat(file).catch(() => undefined);
            if (stat !== undefined && !stat.isFile())
                await external_node_fs_.promises.rm(file, { recursive: true, force: true });
            await external_node_fs_.promises.writeFile(file, text);
        },
    };
}

;// CONCATENATED MODULE: ./src/domain/tool-env.ts
// The environment a third-party tool runs with: an allow-list, never the job's environment minus
// a deny-list. A job's environment holds whatever its workflow put there (GITHUB_TOKEN, cloud
// keys, package tokens); a tool only gets the names it needs to work, and the action's own
// private values (a per-run DOCKER_CONFIG, a per-run HOME) where it sets them.
/**
 * Variables that carry registry credentials to Trivy (its flags' variables) or to OCI clients:
 * never passed to a tool, whatever its allow-list says. Trivy's registry credentials are the
 * run's private docker config, nothing else.
 */
const REGISTRY_CREDENTIAL_NAME = /^(?:TRIVY_(?:USERNAME|PASSWORD|PASSWORD_STDIN|REGISTRY_TOKEN|AUTH_URL|TOKEN)|DOCKER_AUTH_CONFIG|REGISTRY_AUTH_FILE|GITHUB_TOKEN|GH_TOKEN)$/i;
/** Proxy settings, which tools read in either spelling. */
const PROXY_NAMES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
/**
 * Trivy: PATH, HOME (its cache lives there), TMPDIR, the proxy settings, the CA bundle a proxy
 * that inspects TLS needs, and its own TRIVY_* settings but its credential ones. Its registry credentials come only from
 * the run's private DOCKER_CONFIG, which the caller passes; the job's DOCKER_CONFIG is not used.
 */
const TRIVY_ENV = {
    names: ['PATH', 'HOME', 'TMPDIR', ...PROXY_NAMES, 'SSL_CERT_FILE', 'SSL_CERT_DIR'],
    prefixes: ['TRIVY_'],
};
/** kustomize / kubectl kustomize render local files: PATH, TMPDIR and their own settings. HOME is the caller's. */
const RENDERER_ENV = {
    names: ['PATH', 'TMPDIR'],
    prefixes: ['KUSTOMIZE_'],
};
/**
 * The allowed names of `job` (defined values only), then `own` on top: values the action sets
 * for the tool itself, which replace the job's whatever the allow-list says.
 */
function toolEnvironment(job, allow, own = {}) {
    const env = {};
    for (const [name, value] of Object.entries(job)) {
        if (value !== undefined && isAllowed(name, allow))
            env[name] = value;
    }
    return { ...env, ...own };
}
/** Trivy's environment: the allow-list of the job's, and the run's private docker config when there is one. */
function trivyEnvironment(job, dockerConfig = '') {
    return toolEnvironment(job, TRIVY_ENV, dockerConfig === '' ? {} : { DOCKER_CONFIG: dockerConfig });
}
/** The renderer's environment: the allow-list of the job's, with HOME a directory of the run's own. */
function rendererEnvironment(job, home) {
    return toolEnvironment(job, RENDERER_ENV, { HOME: home });
}
function isAllowed(name, allow) {
    if (REGISTRY_CREDENTIAL_NAME.test(name))
        return false;
    return allow.names.includes(name) || allow.prefixes.some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./src/domain/manifests/kustomize-edit.ts + 2 modules
var kustomize_edit = __webpack_require__(9618);
;// CONCATENATED MODULE: ./src/domain/manifests/push-backoff.ts
// How long a job waits before retrying a push the branch rejected because another job pushed
// first. A rejection means the rival's push has landed, so the new tip can be fetched at once;
// the wait only spreads jobs that collided, and is scaled to how long one attempt takes here
// (fetch, edit, render, commit): tens of milliseconds, not seconds. The bound doubles only
// while pushes keep being rejected.
/** No bound below this (ms): below it, jitter cannot separate two jobs. */
const MIN_BOUND_MS = 10;
/** No bound above this (ms), however long attempts take or however often they were rejected. */
const MAX_BOUND_MS = 250;
/** The first bound is this fraction of an attempt: a rejection means the rival's push is done already. */
const ATTEMPT_SHARE = 1 / 8;
/**
 * Delay (ms) before the retry that follows `rejections` rejected pushes in a row (1 = the first
 * retry), when one attempt took `attemptMs`: a bound of an eighth of an attempt, doubled per
 * further rejection, clamped to [MIN_BOUND_MS, MAX_BOUND_MS]; half of it for sure, the other
 * half random, so a retry never comes immediately. `random` returns a number in [0, 1).
 */
function pushRetryDelay(rejections, attemptMs, random) {
    const growth = 2 ** Math.max(0, Math.min(rejections, 16) - 1);
    const bound = Math.min(MAX_BOUND_MS, Math.max(MIN_BOUND_MS, Math.max(0, attemptMs) * ATTEMPT_SHARE * growth));
    return Math.round(bound / 2 + (bound / 2) * random());
}

;// CONCATENATED MODULE: ./src/domain/manifests/push-rejection.ts
// What a failed `git push` means: the branch moved under us (fetch the new tip and redo the
// update), its name collides with another branch (`manifests/prod` next to `manifests`: no
// retry can help), or anything else (stop and show git's message). Decided from git's own
// words: the reason in parentheses of a `[rejected]` / `[remote rejected]` status line (human
// or `--porcelain` format), else the remote's or git's hints. A name collision comes first:
// git reports it as "failed to update ref" or "cannot lock ref", the words of a race too.
// A branch named like a directory of another, or the reverse, as git and servers say it.
const REF_CONFLICT = [
    /'refs\/[^']+' exists; cannot create '[^']+'/,
    /there is a non-empty directory '[^']+' blocking reference '[^']+'/,
    /directory file conflict/i,
];
// Reasons git and common servers give when the ref is no longer where the push expected it.
const MOVED_REASONS = [
    /^fetch first$/,
    /^non-fast-forward$/,
    /^stale info$/,
    /^failed to update ref$/,
    /^failed to lock$/,
    /^cannot lock ref\b/,
    /^incorrect old value provided$/,
];
// The same situations said in prose, for output without a status line.
const MOVED_TEXT = [
    /\bcannot lock ref\b/i,
    /Updates were rejected because the remote contains work that you do\b/i,
    /Updates were rejected because (?:the tip of your current branch|a pushed branch tip) is behind/i,
];
// `!\t<src>:<dst>\t[rejected] (reason)` or ` ! [remote rejected] <src> -> <dst> (reason)`
const STATUS_LINE = /^\s*!\s.*\[(?:remote )?rejected\][^(]*\((.+)\)\s*$/;
function classifyPushFailure(output) {
    for (const pattern of REF_CONFLICT) {
        const conflict = pattern.exec(output);
        if (conflict !== null)
            return { kind: 'ref-conflict', reason: conflict[0] };
    }
    const reasons = output
        .split(/\r?\n/)
        .map((line) => STATUS_LINE.exec(line)?.[1]?.trim())
        .filter((reason) => reason !== undefined);
    if (reasons.length > 0) {
        // One ref is pushed; if git reports several lines, any non-moved reason wins (stop).
        const other = reasons.find((reason) => !MOVED_REASONS.some((pattern) => pattern.test(reason)));
        return other === undefined ? { kind: 'moved', reason: reasons[0] ?? '' } : { kind: 'other', reason: other };
    }
    if (MOVED_TEXT.some((pattern) => pattern.test(output)))
        return { kind: 'moved', reason: '' };
    return { kind: 'other', reason: '' };
}

;// CONCATENATED MODULE: ./src/stages/gitops/manifests-branch.ts
// The manifests branch as a transaction: fetch its tip (one commit deep) into the temporary
// clone, let the edit rewrite the working tree, check that what changed renders, commit once
// and push without force. A push rejected because the branch moved starts again from the new
// tip after a short wait; a ref conflict or any other failure stops at once. What the edit
// does (pins, ordering, structure) is not this file's business.









function manifestsBranch(settings) {
    const { branch, clone, git } = settings;
    const max = settings.maxPushAttempts;
    return {
        async update(edit) {
            for (let attempt = 1;; attempt++) {
                const started = external_node_perf_hooks_.performance.now();
                const prepared = await prepare(settings, edit);
                if (prepared.kind === 'done')
                    return warned(prepared.result);
                await settings.beforePush?.({ commit: prepared.commit, rollback: prepared.rollback });
                const pushed = await clone.push(prepared.commit);
                if (pushed.code === 0) {
                    core.info(`Pushed ${prepared.commit} to ${(0,domain_escape/* quote */.hD)(branch)} (attempt ${attempt} of ${max}).`);
                    const { commit, reason, warnings } = prepared;
                    // The commit is on the branch: a diff that cannot be made is a warning, not a failure.
                    const diff = await prepared.diff().catch((error) => {
                        core.warning(`The diff of ${commit} could not be made: ${(0,errors/* errorMessage */.gJ)(error)}`);
                        return '';
                    });
                    return warned({ changed: true, commit, diff, reason, commitUrl: (0,auth/* commitLink */.wn)(settings.target, commit), warnings });
                }
                const failure = classifyPushFailure(`${pushed.stdout}\n${pushed.stderr}`);
                if (failure.kind === 'ref-conflict') {
                    throw new errors/* StageError */.Zu('manifests', `the manifests branch ${(0,domain_escape/* quote */.hD)(branch)} cannot be created next to another branch of the same path (${failure.reason}); choose a manifests-branch that is not a prefix of, or prefixed by, an existing branch. Nothing was pushed`);
                }
                if (failure.kind === 'other')
                    throw git.failure(`git push with ${(0,auth/* remoteHost */.N4)(settings.target.url)}: push to the manifests branch ${(0,domain_escape/* quote */.hD)(branch)} failed`, pushed);
                const why = failure.reason === '' ? 'the branch moved' : failure.reason;
                if (attempt >= max) {
                    throw new errors/* StageError */.Zu('manifests', `the manifests branch ${(0,domain_escape/* quote */.hD)(branch)} kept moving: all ${max} push attempts allowed by max-push-attempts were rejected (last: ${why}); nothing of this run was pushed`);
                }
                // Every retry follows a rejection: the wait grows with each one, from about an attempt's length.
                const delay = pushRetryDelay(attempt, external_node_perf_hooks_.performance.now() - started, settings.random);
                core.info(`Push rejected (${why}): the branch moved. Retrying on its new tip in ${delay} ms (attempt ${attempt + 1} of ${max}).`);
                await settings.sleep(delay);
            }
        },
    };
}
/** One attempt up to the push: the tip, the edit, the render check, the commit. */
async function prepare(settings, edit) {
    const { clone, branch } = settings;
    const tip = await clone.fetchTip();
    await clone.reset(tip);
    core.info(tip === '' ? `Branch ${(0,domain_escape/* quote */.hD)(branch)} does not exist: it is created from this commit's manifests.` : `Branch ${(0,domain_escape/* quote */.hD)(branch)} is at ${tip}.`);
    const outcome = await edit(clone, tip);
    if (outcome.kind === 'done')
        return outcome;
    const { warnings } = outcome;
    const tree = await clone.writeTree();
    const tipTree = tip === '' ? '' : await clone.treeOf(tip);
    if (tip !== '' && tree === tipTree) {
        core.info(outcome.unchangedReason);
        return { kind: 'done', result: { ...unchanged(outcome.unchangedReason), warnings } };
    }
    const changed = (await clone.changedFiles(tipTree, tree)).filter(isKustomization);
    await settings.renders.check(tree, [...new Set([...changed, ...outcome.pinned])], new Set(outcome.pinned), outcome.reference);
    // A new branch shows the pins against the copied manifests, not the whole tree as added.
    const diffBase = tip === '' ? outcome.diffBase : tipTree;
    const diffFiles = tip === '' ? (await clone.changedFiles(diffBase, tree)).filter(isKustomization) : changed;
    const diff = () => clone.diff(diffBase, tree, diffFiles);
    const commit = await clone.commit(tree, tip, outcome.message);
    return { kind: 'commit', commit, diff, reason: outcome.reason, warnings, rollback: outcome.rollback };
}
/** Logs the warnings of the attempt that decided the result (earlier attempts' would repeat them). */
function warned(result) {
    for (const warning of result.warnings ?? [])
        core.warning(warning);
    return result;
}
function isKustomization(file) {
    return kustomize_edit/* KUSTOMIZATION_FILE_NAMES */.YU.includes(external_node_path_default().posix.basename(file));
}
function unchanged(reason) {
    return { changed: false, commit: '', diff: '', reason, commitUrl: '' };
}

// EXTERNAL MODULE: ./src/adapters/kustomize/files.ts
var files = __webpack_require__(7703);
;// CONCATENATED MODULE: ./src/domain/manifests/ordering.ts
// The decisions an update takes from the state file before it edits anything: whether this run
// is older than what is pinned (an older build finishing last never replaces a newer pin), and
// which structure the branch is rebuilt from.

/**
 * Commits this run's commit must be compared with before pinning: the source commits of the
 * service's current pins below the run's manifests paths (other paths are other environments).
 */
function commitsToOrderAgainst(state, service, paths, runCommit) {
    const commits = listPins(state)
        .filter((pin) => pin.service === service && paths.some((dir) => isUnder(pin.file, dir)))
        .map((pin) => pin.record.sourceCommit)
        .filter((commit) => commit !== '' && commit !== runCommit);
    return [...new Set(commits)].sort();
}
/** An older build finishing last never replaces a newer pin, except in deploy mode. */
function shouldSkipForOrder(input) {
    const newer = input.answers.filter((answer) => answer.newerThanRun).map((answer) => answer.commit);
    if (newer.length === 0)
        return { skip: false, bypassed: false, reason: '' };
    const which = `${input.service} is pinned from ${newer.map(ordering_short).join(', ')}, which descends from this run's commit ${ordering_short(input.runCommit)}`;
    if (input.deploy)
        return { skip: false, bypassed: true, reason: `${which}; deploy mode pins anyway` };
    return { skip: true, bypassed: false, reason: `${which}: a newer build is deployed, so this run pins nothing` };
}
function ordering_short(commit) {
    return commit.slice(0, 12);
}
/**
 * Which structure an update starts from: the source's manifests when the run's commit
 * descends from (or equals) the commit the branch was last built from, else the branch tip.
 * A recorded commit the repository does not know can never be descended from: keeping the tip
 * for that reason would freeze the branch's structure for ever, so the run's structure is taken
 * and the drift is reported. `ancestry` is undefined when the state names no commit.
 */
function chooseBase(state, ancestry) {
    const recorded = ordering_short(state.sourceCommit);
    if (state.sourceCommit === '' || ancestry === undefined) {
        return { base: 'source', reason: 'the branch records no source commit; its structure is taken from this run', warning: '' };
    }
    if (ancestry === 'descends')
        return { base: 'source', reason: `this run's commit descends from ${recorded}: the structure is taken from this run`, warning: '' };
    if (ancestry === 'does-not-descend')
        return { base: 'tip', reason: `this run's commit does not descend from ${recorded}: the branch keeps its structure`, warning: '' };
    const drift = `the manifests branch was built from source commit ${recorded}, which the repository does not know (was its history rewritten?): the structure is taken from this run's commit`;
    return { base: 'source', reason: drift, warning: `Drift: ${drift}` };
}

// EXTERNAL MODULE: ./src/domain/manifests/pin-all.ts
var pin_all = __webpack_require__(5332);
;// CONCATENATED MODULE: ./src/stages/gitops/commit-message.ts
// The message of the commit that pins an image in the manifests branch: a subject, then trailers
// that say what was pinned, from which commit and run.

function commitMessage(request, dropped) {
    const { plan, pin, record } = request;
    const line = (value) => value.replace(/[\r\n]+/g, ' ');
    const lines = [
        `${request.rollback === undefined ? 'deploy' : 'rollback'}(${plan.service}): ${pin.tag}`,
        '',
        ...(request.rollback === undefined ? [] : [line(request.rollback), '']),
        `Image: ${line(`${plan.image}:${pin.tag}`)}`,
        `Digest: ${request.imageDigest === '' ? 'unknown' : request.imageDigest}${pin.digest === '' ? ' (not pinned)' : ''}`,
        `Source-Commit: ${record.sourceCommit === '' ? 'unknown' : record.sourceCommit}`,
        `Run: ${line(plan.runUrl)}`,
    ];
    if (request.bypassOrdering)
        lines.push('Ordering-Check: bypassed (deploy mode pins this tag even if a newer commit of the service is deployed)');
    // One line however many pins went: the state file's diff in the commit lists them all.
    if (dropped.length > 0)
        lines.push(`Dropped-Pins: ${line(describeDropped(dropped))}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/stages/gitops/skip-reasons.ts
// Why an update pins nothing: a newer commit of the service is pinned already, or this run
// rebuilds the very commit that is pinned.



/** Why this run must pin nothing (a newer commit of the service is pinned), or ''. */
async function newerPinReason(request, previous, ancestry) {
    const { plan } = request;
    const runCommit = request.record.sourceCommit;
    const answers = [];
    for (const commit of commitsToOrderAgainst(previous, plan.service, plan.manifests.paths, runCommit)) {
        answers.push({ commit, newerThanRun: await ancestry.isAncestorOrEqual(runCommit, commit) });
    }
    const order = shouldSkipForOrder({ service: plan.service, runCommit, deploy: false, answers });
    if (order.skip)
        core.info(order.reason);
    return order.skip ? order.reason : '';
}
/**
 * Why a re-run of the commit already pinned pins nothing, or ''. A rebuild of the same commit
 * gets a new digest (build time in the labels and provenance), so without this a re-run would
 * commit a digest-only change of the very same source.
 */
function rerunReason(request, previous) {
    const { plan, record } = request;
    const pins = listPins(previous).filter((pin) => pin.service === plan.service && plan.manifests.paths.some((dir) => isUnder(pin.file, dir)));
    const same = (pin) => pin.image === record.image && pin.tag === record.tag && pin.sourceCommit === record.sourceCommit;
    if (record.sourceCommit === '' || pins.length === 0 || !pins.every((pin) => same(pin.record)))
        return '';
    // The very same digest: the usual comparison of trees says "nothing to change".
    if (pins.every((pin) => pin.record.digest === record.digest))
        return '';
    const reason = `${plan.service} is already pinned to ${record.tag}, built from this run's commit ${record.sourceCommit.slice(0, 12)}: a re-run changes nothing`;
    core.info(reason);
    return reason;
}
/**
 * deploy mode: whether the pin rolls the service back (a pin of it comes from a commit that
 * descends from the image's commit). An image of unknown commit counts as no rollback.
 */
async function deployRollsBack(request, previous, ancestry) {
    const { plan } = request;
    const runCommit = request.record.sourceCommit;
    if (runCommit === '')
        return false;
    for (const commit of commitsToOrderAgainst(previous, plan.service, plan.manifests.paths, runCommit)) {
        if (await ancestry.isAncestorOrEqual(runCommit, commit))
            return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/stages/gitops/pin-edit.ts
// The edit of one update, applied to every tip the branch is at: decide (order, re-run,
// structure), lay the structure, apply every recorded pin and this run's pin (one pinAll), and
// write the state file that records them.












function pinEdit(ctx) {
    const { request } = ctx;
    const { plan } = request;
    return async (clone, tip) => {
        const previous = tip === '' ? emptyState() : await readState(clone);
        // Only the Deployment record asks, and the answer may cost a fetch of history.
        const rollback = ctx.tellsRollback && request.bypassOrdering && tip !== '' && (await deployRollsBack(request, previous, ctx.ancestry));
        if (tip !== '' && !request.bypassOrdering) {
            const reason = (await newerPinReason(request, previous, ctx.ancestry)) || rerunReason(request, previous);
            if (reason !== '')
                return { kind: 'done', result: unchanged(reason) };
        }
        const { base, warning } = await layStructure(ctx, clone, tip, previous);
        const diffBase = tip === '' ? await clone.writeTree() : '';
        const { pinned, dropped } = await applyPins(ctx, clone, previous, base === 'source' ? plan.sourceCommit : previous.sourceCommit);
        const reference = (0,kustomize_edit/* imageReference */.rA)(request.pin);
        const dropNote = dropped.length > 0 ? `, dropped ${dropped.length} stale pin(s)` : '';
        return {
            kind: 'commit',
            message: commitMessage(request, dropped),
            reason: `pinned ${reference} in ${pinned.length} kustomization${pinned.length === 1 ? '' : 's'}${dropNote}`,
            unchangedReason: `${plan.manifests.branch} already pins ${reference} for ${plan.service}; nothing to change`,
            warnings: [warning, dropped.length > 0 ? `Manifests: ${describeDropped(dropped)}.` : ''].filter((text) => text !== ''),
            pinned,
            reference,
            rollback,
            diffBase,
        };
    };
}
/**
 * Replaces the paths with the source's when the source is not older than the branch's structure
 * (or that structure's commit is unknown); returns the choice and a warning for drift ('' if none).
 */
async function layStructure(ctx, clone, tip, previous) {
    const { plan } = ctx.request;
    let base = 'source';
    let warning = '';
    if (tip !== '') {
        const choice = chooseBase(previous, await structureAncestry(ctx, previous));
        core.info(`Structure: ${choice.reason}.`);
        base = choice.base;
        warning = choice.warning;
    }
    // From the tip the structure stays; but a path the branch does not hold yet (listed for the
    // first time, e.g. a second environment's overlay) can only come from the source.
    const copied = base === 'source' ? plan.manifests.paths : await pathsMissingFrom(clone, plan.manifests.paths);
    for (const dir of copied)
        await clone.copyDirectory(ctx.workspace, dir);
    if (base !== 'source' && copied.length > 0)
        core.info(`New on the branch, from this commit: ${copied.map((dir) => (0,domain_escape/* quote */.hD)(dir)).join(', ')}.`);
    return { base, warning };
}
async function structureAncestry(ctx, previous) {
    if (previous.sourceCommit === '')
        return undefined;
    const answer = await ctx.ancestry.answer(previous.sourceCommit, ctx.request.plan.sourceCommit);
    return answer === 'ancestor' ? 'descends' : answer === 'missing' ? 'unknown-commit' : 'does-not-descend';
}
async function pathsMissingFrom(clone, paths) {
    const missing = [];
    for (const dir of paths) {
        const stat = await external_node_fs_.promises.lstat(external_node_path_default().join(clone.dir, dir)).catch(() => undefined);
        if (!stat?.isDirectory())
            missing.push(dir);
    }
    return missing;
}
/** Every recorded pin, then this run's pin, then the state file that records them. */
async function applyPins(ctx, clone, previous, structureCommit) {
    const { plan, pin, record } = ctx.request;
    const recorded = listPins(previous);
    const found = await (0,files/* findKustomizations */.m)(clone.dir, plan.manifests.paths);
    const texts = await readAll(clone, [...new Set([...recorded.map((entry) => entry.file), ...found])]);
    const again = (0,pin_all/* pinAll */.B)(texts, recorded.map(({ file, service, record: old }) => ({ file, pin: { service, image: old.image, tag: old.tag, digest: old.digest } })));
    const afterAgain = new Map([...texts, ...again.changed]);
    const own = (0,pin_all/* pinService */.f)(new Map(found.flatMap((file) => (afterAgain.has(file) ? [[file, afterAgain.get(file)]] : []))), plan.manifests.paths, pin);
    for (const [file, text] of new Map([...again.changed, ...own.changed]))
        await clone.writeFile(file, text);
    const pinned = own.matched.map((entry) => entry.file);
    const { state, dropped } = nextState(previous, {
        structureCommit,
        kept: again.matched.map((entry) => ({ file: entry.file, service: entry.pin.service })),
        service: plan.service,
        pins: pinned.map((file) => ({ file, record: { ...record, time: ctx.now().toISOString() } })),
    });
    await clone.writeFile(STATE_FILE, serializeState(state));
    return { pinned, dropped };
}
/** The texts of the files that exist (path -> text). */
async function readAll(clone, files) {
    const texts = new Map();
    for (const file of files) {
        const text = await clone.readFile(file);
        if (text !== undefined)
            texts.set(file, text);
    }
    return texts;
}
async function readState(clone) {
    const text = await clone.readFile(STATE_FILE);
    if (text !== undefined)
        return parseState(text);
    core.info(`The branch has no ${STATE_FILE}: no earlier pins to keep.`);
    return emptyState();
}

;// CONCATENATED MODULE: ./src/stages/gitops/pin-request.ts
// What one update of the manifests branch pins, decided once before the first attempt and
// never changed by one: the entry written in the kustomizations, the record kept in the state
// file, and what the commit says.
function pinRequest(plan, image) {
    const bypassOrdering = plan.manifests.ordering === 'bypassed';
    const digest = plan.manifests.pinDigest ? image.digest : '';
    const tag = image.tag || plan.manifests.tag;
    return {
        plan,
        pin: { service: plan.service, image: plan.image, tag, digest },
        record: {
            image: plan.image,
            tag,
            digest,
            // Ordering bypassed: the image's own commit when known, else unknown (''), never the
            // dispatching commit, which would wrongly hold back builds of older commits.
            sourceCommit: bypassOrdering ? image.sourceCommit : image.sourceCommit || plan.sourceCommit,
            runUrl: plan.runUrl,
            ...(bypassOrdering ? { deploy: true } : {}),
        },
        imageDigest: image.digest,
        bypassOrdering,
        ...(image.rollback === undefined ? {} : { rollback: image.rollback }),
    };
}

;// CONCATENATED MODULE: ./src/domain/manifests/render-batch.ts
// Many kustomization roots rendered by one renderer process. An "aggregate" kustomization names
// one wrapper per root; each wrapper names its root and marks everything the root renders with an
// annotation of its own, so the combined output can be split back into each root's documents.
// kustomize adds the annotation to metadata and to pod templates alike.
/**
 * The annotation key marking the roots' documents: under a domain of ours, with a nonce made
 * for this render, so that no annotation of the repository can be taken for it.
 */
function batchMarkerKey(nonce) {
    if (!/^[a-z0-9]{8,40}$/.test(nonce))
        throw new Error(`batchMarkerKey: nonce must be 8 to 40 lowercase letters or digits (got ${JSON.stringify(nonce)})`);
    return `render.ftmo-deploy.dev/root-${nonce}`;
}
/** The directory of root `index`'s wrapper, relative to the aggregate; its marker's value is the index. */
function wrapperDir(index) {
    return `r${index}`;
}
/**
 * The aggregate's files for roots named by `roots`: each the root's path relative to its
 * wrapper's directory (kustomize refuses an absolute path as a root), in `/` form.
 */
function aggregateFiles(roots, markerKey) {
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
function splitRendered(stream, markerKey, count) {
    const documents = Array.from({ length: count }, () => []);
    for (const document of stream.split(/^---[ \t]*(?:\r?\n|$)/m)) {
        if (document.trim() === '')
            continue;
        documents[rootOf(document, markerKey, count)]?.push(document.endsWith('\n') ? document : `${document}\n`);
    }
    return documents.map((texts) => texts.join('---\n'));
}
/** The index of the root whose marker `document` carries. */
function rootOf(document, markerKey, count) {
    const line = new RegExp(`^\\s*["']?${escapeRegExp(markerKey)}["']?:\\s*["']?(\\d+)["']?\\s*$`, 'gm');
    const found = new Set([...document.matchAll(line)].map((match) => Number(match[1])));
    const [index] = [...found];
    if (found.size !== 1 || index === undefined || index >= count) {
        throw new Error(`the combined render has a document marked for ${found.size === 0 ? 'no root' : `root(s) ${[...found].join(', ')} of ${count}`}`);
    }
    return index;
}
function kustomization(resources, extra) {
    const list = resources.map((resource) => `  - ${yamlString(resource)}\n`).join('');
    return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${list}${extra}`;
}
/**
 * `text` as a YAML double-quoted scalar: JSON's escapes are YAML's, and the characters a YAML
 * 1.1 reader (kustomize's) would take as line breaks or refuse as unprintable are escaped too.
 */
function yamlString(text) {
    return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/adapters/kustomize/render.ts
// Rendering a kustomization the way Argo CD will, before anything is pushed: `kustomize build`
// where the standalone tool is installed, else `kubectl kustomize` (built into kubectl).






/** No renderer can be run: the run cannot check the manifests, whichever directory it renders. */
class NoRendererError extends errors/* ToolError */.v4 {
    constructor(message) {
        super(message);
        this.name = 'NoRendererError';
    }
}
/**
 * Which renderer this machine has: `kustomize build` where the standalone tool is on PATH, else
 * `kubectl kustomize`; a NoRendererError naming both when neither is. Nothing is run to find
 * out (a process costs tens of milliseconds): a kubectl too old to have `kustomize` is told at
 * its first render.
 */
async function findRenderer(env) {
    const kustomize = await findExecutable('kustomize', env);
    if (kustomize)
        return { name: 'kustomize build', command: kustomize, args: (dir) => ['build', dir] };
    const kubectl = await findExecutable('kubectl', env);
    if (kubectl)
        return { name: 'kubectl kustomize', command: kubectl, args: (dir) => ['kustomize', dir] };
    throw new NoRendererError('Cannot render the manifests: neither `kustomize` nor `kubectl` (which has `kubectl kustomize` built in) ' +
        'was found on PATH. Install one of them before this step (GitHub-hosted runners have both).');
}
/** Rendering a few overlays takes seconds; minutes mean it is stuck. */
const RENDER_TIMEOUT_MS = 5 * 60 * 1000;
/**
 * The rendered manifests of one kustomization directory. `renderer` saves looking the tool up
 * again when many directories are rendered.
 */
async function render(dir, env, renderer) {
    const tool = renderer ?? (await findRenderer(env));
    // An absolute path can never be read as an option, whatever the directory is called.
    // A renderer that hangs (a remote base it cannot reach) must not hold the step.
    const result = await (0,exec/* execTool */.wc)(tool.command, tool.args(external_node_path_default().resolve(dir)), { env, timeoutMs: RENDER_TIMEOUT_MS });
    if (result.code !== 0) {
        const output = (0,exec/* tail */.RT)(result.stderr.trim() ? result.stderr : result.stdout);
        if (lacksKustomize(tool, result.stderr + result.stdout)) {
            throw new NoRendererError(`Cannot render the manifests: the \`kubectl\` found on PATH (${(0,domain_escape/* quote */.hD)(tool.command)}) has no \`kubectl kustomize\` ` +
                '(kubectl 1.14 and later have it built in), and `kustomize` was not found on PATH. ' +
                'Install kustomize or a newer kubectl before this step (GitHub-hosted runners have both).');
        }
        const why = result.timedOut ? `stopped after ${RENDER_TIMEOUT_MS / 1000} s` : `exit code ${result.code}`;
        throw new errors/* ToolError */.v4(`${tool.name} failed for ${(0,domain_escape/* quote */.hD)(dir)} (${why}): ${(0,domain_escape/* quote */.hD)(output, 4000)}`);
    }
    return result.stdout;
}
/** An old kubectl's answer to `kubectl kustomize`: it has no such command. */
function lacksKustomize(tool, output) {
    return tool.name === 'kubectl kustomize' && /unknown command "kustomize" for "kubectl"/.test(output);
}
/**
 * The executable `name` in the PATH of `env` (not of this process: the tools run with `env`).
 * Relative PATH entries are skipped so a checked-out repository cannot put its own `kustomize`
 * in front of the real one.
 */
async function findExecutable(name, env) {
    const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
    for (const directory of (env.PATH ?? '').split((external_node_path_default()).delimiter)) {
        if (!external_node_path_default().isAbsolute(directory))
            continue;
        for (const candidate of names.map((file) => external_node_path_default().join(directory, file))) {
            if (await isExecutableFile(candidate))
                return candidate;
        }
    }
    return undefined;
}
async function isExecutableFile(file) {
    try {
        if (!(await (0,promises_.stat)(file)).isFile())
            return false;
        await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/adapters/kustomize/render-batch.ts
// Many kustomization directories rendered by one renderer process, through a throwaway aggregate
// kustomization (domain/manifests/render-batch.ts) that names each of them. One process instead of
// one per directory: a renderer starts in tens of milliseconds, and a change may touch hundreds.







/**
 * The rendered manifests of each of `dirs`, in their order, from one renderer process. The
 * aggregate lives in a new directory below `workDir` (which must not be inside a tree that is
 * committed) and is removed afterwards, whatever happened. Throws when the combined render fails
 * for any reason (a directory that does not render, two that render the same resource, a
 * timeout): rendering each directory alone then tells which one, and why.
 */
async function renderTogether(dirs, workDir, env, renderer) {
    // A new marker for every render: nothing a repository holds can carry it.
    const markerKey = batchMarkerKey((0,external_node_crypto_.randomBytes)(16).toString('hex'));
    return (0,adapters_temp/* withTempDir */.E8)(workDir, 'render-', async (aggregate) => {
        // Relative and in `/` form: kustomize refuses an absolute path as a root.
        const roots = dirs.map((dir, index) => external_node_path_default().relative(external_node_path_default().join(aggregate, wrapperDir(index)), external_node_path_default().resolve(dir)).split((external_node_path_default()).sep).join('/'));
        await Promise.all(aggregateFiles(roots, markerKey).map(async (file) => {
            const target = external_node_path_default().join(aggregate, file.path);
            await (0,promises_.mkdir)(external_node_path_default().dirname(target), { recursive: true });
            await (0,promises_.writeFile)(target, file.text);
        }));
        const stream = await render(aggregate, env, renderer);
        try {
            return splitRendered(stream, markerKey, dirs.length);
        }
        catch (error) {
            throw new errors/* ToolError */.v4(`${renderer.name} of ${dirs.length} directories together: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    });
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/domain/manifests/render-roots.ts
// Which kustomization roots a commit must render, and which of them a retry may skip. A retry
// on a moved branch renders a root again only when a file it may read changed since the render
// that passed: a file of its own directory, or below any path its kustomization (or one it
// reaches) names. Every string of a kustomization is taken as a possible path, so a reference
// is never missed; a few extra renders are the price.



/** A kustomization that declares itself a Component: it cannot be built alone. */
function isComponent(text) {
    return /^kind:\s*["']?Component["']?\s*(?:#.*)?$/m.test(text);
}
/**
 * Repository-relative paths the kustomization in directory `dir` may read, besides its own
 * directory: every string value that, taken relative to `dir`, stays inside the repository.
 * A file that is not YAML may read anything: the repository root ('.') is returned.
 */
function referencedPaths(dir, text) {
    const doc = (0,dist/* parseDocument */.Tp)(text);
    if (doc.errors.length > 0)
        return ['.'];
    const found = new Set();
    (0,dist/* visit */.YR)(doc, {
        Scalar(_key, node) {
            if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string')
                return;
            const value = node.value.trim();
            if (value === '' || value.includes('://') || external_node_path_default().posix.isAbsolute(value))
                return;
            const target = external_node_path_default().posix.normalize(external_node_path_default().posix.join(dir, value));
            if (target === '..' || target.startsWith('../'))
                return;
            if (!isUnder(target, dir) && target !== dir)
                found.add(target);
        },
    });
    return [...found].sort();
}
/** True when `file` is `prefix` itself or lies below it ('.' holds everything). */
function reaches(prefix, file) {
    return prefix === '.' || file === prefix || isUnder(file, prefix);
}
/** The roots some file of `changed` may be read by (in the order given). */
function rootsTouchedBy(roots, changed) {
    return roots.filter((entry) => changed.some((file) => entry.paths.some((prefix) => reaches(prefix, file)))).map((entry) => entry.root);
}

;// CONCATENATED MODULE: ./src/stages/gitops/render-check.ts
// The check before a commit: every changed kustomization root renders, with the new image where
// it is pinned. Several roots render together, in one renderer process; when that fails, each
// root renders alone (in parallel, as many at once as the machine has cores), which names the
// root that fails. A retry on a moved branch renders again only the roots that may read a file
// that changed since their render passed: under contention most of an attempt's work is not
// repeated.









// One lookup of the renderer per run (per PATH): every attempt of the push renders.
const renderers = new Map();
function rendererFor(env) {
    const key = env.PATH ?? '';
    let found = renderers.get(key);
    if (found === undefined) {
        found = findRenderer(env);
        renderers.set(key, found);
        found.catch(() => renderers.delete(key));
    }
    return found;
}
/** `redact` blanks secrets out of the renderer's messages. */
function renderCheck(clone, env, redact) {
    const passed = new Map();
    /** The roots to render now: new ones, and those a file changed since their passing render may reach. */
    const stale = async (tree, roots) => {
        const fresh = [];
        const byTree = new Map();
        for (const [dir, pins] of roots) {
            const before = passed.get(dir);
            if (before === undefined || (pins && !before.referenceChecked))
                fresh.push([dir, pins]);
            else if (before.tree !== tree)
                byTree.set(before.tree, [...(byTree.get(before.tree) ?? []), { root: dir, paths: await reachOf(clone, dir) }]);
        }
        for (const [from, reach] of byTree) {
            const changed = await clone.changedFiles(from, tree, true);
            for (const dir of rootsTouchedBy(reach, changed))
                fresh.push([dir, roots.get(dir) ?? false]);
        }
        return fresh;
    };
    return {
        async check(tree, files, pinned, reference) {
            // Each root to render, and whether it must show the pin (any file of it, or a component it uses, is pinned).
            const roots = new Map();
            const add = (dir, pins) => void roots.set(dir, (roots.get(dir) ?? false) || pins);
            const components = [];
            for (const file of [...files].sort()) {
                if (isComponent((await clone.readFile(file)) ?? ''))
                    components.push(file);
                else
                    add(external_node_path_default().posix.dirname(file), pinned.has(file));
            }
            for (const [dir, pins] of await rootsUsing(clone, tree, components, pinned))
                add(dir, pins);
            const todo = await stale(tree, roots);
            const skipped = roots.size - todo.length;
            if (skipped > 0)
                core.info(`${skipped} kustomization root(s) rendered on the previous attempt and unchanged since: not rendered again.`);
            if (todo.length === 0)
                return;
            const renderer = await rendererFor(env);
            const pass = (dir, pins) => {
                passed.set(dir, { tree, referenceChecked: pins || (passed.get(dir)?.referenceChecked ?? false) });
            };
            const together = todo.length > 1 ? await renderedTogether(clone.dir, renderer, env, todo.map(([dir]) => dir), redact) : undefined;
            if (together !== undefined) {
                for (const [index, [dir, pins]] of todo.entries()) {
                    checkRendered(dir, together[index] ?? '', pins ? reference : '');
                    pass(dir, pins);
                }
                return;
            }
            await inParallel(todo, async ([dir, pins]) => {
                await checkOne(clone.dir, renderer, env, dir, pins ? reference : '', redact);
                pass(dir, pins);
            });
        },
    };
}
/**
 * A Component renders only inside the roots that use it: every root of the tree that may read
 * it, pinning when the component is pinned. A pinned component no root uses cannot show the pin
 * anywhere: refused. An unpinned one nothing uses changes no render.
 */
async function rootsUsing(clone, tree, components, pinned) {
    if (components.length === 0)
        return [];
    const reach = [];
    for (const file of (await clone.listFiles(tree)).filter((name) => kustomize_edit/* KUSTOMIZATION_FILE_NAMES */.YU.includes(external_node_path_default().posix.basename(name)))) {
        if (isComponent((await clone.readFile(file)) ?? ''))
            continue;
        const dir = external_node_path_default().posix.dirname(file);
        reach.push({ root: dir, paths: await reachOf(clone, dir) });
    }
    const found = [];
    for (const component of components) {
        const users = rootsTouchedBy(reach, [component]);
        if (users.length === 0 && pinned.has(component)) {
            throw new errors/* StageError */.Zu('manifests', `${(0,domain_escape/* quote */.hD)(component)} is a Component that no kustomization on the branch uses, so its pin cannot be rendered; nothing was pushed`);
        }
        for (const dir of users)
            found.push([dir, pinned.has(component)]);
    }
    return found;
}
/** Runs `work` on every item, up to the machine's cores at once; the first failure stops the rest. */
async function inParallel(items, work) {
    const queue = [...items];
    const worker = async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            try {
                await work(next);
            }
            catch (error) {
                queue.length = 0; // one failure decides; render nothing more
                throw error;
            }
        }
    };
    const workers = Math.max(1, Math.min(items.length, external_node_os_default().availableParallelism()));
    // Settled, not raced: no render may still run when the clone is removed.
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined)
        throw failed.reason;
}
/** Every path the root `dir` may read: its directory, and what its kustomizations name, followed. */
async function reachOf(clone, dir) {
    const paths = new Set([dir]);
    const queue = [dir];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const text = await kustomizationIn(clone, next);
        if (text === null)
            return ['.'];
        if (text === undefined)
            continue;
        for (const target of referencedPaths(next, text)) {
            if (paths.has(target))
                continue;
            paths.add(target);
            queue.push(target);
        }
    }
    return [...paths];
}
/** The kustomization of directory `dir`; undefined when it has none, null when it cannot be read (it may read anything). */
async function kustomizationIn(clone, dir) {
    for (const name of kustomize_edit/* KUSTOMIZATION_FILE_NAMES */.YU) {
        try {
            const text = await clone.readFile(dir === '.' ? name : `${dir}/${name}`);
            if (text !== undefined)
                return text;
        }
        catch {
            return null;
        }
    }
    return undefined;
}
/**
 * What each root of `dirs` renders, from one renderer process; undefined when that render fails,
 * for whatever reason: each root is then rendered alone, which names the root that fails and
 * says why (or passes: two roots may render the same resource, which only rendering them
 * together refuses).
 */
async function renderedTogether(cloneDir, renderer, env, dirs, redact) {
    try {
        // Beside the clone, never in it: the clone's working tree is what gets committed.
        return await renderTogether(dirs.map((dir) => external_node_path_default().join(cloneDir, dir)), external_node_path_default().dirname(cloneDir), env, renderer);
    }
    catch (error) {
        core.info(`The ${dirs.length} kustomization roots did not render together: rendering each alone.`);
        core.debug(redact((0,errors/* errorMessage */.gJ)(error)));
        return undefined;
    }
}
async function checkOne(cloneDir, renderer, env, dir, reference, redact) {
    let rendered;
    try {
        rendered = await render(external_node_path_default().join(cloneDir, dir), env, renderer);
    }
    catch (error) {
        // Not this root's fault: no root can render.
        if (error instanceof NoRendererError)
            throw error;
        // Paths in the tool's message are shown relative to the clone, as in the repository.
        const detail = (0,errors/* errorMessage */.gJ)(error).split(`${cloneDir}/`).join('');
        throw new errors/* StageError */.Zu('manifests', `${(0,domain_escape/* quote */.hD)(dir)} does not render after the update, so nothing was pushed: ${redact(detail)}`);
    }
    checkRendered(dir, rendered, reference);
}
/** `rendered`, what root `dir` renders, holds `reference` ('' = nothing to look for). */
function checkRendered(dir, rendered, reference) {
    if (reference !== '' && !(0,kustomize_edit/* renderContainsImage */.$d)(rendered, reference)) {
        throw new errors/* StageError */.Zu('manifests', `${(0,domain_escape/* quote */.hD)(dir)} renders without ${(0,domain_escape/* quote */.hD)(reference)} (no container uses the pinned image?), so nothing was pushed`);
    }
    core.info(`Rendered ${(0,domain_escape/* quote */.hD)(dir)}${reference === '' ? '' : `: contains ${reference}`}.`);
}

;// CONCATENATED MODULE: ./src/stages/gitops/update.ts
// The gitops stage: pin this run's image in the manifests branch that Argo CD watches. The
// branch transaction (manifests-branch.ts) carries the edit (pin-edit.ts) through as many
// attempts as the branch needs, so parallel jobs for different services all land and none
// undoes another.













/**
 * `history` answers the ordering and structure questions (the run's one store: source-history.ts);
 * `beforePush` runs before every push attempt (the Deployment record).
 */
async function updateManifests(plan, image, rt, history, beforePush) {
    const m = plan.manifests;
    if (!m.enabled)
        return unchanged(m.reason);
    if (m.pinDigest && image.digest === '') {
        throw new errors/* StageError */.Zu('manifests', 'pin-digest is true but the image digest is unknown, so the manifests cannot pin it');
    }
    return core.group(`Update manifests branch ${(0,domain_escape/* quote */.hD)(m.branch)}`, async () => {
        return (0,adapters_temp/* withTempDir */.E8)((0,adapters_temp/* tempRoot */.fQ)(rt.env), 'ftmo-manifests-', async (tempDir) => {
            const workspace = rt.ctx.workspace;
            const token = rt.inputs.manifestsToken;
            const repo = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'manifests'));
            const { origin, manifests: target, network: git } = repo;
            if (origin.removedCredentials !== '')
                core.warning("The workspace's origin URL carries credentials; they are ignored (manifests-token authenticates).");
            core.info(`Manifests repository: ${(0,domain_escape/* quote */.hD)(target.url)}${target.kind === 'http' && token !== '' ? ' (authenticated with manifests-token)' : ''}`);
            const clone = await openClone(git, external_node_path_default().join(tempDir, 'clone'), target.url, m.branch);
            const renders = renderCheck(clone, rendererEnvironment(rt.env, tempDir), git.redact);
            const branch = manifestsBranch({ branch: m.branch, maxPushAttempts: m.maxPushAttempts, clone, git, target, renders, sleep: rt.sleep, random: rt.random, ...(beforePush === undefined ? {} : { beforePush }) });
            const request = pinRequest(plan, image);
            return branch.update(pinEdit({ request, ancestry: history, workspace, now: rt.now, tellsRollback: beforePush !== undefined }));
        });
    });
}

;// CONCATENATED MODULE: ./src/stages/argocd/rollback.ts
// After a failed wait: pin again what the branch pinned for this service before the failed
// commit (its state file one commit earlier), through the same branch update as every pin,
// with ordering bypassed as in deploy mode, then wait for that commit too.





/** `waitFor` is the wait that failed, run again for the rollback commit. */
async function rollBack(session, failedCommit, failure, waitFor) {
    const { plan, rt } = session;
    const base = { status: failure.status, reason: failure.reason, applications: failure.applications };
    const previous = await previousPin(session, failedCommit);
    if (previous === undefined) {
        const reason = `no earlier pin of ${plan.service} in ${STATE_FILE} before ${failedCommit.slice(0, 12)}: nothing to roll back to, nothing changed`;
        core.warning(reason);
        return { result: { ...base, rollback: { pushed: false, tag: '', commit: '', reason } }, message: `Not rolled back: ${reason}.` };
    }
    const why = `Argo CD: ${failure.reason}`;
    core.info(`Rolling back ${(0,domain_escape/* quote */.hD)(plan.service)} to ${(0,domain_escape/* quote */.hD)(previous.tag)}${previous.digest === '' ? '' : `@${previous.digest}`}.`);
    // The previous pin as it was: with its digest when it had one, without when it had none.
    // Ordering is bypassed as in deploy mode: the point is to go back.
    const rollbackPlan = { ...plan, manifests: { ...plan.manifests, tag: previous.tag, pinDigest: previous.digest !== '', ordering: 'bypassed' } };
    const pin = { tag: previous.tag, digest: previous.digest, sourceCommit: previous.sourceCommit, rollback: why };
    const manifests = await updateManifests(rollbackPlan, pin, rt, session.history);
    if (!manifests.changed) {
        const reason = `the branch already pins ${previous.tag} again (${manifests.reason}); no rollback commit`;
        return { result: { ...base, rollback: { pushed: false, tag: previous.tag, commit: '', reason } }, message: `Not rolled back: ${reason}.` };
    }
    const second = await core.group(`Wait for Argo CD to run the rollback ${manifests.commit}`, () => waitFor(manifests.commit));
    const pushed = { pushed: true, tag: previous.tag, commit: manifests.commit };
    if (second.ok) {
        const reason = `rolled back to ${previous.tag} in ${manifests.commit}; Argo CD reports it ${second.status}`;
        return { result: { status: 'rolled-back', reason: failure.reason, applications: second.applications, rollback: { ...pushed, reason } }, message: `Rolled back: ${reason}.` };
    }
    const reason = `rolled back to ${previous.tag} in ${manifests.commit}, but Argo CD did not confirm it: ${second.reason}`;
    return { result: { ...base, applications: second.applications, rollback: { ...pushed, reason } }, message: `${reason}.` };
}
/** This service's pin in the state file of the failed commit's parent; undefined when it had none. */
async function previousPin(session, failedCommit) {
    const { git, tempDir, target, plan } = session;
    // Inside the wait's temporary directory, removed with it.
    const store = await (0,adapters_temp/* makeTempDir */.mk)(tempDir, 'previous-');
    const cwd = { cwd: store };
    await git.must(['init', '--bare', '-q', store], { cwd: tempDir });
    // Two commits deep: the failed commit and the branch as it was before it.
    // With the remote named: a server that stalls is named in the error, and its stall is recognised.
    await git.must(['fetch', '--quiet', '--no-tags', '--depth=2', target.url, failedCommit], { ...cwd, remote: target.url });
    const parent = await git.run(['rev-parse', '--verify', '--quiet', `${failedCommit}^1`], cwd);
    if (parent.code !== 0)
        return undefined;
    const state = await git.run(['show', `${parent.stdout.trim()}:${STATE_FILE}`], cwd);
    if (state.code !== 0)
        return undefined;
    return latestPinUnder(parseState(state.stdout), plan.service, plan.manifests.paths);
}

;// CONCATENATED MODULE: ./src/stages/argocd/wait.ts
// Closing the loop after the manifests push: ask each Argo CD Application to refresh, then poll
// it with backoff until it runs the pushed commit (or a later commit of the branch: other jobs
// push after us) and, for `wait: healthy`, the service's workloads are Healthy. A Degraded
// service, a failed sync operation or the timeout fails the step; with `rollback-on-failure`
// the previous pin goes back through the same branch update as any pin, and is waited for too.














/** Longest single request: a server that hangs must not hold the whole wait on one call. */
const MAX_REQUEST_MS = 30_000;
/** Sets report.argocd; throws when the wait failed (after a rollback, when asked for one). */
/** `history` answers the rollback's questions about source commits (source-history.ts). */
async function waitForArgoCd(plan, report, rt, history) {
    const skip = skipReason(rt, report.manifests);
    if (skip !== undefined) {
        report.argocd = { status: 'skipped', reason: skip, applications: [] };
        return;
    }
    const commit = report.manifests?.commit ?? '';
    await (0,adapters_temp/* withTempDir */.E8)((0,adapters_temp/* tempRoot */.fQ)(rt.env), 'ftmo-argocd-', async (tempDir) => {
        const session = await openSession(plan, rt, tempDir, history);
        const first = await core.group(`Wait for Argo CD to run ${commit}`, () => waitFor(session, commit)).catch((error) => {
            // Refused (401/403) or not understood: the wait could not look, so there is nothing to roll back for.
            report.argocd = { status: 'failed', reason: (0,errors/* errorMessage */.gJ)(error), applications: [] };
            throw error;
        });
        report.argocd = { status: first.status, reason: first.reason, applications: first.applications };
        if (first.ok)
            return;
        const failure = `Argo CD: ${first.reason}`;
        if (!rt.inputs.rollbackOnFailure)
            throw new Error(`${failure}. The manifests commit ${commit} stays on the branch (rollback-on-failure is false).`);
        const rolled = await rollBack(session, commit, first, (next) => waitFor(session, next));
        report.argocd = rolled.result;
        throw new Error(`${failure}. ${rolled.message}`);
    });
}
function skipReason(rt, manifests) {
    if (rt.inputs.wait === 'none')
        return 'wait is none';
    if (manifests === undefined)
        return 'the manifests were not updated';
    if (!manifests.changed || manifests.commit === '')
        return `this run pushed no manifests commit (${manifests.reason})`;
    return undefined;
}
async function openSession(plan, rt, tempDir, history) {
    // The same repository the manifests stage pushed to: the workspace's origin or manifests-repository.
    const { manifests: target, network: git } = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'argocd'));
    const client = argoCdClient(rt.inputs.argocdServer, rt.inputs.argocdToken);
    return { plan, rt, client, git, target, tempDir, ancestry: new Map(), history };
}
/** Polls every Application until all are done, one fails, or the timeout passes. */
async function waitFor(session, commit) {
    const { rt } = session;
    const wait = rt.inputs.wait === 'healthy' ? 'healthy' : 'synced';
    const timeout = rt.inputs.waitTimeoutMs;
    const deadline = rt.now().getTime() + timeout;
    const backoff = pollBackoff(timeout);
    const rows = new Map();
    const last = new Map();
    const pending = new Set(rt.inputs.argocdApplications);
    const refreshed = new Set();
    const outcome = (ok, status, reason) => ({ ok, status, reason, applications: [...rows.values()] });
    core.info(`Waiting up to ${(0,duration/* formatDuration */.a3)(timeout)} for ${[...pending].map((name) => (0,domain_escape/* quote */.hD)(name)).join(', ')} to be ${wait} at ${commit} or a later commit.`);
    for (let poll = 1;; poll++) {
        for (const name of [...pending]) {
            const remaining = deadline - rt.now().getTime();
            if (remaining <= 0)
                break;
            const decision = await pollOnce(session, name, commit, !refreshed.has(name), Math.min(remaining, MAX_REQUEST_MS), rows);
            if (decision === undefined)
                continue;
            if ('answered' in decision)
                refreshed.add(name);
            last.set(name, decision.reason);
            if (decision.kind === 'failed')
                return outcome(false, decision.status, decision.reason);
            if (decision.kind === 'done') {
                core.info((0,domain_escape/* quote */.hD)(decision.reason));
                pending.delete(name);
            }
        }
        if (pending.size === 0)
            return outcome(true, wait, `${rt.inputs.argocdApplications.join(', ')} ${wait} at ${commit.slice(0, 12)} or later`);
        const remaining = deadline - rt.now().getTime();
        const waiting = [...pending].map((name) => last.get(name) ?? `${name}: no answer yet`).join('; ');
        if (remaining <= 0)
            return outcome(false, 'timed-out', `not ${wait} within wait-timeout ${(0,duration/* formatDuration */.a3)(timeout)}: ${waiting}`);
        core.info(`Still waiting: ${(0,domain_escape/* quote */.hD)(waiting, 1000)}`);
        await rt.sleep(Math.min(remaining, backoffDelay(poll, rt.random, backoff)));
    }
}
/** One GET; a transient failure is a reason to wait, any other answer from the server stops the wait. */
async function pollOnce(session, name, commit, refresh, timeoutMs, rows) {
    let body;
    try {
        body = await session.client.getApplication(name, { refresh, timeoutMs });
    }
    catch (error) {
        if (error instanceof ArgoCdError && error.transient)
            return { kind: 'waiting', reason: error.message };
        throw error;
    }
    const app = parseApplication(name, body);
    rows.set(name, applicationRow(app));
    const decision = evaluate(app, {
        wait: session.rt.inputs.wait === 'healthy' ? 'healthy' : 'synced',
        service: session.plan.service,
        revisionReached: await reached(session, commit, app.revision),
        operationReached: await reached(session, commit, app.operationRevision),
    });
    return { ...decision, answered: true };
}
/** `revision` is `commit` or a later commit of the manifests branch's history. */
async function reached(session, commit, revision) {
    if (!(0,ids/* isCommitSha */._$)(revision))
        return false;
    const key = `${commit}..${revision}`;
    const known = session.ancestry.get(key);
    if (known !== undefined)
        return known;
    const answer = await isAncestorOrEqual(commit, revision, { git: session.git, remote: session.target.url, tempDir: session.tempDir });
    session.ancestry.set(key, answer);
    return answer;
}

;// CONCATENATED MODULE: ./src/adapters/docker/imagetools-merge.ts
// The registry side of merge mode, through `docker buildx imagetools` (bounded like every
// registry call): what a leg's digest names, and one index made of the legs' images under every
// tag at once. An index source brings its attestation manifests along.





/** What `image@digest` names in the registry; a digest the repository does not hold is an error naming it. */
function inspectSource(image, platform, digest, session) {
    const ref = `${image}@${digest}`;
    const notFound = `Input 'digests': the digest for ${platform}, ${(0,domain_escape/* quote */.hD)(ref)}, does not exist in the registry ` +
        `(a leg of another image or registry, or one whose push did not finish). Nothing was tagged`;
    return inspectIndex(ref, session, notFound);
}
/** One `imagetools create` of an index of `sources` (`image@digest`), pushed under every reference of `tags`. */
async function createIndex(tags, sources, session) {
    const args = ['buildx', 'imagetools', 'create', ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
    const result = await registryCommand(session, args, `docker buildx imagetools create of ${tags.map((tag) => (0,domain_escape/* quote */.hD)(tag)).join(', ')}`);
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`creating the index of ${sources.join(', ')} failed (exit code ${result.code}):\n${(0,exec/* outputTail */.ci)(result)}`);
    }
}

;// CONCATENATED MODULE: ./src/stages/merge.ts
// The merge stage (mode: merge): no build. The legs of a fan-out each pushed one platform by
// digest; here every reported digest is checked against the registry (it exists in this image's
// repository and names exactly its platform), the immutable tags are checked as before a build,
// and one `imagetools create` makes the index under every immutable tag. What it returns is
// what a build returns, so scan, promote and the manifests follow exactly as in auto mode.






async function mergeImages(plan, session) {
    if (!plan.build.push)
        return { ...NOTHING_PUSHED };
    // Only the registry is asked (imagetools): the session proved docker and buildx, no engine is needed.
    const expected = await checkSources(plan, session);
    refuseOverwrites(plan, await readImmutableTags(plan, session));
    const tags = plan.immutableTags.map((tag) => (0,image_ref/* formatReference */.FH)(plan.image, { tag }));
    await core.group(`Merge ${plan.merge.map((entry) => entry.platform).join(', ')} into ${tags.join(', ')}`, () => createIndex(tags, sourceReferences(plan.image, plan.merge), session));
    // Read back by tag: the digest that is scanned, promoted and pinned is the one the tag names.
    const index = await inspectIndex((0,image_ref/* formatReference */.FH)(plan.image, { tag: plan.version }), session, 'merge');
    const mismatch = indexMismatch(expected, index.platformDigests);
    if (mismatch !== undefined) {
        throw new Error(`${plan.image}:${plan.version} does not name the index just made (${mismatch}): another run tagged it meanwhile?`);
    }
    core.info(`${plan.image}@${index.digest} holds ${Object.keys(index.platformDigests).join(', ')}`);
    return { pushed: true, digest: index.digest, platformDigests: index.platformDigests };
}
/** Every leg's digest exists in this repository and names exactly its platform; nothing is tagged before. */
async function checkSources(plan, session) {
    const sources = [];
    for (const entry of plan.merge) {
        const names = (await inspectSource(plan.image, entry.platform, entry.digest, session)).platformDigests;
        const problem = sourceProblem(entry, plan.image, names);
        if (problem !== undefined)
            throw new Error(`${problem}. Nothing was tagged`);
        sources.push({ entry, names });
    }
    return expectedIndex(sources);
}

// EXTERNAL MODULE: ./node_modules/semver/functions/compare.js
var compare = __webpack_require__(8469);
var compare_default = /*#__PURE__*/__webpack_require__.n(compare);
// EXTERNAL MODULE: ./node_modules/semver/functions/valid.js
var valid = __webpack_require__(8780);
var valid_default = /*#__PURE__*/__webpack_require__.n(valid);
;// CONCATENATED MODULE: ./src/domain/plan/release-aliases.ts
// A release's `X.Y` and `X` follow the newest release of their line. They are not pushed by the
// build: after the scan gate, each is pointed at this release's image unless it names the image
// of a newer release already (by that image's `org.opencontainers.image.version` label), so a
// patch of an older line released late never moves them back, and nothing unscanned gets them.


const VERSION_LABEL = 'org.opencontainers.image.version';
/** Whether `tag` moves to this release (`version`, image `digest`), given what it names now (undefined: nothing). */
function aliasDecision(tag, release, current) {
    if (current === undefined)
        return { move: true, reason: `${tag} now names ${release.version}` };
    if (current.digest === release.digest)
        return { move: false, reason: `${tag} names ${release.version} already` };
    const theirs = valid_default()(current.version);
    if (theirs !== null && valid_default()(release.version) !== null && compare_default()(theirs, release.version) > 0) {
        return { move: false, reason: `${tag} stays on ${theirs}, a newer release than ${release.version}` };
    }
    return { move: true, reason: `${tag} moved to ${release.version}${theirs === null ? '' : ` from ${theirs}`}` };
}

;// CONCATENATED MODULE: ./src/stages/promote.ts
// The tags promoted after the scan gate passed (the caller's order), each only forward: `latest`
// stays where it is when the image it names was built from a commit that descends from this
// run's commit (a slow build of an older commit finishing last must not roll it back), and a
// release's `X.Y` and `X` stay on the image of a newer release (release-aliases.ts).





async function promote(plan, build, session, history) {
    const latest = await promoteLatest(plan, build, session, history);
    const releaseAliases = await promoteReleaseAliases(plan, build, session);
    return releaseAliases.length === 0 ? latest : { ...latest, releaseAliases };
}
async function promoteLatest(plan, build, session, history) {
    if (!plan.latest)
        return { latest: 'not-applicable', reason: 'latest applies only to pushes on the default branch' };
    if (!build.pushed || build.digest === '')
        return { latest: 'skipped', reason: 'nothing was pushed' };
    const latestRef = (0,image_ref/* formatReference */.FH)(plan.image, { tag: 'latest' });
    return core.group(`Promote ${latestRef}`, async () => {
        const named = await inspectImage(latestRef, session);
        if (named?.digest === build.digest) {
            // A reused image, or a re-run: latest is where it would be moved to.
            const reason = `latest names ${build.digest} already`;
            core.info(reason);
            return { latest: 'current', reason };
        }
        const current = (0,ids/* commitShaOf */.pJ)(revisionOf(named?.labels ?? []) ?? '');
        if (current !== undefined && (await isNewer(current, plan.sourceCommit, history))) {
            const reason = `latest stays: it names an image built from ${current.slice(0, 12)}, which is newer than ${plan.sourceCommit.slice(0, 12)}`;
            core.info(reason);
            return { latest: 'kept', reason };
        }
        await createTag((0,image_ref/* formatReference */.FH)(plan.image, { digest: build.digest }), latestRef, session);
        const reason = `latest now names ${build.digest}`;
        core.info(reason);
        return { latest: 'moved', reason };
    });
}
/** `candidate` strictly descends from `commit`, the commit this run built. */
async function isNewer(candidate, commit, history) {
    if (candidate.toLowerCase() === commit.toLowerCase())
        return false;
    return history.isAncestorOrEqual(commit, candidate);
}
/** Each release alias pointed at this image, unless it names a newer release's already. */
async function promoteReleaseAliases(plan, build, session) {
    if (plan.releaseAliases.length === 0 || !build.pushed || build.digest === '')
        return [];
    return core.group(`Promote ${plan.releaseAliases.map((tag) => (0,image_ref/* formatReference */.FH)(plan.image, { tag })).join(', ')}`, async () => {
        const results = [];
        for (const tag of plan.releaseAliases) {
            const ref = (0,image_ref/* formatReference */.FH)(plan.image, { tag });
            const named = await inspectImage(ref, session);
            const current = named === undefined ? undefined : { digest: named.digest, version: labelOf(named.labels, VERSION_LABEL) ?? '' };
            const decision = aliasDecision(tag, { version: plan.version, digest: build.digest }, current);
            if (decision.move)
                await createTag((0,image_ref/* formatReference */.FH)(plan.image, { digest: build.digest }), ref, session);
            core.info(decision.reason);
            results.push({ tag, moved: decision.move, reason: decision.reason });
        }
        return results;
    });
}

// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: ./src/domain/scan/trivy-release.ts
var trivy_release = __webpack_require__(7328);
;// CONCATENATED MODULE: ./src/adapters/sha256-file.ts
// The SHA-256 of a file, read as a stream (a Trivy archive or binary is tens of megabytes).


async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/adapters/trivy/archive.ts
// Extracting the one file `trivy` from a release archive (.tar.gz). The archive is read here,
// in-process, rather than by `tar`: no tar implementation ever writes anything from it (so no
// entry can be a link, a device or a path outside the target, whatever the platform's tar does
// with them), the listing cannot be misread (`tar -tv` output differs between GNU tar and bsdtar
// and is ambiguous for odd names), and exactly one file is written, by us, with a name and mode
// we choose. The archive is refused as a whole if any entry is a link, a special file, an
// absolute path or contains `..`: a genuine release has none.







const BLOCK = 512;
/** Extended headers (pax, GNU long names) larger than this are not from a release archive. */
const MAX_META_SIZE = 1024 * 1024;
/** Extracts the regular file `trivy` to `dest` (mode 0755) and returns its SHA-256. */
async function extractTrivyBinary(archive, dest) {
    const input = (0,external_node_fs_.createReadStream)(archive);
    const gunzip = (0,external_node_zlib_.createGunzip)();
    input.on('error', (error) => gunzip.destroy(error));
    try {
        return await readTrivyEntry(new BlockReader(input.pipe(gunzip)[Symbol.asyncIterator]()), dest);
    }
    catch (error) {
        // `dest` lies in a fresh directory of ours: whatever is there is a partial extraction.
        await (0,promises_.rm)(dest, { force: true });
        if (error instanceof errors/* ToolError */.v4)
            throw error;
        throw archiveError(`cannot be read (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
    finally {
        input.destroy();
        gunzip.destroy();
    }
}
async function readTrivyEntry(reader, dest) {
    let binarySha256;
    let pending = {};
    for (;;) {
        const block = await reader.read(BLOCK);
        if (block.length < BLOCK)
            throw archiveError('ends before its end-of-archive marker');
        if (block.every((byte) => byte === 0))
            break;
        const header = { ...parseHeader(block), ...pending };
        pending = {};
        const padded = Math.ceil(header.size / BLOCK) * BLOCK;
        if (header.type === 'x' || header.type === 'g' || header.type === 'L' || header.type === 'K') {
            const data = await readMeta(reader, header.size, padded);
            if (header.type === 'x')
                pending = parsePax(data);
            if (header.type === 'L')
                pending = { name: cString(data) };
            if (header.type === 'K')
                pending = { linkname: cString(data) };
            // 'g' (global pax) only carries defaults such as mtime; nothing we use.
            continue;
        }
        const name = safeEntryName(header);
        if (header.type !== '0' && header.type !== '5') {
            throw archiveError(`has an entry ${(0,domain_escape/* quote */.hD)(header.name)} of type ${(0,domain_escape/* quote */.hD)(header.type)}`);
        }
        if (header.type === '5' || name !== trivy_release/* TRIVY_TOOL_NAME */.Eh) {
            await reader.skip(padded);
            continue;
        }
        if (binarySha256 !== undefined)
            throw archiveError('has more than one entry named trivy');
        binarySha256 = await writeEntry(reader, header.size, dest);
        await reader.skip(padded - header.size);
    }
    if (binarySha256 === undefined)
        throw archiveError('has no regular file named trivy');
    return binarySha256;
}
/** The entry's normalised relative name; refuses links, absolute paths and `..`. */
function safeEntryName(header) {
    if (header.type === '1' || header.type === '2') {
        throw archiveError(`contains a ${header.type === '1' ? 'hard' : 'symbolic'} link ${(0,domain_escape/* quote */.hD)(header.name)} -> ${(0,domain_escape/* quote */.hD)(header.linkname)}`);
    }
    if (header.name.startsWith('/'))
        throw archiveError(`contains an absolute path ${(0,domain_escape/* quote */.hD)(header.name)}`);
    const parts = header.name.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..'))
        throw archiveError(`contains a path leaving the target directory ${(0,domain_escape/* quote */.hD)(header.name)}`);
    if (parts.length === 0)
        throw archiveError('contains an entry without a name');
    return parts.join('/');
}
function parseHeader(block) {
    const stored = parseOctal(block.subarray(148, 156));
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1)
        sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    if (stored !== sum)
        throw archiveError('has a corrupt header (checksum mismatch)');
    const typeByte = block[156] ?? 0;
    const magic = block.toString('latin1', 257, 263);
    const name = cString(block.subarray(0, 100));
    // POSIX ustar splits long names into prefix + name; GNU tar ("ustar  ") uses that space otherwise.
    const prefix = magic === 'ustar\0' ? cString(block.subarray(345, 500)) : '';
    return {
        name: prefix === '' ? name : `${prefix}/${name}`,
        linkname: cString(block.subarray(157, 257)),
        size: parseSize(block.subarray(124, 136)),
        // NUL is the old spelling of a regular file; '7' (contiguous) is read as one too.
        type: typeByte === 0 || typeByte === 0x37 ? '0' : String.fromCharCode(typeByte),
    };
}
function parseSize(field) {
    if (((field[0] ?? 0) & 0x80) !== 0) {
        // GNU base-256: big-endian binary after the marker bit.
        let value = (field[0] ?? 0) & 0x7f;
        for (const byte of field.subarray(1))
            value = value * 256 + byte;
        if (!Number.isSafeInteger(value))
            throw archiveError('has an entry too large to be Trivy');
        return value;
    }
    return parseOctal(field);
}
function parseOctal(field) {
    const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
    if (!/^[0-7]*$/.test(text))
        throw archiveError('has a corrupt header (bad number)');
    return text === '' ? 0 : Number.parseInt(text, 8);
}
function cString(data) {
    const end = data.indexOf(0);
    return data.subarray(0, end < 0 ? data.length : end).toString('utf8');
}
/** pax records `<len> <key>=<value>\n`: only path, linkpath and size matter to us. */
function parsePax(data) {
    const out = {};
    let offset = 0;
    while (offset < data.length) {
        const space = data.indexOf(0x20, offset);
        const length = space < 0 ? Number.NaN : Number.parseInt(data.toString('latin1', offset, space), 10);
        if (!Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
            throw archiveError('has a corrupt pax header');
        }
        const record = data.toString('utf8', space + 1, offset + length - 1);
        const eq = record.indexOf('=');
        const key = record.slice(0, eq);
        const value = record.slice(eq + 1);
        if (key === 'path')
            out.name = value;
        if (key === 'linkpath')
            out.linkname = value;
        if (key === 'size') {
            if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value)))
                throw archiveError('has a corrupt pax size');
            out.size = Number(value);
        }
        offset += length;
    }
    return out;
}
async function readMeta(reader, size, padded) {
    if (size > MAX_META_SIZE)
        throw archiveError('has an oversized extended header');
    const data = await reader.read(padded);
    if (data.length < padded)
        throw archiveError('is truncated');
    return data.subarray(0, size);
}
/** Streams `size` bytes into a new file (never an existing one), hashing them on the way. */
async function writeEntry(reader, size, dest) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const file = await (0,promises_.open)(dest, 'wx', 0o700);
    try {
        let left = size;
        while (left > 0) {
            const part = await reader.read(Math.min(left, 1024 * 1024));
            if (part.length === 0)
                throw archiveError('is truncated');
            hash.update(part);
            await file.write(part);
            left -= part.length;
        }
    }
    finally {
        await file.close();
    }
    await (0,promises_.chmod)(dest, 0o755);
    return hash.digest('hex');
}
function archiveError(detail) {
    return new errors/* ToolError */.v4(`The Trivy archive ${detail}; it was not installed`);
}
/** Exact-size reads over a stream of chunks. */
class BlockReader {
    source;
    chunks = [];
    length = 0;
    done = false;
    constructor(source) {
        this.source = source;
    }
    /** `n` bytes, or fewer only at the end of the stream. */
    async read(n) {
        while (this.length < n && !this.done) {
            const next = await this.source.next();
            if (next.done) {
                this.done = true;
            }
            else {
                this.chunks.push(next.value);
                this.length += next.value.length;
            }
        }
        const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
        const out = all.subarray(0, Math.min(n, all.length));
        const rest = all.subarray(out.length);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.length = rest.length;
        return out;
    }
    async skip(n) {
        let left = n;
        while (left > 0) {
            const part = await this.read(Math.min(left, 1024 * 1024));
            if (part.length === 0)
                throw archiveError('is truncated');
            left -= part.length;
        }
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
;// CONCATENATED MODULE: ./src/adapters/trivy/download.ts
// Downloading the Trivy release archive within bounds. @actions/tool-cache's downloadTool has
// no timeout of its own (a server that accepts the connection and never answers holds the step
// until the job's timeout) and retries for up to a minute; here a stall, or a download that
// takes too long in all, fails the step with the operation and the host named. Proxies are
// honoured as the toolkit honours them (HTTPS_PROXY, NO_PROXY...), through its agent.







/** A release archive is some 50 MB: minutes in all at worst, never a minute without a byte. */
const TRIVY_DOWNLOAD_LIMITS = { stallMs: 60_000, totalMs: 10 * 60_000 };
/** GitHub's release downloads redirect once (to their object storage); more is not a release. */
const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];
/** Writes the body of `url` (a new file `dest`), following redirects but never from https to http. */
async function downloadTrivyArchive(url, dest, limits) {
    const deadline = Date.now() + limits.totalMs;
    let current = new URL(url);
    for (let redirects = 0;; redirects += 1) {
        const next = await fetchOnce(current, dest, limits, deadline).catch((error) => {
            throw new errors/* ToolError */.v4(`Could not download Trivy from ${(0,domain_escape/* quote */.hD)(url)} (host ${(0,domain_escape/* quote */.hD)(current.host)}): ${(0,errors/* errorMessage */.gJ)(error)}`);
        });
        if (next === undefined)
            return;
        if (redirects === MAX_REDIRECTS) {
            throw new errors/* ToolError */.v4(`Could not download Trivy from ${(0,domain_escape/* quote */.hD)(url)}: more than ${MAX_REDIRECTS} redirects`);
        }
        if (current.protocol === 'https:' && next.protocol !== 'https:') {
            throw new errors/* ToolError */.v4(`Could not download Trivy from ${(0,domain_escape/* quote */.hD)(url)}: redirected from https to ${(0,domain_escape/* quote */.hD)(next.href)}`);
        }
        current = next;
    }
}
class HttpStatusError extends Error {
}
/** One request: undefined when the body was written, the next URL on a redirect. */
function fetchOnce(url, dest, limits, deadline) {
    const client = url.protocol === 'https:' ? (external_node_https_default()) : url.protocol === 'http:' ? (external_node_http_default()) : undefined;
    if (client === undefined)
        return Promise.reject(new Error(`the protocol ${(0,domain_escape/* quote */.hD)(url.protocol)} is not http(s)`));
    return new Promise((resolve, reject) => {
        // The first reason wins: destroying the request also fails the response stream ("aborted").
        let failure;
        const fail = (error) => {
            failure ??= error instanceof Error ? error : new Error(String(error));
            clearTimeout(total);
            reject(failure);
        };
        const stop = (reason) => () => request.destroy(new Error(reason));
        const request = client.get(url, { agent: new lib/* HttpClient */.Qq('ftmo-deploy').getAgent(url.href), headers: { 'user-agent': 'ftmo-deploy' } }, (response) => {
            const status = response.statusCode ?? 0;
            const location = response.headers.location;
            if (REDIRECTS.includes(status) && location !== undefined) {
                response.resume();
                clearTimeout(total);
                resolve(new URL(location, url));
                return;
            }
            if (status !== 200) {
                response.resume();
                fail(new HttpStatusError(`HTTP ${status}`));
                return;
            }
            (0,external_node_stream_promises_.pipeline)(response, (0,external_node_fs_.createWriteStream)(dest, { flags: 'wx', mode: 0o600 })).then(() => {
                clearTimeout(total);
                resolve(undefined);
            }, fail);
        });
        const total = setTimeout(stop(`not finished after ${seconds(limits.totalMs)}, so it was stopped`), Math.max(0, deadline - Date.now()));
        // The socket's idle timeout: it covers the connection, the wait for headers and the body.
        request.setTimeout(limits.stallMs, stop(`the server sent nothing for ${seconds(limits.stallMs)}, so it was stopped`));
        request.on('error', fail);
    });
}
function seconds(ms) {
    return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

;// CONCATENATED MODULE: ./src/adapters/trivy/install.ts
// Installing Trivy. The tool cache proves nothing by itself: whoever could write it (an earlier
// job on a self-hosted runner) could have put anything there, a record of checksums included.
// So the cache keeps the release archive, and every run checks that archive's SHA-256 against
// the embedded table (or `trivy-sha256`) and extracts the binary from it into a directory of
// its own under the temporary root (temp.ts); that copy is what runs. A cache entry that fails the check is
// never read further: the archive is downloaded again (within time bounds) and verified the
// same way before a byte of it is parsed. Then `trivy --version` must report the planned version.












/**
 * Returns the path of a Trivy binary that was extracted, for this run, from a verified archive
 * (or the given `trivy-path`) and reports the planned version. `env` is what Trivy runs with:
 * the scan's, so even the version check sees nothing but the allow-list and the private docker config.
 */
async function installTrivy(plan, host, env, limits = TRIVY_DOWNLOAD_LIMITS) {
    if (plan.trivyPath !== '')
        return useGivenTrivy(plan, host.workspace, env);
    if (host.toolCache === '') {
        throw new errors/* ToolError */.v4('Installing Trivy needs RUNNER_TOOL_CACHE (set by every GitHub runner); set it, or give trivy-path');
    }
    const release = plannedRelease(plan);
    const work = await (0,adapters_temp/* makeTempDir */.mk)(host.tempRoot, 'trivy-archive-');
    const runDir = await (0,adapters_temp/* makeTempDir */.mk)(host.tempRoot, 'trivy-run-');
    try {
        const archive = external_node_path_default().join(work, release.asset);
        const cached = await copyVerifiedCachedArchive(release, archive);
        if (!cached)
            await downloadVerified(release, archive, limits);
        const binary = external_node_path_default().join(runDir, trivy_release/* TRIVY_TOOL_NAME */.Eh);
        await extractTrivyBinary(archive, binary);
        // Only an archive that was verified and could be read goes into the cache; cacheDir
        // replaces whatever the entry held before (a forged binary, a checksum record of old).
        if (!cached)
            await tool_cache/* cacheDir */.e8(work, trivy_release/* TRIVY_TOOL_NAME */.Eh, release.version, process.arch);
        core.info(cached
            ? `Trivy ${release.version}: archive from the tool cache (${host.toolCache}), SHA-256 checked, extracted for this run`
            : `Trivy ${release.version} installed`);
        await checkReportedVersion(binary, release.version, env, true);
        return binary;
    }
    catch (error) {
        await (0,adapters_temp/* removeTempDir */.CT)(runDir);
        throw error;
    }
    finally {
        await (0,adapters_temp/* removeTempDir */.CT)(work);
    }
}
/** `trivy-path`: no install, but the file must be an executable Trivy that is not compromised. */
async function useGivenTrivy(plan, workspace, env) {
    const binary = external_node_path_default().resolve(workspace || process.cwd(), plan.trivyPath);
    const info = await (0,promises_.stat)(binary).catch(() => undefined);
    if (!info?.isFile()) {
        throw new errors/* ToolError */.v4(`trivy-path ${(0,domain_escape/* quote */.hD)(plan.trivyPath)} is not a file`);
    }
    try {
        await (0,promises_.access)(binary, promises_.constants.X_OK);
    }
    catch {
        throw new errors/* ToolError */.v4(`trivy-path ${(0,domain_escape/* quote */.hD)(plan.trivyPath)} is not executable`);
    }
    await checkReportedVersion(binary, plan.trivyVersion, env, false);
    return binary;
}
function plannedRelease(plan) {
    const version = plan.trivyVersion;
    const asset = (0,trivy_release/* trivyAsset */.zH)(version, process.platform, process.arch);
    const sha256 = (0,trivy_release/* expectedSha256 */.UY)(version, (0,trivy_release/* trivyPlatformSuffix */.Fe)(process.platform, process.arch), plan.trivySha256);
    return { version, asset, sha256, url: (0,trivy_release/* trivyDownloadUrl */.YT)(plan.trivyDownloadUrl, version, asset) };
}
/**
 * Copies the cached archive to `dest` (a directory of this run) and checks the copy, so what is
 * checked is what gets extracted. False, with a warning, when the cache has no such archive or
 * it does not have the expected SHA-256: nothing of that entry is run or extracted.
 */
async function copyVerifiedCachedArchive(release, dest) {
    const dir = tool_cache/* find */.I6(trivy_release/* TRIVY_TOOL_NAME */.Eh, release.version, process.arch);
    if (dir === '')
        return false;
    const cached = external_node_path_default().join(dir, release.asset);
    const info = await (0,promises_.lstat)(cached).catch(() => undefined);
    if (!info?.isFile()) {
        notUsed(release, `it holds no release archive ${(0,domain_escape/* quote */.hD)(release.asset)}`);
        return false;
    }
    await (0,promises_.copyFile)(cached, dest, promises_.constants.COPYFILE_EXCL);
    const actual = await sha256File(dest);
    if (actual === release.sha256)
        return true;
    await (0,promises_.rm)(dest, { force: true });
    notUsed(release, `its archive's SHA-256 is ${actual}, expected ${release.sha256}`);
    return false;
}
function notUsed(release, why) {
    core.warning(`Cached Trivy ${release.version} not used (${why}); nothing from it was run. Installing it again from ${(0,domain_escape/* quote */.hD)(release.url)}`);
}
async function downloadVerified(release, archive, limits) {
    core.info(`Downloading ${(0,domain_escape/* quote */.hD)(release.url)}`);
    await downloadTrivyArchive(release.url, archive, limits);
    await verifyArchive(archive, release.sha256, release.url);
}
/** Before a single byte of the archive is parsed: the archive must be the one we pinned. */
async function verifyArchive(archive, expected, url) {
    const actual = await sha256File(archive);
    if (actual === expected)
        return;
    await (0,promises_.rm)(archive, { force: true });
    throw new errors/* ToolError */.v4(`The Trivy archive from ${(0,domain_escape/* quote */.hD)(url)} does not have the expected SHA-256: expected ${expected}, got ${actual}. ` +
        'Nothing was extracted and the download was deleted.');
}
async function checkReportedVersion(binary, planned, env, mustMatch) {
    const result = await (0,exec/* execTool */.wc)(binary, ['--version'], { env });
    const reported = result.code === 0 ? (0,trivy_release/* parseTrivyVersionOutput */.LL)(result.stdout) : undefined;
    if (reported === undefined) {
        throw new errors/* ToolError */.v4(`${(0,domain_escape/* quote */.hD)(binary)} --version did not report a Trivy version (exit ${result.code}): ${(0,domain_escape/* quote */.hD)((0,exec/* tail */.RT)(result.stdout + result.stderr, 5))}`);
    }
    // A compromised release is refused wherever it comes from, trivy-path included.
    if (trivy_release/* COMPROMISED_TRIVY_VERSIONS */.cu.includes(reported)) {
        throw new errors/* InputError */.dz(mustMatch ? 'trivy-version' : 'trivy-path', `runs Trivy ${reported}, a compromised release (GHSA-69fq-xp46-6x23) that is always refused`, mustMatch ? planned : binary);
    }
    if (reported === planned)
        return;
    if (mustMatch) {
        throw new errors/* ToolError */.v4(`The installed Trivy reports version ${(0,domain_escape/* quote */.hD)(reported)}, expected ${(0,domain_escape/* quote */.hD)(planned)}`);
    }
    core.info(`trivy-path reports Trivy ${(0,domain_escape/* quote */.hD)(reported)} (trivy-version ${(0,domain_escape/* quote */.hD)(planned)} is not used with trivy-path)`);
}

;// CONCATENATED MODULE: ./src/domain/scan/anonymous-env.ts
// The vulnerability DB is public: it is downloaded anonymously. Any variable through which
// Trivy or its registry client would pick up a credential is left out of the download's
// environment, so a stale or foreign login cannot turn an anonymous pull into DENIED, and no
// token is offered to a mirror.

/** `env` without registry credentials, with DOCKER_CONFIG pointing at `emptyDockerConfig`. */
function anonymousEnv(env, emptyDockerConfig) {
    const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !REGISTRY_CREDENTIAL_NAME.test(key)));
    return { ...clean, DOCKER_CONFIG: emptyDockerConfig };
}

;// CONCATENATED MODULE: ./src/domain/scan/trivy-db-failure.ts
// What a registry answered when `trivy image --download-db-only` failed, read from Trivy's
// stderr. Only a rate limit or a server error is worth asking the same repository again;
// anything else (not found, denied, no such host, a timeout) will not change in seconds, so
// the next repository is asked instead.
const KINDS = [
    { kind: 'rate-limited', pattern: /TOOMANYREQUESTS|\b429 Too Many Requests|unexpected status code 429\b/i, answer: () => '429 TOOMANYREQUESTS (rate limit)' },
    {
        kind: 'server-error',
        pattern: /\b(5[0-9]{2}) (Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout)\b/i,
        answer: (m) => `${m[1] ?? '5xx'} ${m[2] ?? ''} (server error)`,
    },
    { kind: 'server-error', pattern: /unexpected status code (5[0-9]{2})\b/i, answer: (m) => `${m[1] ?? '5xx'} (server error)` },
    { kind: 'not-found', pattern: /\b(MANIFEST_UNKNOWN|NAME_UNKNOWN|BLOB_UNKNOWN)\b/, answer: (m) => `404 ${m[1] ?? ''} (not found)` },
    { kind: 'not-found', pattern: /\b404 Not Found\b|unexpected status code 404\b/i, answer: () => '404 (not found)' },
    { kind: 'denied', pattern: /\b(DENIED|UNAUTHORIZED|FORBIDDEN)\b/, answer: (m) => `${m[1] ?? ''} (access refused)` },
    { kind: 'denied', pattern: /\b(401 Unauthorized|403 Forbidden)\b/i, answer: (m) => `${m[1] ?? ''} (access refused)` },
    { kind: 'unreachable', pattern: /no such host/i, answer: () => 'no such host (DNS)' },
    { kind: 'unreachable', pattern: /connection refused|network is unreachable|no route to host|x509:|tls: /i, answer: () => 'registry unreachable' },
    { kind: 'timeout', pattern: /context deadline exceeded|i\/o timeout|Client\.Timeout exceeded/i, answer: () => 'timed out' },
];
const RETRIED = new Set(['rate-limited', 'server-error']);
/**
 * The kind of failure in Trivy's `stderr`. `timedOut`: our watchdog stopped the process. The
 * first rule that matches wins: a rate limit or server error is recognised before words like
 * "denied" that a registry's error page might also hold.
 */
function classifyDbFailure(stderr, timedOut) {
    if (timedOut)
        return { kind: 'timeout', retry: false, answer: 'no answer before the time limit' };
    for (const { kind, pattern, answer } of KINDS) {
        const match = pattern.exec(stderr);
        if (match)
            return { kind, retry: RETRIED.has(kind), answer: answer(match).trim() };
    }
    return { kind: 'other', retry: false, answer: 'failed' };
}

;// CONCATENATED MODULE: ./src/domain/scan/trivy-db-metadata.ts
// Trivy's record of the vulnerability DB it keeps in its cache directory, `db/metadata.json`:
// {"Version":2,"NextUpdate":"...","UpdatedAt":"...","DownloadedAt":"..."} with RFC 3339 times.
// Trivy itself downloads nothing while NextUpdate is in the future; neither do we.
/** The schema version of trivy-db that the Trivy releases this action installs read. */
const TRIVY_DB_SCHEMA_VERSION = 2;
/** The metadata in `text`, or why it cannot be used (not JSON, a field missing, another schema). */
function parseDbMetadata(text) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        return 'db/metadata.json is not JSON';
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
        return 'db/metadata.json is not a JSON object';
    const record = data;
    if (record.Version !== TRIVY_DB_SCHEMA_VERSION) {
        return `db/metadata.json has schema version ${JSON.stringify(record.Version ?? null)}, not ${TRIVY_DB_SCHEMA_VERSION}`;
    }
    const times = {};
    for (const field of ['UpdatedAt', 'NextUpdate', 'DownloadedAt']) {
        const value = record[field];
        const time = typeof value === 'string' ? Date.parse(value) : NaN;
        if (Number.isNaN(time))
            return `db/metadata.json has no valid ${field}`;
        times[field] = new Date(time).toISOString();
    }
    return {
        version: TRIVY_DB_SCHEMA_VERSION,
        updatedAt: times.UpdatedAt ?? '',
        nextUpdate: times.NextUpdate ?? '',
        downloadedAt: times.DownloadedAt ?? '',
    };
}
/** Fresh: upstream has not built a newer DB yet, so a download would bring nothing new. */
function isFresh(metadata, now) {
    return Date.parse(metadata.nextUpdate) > now.getTime();
}
/** Milliseconds since `time` (an ISO string); never negative, whatever a runner's clock says. */
function ageOf(time, now) {
    return Math.max(0, now.getTime() - Date.parse(time));
}

;// CONCATENATED MODULE: ./src/domain/scan/trivy-db-outcome.ts
// Which vulnerability DB the scans use. A fresh DB in the cache directory: no download. Else
// the repositories in order; when every one failed, a DB downloaded within trivy-db-max-age
// still serves (with a warning), and without one the scan fails closed.



/** The status of the DB the scans use, ages counted at `now`. */
function dbStatus(source, found, now) {
    return {
        source,
        repository: found.repository,
        cacheDir: found.cacheDir,
        metadata: found.metadata,
        failures: found.failures,
        updatedAgeMs: ageOf(found.metadata.updatedAt, now),
        downloadedAgeMs: ageOf(found.metadata.downloadedAt, now),
        warning: found.warning ?? '',
    };
}
/** Before any download: is the cached DB (or its absence, or why it is unusable) good enough? */
function needsDownload(cached, now) {
    return cached === undefined || !isFresh(cached, now);
}
/**
 * Every repository failed. `cached` is the DB in the cache directory (undefined: none, or
 * unusable for `cacheProblem`). Its age is counted from DownloadedAt, as trivy-db-max-age says.
 */
function whenAllFailed(cached, cacheProblem, failures, where) {
    const tried = failures.map((f) => `- ${(0,domain_escape/* quote */.hD)(f.repository)}: ${f.failure.answer}${f.attempts > 1 ? ` (${f.attempts} attempts)` : ''}`);
    const head = `No repository could provide the vulnerability DB, so the scan fails closed and nothing is promoted or deployed. Repositories tried, in order:`;
    if (cached === undefined) {
        const why = cacheProblem === '' ? 'there is no DB' : cacheProblem;
        return { kind: 'fail', message: `${head}\n${tried.join('\n')}\nIn the cache directory ${(0,domain_escape/* quote */.hD)(where.cacheDir)} ${why}.` };
    }
    const age = ageOf(cached.downloadedAt, where.now);
    if (age > where.maxAgeMs) {
        const why = `the DB was downloaded ${(0,duration/* describeDuration */.MB)(age)} ago (${cached.downloadedAt}), longer than trivy-db-max-age (${(0,duration/* describeDuration */.MB)(where.maxAgeMs)}) allows`;
        return { kind: 'fail', message: `${head}\n${tried.join('\n')}\nIn the cache directory ${(0,domain_escape/* quote */.hD)(where.cacheDir)} ${why}.` };
    }
    const warning = `The vulnerability DB could not be updated (${failures.map((f) => `${f.repository}: ${f.failure.answer}`).join('; ')}); ` +
        `scanning with the cached DB downloaded ${(0,duration/* describeDuration */.MB)(age)} ago (updated upstream ${cached.updatedAt}), within trivy-db-max-age (${(0,duration/* describeDuration */.MB)(where.maxAgeMs)}).`;
    return { kind: 'use-stale', status: dbStatus('stale-cache', { repository: '', cacheDir: where.cacheDir, metadata: cached, failures, warning }, where.now) };
}

;// CONCATENATED MODULE: ./src/adapters/trivy/db.ts
// The vulnerability DB, once per job, before the first scan: kept in Trivy's cache directory
// (which actions/cache can restore and save across jobs), downloaded only when it is not fresh,
// from the configured repositories in order. Every scan then runs with --skip-db-update.














/**
 * Three attempts, 0.5–1 s then 1–2 s apart: a registry's short rate-limit window passes, and a
 * repository that keeps refusing hands over to the next one within seconds.
 */
const DB_DOWNLOAD_POLICY = { attempts: 3, backoff: { baseMs: 1000, capMs: 8000 }, watchdogMs: 5 * 60 * 1000 };
/** `~` and `~/...` under `home`; a relative path inside the workspace. */
function resolveCacheDir(value, home, workspace) {
    const homeDir = home === '' ? external_node_os_default().homedir() : home;
    if (value === '~')
        return homeDir;
    if (value.startsWith('~/'))
        return external_node_path_default().join(homeDir, value.slice(2));
    return external_node_path_default().resolve(workspace, value);
}
/**
 * Makes sure the cache directory holds a DB the scans may use, and says which. Throws a
 * ToolError (the gate fails closed) when no repository answered and no DB recent enough is
 * cached. `env` is Trivy's environment without any registry login.
 */
async function prepareTrivyDb(trivyBin, options, env, waiting, policy = DB_DOWNLOAD_POLICY) {
    await (0,promises_.mkdir)(options.cacheDir, { recursive: true });
    const cached = await readCachedDb(options.cacheDir);
    if (typeof cached !== 'string' && !needsDownload(cached, waiting.now())) {
        core.info(`Vulnerability DB in ${(0,domain_escape/* quote */.hD)(options.cacheDir)} is fresh until ${cached.nextUpdate}: nothing to download.`);
        return dbStatus('cache', { repository: '', cacheDir: options.cacheDir, metadata: cached, failures: [] }, waiting.now());
    }
    core.info(typeof cached === 'string' ? `No usable vulnerability DB in ${(0,domain_escape/* quote */.hD)(options.cacheDir)}: ${cached}.` : `The cached vulnerability DB is due for an update (next update was ${cached.nextUpdate}).`);
    const dockerConfig = await (0,adapters_temp/* makeTempDir */.mk)(options.tempRoot, 'ftmo-deploy-trivy-db-');
    try {
        const failures = [];
        for (const repository of options.repositories) {
            const result = await downloadFrom(trivyBin, repository, options.cacheDir, anonymousEnv(env, dockerConfig), waiting, policy);
            if ('metadata' in result) {
                core.info(`Vulnerability DB downloaded from ${(0,domain_escape/* quote */.hD)(repository)} (updated ${result.metadata.updatedAt}).`);
                return dbStatus('repository', { repository, cacheDir: options.cacheDir, metadata: result.metadata, failures }, waiting.now());
            }
            failures.push(result);
        }
        const now = await readCachedDb(options.cacheDir);
        const outcome = whenAllFailed(typeof now === 'string' ? undefined : now, typeof now === 'string' ? now : '', failures, {
            cacheDir: options.cacheDir,
            maxAgeMs: options.maxAgeMs,
            now: waiting.now(),
        });
        if (outcome.kind === 'fail')
            throw new errors/* ToolError */.v4(outcome.message);
        core.warning(outcome.status.warning);
        return outcome.status;
    }
    finally {
        await (0,adapters_temp/* removeTempDir */.CT)(dockerConfig);
    }
}
/** One repository: retried after a pause only on a rate limit or a server error. */
async function downloadFrom(trivyBin, repository, cacheDir, env, waiting, policy) {
    const args = ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', cacheDir, '--no-progress'];
    for (let attempt = 1;; attempt++) {
        const result = await (0,exec/* execTool */.wc)(trivyBin, args, { env, timeoutMs: policy.watchdogMs });
        if (result.code === 0 && !result.timedOut) {
            const metadata = await readCachedDb(cacheDir);
            if (typeof metadata !== 'string')
                return { metadata };
            return { repository, attempts: attempt, failure: { kind: 'other', retry: false, answer: `Trivy reported success, but ${metadata}` } };
        }
        const failure = classifyDbFailure(result.stderr, result.timedOut);
        const last = !failure.retry || attempt >= policy.attempts;
        core.info(`${(0,domain_escape/* quote */.hD)(repository)}, attempt ${attempt} of ${failure.retry ? policy.attempts : 1}: ${failure.answer}${detail(result.stderr)}`);
        if (last)
            return { repository, attempts: attempt, failure };
        const delay = backoffDelay(attempt, waiting.random, policy.backoff);
        core.info(`Asking ${(0,domain_escape/* quote */.hD)(repository)} again in ${(0,duration/* describeDuration */.MB)(delay)} (${delay} ms).`);
        await waiting.sleep(delay);
    }
}
/** The metadata of the DB in the cache directory, or why there is none to use. */
async function readCachedDb(cacheDir) {
    const text = await (0,promises_.readFile)(external_node_path_default().join(cacheDir, 'db', 'metadata.json'), 'utf8').catch(() => undefined);
    if (text === undefined)
        return 'there is no DB (no db/metadata.json)';
    const metadata = parseDbMetadata(text);
    if (typeof metadata === 'string')
        return metadata;
    const hasDb = await (0,promises_.stat)(external_node_path_default().join(cacheDir, 'db', 'trivy.db')).then((info) => info.isFile(), () => false);
    return hasDb ? metadata : 'db/metadata.json is there but db/trivy.db is missing';
}
/** The end of Trivy's stderr, escaped, for the log. */
function detail(stderr) {
    return stderr.trim() === '' ? '' : `\n${(0,exec/* tail */.RT)(stderr, 4)
        .split('\n')
        .map((line) => `  ${(0,domain_escape/* quote */.hD)(line, 400)}`)
        .join('\n')}`;
}

;// CONCATENATED MODULE: ./src/domain/scan/sarif.ts
// One SARIF file for the whole scan: Trivy's per-platform logs (from `trivy convert`) become
// one run each, told apart by `automationDetails.id`, and kept inside GitHub's upload limits.


/** What GitHub's code scanning accepts (docs: "SARIF support for code scanning"). */
const GITHUB_SARIF_LIMITS = {
    runsPerFile: 20,
    resultsPerRun: 25_000,
    /** The upload is gzip-compressed; this is the limit of the compressed file. */
    gzipBytes: 10 * 1024 * 1024,
};
/** Per-rule texts that repeat the advisory in full; the results keep their own messages. */
const LONG_RULE_TEXTS = new Set(['help', 'fullDescription']);
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * Merges per-platform SARIF logs into one, one run per platform. `category` prefixes every
 * run's `automationDetails.id` (`<category>/<platform>/`): GitHub treats runs with different
 * ids as separate analyses, so one platform's upload never closes another's alerts.
 */
function mergeSarifRuns(perPlatform, category, limits = GITHUB_SARIF_LIMITS) {
    const notes = [];
    const runs = [];
    for (const { platform, sarif } of perPlatform) {
        const platformRuns = sarifRuns(sarif, platform);
        platformRuns.forEach((run, i) => {
            const suffix = platformRuns.length > 1 ? `/${i + 1}` : '';
            const id = `${category.replace(/\/+$/, '')}/${platform}${suffix}/`;
            runs.push(truncateRun({ ...run, automationDetails: { id } }, platform, limits.resultsPerRun, notes));
        });
    }
    if (runs.length > limits.runsPerFile) {
        notes.push(`${runs.length - limits.runsPerFile} SARIF run(s) left out: GitHub accepts at most ${limits.runsPerFile} per file`);
        runs.length = limits.runsPerFile;
    }
    return { log: { version: '2.1.0', $schema: SARIF_SCHEMA, runs }, notes };
}
/**
 * A smaller log with the same results: drops the long per-rule texts (`help`,
 * `fullDescription`), which make up most of a Trivy SARIF file. Used when the file would exceed
 * the upload limit.
 */
function compactSarif(log) {
    return {
        ...log,
        runs: log.runs.map((run) => {
            const tool = sarif_isObject(run.tool) ? run.tool : {};
            const driver = sarif_isObject(tool.driver) ? tool.driver : {};
            const rules = Array.isArray(driver.rules) ? driver.rules : [];
            const shortRules = rules.map((rule) => sarif_isObject(rule) ? Object.fromEntries(Object.entries(rule).filter(([key]) => !LONG_RULE_TEXTS.has(key))) : rule);
            return { ...run, tool: { ...tool, driver: { ...driver, rules: shortRules } } };
        }),
    };
}
function sarifRuns(sarif, platform) {
    if (!sarif_isObject(sarif) || sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) {
        throw new errors/* ToolError */.v4(`The SARIF report for ${(0,domain_escape/* quote */.hD)(platform)} is not a SARIF 2.1.0 log`);
    }
    return sarif.runs.map((run, i) => {
        if (!sarif_isObject(run) || !Array.isArray(run.results)) {
            throw new errors/* ToolError */.v4(`The SARIF report for ${(0,domain_escape/* quote */.hD)(platform)} has a malformed run ${i}`);
        }
        return run;
    });
}
/**
 * Keeps the `max` most severe results of a run (GitHub rejects a run with more), drops the rules
 * no kept result refers to, and records what was left out in the run itself.
 */
function truncateRun(run, platform, max, notes) {
    const results = run.results;
    if (results.length <= max)
        return run;
    const tool = sarif_isObject(run.tool) ? run.tool : {};
    const driver = sarif_isObject(tool.driver) ? tool.driver : {};
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ranked = results
        .map((result, index) => ({ result, index, score: resultScore(result, rules) }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, max)
        .sort((a, b) => a.index - b.index)
        .map((r) => r.result);
    const { rules: keptRules, results: kept } = keepReferencedRules(rules, ranked);
    const text = `${results.length - max} of ${results.length} results for ${platform} left out (GitHub accepts at most ${max} per run); the least severe were dropped`;
    notes.push(text);
    const invocations = Array.isArray(run.invocations) ? run.invocations : [];
    return {
        ...run,
        tool: { ...tool, driver: { ...driver, rules: keptRules } },
        results: kept,
        invocations: [
            ...invocations,
            { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text } }] },
        ],
    };
}
/** Rules used by `results`, re-indexed, and the results with their `ruleIndex` updated. */
function keepReferencedRules(rules, results) {
    const newIndex = new Map();
    const keptRules = [];
    const ruleOf = (result) => {
        if (!sarif_isObject(result))
            return undefined;
        if (typeof result.ruleIndex === 'number' && rules[result.ruleIndex] !== undefined)
            return result.ruleIndex;
        const byId = rules.findIndex((rule) => sarif_isObject(rule) && rule.id === result.ruleId);
        return byId >= 0 ? byId : undefined;
    };
    const kept = results.map((result) => {
        const old = ruleOf(result);
        if (old === undefined || !sarif_isObject(result))
            return result;
        if (!newIndex.has(old)) {
            newIndex.set(old, keptRules.length);
            keptRules.push(rules[old]);
        }
        return typeof result.ruleIndex === 'number' ? { ...result, ruleIndex: newIndex.get(old) } : result;
    });
    return { rules: keptRules, results: kept };
}
/** Higher is worse: the rule's `security-severity` (CVSS-like), else the result's level. */
function resultScore(result, rules) {
    if (!sarif_isObject(result))
        return -1;
    const rule = typeof result.ruleIndex === 'number' ? rules[result.ruleIndex] : undefined;
    const properties = sarif_isObject(rule) && sarif_isObject(rule.properties) ? rule.properties : {};
    const score = Number.parseFloat(String(properties['security-severity'] ?? ''));
    if (Number.isFinite(score))
        return score;
    const levels = { error: 9, warning: 5, note: 2, none: 0 };
    return levels[String(result.level)] ?? 0;
}
function sarif_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/adapters/trivy/scan.ts
// Running Trivy: one `trivy image` per platform of the pushed index, and `trivy convert` for
// SARIF from the same JSON report. Every way Trivy can fail (exit code, no report, a report we
// cannot read, hanging) is a ToolError: the gate can only pass on a report we understood.







const TRIVY_TIMEOUT = '10m';
const TRIVY_WATCHDOG_MS = 12 * 60 * 1000;
/**
 * argv of `trivy image` for one platform. No `--insecure`: it would also switch off TLS
 * verification of the vulnerability DB download. A registry on localhost, 127.0.0.1 or [::1]
 * (and private addresses) needs nothing: go-containerregistry, which Trivy uses, falls back to
 * plain HTTP for those hosts by itself.
 */
function trivyImageArgs(imageRef, platform, options, useIgnorefile) {
    return [
        'image',
        '--image-src',
        'remote',
        '--platform',
        platform,
        '--scanners',
        'vuln',
        '--format',
        'json',
        '--output',
        options.outputFile,
        ...(options.ignoreUnfixed ? ['--ignore-unfixed'] : []),
        ...(useIgnorefile ? ['--ignorefile', options.ignorefile] : []),
        '--timeout',
        options.timeout,
        // The DB was prepared once for the job; a scan never downloads it again.
        '--cache-dir',
        options.cacheDir,
        '--skip-db-update',
        '--quiet',
        imageRef,
    ];
}
/**
 * Scans one platform of `imageRef` (`<image>@<index digest>`). Registry credentials reach
 * Trivy only through the private DOCKER_CONFIG in `env` (its default keychain reads it); `env`
 * is the allow-list of src/domain/tool-env.ts, nothing else of the job's.
 */
async function scanPlatform(trivyBin, imageRef, platform, options, env) {
    await (0,promises_.rm)(options.outputFile, { force: true });
    const useIgnorefile = options.ignorefile !== '' && (await isRegularFile(options.ignorefile));
    const args = trivyImageArgs(imageRef, platform, options, useIgnorefile);
    const what = `Trivy could not scan ${(0,domain_escape/* quote */.hD)(imageRef)} for ${(0,domain_escape/* quote */.hD)(platform)}`;
    const result = await (0,exec/* execTool */.wc)(trivyBin, args, { env, timeoutMs: options.watchdogMs });
    if (result.timedOut)
        throw new errors/* ToolError */.v4(`${what}: no answer after ${Math.ceil(options.watchdogMs / 1000)} s, so it was stopped; the gate fails closed`);
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`${what}: it exited with code ${result.code}${timeoutHint(result.stderr)}${stderrTail(result.stderr)}`);
    }
    const text = await readReport(options.outputFile);
    if (text === undefined) {
        throw new errors/* ToolError */.v4(`${what}: it wrote no report to ${(0,domain_escape/* quote */.hD)(options.outputFile)}${stderrTail(result.stderr)}`);
    }
    try {
        return (0,trivy_report/* parseTrivyReport */.Qg)(text);
    }
    catch (error) {
        const detail = (0,errors/* errorMessage */.gJ)(error);
        throw new errors/* ToolError */.v4(`${what}: ${detail}${stderrTail(result.stderr)}`);
    }
}
/** `trivy convert --format sarif`: SARIF from the JSON report of the same scan, parsed. */
async function convertToSarif(trivyBin, jsonFile, sarifFile, env, watchdogMs = TRIVY_WATCHDOG_MS) {
    await (0,promises_.rm)(sarifFile, { force: true });
    const what = `Trivy could not convert ${(0,domain_escape/* quote */.hD)(jsonFile)} to SARIF`;
    const args = ['convert', '--format', 'sarif', '--output', sarifFile, '--quiet', jsonFile];
    const result = await (0,exec/* execTool */.wc)(trivyBin, args, { env, timeoutMs: watchdogMs });
    if (result.timedOut)
        throw new errors/* ToolError */.v4(`${what}: no answer after ${Math.ceil(watchdogMs / 1000)} s, so it was stopped`);
    if (result.code !== 0) {
        throw new errors/* ToolError */.v4(`${what}: it exited with code ${result.code}${stderrTail(result.stderr)}`);
    }
    const text = await readReport(sarifFile);
    try {
        if (text === undefined)
            throw new Error('no file was written');
        return JSON.parse(text);
    }
    catch (error) {
        const detail = (0,errors/* errorMessage */.gJ)(error);
        throw new errors/* ToolError */.v4(`${what}: ${detail}${stderrTail(result.stderr)}`);
    }
}
/**
 * Writes the SARIF log, without the long rule texts when the file would exceed GitHub's
 * compressed upload limit. Returns notes on what was done (or what still does not fit).
 */
async function writeSarifFile(file, log) {
    const notes = [];
    let text = JSON.stringify(log);
    if ((0,external_node_zlib_.gzipSync)(text).length > GITHUB_SARIF_LIMITS.gzipBytes) {
        notes.push("rule help texts were left out to stay under GitHub's 10 MB upload limit");
        text = JSON.stringify(compactSarif(log));
    }
    const compressed = (0,external_node_zlib_.gzipSync)(text).length;
    if (compressed > GITHUB_SARIF_LIMITS.gzipBytes) {
        notes.push(`the file is still ${compressed} bytes compressed; GitHub's upload will refuse it`);
    }
    await (0,promises_.writeFile)(file, text);
    return notes;
}
function timeoutHint(stderr) {
    return /context deadline exceeded|timeout/i.test(stderr) ? ' (it timed out)' : '';
}
/** The end of Trivy's stderr, one escaped line per line, for the step's error message. */
function stderrTail(stderr) {
    if (stderr.trim() === '')
        return ' (no output on stderr)';
    const lines = (0,exec/* tail */.RT)(stderr, 15)
        .split('\n')
        .map((line) => (0,domain_escape/* quote */.hD)(line, 400));
    return `; its stderr ends with:\n${lines.join('\n')}`;
}
async function readReport(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return undefined;
    }
}
async function isRegularFile(file) {
    try {
        return (await (0,promises_.stat)(file)).isFile();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/domain/scan/platforms.ts
// Which platforms the scan gate looks at. What is deployed must be what was scanned: deploy mode
// pins a whole index, so every platform in it is scanned, whatever `platforms` says.
/**
 * deploy: every platform of the pinned index (attestation manifests are not platforms and are
 * already left out of `indexPlatforms`); otherwise the platforms this run built.
 */
function platformsToScan(mode, requested, indexPlatforms) {
    return mode === 'deploy' ? Object.keys(indexPlatforms) : requested;
}

// EXTERNAL MODULE: ./src/domain/scan/severity.ts
var severity = __webpack_require__(817);
;// CONCATENATED MODULE: ./src/domain/scan/gate.ts
// The scan gate: the findings after filtering against the severities of `fail-on`.


/** How many findings the gate's reason names before saying "and N more". */
const REASON_EXAMPLES = 5;
/** Fails when any finding has a severity in `failOn`; an empty `failOn` (`none`) only reports. */
function gate(findings, failOn) {
    const total = `${findings.length} finding${findings.length === 1 ? '' : 's'} after filtering`;
    if (failOn.length === 0) {
        return { outcome: 'passed', reason: `fail-on is none: report only (${total})` };
    }
    const levels = severity/* SEVERITIES */.o.filter((s) => failOn.includes(s)).join(', ');
    const blocking = findings.filter((f) => failOn.includes(f.severity));
    if (blocking.length === 0) {
        return { outcome: 'passed', reason: `no finding at ${levels} (${total})` };
    }
    const named = blocking.slice(0, REASON_EXAMPLES).map((f) => `${(0,domain_escape/* quote */.hD)(f.id)} in ${(0,domain_escape/* quote */.hD)(f.pkg)} (${f.severity})`);
    const more = blocking.length > REASON_EXAMPLES ? ` and ${blocking.length - REASON_EXAMPLES} more` : '';
    return {
        outcome: 'failed',
        reason: `${blocking.length} finding${blocking.length === 1 ? '' : 's'} at ${levels}: ${named.join(', ')}${more}`,
    };
}

;// CONCATENATED MODULE: ./src/stages/scan.ts
// The scan stage: install Trivy, scan every platform of the image by digest (in deploy mode,
// every platform the pinned index holds), decide the gate from the reports, and leave one SARIF
// file for code scanning. A Trivy failure throws: the gate is never decided without a report
// for every platform.













const SARIF_FILE_NAME = 'trivy-results.sarif';
async function scanImage(plan, build, session, rt) {
    if (!plan.scan.enabled)
        return skipped(plan.scan.reason);
    if (!build.pushed || build.digest === '')
        return skipped('nothing was pushed, so there is no image to scan');
    if (!(0,ids/* isDigest */.Bc)(build.digest)) {
        throw new Error(`The build reported an index digest that is not sha256:<64 hex>: ${(0,domain_escape/* quote */.hD)(build.digest)}`);
    }
    const platforms = platformsToScan(plan.mode, plan.scan.platforms, build.platformDigests);
    if (platforms.length === 0) {
        throw new Error(`${(0,domain_escape/* quote */.hD)(plan.image)}@${build.digest} names no platform image to scan`);
    }
    const imageRef = `${plan.image}@${build.digest}`;
    // Trivy is a third-party binary (and its compromised releases stole exactly such secrets):
    // it sees an allow-list of the job's environment and the run's private docker config only.
    const env = trivyEnvironment(rt.env, session.env.DOCKER_CONFIG);
    const temp = (0,adapters_temp/* tempRoot */.fQ)(rt.env);
    const host = { tempRoot: temp, toolCache: rt.env.RUNNER_TOOL_CACHE ?? '', workspace: rt.ctx.workspace };
    const trivy = await core.group(`Trivy ${plan.scan.trivyPath === '' ? plan.scan.trivyVersion : 'from trivy-path'}`, () => installTrivy(plan.scan, host, env));
    // Not removed: the SARIF file in it is for a later step to upload (the runner empties the root).
    const workDir = await (0,adapters_temp/* makeTempDir */.mk)(temp, 'ftmo-deploy-scan-');
    const cacheDir = resolveCacheDir(plan.scan.trivyCacheDir, rt.env.HOME ?? '', rt.ctx.workspace);
    // Downloaded without the registry login: the allow-list without the session's docker config.
    const db = await core.group('Trivy vulnerability DB', () => prepareTrivyDb(trivy, { cacheDir, repositories: plan.scan.trivyDbRepositories, maxAgeMs: plan.scan.trivyDbMaxAgeMs, tempRoot: workDir }, trivyEnvironment(rt.env), rt));
    const reports = {};
    const sarifs = [];
    for (const platform of platforms) {
        await core.group(`Scan ${imageRef} (${platform})`, async () => {
            const base = external_node_path_default().join(workDir, `trivy-${platform.replace(/[^A-Za-z0-9._-]+/g, '-')}`);
            const report = await scanPlatform(trivy, imageRef, platform, {
                outputFile: `${base}.json`,
                ignoreUnfixed: plan.scan.ignoreUnfixed,
                ignorefile: plan.scan.trivyignore === '' ? '' : external_node_path_default().resolve(rt.ctx.workspace, plan.scan.trivyignore),
                timeout: TRIVY_TIMEOUT,
                watchdogMs: TRIVY_WATCHDOG_MS,
                cacheDir,
            }, env);
            reports[platform] = report;
            core.info(`${report.vulnerabilities.length} vulnerabilities reported in ${report.targets} targets`);
            sarifs.push({ platform, sarif: await convertToSarif(trivy, `${base}.json`, `${base}.sarif`, env) });
        });
    }
    const merged = (0,trivy_report/* mergeFindings */.DF)(reports, { ignoreUnfixed: plan.scan.ignoreUnfixed });
    const decision = gate(merged.findings, plan.scan.failOn);
    core.info(`Scan gate ${decision.outcome}: ${decision.reason}`);
    const { log, notes } = mergeSarifRuns(sarifs, `ftmo-deploy/${plan.service}`);
    const sarifFile = external_node_path_default().join(workDir, SARIF_FILE_NAME);
    notes.push(...(await writeSarifFile(sarifFile, log)));
    for (const note of notes)
        core.warning(`SARIF: ${note}`);
    return { ...merged, outcome: decision.outcome, reason: decision.reason, sarifFile, db };
}
function skipped(reason) {
    return { outcome: 'skipped', reason, counts: (0,trivy_report/* emptyCounts */.W1)(), countsByPlatform: {}, findings: [], sarifFile: '' };
}

;// CONCATENATED MODULE: ./src/stages/source-history.ts
// How source commits relate, asked by the promotion of `latest`, the manifests ordering and an
// Argo CD rollback: one object store per run (adapters/git/ancestry.ts keeps its answers and
// the history it fetched, so a later question starts from it), opened at the first question
// and removed when the run ends. It belongs to no stage: a failure is the asking stage's.




function sourceHistory(rt, plan) {
    let tempDir = '';
    let opened;
    const open = async () => {
        tempDir = await (0,adapters_temp/* makeTempDir */.mk)((0,adapters_temp/* tempRoot */.fQ)(rt.env), 'ftmo-ancestry-');
        const repo = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'history'));
        return sourceAncestry(repo, rt.ctx.workspace, tempDir);
    };
    const ask = async (question) => {
        try {
            return await question(await (opened ??= open()));
        }
        catch (error) {
            // Unlabelled, so that the stage that asked (inStage) names itself in the error.
            throw error instanceof errors/* StageError */.Zu ? new Error(error.message, { cause: error }) : error;
        }
    };
    return {
        answer: (ancestor, descendant) => ask((ancestry) => ancestry.answer(ancestor, descendant)),
        isAncestorOrEqual: (ancestor, descendant) => ask((ancestry) => ancestry.isAncestorOrEqual(ancestor, descendant)),
        async close() {
            await opened?.catch(() => undefined);
            if (tempDir !== '')
                await (0,adapters_temp/* removeTempDir */.CT)(tempDir);
            tempDir = '';
        },
    };
}

;// CONCATENATED MODULE: ./src/stages/execute.ts
// The stages of a run that changes something, in the only order that keeps the promises:
// build (immutable tags only) -> scan gate -> promote latest -> pin in the manifests.
// Anything thrown stops the run there, labelled with its stage (in-stage.ts); the registry
// session is closed whatever happens.

















async function execute(plan, rt, report) {
    const session = await inStage('login', () => openRegistrySession({
        registry: plan.registry,
        username: rt.inputs.registryUsername,
        password: rt.inputs.registryPassword,
        login: plan.build.login,
        tempRoot: (0,adapters_temp/* tempRoot */.fQ)(rt.env),
        env: rt.env,
        // Known to the post step before the login writes to it: a cancelled login leaves nothing.
        onConfigDir: post/* rememberForCleanup */.v,
    }));
    const history = sourceHistory(rt, plan);
    try {
        const image = await imageToShip(plan, session, rt);
        report.build = image;
        await inStage('scan', () => scanGate(plan, image, session, rt, report));
        report.promote = await inStage('promote', () => promote(plan, image, session, history));
        if (plan.manifests.enabled) {
            await inStage('manifests', () => pinImage(plan, image, rt, history, report));
            await inStage('argocd', () => waitForArgoCd(plan, report, rt, history));
        }
    }
    finally {
        await history.close();
        await session.close();
    }
}
/** Sets report.scan; throws when the scanner broke or the gate failed. */
async function scanGate(plan, image, session, rt, report) {
    report.scan = await scanImage(plan, image, session, rt).catch((error) => {
        // A scanner that broke fails the gate closed: the outputs say `failed`, never `skipped`.
        report.scan = scannerBroke(error);
        throw error;
    });
    if (report.scan.outcome === 'failed') {
        throw new Error(`Scan gate failed: ${report.scan.reason}. Nothing was promoted: latest and the manifests are unchanged; the immutable tags stay in the registry for investigation.`);
    }
}
/** Sets report.manifests, and report.deployment when a GitHub Deployment records the pin. */
async function pinImage(plan, image, rt, history, report) {
    const sourceCommit = plan.mode === 'deploy' ? (image.builtFrom ?? '') : '';
    const record = deploymentRecord(plan, rt, { digest: image.digest, sourceCommit });
    const finishRecord = (outcome) => inStage('records', async () => record?.finish(outcome));
    try {
        report.manifests = await updateManifests(plan, { tag: plan.manifests.tag, digest: image.digest, sourceCommit }, rt, history, record?.beforePush);
    }
    catch (error) {
        report.deployment = await finishRecord({ error });
        throw error;
    }
    report.deployment = await finishRecord({ result: report.manifests });
}
/** deploy: the tag's image; merge: the index of the legs' images; otherwise this run's build. */
function imageToShip(plan, session, rt) {
    if (plan.mode === 'deploy')
        return inStage('deploy', () => existingImage(plan, session));
    if (plan.mode === 'merge')
        return inStage('merge', () => mergeImages(plan, session));
    return inStage('build', () => buildImage(plan, session, rt));
}
/** No report to count from: the reason is the scanner's failure. */
function scannerBroke(error) {
    const reason = `the scanner failed, so the gate failed closed: ${(0,errors/* errorMessage */.gJ)(error)}`;
    return { outcome: 'failed', reason, counts: (0,trivy_report/* emptyCounts */.W1)(), countsByPlatform: {}, findings: [], sarifFile: '' };
}
/**
 * deploy mode: the tag must already exist; what it names is scanned and pinned. The commit it
 * was built from is its revision label; '' when it has none (an image built elsewhere), which
 * the manifests state records as unknown.
 */
async function existingImage(plan, session) {
    const image = await resolveTag((0,image_ref/* formatReference */.FH)(plan.image, { tag: plan.manifests.tag }), session);
    return { pushed: true, digest: image.digest, platformDigests: image.platformDigests, builtFrom: (0,ids/* commitShaOf */.pJ)(revisionOf(image.labels) ?? '') ?? '' };
}


/***/ })

};
