export const id = 421;
export const ids = [421];
export const modules = {

/***/ 7911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RT: () => (/* binding */ tail),
/* harmony export */   ci: () => (/* binding */ outputTail),
/* harmony export */   wc: () => (/* binding */ execTool)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6058);
/* harmony import */ var _domain_escape_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9757);





/**
 * The one way the action runs a process: an argument array, never a shell, the exit code
 * returned rather than thrown so every caller decides what a failure means. Every process
 * leaves a trail in the debug log (ACTIONS_STEP_DEBUG): its command line, exit code and
 * duration, streamed or not, failed or not.
 */
async function execTool(command, args, options = {}) {
    // Escaped: arguments carry input values, and the log must not read one as a workflow command.
    const line = (0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .commandLine */ .ay)(command, args);
    // Before the stream stops workflow commands, and after it resumes them: a debug line needs them.
    _actions_core__WEBPACK_IMPORTED_MODULE_3__.debug(`run: ${line}`);
    const started = Date.now();
    const result = await spawnTool(command, args, options, line);
    const how = result.timedOut ? `killed after ${options.timeoutMs} ms` : `exit code ${result.code}`;
    _actions_core__WEBPACK_IMPORTED_MODULE_3__.debug(`${how} in ${Date.now() - started} ms: ${line}`);
    return result;
}
function spawnTool(command, args, options, line) {
    const log = options.stream ? streamedLog() : undefined;
    log?.write(`[command]${line}\n`);
    return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        let settled = false;
        const finish = (code, extra = '') => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            log?.resume();
            resolve({ code, stdout, stderr: stderr + extra, timedOut });
        };
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: 'pipe', shell: false });
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                child.kill('SIGKILL');
            }, options.timeoutMs);
        child.stdout.on('data', (chunk) => {
            stdout += chunk.toString();
            log?.write(chunk);
        });
        child.stderr.on('data', (chunk) => {
            stderr += chunk.toString();
            // One log in the order it happened: buildx, for one, reports its progress on stderr.
            log?.write(chunk);
        });
        // A tool that exits without reading its stdin must not crash the action with EPIPE.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input ?? '');
        // Cannot be started (not found, not executable): the shell's conventional 127.
        child.on('error', (error) => finish(127, `${stderr === '' ? '' : '\n'}${error.message}`));
        // Killed by a signal: the shell's convention, 128 + its number.
        child.on('close', (code, signal) => finish(code ?? 128 + (signal === null ? 0 : node_os__WEBPACK_IMPORTED_MODULE_2__.constants.signals[signal])));
    });
}
/**
 * The log of a streamed tool. Its output may come from code the action does not control (a
 * build runs the repository's Dockerfile, a pull request's possibly), so workflow commands are
 * stopped with a one-time token until it has finished. The runner only resumes on a line that is
 * exactly `::<token>::`, so the token starts a new line even when the output did not end one.
 */
function streamedLog() {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)();
    let atLineStart = true;
    const write = (chunk) => {
        if (chunk.length === 0)
            return;
        process.stdout.write(chunk);
        const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1];
        atLineStart = last === 0x0a;
    };
    write(`::stop-commands::${token}\n`);
    return {
        write,
        resume() {
            write(`${atLineStart ? '' : '\n'}::${token}::\n`);
        },
    };
}
/** The last lines of a tool's output, for an error message. */
function tail(text, lines = 20) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}
/**
 * The last lines of stdout and stderr together, for an error message.
 * buildx prints its progress and its errors on stderr; the error is at the end.
 */
function outputTail(result, lines = 20) {
    return tail([result.stdout, result.stderr].filter((text) => text.trim() !== '').join('\n'), lines);
}


/***/ }),

/***/ 9448:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fl: () => (/* binding */ authConfig),
  wn: () => (/* binding */ commitLink),
  kW: () => (/* binding */ describeRemote),
  QU: () => (/* binding */ maskSecrets),
  N4: () => (/* binding */ remoteHost),
  Ek: () => (/* binding */ repositoryUrl),
  RD: () => (/* binding */ tokenSecrets)
});

// UNUSED EXPORTS: authorizationHeader

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
;// CONCATENATED MODULE: ./src/domain/manifests/token-scope.ts
// Where `manifests-token` may go: to the server of the manifests remote only (any repository
// there: the checkout's origin is often on the same server), and only over https. Plain http
// is accepted on a loopback address alone, where nothing travels over a network.
const LOOPBACK_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** Where the token may be sent for a manifests remote given as `url` (credential-free). */
function tokenScope(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return { kind: 'none' };
    }
    const prefix = `${parsed.protocol}//${parsed.host}/`;
    if (parsed.protocol === 'https:')
        return { kind: 'server', prefix };
    if (parsed.protocol !== 'http:')
        return { kind: 'none' };
    if (LOOPBACK_HOSTS.test(parsed.hostname))
        return { kind: 'server', prefix };
    return { kind: 'refused', rule: `is sent only over https, and the manifests repository ${url} is plain http (allowed on a loopback address only)` };
}

;// CONCATENATED MODULE: ./src/adapters/git/auth.ts
// Where the manifests branch lives and how git authenticates there. A token reaches git the
// way actions/checkout gives it: an `http.<server>/.extraheader` setting, here passed through
// GIT_CONFIG_* environment variables, so it is never on a command line, in a remote URL or in
// a config file that could outlive the step; scoped to the manifests remote's server only.



const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// `user@host:path` or `host:path` (scp-like ssh), as git reads it: a colon before any slash.
const SCP_LIKE = /^[^/]*:/;
/** Classifies a remote and strips any userinfo from an http(s) URL. */
function describeRemote(raw) {
    const url = raw.trim();
    const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
    if (scheme === 'http' || scheme === 'https') {
        const start = url.indexOf('://') + 3;
        const authorityEnd = url.slice(start).search(/[/?#]/);
        const authority = authorityEnd === -1 ? url.slice(start) : url.slice(start, start + authorityEnd);
        const at = authority.lastIndexOf('@');
        if (at === -1)
            return { url, kind: 'http', removedCredentials: '' };
        return { url: url.slice(0, start) + url.slice(start + at + 1), kind: 'http', removedCredentials: authority.slice(0, at) };
    }
    if (scheme === 'file')
        return { url, kind: 'local', removedCredentials: '' };
    if (scheme !== undefined || SCP_LIKE.test(url))
        return { url, kind: 'other', removedCredentials: '' };
    return { url, kind: 'local', removedCredentials: '' };
}
/** `<server>/<owner/name>.git` for a separate manifests repository. */
function repositoryUrl(serverUrl, repository) {
    return `${serverUrl.replace(/\/+$/, '')}/${repository}.git`;
}
/** Where a remote is, for messages: `host[:port]` of a URL, the host of `host:path`, or the local path. */
function remoteHost(url) {
    if (SCHEME.test(url)) {
        try {
            const parsed = new URL(url);
            if (parsed.host !== '')
                return parsed.host;
        }
        catch {
            // not a URL node can parse: name it as given
        }
        return url;
    }
    if (SCP_LIKE.test(url))
        return url.slice(url.lastIndexOf('@', url.indexOf(':')) + 1, url.indexOf(':'));
    return url;
}
/** The header value, as actions/checkout builds it. */
function authorizationHeader(token) {
    return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`;
}
/** Strings that must never be printed: the token and its base64 form in the header. */
function tokenSecrets(token) {
    if (token === '')
        return [];
    return [token, Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')];
}
/** Masks the token (and anything credential-like found in a URL) in the runner's log. */
function maskSecrets(token, remotes) {
    for (const secret of tokenSecrets(token))
        core.setSecret(secret);
    for (const remote of remotes) {
        if (remote.removedCredentials === '')
            continue;
        core.setSecret(remote.removedCredentials);
        const password = remote.removedCredentials.split(':').slice(1).join(':');
        if (password !== '')
            core.setSecret(password);
    }
}
/**
 * The setting that authenticates git to the server of the manifests remote, and nowhere else
 * (tokenScope); none without a token or for a remote that is not http(s).
 */
function authConfig(token, manifests) {
    if (token === '')
        return [];
    const scope = tokenScope(manifests.url);
    if (scope.kind === 'refused')
        throw new errors/* InputError */.dz('manifests-token', scope.rule);
    if (scope.kind === 'none')
        return [];
    return [{ key: `http.${scope.prefix}.extraheader`, value: authorizationHeader(token) }];
}
/** Web link to a commit of an http(s) remote; '' for anything else. */
function commitLink(remote, sha) {
    if (remote.kind !== 'http' || sha === '')
        return '';
    return `${remote.url.replace(/\/+$/, '').replace(/\.git$/, '')}/commit/${sha}`;
}


/***/ }),

/***/ 4925:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lD: () => (/* binding */ createGit)
/* harmony export */ });
/* unused harmony exports BOT_NAME, BOT_EMAIL, GIT_TIMEOUT_VARIABLE, networkBounds, gitEnvironment */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(241);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7911);
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9448);
// Every git command the action runs goes through `GitRunner.run`, with an environment built
// here and nowhere else: nothing from the runner's system or global configuration (a global
// `insteadOf` rule, credential helper, hooks path or signing setting on a self-hosted runner
// must not change what is fetched or pushed), no prompts, a fixed identity and clock, the C
// locale (git's messages are parsed), and settings given as GIT_CONFIG_* variables so that
// they never appear on a command line or in a file. Commands that reach a remote are bounded
// in time, and never follow a redirect: the remote a command is given is the one it talks to.





const BOT_NAME = 'github-actions[bot]';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
// Variables worth keeping from the runner: how to find programs and how to reach the network.
const PASSED_VARIABLES = ['PATH', 'TMPDIR', 'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'all_proxy', 'SSH_AUTH_SOCK'];
/** The variable that sets how long a git network operation may stall (seconds); tests shorten it. */
const GIT_TIMEOUT_VARIABLE = 'FTMO_DEPLOY_GIT_TIMEOUT_SECONDS';
const DEFAULT_STALL_SECONDS = 60;
/**
 * How long a network operation may go without progress (git's own low-speed limit, for http),
 * and how long it may take at all (the process is killed after twice that: a hung ssh or a
 * connection that never opens is covered too).
 */
function networkBounds(env) {
    const raw = env[GIT_TIMEOUT_VARIABLE]?.trim() ?? '';
    if (raw !== '' && !/^[1-9][0-9]{0,4}$/.test(raw))
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ContextError */ .af(GIT_TIMEOUT_VARIABLE, 'must be a whole number of seconds from 1 to 99999', raw);
    const stallSeconds = raw === '' ? DEFAULT_STALL_SECONDS : Number(raw);
    return { stallSeconds, killAfterMs: 2 * stallSeconds * 1000 };
}
// The transports a remote may use (a local path is `file`).
const TRANSPORTS = ['https', 'http', 'ssh', 'git', 'file'];
/** Every transport allowed, or (reading the checkout) none: not even a lazy fetch of a partial clone. */
function transportConfig(offline) {
    return TRANSPORTS.map((name) => ({ key: `protocol.${name}.allow`, value: offline ? 'never' : 'always' }));
}
// Configuration that makes every command behave the same on any runner.
const FIXED_CONFIG = [
    { key: 'credential.helper', value: '' },
    // A redirect would take the next requests, and the Authorization header, to another server.
    { key: 'http.followRedirects', value: 'false' },
    // Only the transports below; `ext::` and `fd::` (commands, not remotes) stay refused.
    { key: 'protocol.allow', value: 'never' },
    { key: 'core.autocrlf', value: 'false' },
    { key: 'core.fsmonitor', value: 'false' },
    { key: 'commit.gpgSign', value: 'false' },
    { key: 'gc.auto', value: '0' },
    { key: 'maintenance.auto', value: 'false' },
    { key: 'fetch.recurseSubmodules', value: 'false' },
    { key: 'init.defaultBranch', value: 'main' },
    { key: 'advice.detachedHead', value: 'false' },
];
// curl's words when http.lowSpeedLimit/lowSpeedTime stop a transfer.
const STALLED = /Operation too slow/;
/** The environment of every git command (exported so tests can check what carries a token). */
function gitEnvironment(settings, files, now) {
    const env = {};
    for (const name of PASSED_VARIABLES) {
        const value = settings.env[name];
        if (value !== undefined)
            env[name] = value;
    }
    const date = `@${Math.floor(now.getTime() / 1000)} +0000`;
    Object.assign(env, {
        // HOME too: git and libcurl read ~/.gitconfig, the XDG config and ~/.netrc from it.
        HOME: settings.tempDir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: files.globalConfig,
        GIT_TERMINAL_PROMPT: '0',
        // A partial clone must not fetch missing objects behind our back (git 2.44+; ignored before).
        GIT_NO_LAZY_FETCH: '1',
        GCM_INTERACTIVE: 'never',
        GIT_AUTHOR_NAME: BOT_NAME,
        GIT_AUTHOR_EMAIL: BOT_EMAIL,
        GIT_COMMITTER_NAME: BOT_NAME,
        GIT_COMMITTER_EMAIL: BOT_EMAIL,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
        LC_ALL: 'C',
        LANG: 'C',
    });
    const { stallSeconds } = networkBounds(settings.env);
    const entries = [
        ...FIXED_CONFIG,
        { key: 'http.lowSpeedLimit', value: '1000' },
        { key: 'http.lowSpeedTime', value: String(stallSeconds) },
        { key: 'core.hooksPath', value: files.hooksDir },
        ...(settings.config ?? []),
        ...transportConfig(settings.offline === true),
    ];
    env.GIT_CONFIG_COUNT = String(entries.length);
    entries.forEach((entry, index) => {
        env[`GIT_CONFIG_KEY_${index}`] = entry.key;
        env[`GIT_CONFIG_VALUE_${index}`] = entry.value;
    });
    return env;
}
/** The one git runner of a stage; files it needs live under settings.tempDir. */
async function createGit(settings) {
    const globalConfig = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(settings.tempDir, 'empty-gitconfig');
    const hooksDir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(settings.tempDir, 'no-hooks');
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(globalConfig, '');
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(hooksDir, { recursive: true });
    const secrets = (settings.secrets ?? []).filter((secret) => secret.length > 0);
    const redact = (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
    const bounds = networkBounds(settings.env);
    const withHost = (remote) => (remote === undefined ? '' : ` with ${(0,_auth_js__WEBPACK_IMPORTED_MODULE_4__/* .remoteHost */ .N4)(remote)}`);
    // Every command is bounded (a local one never comes near); one that reaches a remote and
    // stalls fails the step at once, naming what it did and where: it is never retried.
    const run = async (args, options) => {
        const env = gitEnvironment(settings, { globalConfig, hooksDir }, settings.now());
        const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .execTool */ .wc)('git', args, { cwd: options.cwd, input: options.input, env, timeoutMs: bounds.killAfterMs });
        if (result.timedOut || (options.remote !== undefined && STALLED.test(result.stderr))) {
            const how = result.timedOut ? `did not finish within ${bounds.killAfterMs / 1000} s` : `made no progress for ${bounds.stallSeconds} s`;
            throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StageError */ .Zu(settings.stage, redact(`git ${args[0] ?? ''}${withHost(options.remote)} ${how} and was stopped (the remote is not answering; ${GIT_TIMEOUT_VARIABLE} sets the bound)`));
        }
        return result;
    };
    const failure = (what, result) => new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StageError */ .Zu(settings.stage, redact(`${what} (git exit ${result.code}): ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .tail */ .RT)([result.stderr, result.stdout].join('\n').trim())}`));
    const must = async (args, options) => {
        const result = await run(args, options);
        if (result.code !== 0)
            throw failure(`git ${args[0] ?? ''}${withHost(options.remote)} failed`, result);
        return result.stdout;
    };
    return { run, must, redact, failure };
}


/***/ }),

/***/ 7703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ readKustomization),
/* harmony export */   m: () => (/* binding */ findKustomizations)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(241);
/* harmony import */ var _domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9618);
/* harmony import */ var _domain_manifests_utf8_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7174);
// Finding the kustomization files the action may edit. The walk never follows a symbolic link
// and never leaves the repository: a link could point the edit (and the push) at a file outside
// the manifests, or make one file appear under two paths.





/** Every kustomization.yaml / kustomization.yml / Kustomization below the given repository-relative directories. */
async function findKustomizations(repoRoot, paths) {
    const root = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(repoRoot);
    const found = new Set();
    for (const entry of paths) {
        const directory = await checkedDirectory(root, entry);
        await walk(root, directory, found);
    }
    return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
/** The text of kustomization `file` (repository-relative) below `repoRoot`; refused when not UTF-8. */
async function readKustomization(repoRoot, file) {
    return (0,_domain_manifests_utf8_js__WEBPACK_IMPORTED_MODULE_4__/* .decodeUtf8 */ ._)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(repoRoot, file)), file);
}
/** The absolute directory for a `paths` entry, refused when it is missing, outside or linked. */
async function checkedDirectory(root, entry) {
    const shown = (0,_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .pathForMessage */ .Qp)(entry);
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(root, entry);
    if (!isInside(root, absolute))
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(shown, 0, 'manifests path leaves the repository');
    let real;
    try {
        real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(absolute);
    }
    catch (error) {
        if (isNotFound(error))
            throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(shown, 0, 'manifests path does not exist in the repository');
        throw error;
    }
    // Any link on the way makes the real path differ from the lexical one.
    if (real !== absolute) {
        const where = isInside(root, real) ? 'through a symbolic link' : 'through a symbolic link to outside the repository';
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(shown, 0, `manifests path is reached ${where}`);
    }
    if (!(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(real)).isDirectory())
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(shown, 0, 'manifests path is not a directory');
    return real;
}
async function walk(root, directory, found) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(directory, { withFileTypes: true });
    for (const entry of entries) {
        if (entry.name === '.git')
            continue;
        const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(directory, entry.name);
        const relative = toRepositoryPath(root, absolute);
        if (entry.isSymbolicLink()) {
            throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh((0,_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .pathForMessage */ .Qp)(relative), 0, 'is a symbolic link; links are not followed under the manifests paths');
        }
        if (entry.isDirectory()) {
            await walk(root, absolute, found);
        }
        else if (_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .KUSTOMIZATION_FILE_NAMES */ .YU.includes(entry.name)) {
            await checkFile(absolute, relative);
            found.add(relative);
        }
    }
}
async function checkFile(absolute, relative) {
    const stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(absolute);
    if (!stats.isFile())
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh((0,_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .pathForMessage */ .Qp)(relative), 0, 'is not a regular file');
    if (stats.size > _domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_KUSTOMIZATION_BYTES */ .tb) {
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh((0,_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__/* .pathForMessage */ .Qp)(relative), 0, `is ${stats.size} bytes, over the 1 MiB a kustomization may have`);
    }
}
function isInside(root, absolute) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, absolute);
    return relative !== '..' && !relative.startsWith(`..${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}`) && !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(relative);
}
/** Repository-relative with `/` separators, as git and the state file name files. */
function toRepositoryPath(root, absolute) {
    return node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, absolute).split((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)).join('/');
}
function isNotFound(error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    return code === 'ENOENT' || code === 'ENOTDIR';
}


/***/ }),

/***/ 3428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CT: () => (/* binding */ removeTempDir),
/* harmony export */   E8: () => (/* binding */ withTempDir),
/* harmony export */   fQ: () => (/* binding */ tempRoot),
/* harmony export */   mk: () => (/* binding */ makeTempDir)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(241);
// The run's temporary files live in one place. On a runner that is RUNNER_TEMP, which the runner
// empties after every job (so a credential or a half-written file never outlives the job);
// outside a runner (a local run) the OS temporary directory. Every temporary directory of the
// action is made here, below that root, with a prefix that says what it holds.




/**
 * The temporary root. On a runner (GITHUB_ACTIONS=true) RUNNER_TEMP must be set: falling back
 * to the shared /tmp there would leave files behind that the runner does not clean.
 */
function tempRoot(env) {
    const runnerTemp = env.RUNNER_TEMP ?? '';
    if (runnerTemp !== '')
        return runnerTemp;
    if (env.GITHUB_ACTIONS === 'true') {
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ContextError */ .af('RUNNER_TEMP', 'must be set on a GitHub runner (GITHUB_ACTIONS=true): the action keeps its temporary files there, and the runner empties it after the job');
    }
    return node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir();
}
/** A new, empty directory below `root`, named `<prefix><random>`; the caller removes it (removeTempDir). */
async function makeTempDir(root, prefix) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(root, { recursive: true });
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, prefix));
}
/** Removes a directory made by makeTempDir, and all in it; nothing happens when it is gone already. */
async function removeTempDir(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
}
/** Runs `fn` with a new directory below `root`, removed afterwards whatever happened. */
async function withTempDir(root, prefix, fn) {
    const dir = await makeTempDir(root, prefix);
    try {
        return await fn(dir);
    }
    finally {
        await removeTempDir(dir);
    }
}


/***/ }),

/***/ 4678:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   MB: () => (/* binding */ describeDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration)
/* harmony export */ });
// Durations as workflow authors write them (`10m`, `1h30m`, `3d`, `500ms`): whole numbers of
// units, largest unit first, each unit at most once. Each input names the units it takes and
// checks its own bounds; this file only reads and writes the notation.
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
/** Largest first: the order a duration is written in. */
const UNITS = Object.keys(UNIT_MS);
/** Milliseconds of `text` written in `units` (zero included), or undefined when it is not such a duration. */
function parseDuration(text, units) {
    const used = UNITS.filter((unit) => units.includes(unit));
    // `m(?!s)`: the `m` of `500ms` is not minutes.
    const match = new RegExp(`^${used.map((unit) => `(?:(\\d+)${unit === 'm' ? 'm(?!s)' : unit})?`).join('')}$`).exec(text);
    if (match === null || text === '')
        return undefined;
    const total = used.reduce((sum, unit, index) => sum + Number(match[index + 1] ?? 0) * UNIT_MS[unit], 0);
    return Number.isSafeInteger(total) ? total : undefined;
}
/** Back in the notation, with the largest units that divide the value exactly: 600000 -> `10m`, 1500 -> `1s500ms`. */
function formatDuration(ms) {
    let rest = Math.round(ms);
    const parts = [];
    for (const unit of UNITS) {
        const count = Math.floor(rest / UNIT_MS[unit]);
        if (count > 0)
            parts.push(`${count}${unit}`);
        rest -= count * UNIT_MS[unit];
    }
    return parts.length === 0 ? '0ms' : parts.join('');
}
/** For people, the largest two units rounded down: `2 d 3 h`, `5 h 4 min`, `12 min`, `40 s`. */
function describeDuration(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const parts = [
        [Math.floor(seconds / 86_400), 'd'],
        [Math.floor(seconds / 3600) % 24, 'h'],
        [Math.floor(seconds / 60) % 60, 'min'],
        [seconds % 60, 's'],
    ];
    const first = parts.findIndex(([value]) => value > 0);
    if (first < 0)
        return '0 s';
    return parts
        .slice(first, first + 2)
        .filter(([value]) => value > 0)
        .map(([value, unit]) => `${value} ${unit}`)
        .join(' ');
}


/***/ }),

/***/ 241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sh: () => (/* binding */ ManifestError),
/* harmony export */   Zu: () => (/* binding */ StageError),
/* harmony export */   af: () => (/* binding */ ContextError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   v4: () => (/* binding */ ToolError)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9757);

/** A bad input: names the input, the rule it broke and (escaped) the value. */
class InputError extends Error {
    input;
    rule;
    constructor(input, rule, value) {
        super(value === undefined ? `Input '${input}': ${rule}` : `Input '${input}': ${rule} (got ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(value)})`);
        this.input = input;
        this.rule = rule;
        this.name = 'InputError';
    }
}
/**
 * A tool, or what it wrote, let the run down: the message says what was asked, with the part of
 * the tool's output worth showing. It names no stage: an adapter does not know which stage
 * called it; the stage boundary (StageError) says that.
 */
class ToolError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ToolError';
    }
}
/**
 * A failure as the step reports it: the stage it happened in, set once where the stage starts
 * (see `inStage`), and the message of what went wrong there (kept as `cause`).
 */
class StageError extends Error {
    stage;
    constructor(stage, message, options) {
        super(message, options);
        this.stage = stage;
        this.name = 'StageError';
    }
}
/** A kustomization that cannot be edited safely, or has no entry for the service. */
class ManifestError extends Error {
    file;
    line;
    constructor(file, line, detail) {
        super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
        this.file = file;
        this.line = line;
        this.name = 'ManifestError';
    }
}
/**
 * The run itself cannot go ahead: a runner variable or event payload field is missing or
 * malformed, or the event is one the action refuses. `source` names what is wrong
 * (e.g. `GITHUB_SHA`, `pull_request.head.sha`, `pull_request_target`).
 */
class ContextError extends Error {
    source;
    rule;
    constructor(source, rule, value) {
        super(value === undefined ? `${source}: ${rule}` : `${source}: ${rule} (got ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(value)})`);
        this.source = source;
        this.rule = rule;
        this.name = 'ContextError';
    }
}
/** The message of anything thrown: an Error's message, else the value as text. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 9757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ay: () => (/* binding */ commandLine),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   ts: () => (/* binding */ escapeInvisible),
/* harmony export */   wn: () => (/* binding */ jsonForLog)
/* harmony export */ });
// Values from inputs, the event payload and tools' reports are hostile until shown otherwise.
// Everything the action prints of them goes through `quote` (or `jsonForLog` for whole objects),
// which makes JSON-escaped, printable ASCII text that cannot start a workflow command or spread a
// value over several log lines. Longer texts that keep their lines (error messages with a tool's
// output, the job summary) go through `escapeInvisible`. Both write a character they escape the
// same way, as `\uXXXX`.
/**
 * Characters that change how the text around them reads without being seen themselves: C0 and
 * C1 controls, the line and paragraph separators, the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069) and the zero-width characters (U+200B–U+200D, U+2060,
 * U+FEFF). Line feeds, tabs and the carriage return of a CRLF are layout, and are kept.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
/** `c` (one UTF-16 code unit) as the JSON escape `\uXXXX`. */
function unicodeEscape(c) {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/** Text with every invisible character (see INVISIBLE) written as `\uXXXX`; lines are kept. */
function escapeInvisible(text) {
    return text.replace(INVISIBLE, unicodeEscape);
}
/**
 * JSON string syntax, with everything outside printable ASCII escaped (look-alike letters such
 * as a Cyrillic `с` in `ghсr.io`, bidirectional overrides and zero-width characters become
 * visible as \uXXXX) and the two workflow command markers broken up: `::`, which starts a
 * command at the beginning of a line, and `##[`, which the runner reads anywhere in a line.
 * Longer values are cut to `max` characters, marked by `...` after the closing quote.
 */
function quote(value, max = 200) {
    const cut = value.length > max;
    const escaped = escapeJsonForLog(JSON.stringify(cut ? value.slice(0, max) : value));
    return cut ? `${escaped}...` : escaped;
}
/**
 * Indented JSON of `value` for the log, escaped like `quote` and still valid JSON. Outside its
 * strings JSON text never holds `::` or `##[`, so only string contents are affected.
 */
function jsonForLog(value) {
    return escapeJsonForLog(JSON.stringify(value, null, 2) ?? 'null');
}
function escapeJsonForLog(json) {
    return json
        .replace(/[^\x20-\x7e\n]/g, unicodeEscape)
        .replace(/::/g, ':\\u003a')
        .replace(/##\[/g, '##\\u005b');
}
/**
 * A command line for the log: each argument quoted (so none can issue a workflow command or
 * hide in another), and the user information of a URL (`https://user:token@host`) written as
 * `***`. Secrets never belong on a command line; this keeps one that slipped in out of the log.
 */
function commandLine(command, args) {
    return [command, ...args].map((arg) => quote(arg.replace(URL_USERINFO, '$1***@'), 1000)).join(' ');
}
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;


/***/ }),

/***/ 1606:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isPathComponent),
/* harmony export */   AC: () => (/* binding */ serviceNameProblem),
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   P4: () => (/* binding */ isSha256Hex),
/* harmony export */   RW: () => (/* binding */ PULL_REQUEST_TAG_RE),
/* harmony export */   Ti: () => (/* binding */ MAX_TAG_LENGTH),
/* harmony export */   _$: () => (/* binding */ isCommitSha),
/* harmony export */   cl: () => (/* binding */ refCharacterProblem),
/* harmony export */   hq: () => (/* binding */ branchNameProblem),
/* harmony export */   k0: () => (/* binding */ LATEST),
/* harmony export */   pJ: () => (/* binding */ commitShaOf),
/* harmony export */   r_: () => (/* binding */ isValidTag),
/* harmony export */   yh: () => (/* binding */ extraTagProblem)
/* harmony export */ });
/* unused harmony exports PATH_COMPONENT_PATTERN, MAX_SERVICE_LENGTH */
// The names and hashes the action passes between tools, each rule written once: service names,
// commit SHAs, digests, tags and branch names. Every check of one of these forms uses this file.
/** docker's repository path component: lower-case alphanumeric runs joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT_PATTERN = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT_PATTERN}$`);
function isPathComponent(value) {
    return PATH_COMPONENT_RE.test(value);
}
/** A service name is one path component of the image (its default repository ends with it), at most 63 characters (a DNS label). */
const MAX_SERVICE_LENGTH = 63;
/** Why `value` is not a service name, or undefined. */
function serviceNameProblem(value) {
    if (!isPathComponent(value))
        return "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'";
    if (value.length > MAX_SERVICE_LENGTH)
        return `must be at most ${MAX_SERVICE_LENGTH} characters`;
    return undefined;
}
/** 40 (SHA-1) or 64 (SHA-256 repositories) lower-case hex: the full object name as git prints it and takes as an argument. */
const COMMIT_SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
function isCommitSha(value) {
    return COMMIT_SHA_RE.test(value);
}
/** A SHA written by others (GITHUB_SHA, an image's revision label) in git's lower-case form, or undefined: git ignores its case. */
function commitShaOf(value) {
    const lower = value.toLowerCase();
    return isCommitSha(lower) ? lower : undefined;
}
/** 64 lower-case hex: a SHA-256 as registries and checksum files write it (callers lower-case what people type). */
const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
function isSha256Hex(value) {
    return SHA256_HEX_RE.test(value);
}
/** `sha256:` and 64 lower-case hex: the only digest form registries give for what the action pushes and pins. */
function isDigest(value) {
    return value.startsWith('sha256:') && isSha256Hex(value.slice('sha256:'.length));
}
/** docker's tag rule: letters, digits, `_ . -`, not starting with `.` or `-`, at most 128 characters. */
const MAX_TAG_LENGTH = 128;
const TAG_RE = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,${MAX_TAG_LENGTH - 1}}$`);
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
/** The tag the tag rules alone move, and only after the scan gate. */
const LATEST = 'latest';
/** A pull request build's tags: `pr-N` and `pr-N-<sha>`. */
const PULL_REQUEST_TAG_RE = /^pr-[0-9]+(?:-[0-9a-f]+)?$/;
/** Build avoidance's tags: `src-<key>`, the key a SHA-256. */
const SOURCE_KEY_TAG_RE = /^src-[0-9a-f]{64}$/;
/** Why an `extra-tags` line cannot be used, or undefined when it can. */
function extraTagProblem(tag) {
    if (!isValidTag(tag)) {
        return 'each line must be a valid tag: letters, digits, _ . - only, not starting with . or -, at most 128 characters';
    }
    if (tag === LATEST)
        return "must not contain 'latest': it is added by the tag rules only, after the scan gate";
    if (PULL_REQUEST_TAG_RE.test(tag))
        return 'must not be a pull request build\'s tag (pr-<N>, pr-<N>-<hex>): those belong to the pull request\'s own runs';
    if (SOURCE_KEY_TAG_RE.test(tag))
        return "must not be a build avoidance tag (src-<key>): it names the build of a source key";
    return undefined;
}
/**
 * The characters git never allows in a ref name (git check-ref-format). A payload field that
 * should name a branch but breaks these rules was not written by GitHub; refusing it also keeps
 * `::`, `[` and line breaks of such a field out of every log line.
 */
function refCharacterProblem(name) {
    const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
    if (control || /[ ~^:?*[\\]/.test(name))
        return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
    if (name.includes('..'))
        return "must not contain '..'";
    if (name.includes('@{'))
        return "must not contain '@{'";
    return undefined;
}
/** Why `name` is not a branch name git would accept (git check-ref-format --branch), plus `+`. */
function branchNameProblem(name) {
    const characters = refCharacterProblem(name);
    const rules = [
        [name === '', 'must not be empty'],
        [/^[-+]/.test(name), "must not start with '-' or '+' (git would read it as an option or a forced update)"],
        [characters !== undefined, characters ?? ''],
        [name === '@' || name === 'HEAD', "must not be '@' or 'HEAD'"],
        [name.startsWith('refs/'), 'must be a branch name without refs/heads/'],
        [/^\/|\/\/|\/$/.test(name), "must not start or end with '/' or contain '//'"],
        [/(?:^|\/)\./.test(name), "must not have a path component starting with '.'"],
        [/\.lock(?:\/|$)/.test(name), "must not have a path component ending with '.lock'"],
        [name.endsWith('.'), "must not end with '.'"],
    ];
    const broken = rules.find(([failed]) => failed);
    return broken === undefined ? undefined : `must be a valid git branch name: ${broken[1]}`;
}


/***/ }),

/***/ 9412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ secretForms)
/* harmony export */ });
// Every form in which a secret could reach a log: whole, line by line (the runner masks per
// line), and base64 as it appears in Basic auth (git's x-access-token header, docker's
// user:password in config.json). Both places that mask a secret take the forms from here.
function secretForms(secret, username) {
    if (secret === '')
        return [];
    const lines = secret.split(/\r?\n|\r/);
    const forms = new Set([
        secret,
        ...lines,
        ...lines.map((line) => line.trim()),
        base64(secret),
        base64(`x-access-token:${secret}`),
        base64(`${username}:${secret}`),
    ]);
    return [...forms].filter((form) => form.trim() !== '');
}
function base64(text) {
    return Buffer.from(text, 'utf8').toString('base64');
}


/***/ }),

/***/ 9618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  YU: () => (/* binding */ KUSTOMIZATION_FILE_NAMES),
  tb: () => (/* binding */ MAX_KUSTOMIZATION_BYTES),
  Qk: () => (/* binding */ applyPin),
  rA: () => (/* binding */ imageReference),
  Qp: () => (/* binding */ pathForMessage),
  $d: () => (/* binding */ renderContainsImage)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
// EXTERNAL MODULE: ./src/domain/escape.ts
var domain_escape = __webpack_require__(9757);
;// CONCATENATED MODULE: ./src/domain/manifests/yaml-scalar.ts
// How a string value is written into a YAML file so that every reader gets a string back.
// kustomize reads its files with YAML 1.1 habits in places (`newTag: on` fails as a boolean),
// so a plain value must be a string under both YAML 1.2 and YAML 1.1 to stay plain.

// Characters that are safe in a plain scalar in block and flow context alike: no indicator
// (`,[]{}#&*!|>'"%@` as first character), no `: ` or ` #`, nothing a flow collection would split on.
const PLAIN_CHARACTERS = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;
/** True when `value` can be written without quotes and is read back as this very string. */
function readsAsPlainString(value) {
    return PLAIN_CHARACTERS.test(value) && resolvesTo(value, '1.2') && resolvesTo(value, '1.1');
}
/**
 * The source text of `value` in the given style. Single and double quotes are kept as they are;
 * a plain value that would not read back as a string (`1.20`, `true`, `null`, `yes`) is
 * double-quoted instead.
 */
function formatScalar(value, style) {
    if (style === 'QUOTE_SINGLE' && !hasControlCharacter(value))
        return `'${value.replace(/'/g, "''")}'`;
    if (style === 'PLAIN' && readsAsPlainString(value))
        return value;
    // JSON string syntax is a subset of YAML's double-quoted style (same escapes).
    return JSON.stringify(value);
}
// Single quotes cannot escape anything; such values need double quotes.
function hasControlCharacter(value) {
    return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
function resolvesTo(value, version) {
    try {
        return (0,dist/* parse */.qg)(value, { version }) === value;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/domain/manifests/yaml-source.ts
// Where things are in a kustomization's text: the parsed nodes' source ranges, the lines they
// sit on, and the splices an edit makes into the original bytes. Refusals name the file and line.



/**
 * The indentation of the entry's keys: copied from a key that starts its own line, else the
 * column of the first key (which follows the `- ` of the sequence).
 */
function entryIndent(entry, source) {
    let column = -1;
    for (const pair of entry.items) {
        const start = rangeOf(keyNode(pair, source), source)[0];
        const lineStart = source.text.lastIndexOf('\n', start - 1) + 1;
        const prefix = source.text.slice(lineStart, start);
        if (/^ *$/.test(prefix))
            return prefix;
        if (column < 0)
            column = start - lineStart;
    }
    return ' '.repeat(Math.max(column, 0));
}
/** End of the line holding `offset` (after any comment), and the line ending to use there. */
function lineEnd(text, offset) {
    let from = offset;
    // Block scalars end after their last newline; step back so the line is their last one.
    while (from > 0 && (text[from - 1] === '\n' || text[from - 1] === '\r'))
        from -= 1;
    const newline = text.indexOf('\n', from);
    if (newline < 0)
        return { contentEnd: text.length, eol: text.includes('\r\n') ? '\r\n' : '\n', hasEol: false };
    const crlf = newline > 0 && text[newline - 1] === '\r';
    return { contentEnd: crlf ? newline - 1 : newline, eol: crlf ? '\r\n' : '\n', hasEol: true };
}
/** Splices never overlap; applied from the end, a removal before an insertion at the same place. */
function applySplices(text, splices) {
    const ordered = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
    return ordered.reduce((out, splice) => out.slice(0, splice.start) + splice.text + out.slice(splice.end), text);
}
function pairNamed(map, key) {
    return map.items.find((pair) => (0,dist/* isScalar */.jn)(pair.key) && pair.key.value === key);
}
function stringValue(pair) {
    return pair && (0,dist/* isScalar */.jn)(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
}
function keyNode(pair, source) {
    if (!(0,dist/* isScalar */.jn)(pair.key))
        refuse(source, pair.value, 'keys of an `images` entry must be plain strings');
    return pair.key;
}
/** Where the pair's text ends: the end of its value, or of its key when it has none. */
function pairEnd(pair, source) {
    const value = pair.value;
    const node = value?.range ? value : keyNode(pair, source);
    return rangeOf(node, source)[1];
}
function rangeOf(node, source) {
    if (!node.range)
        throw new errors/* ManifestError */.Sh(source.file, 0, 'YAML node without a source position');
    return [node.range[0], node.range[1]];
}
function nodeStart(node) {
    return (0,dist/* isNode */.Ll)(node) ? (node.range?.[0] ?? 0) : 0;
}
function lineOf(source, offset) {
    // Errors found at the end of the input (an unclosed bracket) belong to the last line, not to
    // the empty one after the final newline.
    const last = Math.max(source.text.length - 1, 0);
    return source.lines.linePos(Math.min(offset, last)).line;
}
function refuse(source, node, detail) {
    throw new errors/* ManifestError */.Sh(source.file, lineOf(source, nodeStart(node)), detail);
}
/** New keys go after the last key that stays, at the entry's own indentation (or inside `{}`). */
function insertPairs(entry, pairs, removed, source) {
    const kept = entry.items.filter((pair) => pair !== removed);
    const last = kept[kept.length - 1];
    if (!last)
        refuse(source, entry, 'the `images` entry has no key to add after');
    const after = pairEnd(last, source);
    if (entry.flow) {
        const text = pairs.map(([key, value]) => `, ${key}: ${formatScalar(value, 'PLAIN')}`).join('');
        return { start: after, end: after, text };
    }
    const line = lineEnd(source.text, after);
    const indent = entryIndent(entry, source);
    const text = pairs.map(([key, value]) => `${line.eol}${indent}${key}: ${formatScalar(value, 'PLAIN')}`).join('');
    return { start: line.contentEnd, end: line.contentEnd, text };
}
/** Removes a key with its value: its whole line(s) in a block mapping, `, key: value` in a flow one. */
function removePair(entry, pair, source) {
    const index = entry.items.indexOf(pair);
    const previous = entry.items[index - 1];
    const next = entry.items[index + 1];
    const keyStart = rangeOf(keyNode(pair, source), source)[0];
    if (entry.flow) {
        if (previous)
            return { start: pairEnd(previous, source), end: pairEnd(pair, source), text: '' };
        if (next)
            return { start: keyStart, end: rangeOf(keyNode(next, source), source)[0], text: '' };
    }
    else {
        const lineStart = source.text.lastIndexOf('\n', keyStart - 1) + 1;
        if (/^[ \t]*$/.test(source.text.slice(lineStart, keyStart))) {
            const line = lineEnd(source.text, pairEnd(pair, source));
            if (line.hasEol)
                return { start: lineStart, end: line.contentEnd + line.eol.length, text: '' };
            // Last line without a final newline: take the newline before it instead.
            const before = source.text[lineStart - 2] === '\r' ? 2 : 1;
            return { start: lineStart - before, end: line.contentEnd, text: '' };
        }
        // The key shares its line with the `- ` of the entry: the next key moves up to take its place.
        if (next)
            return { start: keyStart, end: rangeOf(keyNode(next, source), source)[0], text: '' };
    }
    return refuse(source, pair.key, 'cannot remove the only key of an `images` entry');
}

;// CONCATENATED MODULE: ./src/domain/manifests/kustomize-edit.ts
// Pinning one service's image in a kustomization by changing only the bytes of the values that
// must change. The `yaml` package parses the file with source ranges; the edit is a handful of
// splices into the original text, so comments, quoting, layout and line endings stay as they were.





/** The names kustomize accepts for a kustomization file. */
const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Larger files are refused: no kustomization is that big, and parsing one costs memory. */
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;
const STRING_TAG = 'tag:yaml.org,2002:str';
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';
/** Apply the pin to one kustomization's text. `file` is the repository-relative path used in errors. */
function applyPin(text, pin, file) {
    const source = { text, file: pathForMessage(file), lines: new dist/* LineCounter */.HN() };
    refuseOversized(source);
    const root = parseKustomization(source);
    const entry = root && findEntryForService(root, pin, source);
    if (!entry)
        return { text, matched: false, changed: false };
    const edited = applySplices(text, pinSplices(entry, pin, source));
    return { text: edited, matched: true, changed: edited !== text };
}
/** `image:tag@digest` (or `image:tag`): the reference kustomize v5 renders for a pinned entry. */
function imageReference(pin) {
    return pin.digest ? `${pin.image}:${pin.tag}@${pin.digest}` : `${pin.image}:${pin.tag}`;
}
/** True when rendered manifests hold a line `image: <ref>` (plain or quoted). */
function renderContainsImage(rendered, ref) {
    return rendered.split('\n').some((line) => {
        const match = /^\s*(?:-\s+)?image:\s+(.+?)\s*$/.exec(line);
        return match !== null && unquote(match[1] ?? '') === ref;
    });
}
/** A path as it may appear in a message: kept readable when ordinary, escaped when not. */
function pathForMessage(path) {
    return /^[A-Za-z0-9_./@+ -]+$/.test(path) ? path : (0,domain_escape/* quote */.hD)(path);
}
/**
 * The `images:` entry of this service, or undefined when the file has none. Refuses `images`
 * that is not a list of mappings and several entries for the service.
 */
function findEntryForService(root, pin, source) {
    const images = pairNamed(root, 'images')?.value;
    if (images === undefined || images === null || ((0,dist/* isScalar */.jn)(images) && images.value === null))
        return undefined;
    if (!(0,dist/* isSeq */.oP)(images))
        refuse(source, images, '`images` must be a list of mappings');
    let found;
    for (const item of images.items) {
        if (!(0,dist/* isMap */.jh)(item))
            refuse(source, item, '`images` entries must be mappings');
        if (!belongsToService(item, pin))
            continue;
        if (found) {
            const first = lineOf(source, nodeStart(found));
            refuse(source, item, `several \`images\` entries for ${(0,domain_escape/* quote */.hD)(pin.service)} (the first on line ${first})`);
        }
        found = item;
    }
    return found;
}
function belongsToService(entry, pin) {
    const name = stringValue(pairNamed(entry, 'name'));
    const newName = stringValue(pairNamed(entry, 'newName'));
    return name === pin.service || name === pin.image || newName === pin.image;
}
function refuseOversized(source) {
    const bytes = Buffer.byteLength(source.text, 'utf8');
    if (bytes > MAX_KUSTOMIZATION_BYTES) {
        throw new errors/* ManifestError */.Sh(source.file, 0, `is ${bytes} bytes, over the 1 MiB a kustomization may have`);
    }
}
/**
 * The root mapping, or null for an empty document (nothing to pin there; kustomize itself
 * rejects an empty kustomization when it is rendered). Refuses everything that would make a
 * byte-level edit mean something else than it seems: several documents, duplicate keys,
 * anchors, aliases, merge keys and tags outside YAML's core set.
 */
function parseKustomization(source) {
    const doc = (0,dist/* parseDocument */.Tp)(source.text, {
        lineCounter: source.lines,
        uniqueKeys: true,
        prettyErrors: false,
    });
    refuseParseErrors(doc, source);
    refuseIndirection(doc, source);
    const root = doc.contents;
    if (root === null)
        return null;
    if (!(0,dist/* isMap */.jh)(root))
        refuse(source, root, 'the document root must be a mapping');
    return root;
}
function refuseParseErrors(doc, source) {
    const error = doc.errors[0];
    if (error) {
        const at = lineOf(source, error.pos[0]);
        if (error.code === 'MULTIPLE_DOCS')
            throw new errors/* ManifestError */.Sh(source.file, at, 'holds several YAML documents; a kustomization is one');
        if (error.code === 'DUPLICATE_KEY') {
            const key = /^[^:\r\n]*/.exec(source.text.slice(error.pos[0]))?.[0].trim() ?? '';
            throw new errors/* ManifestError */.Sh(source.file, at, `duplicate key ${(0,domain_escape/* quote */.hD)(key)}`);
        }
        throw new errors/* ManifestError */.Sh(source.file, at, `is not valid YAML: ${(0,domain_escape/* quote */.hD)(error.message)}`);
    }
    const unresolved = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
    if (unresolved)
        throw new errors/* ManifestError */.Sh(source.file, lineOf(source, unresolved.pos[0]), `custom tag: ${(0,domain_escape/* quote */.hD)(unresolved.message)}`);
}
function refuseIndirection(doc, source) {
    (0,dist/* visit */.YR)(doc, {
        Pair(_, pair) {
            if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.value === '<<')
                refuse(source, pair.key, 'merge keys (`<<`) are not supported');
        },
        Alias(_, alias) {
            refuse(source, alias, `alias ${(0,domain_escape/* quote */.hD)(`*${alias.source}`)}: aliases are not supported`);
        },
        Node(_, node) {
            if (node.anchor)
                refuse(source, node, `anchor ${(0,domain_escape/* quote */.hD)(`&${node.anchor}`)}: anchors are not supported`);
            if (node.tag && !node.tag.startsWith(CORE_TAG_PREFIX))
                refuse(source, node, `custom tag ${(0,domain_escape/* quote */.hD)(node.tag)}`);
        },
    });
}
/**
 * The splices that pin the entry: replace existing values, drop a stale digest, add what is
 * missing after the entry's last key.
 */
function pinSplices(entry, pin, source) {
    const wanted = [];
    // newName is written when `name` is not the image already, and kept equal to the image when it
    // is present anyway (a different newName would win in kustomize and the pin would not render).
    if (stringValue(pairNamed(entry, 'name')) !== pin.image || pairNamed(entry, 'newName'))
        wanted.push(['newName', pin.image]);
    wanted.push(['newTag', pin.tag]);
    if (pin.digest)
        wanted.push(['digest', pin.digest]);
    const splices = [];
    const missing = [];
    for (const [key, value] of wanted) {
        const pair = pairNamed(entry, key);
        if (!pair)
            missing.push([key, value]);
        else
            splices.push(...replaceValue(pair, key, value, source));
    }
    // Without a digest to pin, an existing one must go: kustomize would render the old digest
    // next to the new tag, and the runtime pulls by digest, so the new tag would never deploy.
    const stale = pin.digest ? undefined : pairNamed(entry, 'digest');
    if (stale)
        splices.push(removePair(entry, stale, source));
    if (missing.length > 0)
        splices.push(insertPairs(entry, missing, stale, source));
    return splices;
}
function replaceValue(pair, key, value, source) {
    const node = pair.value;
    if (!(0,dist/* isScalar */.jn)(node))
        refuse(source, node ?? pair.key, `\`${key}\` must be a string`);
    if (node.tag && node.tag !== STRING_TAG)
        refuse(source, node, `\`${key}\` has the tag ${(0,domain_escape/* quote */.hD)(node.tag)}; it must be a string`);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
        refuse(source, node, `\`${key}\` is a block scalar; write it on one line`);
    }
    if (node.value === value)
        return [];
    const [start, end] = rangeOf(node, source);
    if (start === end) {
        // An empty value (`newTag:`) sits where a comment may follow: write it right after the colon.
        const colon = source.text.indexOf(':', rangeOf(keyNode(pair, source), source)[1]);
        return [{ start: colon + 1, end: colon + 1, text: ` ${formatScalar(value, 'PLAIN')}` }];
    }
    return [{ start, end, text: formatScalar(value, quoteStyle(node)) }];
}
function quoteStyle(node) {
    return node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? node.type : 'PLAIN';
}
function unquote(value) {
    const single = /^'(.*)'$/.exec(value);
    if (single)
        return (single[1] ?? '').replace(/''/g, "'");
    if (/^".*"$/.test(value)) {
        try {
            return JSON.parse(value);
        }
        catch {
            return value;
        }
    }
    return value;
}


/***/ }),

/***/ 5332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ pinAll),
/* harmony export */   f: () => (/* binding */ pinService)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9757);
/* harmony import */ var _kustomize_edit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9618);
// The one edit of the manifests: pins applied to kustomization texts. The branch update uses it
// for the pins recorded in the state file and for this run's pin; plan mode uses it for the
// preview of the checkout. Pure: the caller reads the files and writes back what changed.



/**
 * Applies `pins` in order to `files` (path -> text); a pin on a file that is absent, or that
 * has no entry for its service, is left out of `matched`. Two pins on one file apply in turn.
 */
function pinAll(files, pins) {
    const texts = new Map(files);
    const changed = new Map();
    const matched = [];
    for (const entry of pins) {
        const text = texts.get(entry.file);
        if (text === undefined)
            continue;
        const edit = (0,_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_1__/* .applyPin */ .Qk)(text, entry.pin, entry.file);
        if (!edit.matched)
            continue;
        matched.push(entry);
        if (!edit.changed)
            continue;
        texts.set(entry.file, edit.text);
        changed.set(entry.file, edit.text);
    }
    return { changed, matched };
}
/**
 * One service's pin in every file of `files` (the kustomizations under `paths`); at least one
 * must hold the service's entry. Returns pinAll's result, `matched` being the pinned files.
 */
function pinService(files, paths, pin) {
    const result = pinAll(files, [...files.keys()].map((file) => ({ file, pin })));
    if (result.matched.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ManifestError */ .Sh(paths.join(', '), 0, `no kustomization has an \`images\` entry for ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(pin.service)} (name or newName ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(pin.image)}); ${files.size} file(s) read, nothing pushed`);
    }
    return result;
}


/***/ }),

/***/ 7174:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ decodeUtf8)
/* harmony export */ });
/* unused harmony export firstInvalidByte */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _kustomize_edit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9618);
// Files the action edits are UTF-8 and are written back byte for byte, apart from the values it
// pins. Decoding anything else would replace the bytes it cannot read with U+FFFD, and the
// "minimal" edit would rewrite them: such a file is refused instead, at its first bad byte.


/** The text of a UTF-8 file (`file`, repository-relative, names it in the refusal); a byte order mark stays part of the text, so it is written back. */
function decodeUtf8(bytes, file) {
    try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    }
    catch {
        const offset = firstInvalidByte(bytes);
        const line = 1 + bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length;
        const shown = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ManifestError */ .Sh((0,_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_1__/* .pathForMessage */ .Qp)(file), line, `is not valid UTF-8 (byte 0x${shown} at offset ${offset}); save the file as UTF-8`);
    }
}
/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (the Unicode
 * standard's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or the
 * length when every sequence is complete.
 */
function firstInvalidByte(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const length = sequenceLength(bytes, i);
        if (length === 0)
            return i;
        i += length;
    }
    return bytes.length;
}
/** Length of the well-formed sequence starting at `i`, or 0. */
function sequenceLength(bytes, i) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80)
        return 1;
    // Allowed range of the second byte for each lead byte; later bytes are always 0x80–0xBF.
    let length;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead === 0xe0)
            low = 0xa0;
        if (lead === 0xed)
            high = 0x9f;
    }
    else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead === 0xf0)
            low = 0x90;
        if (lead === 0xf4)
            high = 0x8f;
    }
    else
        return 0;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high)
        return 0;
    for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next === undefined || next < 0x80 || next > 0xbf)
            return 0;
    }
    return length;
}


/***/ }),

/***/ 5791:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   U$: () => (/* binding */ registryHost),
/* harmony export */   XS: () => (/* binding */ defaultImage),
/* harmony export */   rN: () => (/* binding */ imageRepositoryProblem)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9757);
/* harmony import */ var _ids_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1606);
// Image repositories, tags and digests: what docker accepts, narrowed to what this action
// accepts (lower case, ASCII, an explicit registry host, no tag or digest in the repository).


/** A host name component: letters/digits, inner dashes allowed. Lower case only (see below). */
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const HOST_RE = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?$`);
/** docker refuses repository names longer than this (host included). */
const MAX_REPOSITORY_LENGTH = 255;
/**
 * Why `image` is not an acceptable repository (`host[:port]/path/...`), or undefined when it is.
 * The checks for the common mistakes come first so the message names the actual mistake.
 */
function imageRepositoryProblem(image) {
    if (image === '')
        return 'must not be empty';
    // Look-alike hosts (Cyrillic "о" in "ghcr.iо") must not slip through as a different registry.
    if (/[^\x20-\x7e]/.test(image))
        return 'must contain only printable ASCII characters';
    if (/\s/.test(image))
        return 'must not contain spaces';
    if (image.includes('://'))
        return 'must not include a scheme (write ghcr.io/owner/name, not https://...)';
    const firstSlash = image.indexOf('/');
    const at = image.indexOf('@');
    if (at >= 0 && (firstSlash < 0 || at < firstSlash))
        return 'must not include user info (user@host)';
    if (at >= 0)
        return 'must not include a digest (@sha256:...); the action pins digests itself';
    if (image !== image.toLowerCase())
        return 'must be lower case';
    if (firstSlash < 0)
        return 'must be host/path, e.g. ghcr.io/owner/name (a registry host is required)';
    const [host = '', ...path] = image.split('/');
    const last = path[path.length - 1] ?? '';
    if (last.includes(':'))
        return 'must not include a tag (:tag); tags come from the tag rules and extra-tags';
    if (!isRegistryHost(host)) {
        return 'must start with a registry host (a name with a dot or a port, or localhost), e.g. ghcr.io/owner/name';
    }
    if (!HOST_RE.test(host))
        return `has an invalid registry host ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(host)}`;
    for (const component of path) {
        if (!(0,_ids_js__WEBPACK_IMPORTED_MODULE_0__/* .isPathComponent */ .$$)(component)) {
            return `has an invalid path component ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(component)} (lower-case letters and digits, joined by '.', '_', '__' or '-')`;
        }
    }
    if (image.length > MAX_REPOSITORY_LENGTH)
        return `must be at most ${MAX_REPOSITORY_LENGTH} characters`;
    return undefined;
}
/** docker's own test for "the first component names a registry" rather than a Docker Hub path. */
function isRegistryHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost';
}
/** The repository used when `image` is not given: GHCR under the (lower-cased) owner. */
function defaultImage(owner, service) {
    return `ghcr.io/${owner.toLowerCase()}/${service}`;
}
/** The registry to log in to: the host (with port) of a valid image repository. */
function registryHost(image) {
    const slash = image.indexOf('/');
    return slash < 0 ? image : image.slice(0, slash);
}
/** `image:tag`, `image@digest` or `image:tag@digest`. */
function formatReference(image, ref) {
    const tag = ref.tag ?? '';
    const digest = ref.digest ?? '';
    if (tag === '' && digest === '')
        throw new Error(`A reference to ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(image)} needs a tag or a digest`);
    if (tag !== '' && !(0,_ids_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidTag */ .r_)(tag))
        throw new Error(`Not a valid tag: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(tag)}`);
    if (digest !== '' && !(0,_ids_js__WEBPACK_IMPORTED_MODULE_0__/* .isDigest */ .Bc)(digest))
        throw new Error(`Not a valid digest: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(digest)}`);
    return `${image}${tag === '' ? '' : `:${tag}`}${digest === '' ? '' : `@${digest}`}`;
}


/***/ }),

/***/ 7014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ reusePlan),
/* harmony export */   u: () => (/* binding */ reuseVerdict)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9757);
/* harmony import */ var _source_key_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4291);
// Whether a run may take an image it built before instead of building: planned up front from
// the source key (source-key.ts), then confirmed against what the registry holds under
// `src-<key>`.


function reusePlan(settings) {
    const none = { key: '', tag: '' };
    if (settings.mode === 'deploy' || settings.mode === 'merge')
        return { enabled: false, reason: `${settings.mode} mode builds nothing`, ...none };
    if (settings.byDigest)
        return { enabled: false, reason: 'push: by-digest tags nothing, so no image is looked up to reuse', ...none };
    if (!settings.skipUnchanged || settings.key === undefined)
        return { enabled: false, reason: 'skip-unchanged: false', ...none };
    if (!settings.key.trusted)
        return { enabled: false, reason: `build: ${settings.key.reason}`, ...none };
    const named = { key: settings.key.key, tag: settings.key.tag };
    if (!settings.push)
        return { enabled: false, reason: 'nothing is pushed, so no image is looked up to reuse', ...named };
    const reason = `reuse the image tagged ${settings.key.tag} if the registry has it (same files and build settings), else build`;
    return { enabled: true, reason, ...named };
}
/**
 * The image under the tag is taken only when every platform's image carries the key's label
 * and it has exactly the planned platforms: a tag pushed by hand, or by another tool, is built over.
 */
function reuseVerdict(found, planned) {
    const keys = new Set(found.labels.map((labels) => labels[_source_key_js__WEBPACK_IMPORTED_MODULE_0__/* .SOURCE_KEY_LABEL */ .d] ?? ''));
    if (found.labels.length === 0 || keys.size !== 1 || !keys.has(planned.key)) {
        return { reuse: false, reason: `the image tagged ${planned.tag} does not carry the label ${_source_key_js__WEBPACK_IMPORTED_MODULE_0__/* .SOURCE_KEY_LABEL */ .d}=${planned.key}, so it is built again` };
    }
    const want = [...planned.platforms].sort().join(',');
    const have = [...found.platforms].sort().join(',');
    if (want !== have) {
        return { reuse: false, reason: `the image tagged ${planned.tag} has the platforms ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(have)}, not ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(want)}, so it is built again` };
    }
    const revisions = [...new Set(found.labels.map((labels) => labels['org.opencontainers.image.revision'] ?? ''))];
    return { reuse: true, revision: revisions.length === 1 ? (revisions[0] ?? '') : '' };
}


/***/ }),

/***/ 4291:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PW: () => (/* binding */ ignoreFileCandidates),
/* harmony export */   Zt: () => (/* binding */ sourceKey),
/* harmony export */   d: () => (/* binding */ SOURCE_KEY_LABEL)
/* harmony export */ });
/* unused harmony exports SOURCE_KEY_VERSION, sourceTag, sourceKeyText, contextFiles */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _balena_dockerignore__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4158);
/* harmony import */ var _balena_dockerignore__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_balena_dockerignore__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9757);
// The content key of an image: what BuildKit would be sent (the context's files after the ignore
// file, and the Dockerfile) named by the blob ids git already computed, plus the build settings
// that change the result. Two runs with the same key build the same image, so the second one can
// take the first one's image instead of building. Nothing here reads the disk: the adapter
// (adapters/git/source-files.ts) hands over what git printed.



/** Raised whenever what goes into the key, or how, changes: old keys then never match. */
const SOURCE_KEY_VERSION = 1;
/** The label that carries the key on the image (the tag `src-<key>` carries it too). */
const SOURCE_KEY_LABEL = 'dev.ftmo-deploy.source-key';
const TAG_PREFIX = 'src-';
/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` when it exists, else `<context>/.dockerignore`. */
function ignoreFileCandidates(context, file) {
    return [`${file}.dockerignore`, joinPath(context, '.dockerignore')];
}
/** The key of a snapshot, or why the workspace cannot be trusted to say what would be built. */
function sourceKey(snapshot, settings) {
    const sent = contextFiles(snapshot);
    const dockerfile = snapshot.tracked.find((entry) => entry.path === snapshot.file);
    const problem = untrustedReason(snapshot, sent.map((entry) => entry.path), dockerfile);
    if (problem !== undefined)
        return { trusted: false, reason: problem };
    const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(sourceKeyText(snapshot, settings), 'utf8').digest('hex');
    return { trusted: true, key, tag: sourceTag(key), files: sent.length };
}
/** The tag that names an image by its key: 4 + 64 characters, well under docker's 128. */
function sourceTag(key) {
    return `${TAG_PREFIX}${key}`;
}
/**
 * The exact text that is hashed: one JSON document, so that no value (a build argument with a
 * newline, a path with a space) can be read as another field. File paths are relative to the
 * context, so moving the whole context elsewhere in the repository keeps the key.
 */
function sourceKeyText(snapshot, settings) {
    const dockerfile = snapshot.tracked.find((entry) => entry.path === snapshot.file);
    return JSON.stringify({
        version: SOURCE_KEY_VERSION,
        platforms: settings.platforms,
        target: settings.target,
        buildArgs: settings.buildArgs.map(({ key, value }) => `${key}=${value}`),
        provenance: settings.provenance,
        sbom: settings.sbom,
        dockerfile: dockerfile === undefined ? '' : `${dockerfile.mode} ${dockerfile.blob}`,
        files: contextFiles(snapshot).map((entry) => `${entry.mode} ${entry.blob} ${entry.path}`),
    });
}
/** The tracked files BuildKit would be sent, with paths relative to the context, in byte order. */
function contextFiles(snapshot) {
    const sent = sentFilter(snapshot);
    return snapshot.tracked
        .flatMap((entry) => {
        const inContext = relativeToContext(entry.path, snapshot.context);
        return inContext !== undefined && sent(inContext) ? [{ ...entry, path: inContext }] : [];
    })
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
function untrustedReason(snapshot, sentPaths, dockerfile) {
    const conflicted = snapshot.tracked.find((entry) => entry.stage !== 0);
    if (conflicted !== undefined)
        return `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(conflicted.path)} has an unresolved merge conflict, so the source key cannot be trusted`;
    if (dockerfile === undefined)
        return `the Dockerfile ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(snapshot.file)} is not tracked by git, so the source key cannot be trusted`;
    const changed = changedInputs(snapshot);
    if (changed.length > 0) {
        const shown = changed.slice(0, 5).map((file) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(file)).join(', ');
        const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
        return `the workspace differs from the commit in files the build uses (${shown}${more}), so the source key cannot be trusted`;
    }
    if (sentPaths.length === 0 && snapshot.context !== '.') {
        return `git tracks no file of the context ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(snapshot.context)}, so the source key cannot be trusted`;
    }
    return undefined;
}
/** Changed paths that matter: the Dockerfile, the ignore file, and whatever the context would send. */
function changedInputs(snapshot) {
    const sent = sentFilter(snapshot);
    const own = new Set([snapshot.file, ...ignoreFileCandidates(snapshot.context, snapshot.file)]);
    return snapshot.changed.filter((file) => {
        if (own.has(file))
            return true;
        const inContext = relativeToContext(file, snapshot.context);
        return inContext !== undefined && sent(inContext);
    });
}
/** Whether a context-relative path is sent, by the ignore file's rules (Docker's, not git's). */
function sentFilter(snapshot) {
    if (snapshot.ignoreFile === undefined)
        return () => true;
    // The package is CommonJS; `.default` is the same function, and what TypeScript's types name.
    const rules = _balena_dockerignore__WEBPACK_IMPORTED_MODULE_1___default()["default"]().add(snapshot.ignoreFile.text);
    return (file) => !rules.ignores(file);
}
function relativeToContext(file, context) {
    if (context === '.' || context === '')
        return file;
    return file.startsWith(`${context}/`) ? file.slice(context.length + 1) : undefined;
}
function joinPath(dir, name) {
    return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}


/***/ }),

/***/ 3010:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ codeBlock),
/* harmony export */   I$: () => (/* binding */ escapeParagraph),
/* harmony export */   kq: () => (/* binding */ escapeCell),
/* harmony export */   ti: () => (/* binding */ inlineCode)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9757);
// Markdown for the job summary. Values from inputs, the payload and tools are untrusted text:
// escaped so they cannot inject HTML, links or table structure, and with invisible characters
// (controls, bidirectional overrides, zero-width) shown as `\uXXXX` by the log's own rule.

/** Longest text shown in one cell; longer values are cut with an ellipsis. */
const MAX_CELL = 120;
/** Escapes a value for a GFM table cell: no HTML, no markdown, no autolink, no line breaks, no `|`. */
function escapeCell(value, max = MAX_CELL) {
    return escapeText(value.replace(/[\r\n\t]+/g, ' '), max).replace(/[\\`*_[\]|~:]/g, (c) => `\\${c}`);
}
/** A paragraph of text: as a cell, and also nothing at its start that would make a heading/list. */
function escapeParagraph(value) {
    return escapeCell(value, 2000).replace(/^[#+=-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}
/** Cuts to `max` characters, shows invisible characters and makes HTML inert; markdown is escaped by the callers. */
function escapeText(value, max) {
    const chars = [...value];
    const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
    return ((0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInvisible */ .ts)(cut)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;'));
}
/** A fenced block whose fence is longer than any backtick run inside the text. */
function codeBlock(raw, language = '') {
    const text = (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInvisible */ .ts)(raw);
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}
/** Inline code that survives backticks in the value. */
function inlineCode(text) {
    const clean = (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInvisible */ .ts)(text.replace(/[\r\n]+/g, ' '));
    const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}


/***/ }),

/***/ 817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ SEVERITIES)
/* harmony export */ });
/** Trivy's severities, worst first: the order of every count and table. */
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];


/***/ }),

/***/ 72:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bB: () => (/* binding */ scanSummaryMarkdown)
});

// UNUSED EXPORTS: SCAN_SUMMARY_DEFAULTS, findingUrl

// EXTERNAL MODULE: ./src/domain/report/markdown.ts
var markdown = __webpack_require__(3010);
// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
;// CONCATENATED MODULE: ./src/domain/scan/trivy-db-summary.ts
// The vulnerability DB in the scan section of the job summary: which data the gate decided on
// (UpdatedAt), where it came from and how old it is, and a warning when it could not be updated.


function dbSummaryLines(db) {
    const { metadata } = db;
    const source = db.source === 'repository'
        ? `downloaded from ${(0,markdown/* inlineCode */.ti)(db.repository)}`
        : db.source === 'cache'
            ? `from the cache (${(0,markdown/* inlineCode */.ti)(db.cacheDir)}; fresh until ${(0,markdown/* escapeCell */.kq)(metadata.nextUpdate)}), nothing downloaded`
            : `from the cache (${(0,markdown/* inlineCode */.ti)(db.cacheDir)}): every repository failed`;
    const lines = [
        `Vulnerability DB: updated ${(0,markdown/* escapeCell */.kq)(metadata.updatedAt)} (${(0,duration/* describeDuration */.MB)(db.updatedAgeMs)} old), ${source}; ` +
            `downloaded ${(0,markdown/* escapeCell */.kq)(metadata.downloadedAt)} (${(0,duration/* describeDuration */.MB)(db.downloadedAgeMs)} ago).`,
        '',
    ];
    if (db.warning !== '')
        lines.push('> [!WARNING]', `> ${(0,markdown/* escapeParagraph */.I$)(db.warning)}`, '');
    return lines;
}

// EXTERNAL MODULE: ./src/domain/scan/severity.ts
var severity = __webpack_require__(817);
;// CONCATENATED MODULE: ./src/domain/scan/summary.ts
// The scan section of the job summary. Every value that comes from the report (IDs, titles,
// package names, versions, URLs) is text from the scanned image's metadata: it is escaped so it can
// neither break the table nor inject HTML/markdown, and the section has a hard size cap
// (GitHub refuses a step summary over 1 MiB, and the other sections need room too).



const SCAN_SUMMARY_DEFAULTS = { maxRows: 50, maxBytes: 64 * 1024 };
/** Titles are cut shorter than other cells: the table must stay readable. */
const MAX_TITLE = 80;
/** Bytes kept free for the closing "N more not shown" note, so the cap holds with it. */
const ROOM_FOR_NOTE = 200;
const OUTCOME_TITLE = {
    passed: 'passed ✅',
    failed: 'failed ❌',
    skipped: 'skipped ⏭️',
};
function scanSummaryMarkdown(result, options = {}) {
    const maxRows = options.maxRows ?? SCAN_SUMMARY_DEFAULTS.maxRows;
    const maxBytes = options.maxBytes ?? SCAN_SUMMARY_DEFAULTS.maxBytes;
    const head = [`### Vulnerability scan: ${OUTCOME_TITLE[result.outcome]}`, '', (0,markdown/* escapeParagraph */.I$)(result.reason), ''];
    if (result.outcome === 'skipped')
        return fitHead(head, maxBytes);
    if (result.db !== undefined)
        head.push(...dbSummaryLines(result.db));
    head.push(...countsTable(result), '');
    if (result.findings.length === 0) {
        head.push('No findings after filtering.', '');
        return fitHead(head, maxBytes);
    }
    head.push('#### Top findings', '', '| Vulnerability | Title | Package | Installed | Fixed | Severity | Platforms |', '|---|---|---|---|---|---|---|');
    if (byteLength(head.join('\n')) > maxBytes - ROOM_FOR_NOTE)
        return fitHead(head, maxBytes);
    return withRows(`${head.join('\n')}\n`, result.findings, maxRows, maxBytes);
}
/** A link only to an https URL made of harmless characters; else Trivy's page for the ID. */
function findingUrl(finding) {
    if (/^https:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._~%/+=&?-]*)?$/.test(finding.url))
        return finding.url;
    return `https://avd.aquasec.com/nvd/${encodeURIComponent(finding.id.toLowerCase())}`;
}
function countsTable(result) {
    const header = `| Platform | ${severity/* SEVERITIES */.o.join(' | ')} |`;
    const rule = `|---|${severity/* SEVERITIES */.o.map(() => '---:').join('|')}|`;
    const row = (label, counts) => `| ${label} | ${severity/* SEVERITIES */.o.map((s) => String(counts[s] ?? 0)).join(' | ')} |`;
    const platformRows = Object.entries(result.countsByPlatform).map(([platform, counts]) => row((0,markdown/* escapeCell */.kq)(platform), counts));
    return [header, rule, row('**All platforms** (each finding once)', result.counts), ...platformRows];
}
function findingRow(finding) {
    const id = `[${(0,markdown/* escapeCell */.kq)(finding.id)}](${findingUrl(finding)})`;
    const cells = [
        id,
        (0,markdown/* escapeCell */.kq)(finding.title, MAX_TITLE),
        (0,markdown/* escapeCell */.kq)(finding.pkg),
        (0,markdown/* escapeCell */.kq)(finding.installed),
        finding.fixed === '' ? '—' : (0,markdown/* escapeCell */.kq)(finding.fixed),
        finding.severity,
        (0,markdown/* escapeCell */.kq)(finding.platforms.join(', ')),
    ];
    return `| ${cells.join(' | ')} |\n`;
}
/** Adds rows while both caps allow, then says how many were left out. */
function withRows(head, findings, maxRows, maxBytes) {
    let text = head;
    let shown = 0;
    const budget = maxBytes - ROOM_FOR_NOTE;
    for (const finding of findings) {
        if (shown >= maxRows)
            break;
        const row = findingRow(finding);
        if (byteLength(text) + byteLength(row) > budget)
            break;
        text += row;
        shown += 1;
    }
    const left = findings.length - shown;
    if (left > 0) {
        text += `\n_${left} more finding${left === 1 ? '' : 's'} not shown (${findings.length} in total; see the SARIF report)._\n`;
    }
    return text;
}
function fitHead(lines, maxBytes) {
    const text = lines.join('\n');
    if (byteLength(text) <= maxBytes)
        return text;
    // Only a pathological number of platforms gets here; cut at a line boundary.
    let cut = text;
    while (cut !== '' && byteLength(cut) > maxBytes - ROOM_FOR_NOTE)
        cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
    return `${cut}\n\n_(section cut to stay under the job summary's size limit)_\n`;
}
function byteLength(text) {
    return new TextEncoder().encode(text).length;
}


/***/ }),

/***/ 7328:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ trivyVersionProblem),
/* harmony export */   Eh: () => (/* binding */ TRIVY_TOOL_NAME),
/* harmony export */   Fe: () => (/* binding */ trivyPlatformSuffix),
/* harmony export */   LL: () => (/* binding */ parseTrivyVersionOutput),
/* harmony export */   UY: () => (/* binding */ expectedSha256),
/* harmony export */   YT: () => (/* binding */ trivyDownloadUrl),
/* harmony export */   cu: () => (/* binding */ COMPROMISED_TRIVY_VERSIONS),
/* harmony export */   oB: () => (/* binding */ KNOWN_TRIVY_CHECKSUMS),
/* harmony export */   zH: () => (/* binding */ trivyAsset)
/* harmony export */ });
/* unused harmony export assertTrivyVersionAllowed */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9757);
/* harmony import */ var _ids_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1606);
// Which Trivy releases the action will install, and how it recognises a genuine archive.



/**
 * SHA-256 of release archives as published with each release (trivy_<v>_checksums.txt) and
 * recorded independently elsewhere. Keyed by version, then by the archive's OS-ARCH suffix.
 */
const KNOWN_TRIVY_CHECKSUMS = {
    '0.69.3': {
        'Linux-64bit': '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
        'Linux-ARM64': '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
    },
};
/** Releases published by an attacker with the project's credentials (GHSA-69fq-xp46-6x23). */
const COMPROMISED_TRIVY_VERSIONS = ['0.69.4', '0.69.5', '0.69.6'];
/** The executable in a release archive; also the tool's name, and the file's, in the tool cache. */
const TRIVY_TOOL_NAME = 'trivy';
/** Trivy publishes plain X.Y.Z releases; anything else (ranges, `latest`, paths) is refused. */
const EXACT_VERSION_RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
/** Node's platform/arch names -> the words Trivy's release archives use. */
const RELEASE_OS = { linux: 'Linux', darwin: 'macOS' };
const RELEASE_ARCH = { x64: '64bit', arm64: 'ARM64' };
/** Why `version` cannot be installed (format or a compromised release), or undefined. */
function trivyVersionProblem(version) {
    if (!EXACT_VERSION_RE.test(version)) {
        return 'must be an exact version X.Y.Z (no ranges, no "latest")';
    }
    if (COMPROMISED_TRIVY_VERSIONS.includes(version)) {
        return `is a compromised Trivy release (GHSA-69fq-xp46-6x23) and is always refused; ${COMPROMISED_TRIVY_VERSIONS.join(', ')} must not be used`;
    }
    return undefined;
}
/** Throws an InputError naming `trivy-version` when the version must not be installed or run. */
function assertTrivyVersionAllowed(version) {
    const problem = trivyVersionProblem(version);
    if (problem !== undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('trivy-version', problem, version);
}
/** `Linux-64bit`, `macOS-ARM64`, ...: the OS-ARCH part of a release archive's name. */
function trivyPlatformSuffix(os, arch) {
    const osWord = RELEASE_OS[os];
    const archWord = RELEASE_ARCH[arch];
    if (osWord === undefined || archWord === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ToolError */ .v4(`Trivy cannot be installed on this runner (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(os)}/${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(arch)}): release archives are used for ` +
            'Linux and macOS on x64 or arm64 only; set trivy-path to a Trivy binary, or scan: false');
    }
    return `${osWord}-${archWord}`;
}
/** The release archive's file name, e.g. `trivy_0.69.3_Linux-64bit.tar.gz`. */
function trivyAsset(version, os, arch) {
    assertTrivyVersionAllowed(version);
    return `trivy_${version}_${trivyPlatformSuffix(os, arch)}.tar.gz`;
}
/** `<base>/v<version>/<asset>`, the layout of GitHub releases and of mirrors that copy it. */
function trivyDownloadUrl(base, version, asset) {
    return `${base.replace(/\/+$/, '')}/v${version}/${asset}`;
}
/**
 * The SHA-256 the downloaded archive must have: the `trivy-sha256` override when given, else
 * the embedded table's entry; no entry and no override is an error (never "trust on first use").
 */
function expectedSha256(version, assetSuffix, override) {
    assertTrivyVersionAllowed(version);
    const given = normaliseSha256(override);
    if (given !== '')
        return given;
    const known = KNOWN_TRIVY_CHECKSUMS[version]?.[assetSuffix];
    if (known === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('trivy-sha256', KNOWN_TRIVY_CHECKSUMS[version] === undefined
            ? notInTableRule(version)
            : `is required: the embedded checksum table has no ${assetSuffix} archive of Trivy ${version}`);
    }
    return known;
}
/** The version `trivy --version` reports on its first line (`Version: 0.69.3`). */
function parseTrivyVersionOutput(output) {
    // The DB lines further down are indented ("  Version: 2"), so only a line starting with
    // the key is the binary's own version.
    const match = /^Version:[ \t]*v?([^\s]+)[ \t]*$/m.exec(output);
    return match?.[1];
}
function normaliseSha256(value) {
    const trimmed = value.trim().toLowerCase();
    if (trimmed !== '' && !(0,_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isSha256Hex */ .P4)(trimmed)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('trivy-sha256', 'must be the 64 hexadecimal characters of a SHA-256', value);
    }
    return trimmed;
}
function notInTableRule(version) {
    const known = Object.keys(KNOWN_TRIVY_CHECKSUMS).join(', ');
    return `is required: Trivy ${version} is not in the embedded checksum table (${known}); give the SHA-256 of its release archive`;
}


/***/ }),

/***/ 2207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DF: () => (/* binding */ mergeFindings),
/* harmony export */   Qg: () => (/* binding */ parseTrivyReport),
/* harmony export */   W1: () => (/* binding */ emptyCounts)
/* harmony export */ });
/* unused harmony export severityRank */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9757);
/* harmony import */ var _severity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(817);
// Trivy's JSON report -> findings, counts and the gate decision. The decision is taken here,
// from the report, and never from Trivy's exit code: a report that cannot be read is an error,
// so a broken scanner can only ever fail the gate.



const SUPPORTED_SCHEMA_VERSION = 2;
/** Parses the text of `trivy image --format json`; throws a ToolError for anything else. */
function parseTrivyReport(text) {
    let root;
    try {
        root = JSON.parse(text);
    }
    catch (error) {
        const detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error);
        throw reportError(`is not valid JSON (${detail})`);
    }
    if (!isObject(root))
        throw reportError('is not a JSON object');
    if (root.SchemaVersion !== SUPPORTED_SCHEMA_VERSION) {
        throw reportError(`has SchemaVersion ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(JSON.stringify(root.SchemaVersion) ?? 'missing')}; only ${SUPPORTED_SCHEMA_VERSION} is understood`);
    }
    const results = optionalArray(root.Results, 'Results');
    const vulnerabilities = [];
    results.forEach((result, r) => {
        const where = `Results[${r}]`;
        if (!isObject(result))
            throw reportError(`${where} is not an object`);
        const target = optionalString(result.Target, `${where}.Target`);
        optionalArray(result.Vulnerabilities, `${where}.Vulnerabilities`).forEach((vuln, v) => {
            vulnerabilities.push(parseVulnerability(vuln, `${where}.Vulnerabilities[${v}]`, target));
        });
    });
    return {
        artifactName: optionalString(root.ArtifactName, 'ArtifactName'),
        targets: results.length,
        vulnerabilities,
    };
}
function parseVulnerability(vuln, where, target) {
    if (!isObject(vuln))
        throw reportError(`${where} is not an object`);
    const id = optionalString(vuln.VulnerabilityID, `${where}.VulnerabilityID`);
    if (id === '')
        throw reportError(`${where} has no VulnerabilityID`);
    // A finding without a package name is still a finding: counted, never dropped.
    const pkg = optionalString(vuln.PkgName, `${where}.PkgName`);
    const finding = `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(id)} in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(pkg)} (${where})`;
    return {
        id,
        pkg,
        installed: optionalString(vuln.InstalledVersion, `${where}.InstalledVersion`),
        fixed: fixedVersions(optionalString(vuln.FixedVersion, `${where}.FixedVersion`), finding),
        severity: toSeverity(optionalString(vuln.Severity, `${where}.Severity`), finding),
        title: optionalString(vuln.Title, `${where}.Title`),
        url: optionalString(vuln.PrimaryURL, `${where}.PrimaryURL`),
        target,
    };
}
/** All five severities, zero. */
function emptyCounts() {
    return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}
/** 0 for CRITICAL ... 4 for UNKNOWN: smaller is worse. */
function severityRank(severity) {
    return _severity_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.indexOf(severity);
}
/**
 * Findings of every platform, deduplicated by vulnerability ID + package (across targets and
 * platforms), filtered, counted and sorted worst first. `ignoreUnfixed` drops occurrences
 * without a fixed version here as well, so the result never depends on how Trivy filtered.
 */
function mergeFindings(reportsByPlatform, options) {
    const merged = new Map();
    const countsByPlatform = {};
    for (const [platform, report] of Object.entries(reportsByPlatform)) {
        const onPlatform = new Map();
        for (const vuln of report.vulnerabilities) {
            if (options.ignoreUnfixed && vuln.fixed === '')
                continue;
            const key = findingKey(vuln.id, vuln.pkg);
            onPlatform.set(key, worse(onPlatform.get(key), vuln.severity));
            const existing = merged.get(key);
            merged.set(key, existing === undefined ? newFinding(vuln, platform) : combine(existing, vuln, platform));
        }
        countsByPlatform[platform] = countSeverities(onPlatform.values());
    }
    const findings = [...merged.values()].sort(compareFindings);
    return { findings, counts: countSeverities(findings.map((f) => f.severity)), countsByPlatform };
}
function newFinding(vuln, platform) {
    return {
        id: vuln.id,
        pkg: vuln.pkg,
        installed: vuln.installed,
        fixed: vuln.fixed,
        severity: vuln.severity,
        title: vuln.title,
        url: vuln.url,
        platforms: [platform],
    };
}
/** The same vulnerability of the same package seen again (another target or platform). */
function combine(finding, vuln, platform) {
    return {
        ...finding,
        installed: joinVersions([...splitVersions(finding.installed), ...splitVersions(vuln.installed)]),
        fixed: joinVersions([...splitVersions(finding.fixed), ...splitVersions(vuln.fixed)]),
        // Sources can disagree per distribution; the gate must see the worst.
        severity: worse(finding.severity, vuln.severity),
        title: finding.title || vuln.title,
        url: finding.url || vuln.url,
        platforms: finding.platforms.includes(platform) ? finding.platforms : [...finding.platforms, platform],
    };
}
function compareFindings(a, b) {
    return severityRank(a.severity) - severityRank(b.severity) || compareText(a.id, b.id) || compareText(a.pkg, b.pkg);
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function countSeverities(severities) {
    const counts = emptyCounts();
    for (const severity of severities)
        counts[severity] += 1;
    return counts;
}
function worse(a, b) {
    return a === undefined || severityRank(b) < severityRank(a) ? b : a;
}
function findingKey(id, pkg) {
    return `${id}\u0000${pkg}`;
}
/**
 * Trivy prints one of its five words, always; a missing severity is its UNKNOWN. Any other word
 * is not a report we understand (a gate that read "Critical" or "SEVERE" as UNKNOWN could pass
 * an image it should stop), so it fails closed.
 */
function toSeverity(value, finding) {
    if (value === '')
        return 'UNKNOWN';
    if (_severity_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.includes(value))
        return value;
    throw reportError(`gives finding ${finding} the Severity ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value, 80)}, which is not one of Trivy's ${_severity_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.join(', ')}`);
}
/** One version as package managers write them: 1.2.3, 1:2.0.5-1+deb10u1, 1.1.1d-r0, 2.0~rc1, v0.0.0-2023... */
const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.+~:_-]*$/;
/**
 * FixedVersion is empty (no fix) or versions joined by commas ("1.26.5, 1.25.9"). Anything else
 * (a sentence, an empty part, markup) is not a report we understand, so it fails closed.
 */
function fixedVersions(value, finding) {
    if (value.trim() === '')
        return '';
    const parts = value.split(',').map((part) => part.trim());
    const bad = parts.find((part) => !VERSION_RE.test(part));
    if (bad !== undefined) {
        throw reportError(`gives finding ${finding} the FixedVersion ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value, 120)}, which is not a comma-separated list of versions (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(bad, 80)} is not a version)`);
    }
    return joinVersions(parts);
}
/** "1.2.3, 1.3.1" (Trivy joins several fixed versions with commas) -> distinct, trimmed parts. */
function splitVersions(value) {
    return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}
function joinVersions(parts) {
    return [...new Set(parts)].join(', ');
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function optionalArray(value, where) {
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value))
        throw reportError(`${where} is not an array`);
    return value;
}
function optionalString(value, where) {
    if (value === undefined || value === null)
        return '';
    if (typeof value !== 'string')
        throw reportError(`${where} is not a string`);
    return value;
}
function reportError(detail) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ToolError */ .v4(`The Trivy report ${detail}; the gate fails closed`);
}


/***/ }),

/***/ 8593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ METADATA_FILE_PLACEHOLDER)
/* harmony export */ });
// The plain data that flows through the action: context -> inputs -> plan -> stage results.
// Nothing here does anything; every stage reads these shapes and returns its own result.
const METADATA_FILE_PLACEHOLDER = '{{metadata-file}}';


/***/ }),

/***/ 5421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: realDeps

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/adapters/temp.ts
var temp = __webpack_require__(3428);
// EXTERNAL MODULE: ./src/adapters/git/runner.ts
var runner = __webpack_require__(4925);
;// CONCATENATED MODULE: ./src/adapters/git/workspace-head.ts
// The commit the workspace holds: `git rev-parse HEAD`, with git isolated from the runner's
// configuration like every other git command of the action (git.ts).


/** The full SHA of the workspace's HEAD commit, or '' when there is none to read. */
async function readWorkspaceHead(where) {
    return (0,temp/* withTempDir */.E8)(where.tempRoot, 'ftmo-head-', async (tempDir) => {
        // The workspace may belong to another user than the action's (a container job).
        const git = await (0,runner/* createGit */.lD)({ tempDir, env: where.env, now: where.now, stage: 'checkout', config: [{ key: 'safe.directory', value: where.workspace }] });
        const result = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: where.workspace });
        return result.code === 0 ? result.stdout.trim() : '';
    });
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
// EXTERNAL MODULE: ./src/domain/escape.ts
var domain_escape = __webpack_require__(9757);
// EXTERNAL MODULE: ./src/domain/ids.ts
var ids = __webpack_require__(1606);
;// CONCATENATED MODULE: ./src/domain/plan/run-context.ts
// The runner's environment and event payload turned into a plain RunContext. The payload is
// parsed field by field: it is JSON from a file, and a fork controls part of it.



const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/**
 * The events that may deploy: in auto mode only these update the manifests, and only these move
 * `latest` on the default branch. Any other event (issue_comment, workflow_run,
 * repository_dispatch, release...) can be started by more people or by other workflows' results.
 */
const DEPLOY_EVENTS = new Set(['push', 'workflow_dispatch', 'schedule']);
const REPOSITORY_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
function buildRunContext(env, payload) {
    const eventName = required(env, 'GITHUB_EVENT_NAME');
    const sha = required(env, 'GITHUB_SHA').toLowerCase();
    if (!(0,ids/* isCommitSha */._$)(sha))
        throw new errors/* ContextError */.af('GITHUB_SHA', 'must be a full commit SHA (40 hex characters)', sha);
    const repository = required(env, 'GITHUB_REPOSITORY');
    if (!REPOSITORY_RE.test(repository))
        throw new errors/* ContextError */.af('GITHUB_REPOSITORY', 'must be owner/name', repository);
    const workspace = required(env, 'GITHUB_WORKSPACE');
    if (!workspace.startsWith('/'))
        throw new errors/* ContextError */.af('GITHUB_WORKSPACE', 'must be an absolute path', workspace);
    return {
        eventName,
        ref: env.GITHUB_REF ?? '',
        sha,
        repository,
        owner: env.GITHUB_REPOSITORY_OWNER || (repository.split('/')[0] ?? ''),
        workspace,
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
        runId: env.GITHUB_RUN_ID ?? '',
        actor: env.GITHUB_ACTOR ?? '',
        payloadDefaultBranch: refField(stringAt(payload, 'repository', 'default_branch'), 'event payload repository.default_branch'),
        pullRequest: pullRequestInfo(eventName, payload, repository),
    };
}
/**
 * Is this run about a pull request: a pull_request / pull_request_target event, or another
 * pull-request event (review, review comment) that runs on the `refs/pull/N/merge` ref.
 */
function isPullRequestRun(ctx) {
    return ctx.pullRequest !== undefined && (PULL_REQUEST_EVENTS.has(ctx.eventName) || ctx.ref.startsWith('refs/pull/'));
}
/**
 * Refuses `pull_request_target` for a pull request from another repository: that event runs
 * with the base repository's secrets and write token, so building the fork's code with them
 * hands those credentials to whoever opened the pull request.
 */
function assertEventAllowed(ctx) {
    const pr = ctx.pullRequest;
    if (ctx.eventName !== 'pull_request_target' || pr === undefined || !pr.fork)
        return;
    const head = pr.headRepo === '' ? 'a deleted repository' : (0,domain_escape/* quote */.hD)(pr.headRepo);
    throw new errors/* ContextError */.af('pull_request_target', `refused: pull request #${pr.number} comes from ${head}, not from ${(0,domain_escape/* quote */.hD)(pr.baseRepo)}; ` +
        "building a fork's code with the base repository's credentials would expose them. " +
        'Use the pull_request event for pull requests from forks (it builds without pushing).');
}
/**
 * The pull request of the payload. Required (and checked strictly) on pull_request events;
 * on other events it is taken only when it is complete.
 */
function pullRequestInfo(eventName, payload, repository) {
    const strict = PULL_REQUEST_EVENTS.has(eventName);
    const pr = field(payload, 'pull_request');
    if (!isObject(pr))
        return incomplete(strict, new errors/* ContextError */.af('event payload', `a ${eventName} event must carry pull_request`));
    const number = field(pr, 'number');
    const headSha = stringAt(pr, 'head', 'sha').toLowerCase();
    if (!isPositiveInteger(number)) {
        return incomplete(strict, new errors/* ContextError */.af('event payload pull_request.number', 'must be a positive integer', String(number)));
    }
    if (!(0,ids/* isCommitSha */._$)(headSha)) {
        return incomplete(strict, new errors/* ContextError */.af('event payload pull_request.head.sha', 'must be a full commit SHA', headSha));
    }
    // A deleted fork leaves head.repo null: unknown origin counts as another repository.
    const headRepo = stringAt(pr, 'head', 'repo', 'full_name');
    const baseRepo = stringAt(pr, 'base', 'repo', 'full_name') || repository;
    const headRef = stringAt(pr, 'head', 'ref');
    const refProblem = (0,ids/* refCharacterProblem */.cl)(headRef);
    if (refProblem !== undefined) {
        return incomplete(strict, new errors/* ContextError */.af('event payload pull_request.head.ref', `must be a git branch name: ${refProblem}`, headRef));
    }
    return {
        number,
        headRef,
        headSha,
        headRepo,
        baseRepo,
        fork: headRepo === '' || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    };
}
/** A branch name from the payload: '' when absent, else it must be one git could hold. */
function refField(value, source) {
    const problem = (0,ids/* refCharacterProblem */.cl)(value);
    if (problem !== undefined)
        throw new errors/* ContextError */.af(source, `must be a git branch name: ${problem}`, value);
    return value;
}
/** A pull request event without a usable pull request is an error; any other event just has none. */
function incomplete(strict, error) {
    if (strict)
        throw error;
    return undefined;
}
function required(env, name) {
    const value = env[name] ?? '';
    if (value === '')
        throw new errors/* ContextError */.af(name, 'must be set (the GitHub runner sets it for every step)');
    return value;
}
function isPositiveInteger(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function field(value, key) {
    return isObject(value) ? value[key] : undefined;
}
/** The string at a path of object keys, '' when any step is missing or of another type. */
function stringAt(value, ...keys) {
    const found = keys.reduce((current, key) => field(current, key), value);
    return typeof found === 'string' ? found : '';
}

;// CONCATENATED MODULE: ./src/context.ts



/**
 * The run context as the runner provides it: GITHUB_* variables and the event payload file.
 * A missing payload file counts as an empty payload (local runs); an unreadable one is an error.
 */
function readRunContext(env = process.env) {
    return buildRunContext(env, readPayload(env.GITHUB_EVENT_PATH ?? ''));
}
function readPayload(path) {
    if (path === '')
        return {};
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'unknown error';
        if (code === 'ENOENT')
            return {};
        throw new errors/* ContextError */.af('GITHUB_EVENT_PATH', `cannot be read (${code})`, path);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new errors/* ContextError */.af('GITHUB_EVENT_PATH', 'is not a JSON event payload', path);
    }
}

;// CONCATENATED MODULE: ./src/domain/plan/checkout.ts
// Which commit a run builds. The tags, the revision label and the manifests state all name one
// commit; the code that is built is whatever the workspace holds. So the workspace's HEAD must be
// a commit the run is for, and that commit is the one every name is derived from.



/**
 * The commits this run is for: GITHUB_SHA and, on a pull request, its head commit (checking
 * the head out instead of the merge commit is common and builds what the author pushed).
 */
function namedCommits(ctx) {
    const head = isPullRequestRun(ctx) ? ctx.pullRequest?.headSha : undefined;
    return head === undefined || head === ctx.sha ? [ctx.sha] : [ctx.sha, head];
}
/**
 * The built commit, given the workspace's HEAD ('' when it could not be read). Any other
 * commit is refused in the modes that change something; plan mode changes nothing, so there it
 * is a warning and the plan is made for GITHUB_SHA.
 */
function checkedOutCommit(ctx, mode, head) {
    const named = namedCommits(ctx);
    const commit = (0,ids/* commitShaOf */.pJ)(head) ?? '';
    if (commit !== '' && named.includes(commit))
        return { commit };
    const problem = checkoutProblem(ctx, commit);
    if (mode !== 'plan')
        throw new errors/* ContextError */.af('workspace HEAD', `refused before anything ran: ${problem}`);
    return { commit: ctx.sha, warning: `${problem}. Plan mode changes nothing, so this plan is for ${ctx.sha}; every other mode refuses to run.` };
}
function checkoutProblem(ctx, head) {
    const named = namedCommits(ctx);
    const wanted = named.length > 1 ? `GITHUB_SHA ${named[0]} or the pull request's head ${named[1]}` : `GITHUB_SHA ${ctx.sha}`;
    const found = head === '' ? 'the workspace has no readable HEAD commit (is it a checkout?)' : `the workspace's HEAD is ${head}`;
    return (`${found}, but this run is for ${wanted}; the image's tags, revision label and the manifests state would name ` +
        'a commit that is not the code being built. Check out the run\'s commit: actions/checkout without a ref, or with ref: ${{ github.sha }}');
}

// EXTERNAL MODULE: ./src/domain/types.ts
var types = __webpack_require__(8593);
;// CONCATENATED MODULE: ./src/domain/plan/buildx-args.ts


/**
 * argv for `docker` (`buildx`, `build`, ...): one array element per argument, never a shell
 * string, so no value can be re-read as another option or a command. The metadata file is
 * METADATA_FILE_PLACEHOLDER; the docker adapter replaces it with a temporary file.
 */
function buildxArgs(input) {
    return [
        'buildx',
        'build',
        // Plain progress: the log is a file on the runner, and the tail of it is the error message.
        '--progress',
        'plain',
        ...platformArgs(input.platforms),
        ...(input.file ? ['--file', pathArg(input.file)] : []),
        ...(input.target ? ['--target', input.target] : []),
        ...input.buildArgs.flatMap(({ key, value }) => ['--build-arg', `${key}=${value}`]),
        ...input.labels.flatMap(({ key, value }) => ['--label', `${key}=${value}`]),
        ...tagArgs(input),
        ...attestationArgs('provenance', input.provenance),
        ...attestationArgs('sbom', input.sbom),
        ...cacheArgs(input),
        '--metadata-file',
        types/* METADATA_FILE_PLACEHOLDER */.Z,
        ...outputArgs(input),
        pathArg(input.context || '.'),
    ];
}
// Pushed by digest, a leg names no tag: the merge job tags the index of every leg's image.
function tagArgs(input) {
    if (input.pushByDigest)
        return [];
    return input.tags.filter((tag) => tag !== ids/* LATEST */.k0).flatMap((tag) => ['--tag', `${input.image}:${tag}`]);
}
function platformArgs(platforms) {
    return platforms.length > 0 ? ['--platform', platforms.join(',')] : [];
}
// `--provenance` and `--sbom` take an optional value in some buildx versions; written as one
// `--flag=value` token the value can never be taken for the build context (`--provenance false .`).
function attestationArgs(flag, value) {
    return value === '' ? [] : [`--${flag}=${value}`];
}
function cacheArgs(input) {
    switch (input.cache) {
        case 'gha': {
            // Per service and platform: legs building one platform each in parallel never overwrite
            // each other's cache (a multi-platform build has the scope of its platforms together).
            const ref = `type=gha,scope=${cacheScope(input.service, input.platforms)}`;
            // A cache that cannot be written (rate limits, fork PR tokens) must not fail the build.
            return ['--cache-from', ref, '--cache-to', `${ref},mode=max,ignore-error=true`];
        }
        case 'registry': {
            const ref = `type=registry,ref=${input.image}:buildcache`;
            // Without a push there is no login, so the cache can be read (public images) but not written.
            const write = input.push ? ['--cache-to', `${ref},mode=max,ignore-error=true`] : [];
            return ['--cache-from', ref, ...write];
        }
        case 'none':
            return [];
    }
}
function cacheScope(service, platforms) {
    return [service, ...platforms.map((platform) => platform.replace(/\//g, '-'))].join('-');
}
// Not pushing (fork pull requests, `push: false`): a multi-platform result cannot be `--load`ed
// into the classic image store, and without any output buildx warns that the result stays in the
// build cache. `type=cacheonly` says that on purpose: the build runs and is checked, nothing leaves.
// Pushed by digest (Docker's "distribute build across multiple runners"): untagged, under the
// image's canonical name, so the digest is all a merge job needs.
function outputArgs(input) {
    if (!input.push)
        return ['--output', 'type=cacheonly'];
    if (input.pushByDigest)
        return ['--output', `type=image,name=${input.image},push-by-digest=true,name-canonical=true,push=true`];
    return ['--push'];
}
// A relative path that starts with `-` would read as an option (`-` alone as stdin for --file).
function pathArg(path) {
    return path.startsWith('-') ? `./${path}` : path;
}

// EXTERNAL MODULE: ./src/domain/plan/reuse.ts
var plan_reuse = __webpack_require__(7014);
// EXTERNAL MODULE: ./src/domain/plan/source-key.ts
var source_key = __webpack_require__(4291);
;// CONCATENATED MODULE: ./src/domain/plan/github-registry.ts
// GitHub's own container registry for the GitHub server the run is on: the only registry the
// workflow's token (`github-token`) is ever sent to.
/** `ghcr.io` for github.com; `containers.<host>` for GitHub Enterprise Server; '' for a server URL that cannot be read. */
function githubRegistryHost(serverUrl) {
    let host;
    try {
        host = new URL(serverUrl).hostname.toLowerCase();
    }
    catch {
        return '';
    }
    if (host === '')
        return '';
    return host === 'github.com' ? 'ghcr.io' : `containers.${host}`;
}
/** Is `registry` (an image's host, with port if any) GitHub's own registry for this server? */
function isGitHubRegistry(registry, serverUrl) {
    const own = githubRegistryHost(serverUrl);
    return own !== '' && registry.toLowerCase() === own;
}

// EXTERNAL MODULE: ./src/domain/plan/image-ref.ts
var image_ref = __webpack_require__(5791);
// EXTERNAL MODULE: ./node_modules/semver/functions/parse.js
var parse = __webpack_require__(6353);
var parse_default = /*#__PURE__*/__webpack_require__.n(parse);
;// CONCATENATED MODULE: ./src/domain/plan/tags.ts
// The tag rules: which tags an image built in this run gets, which of them is the `version`,
// and whether `latest` applies. Everything here is a function of the run context alone.




/**
 * A ref name made into tag material: every run of characters outside `[A-Za-z0-9_.-]` becomes
 * one `-`, leading `.`/`-` go (a tag cannot start with them), case is kept. No length limit
 * here: callers cut to fit, because what must survive whole differs by rule.
 */
function sanitizeTag(ref) {
    return ref.replace(/[^A-Za-z0-9_.-]+/gu, '-').replace(/^[.-]+/, '');
}
/** `default-branch` input, else the payload's repository.default_branch, else `main`. */
function resolveDefaultBranch(input, ctx) {
    return input || ctx.payloadDefaultBranch || 'main';
}
function computeTags(ctx, options) {
    const pullRequest = isPullRequestRun(ctx) ? ctx.pullRequest : undefined;
    const sourceCommit = options.sourceCommit;
    const sha = sourceCommit.slice(0, options.shaLength);
    const row = pullRequest
        ? pullRequestRow(pullRequest.number, pullRequest.headRef, sha)
        : refRow(ctx, options.defaultBranch, sha);
    const aliases = row.aliases ?? [];
    const tags = unique([...row.tags, ...aliases, ...(row.latest ? [ids/* LATEST */.k0] : []), ...checkedExtraTags(options.extraTags)]);
    return {
        refKind: row.refKind,
        refName: row.refName,
        version: row.version,
        tags,
        immutableTags: tags.filter((tag) => tag !== ids/* LATEST */.k0 && !aliases.includes(tag)),
        latest: row.latest,
        releaseAliases: aliases,
        sourceCommit,
    };
}
function pullRequestRow(number, headRef, sha) {
    // Not the head branch's `<branch>-<sha>`: that tag belongs to the branch's push builds, and
    // what a pull request builds (by default its merge commit) is other content. `pr-N` moves with
    // every push to the pull request; `pr-N-<sha>` is the immutable version.
    const version = `pr-${number}-${sha}`;
    return { refKind: 'pull_request', refName: headRef, version, tags: [`pr-${number}`, version], latest: false };
}
function refRow(ctx, defaultBranch, sha) {
    const branch = stripPrefix(ctx.ref, 'refs/heads/');
    if (branch !== undefined) {
        const latest = branch === defaultBranch && DEPLOY_EVENTS.has(ctx.eventName);
        const version = branchShaTag(branch, sha);
        return { refKind: 'branch', refName: branch, version, tags: [version], latest };
    }
    const tag = stripPrefix(ctx.ref, 'refs/tags/');
    if (tag !== undefined) {
        const tags = gitTagTags(tag, sha);
        for (const taken of tags)
            checkNotReserved(tag, taken);
        const [version = sha, ...aliases] = tags;
        return { refKind: 'tag', refName: tag, version, tags: [version], latest: false, aliases };
    }
    // Anything else (refs/pull/* without a payload, no ref at all): only the commit names the image.
    return { refKind: 'other', refName: '', version: sha, tags: [sha], latest: false };
}
/** `<ref>-<sha>`: the ref part is cut so the whole fits in 128 characters; the SHA is kept whole. */
function branchShaTag(ref, sha) {
    const room = ids/* MAX_TAG_LENGTH */.Ti - sha.length - 1;
    const part = sanitizeTag(ref).slice(0, Math.max(room, 0));
    return part === '' ? sha : `${part}-${sha}`;
}
/** Semver release: X.Y.Z, X.Y, X. Prerelease: the full version only. Any other tag: sanitised. The first is the version. */
function gitTagTags(tag, sha) {
    // Strict semver.org grammar with an optional `v`; `version` drops the build metadata.
    const parsed = parse_default()(tag);
    if (parsed) {
        const { major, minor, version } = parsed;
        if (parsed.prerelease.length === 0)
            return [version, `${major}.${minor}`, `${major}`];
        if ((0,ids/* isValidTag */.r_)(version))
            return [version];
        // A prerelease too long for a tag falls through to the generic rule below.
    }
    const sanitised = sanitizeTag(tag).slice(0, ids/* MAX_TAG_LENGTH */.Ti);
    return [sanitised === '' ? sha : sanitised];
}
/**
 * A git tag may not produce a tag that other rows own: `latest` (moved only after the scan gate)
 * or a pull request's `pr-N` / `pr-N-<sha>`. Either would be overwritten with other content.
 */
function checkNotReserved(gitTag, tag) {
    const owner = tag === ids/* LATEST */.k0 ? 'the tag rules move it only after the scan gate' : ids/* PULL_REQUEST_TAG_RE */.RW.test(tag) ? 'it is a pull request build\'s tag' : '';
    if (owner === '')
        return;
    throw new errors/* ContextError */.af('GITHUB_REF', `refused: the git tag would give the image tag ${tag}, which a tag push must not take (${owner}); use another git tag name`, `refs/tags/${gitTag}`);
}
function checkedExtraTags(extraTags) {
    for (const tag of extraTags) {
        const problem = (0,ids/* extraTagProblem */.yh)(tag);
        if (problem !== undefined)
            throw new errors/* InputError */.dz('extra-tags', problem, tag);
    }
    return extraTags;
}
function stripPrefix(value, prefix) {
    return value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
}
function unique(values) {
    return [...new Set(values)];
}
/** OCI annotations for the image config, in a stable order. */
function ociLabels(ctx, options) {
    return [
        { key: 'org.opencontainers.image.source', value: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}` },
        { key: 'org.opencontainers.image.revision', value: options.sourceCommit },
        { key: 'org.opencontainers.image.version', value: options.version },
        { key: 'org.opencontainers.image.created', value: options.created },
        { key: 'org.opencontainers.image.title', value: options.service },
    ];
}

;// CONCATENATED MODULE: ./src/domain/plan/settings.ts
// The inputs the build and the scan are run with, each list written once: the plan copies
// exactly these into its BuildPlan and ScanPlan, and `docker buildx build` reads the same ones.
const BUILD_SETTINGS = ['context', 'file', 'target', 'buildArgs', 'platforms', 'cache', 'provenance', 'sbom'];
const SCAN_SETTINGS = [
    'trivyVersion',
    'trivySha256',
    'trivyDownloadUrl',
    'trivyPath',
    'failOn',
    'ignoreUnfixed',
    'trivyignore',
    'platforms',
    'trivyCacheDir',
    'trivyDbRepositories',
    'trivyDbMaxAgeMs',
];
/** The `keys` of `inputs`, nothing else. */
function settingsOf(inputs, keys) {
    return Object.fromEntries(keys.map((key) => [key, inputs[key]]));
}

;// CONCATENATED MODULE: ./src/domain/plan/plan.ts
// Inputs + run context -> the Plan: every decision the stages will act on, made up front so that
// `mode: plan` can show it and every later stage only carries it out.










/**
 * `created` is the only clock reading in the plan, `sourceCommit` the commit that is built
 * (checkout.ts), `sourceKey` what the workspace's files and the build settings add up to
 * (plan/source-key.ts; undefined when it was not computed); the caller passes them in.
 */
function makePlan(inputs, ctx, created, sourceCommit, sourceKey) {
    const defaultBranch = resolveDefaultBranch(inputs.defaultBranch, ctx);
    const tags = tagsFor(inputs, ctx, defaultBranch, sourceCommit);
    checkManifestsBranch(inputs, tags, defaultBranch);
    const labels = ociLabels(ctx, {
        service: inputs.service,
        version: tags.version,
        sourceCommit: tags.sourceCommit,
        created,
    });
    const build = buildPlan(inputs, ctx, tags, labels, sourceKey);
    if (build.login)
        checkRegistryCredentials(inputs, ctx);
    const scan = scanPlan(inputs, build);
    const manifests = manifestsPlan(inputs, ctx, tags, build, defaultBranch);
    return {
        mode: inputs.mode,
        event: ctx.eventName,
        refKind: tags.refKind,
        refName: tags.refName,
        service: inputs.service,
        image: inputs.image,
        registry: inputs.registry,
        version: tags.version,
        tags: tags.tags,
        immutableTags: tags.immutableTags,
        latest: tags.latest && build.push && !build.pushByDigest,
        releaseAliases: build.push && !build.pushByDigest ? tags.releaseAliases : [],
        labels,
        sourceCommit: tags.sourceCommit,
        defaultBranch,
        runUrl: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}/actions/runs/${ctx.runId}`,
        build,
        merge: inputs.digests,
        scan,
        manifests,
    };
}
/** Deploy mode pins an existing tag: that tag is the whole row. */
function tagsFor(inputs, ctx, defaultBranch, sourceCommit) {
    const computed = computeTags(ctx, { defaultBranch, shaLength: inputs.shaLength, extraTags: inputs.extraTags, sourceCommit });
    if (inputs.mode !== 'deploy')
        return computed;
    return { ...computed, version: inputs.tag, tags: [inputs.tag], immutableTags: [inputs.tag], latest: false, releaseAliases: [] };
}
function buildPlan(inputs, ctx, tags, labels, sourceKey) {
    const fork = ctx.pullRequest?.fork === true;
    const decision = buildDecision(inputs, tags);
    // merge mode builds nothing but pushes the index (and its tags) made from the legs' digests.
    const push = (decision.enabled || inputs.mode === 'merge') && pushDecision(inputs, fork);
    const pushByDigest = push && inputs.push === 'by-digest';
    const reuse = (0,plan_reuse/* reusePlan */.k)({ skipUnchanged: inputs.skipUnchanged, mode: inputs.mode, push, byDigest: pushByDigest, key: sourceKey });
    // A build with a key leaves it on the image (label) and in the registry (tag), so that the
    // next run with the same files finds it.
    const keyed = reuse.key === '' ? [] : [reuse.tag];
    const settings = settingsOf(inputs, BUILD_SETTINGS);
    const buildx = {
        ...settings,
        service: inputs.service,
        image: inputs.image,
        tags: [...tags.immutableTags, ...keyed],
        labels: reuse.key === '' ? labels : [...labels, { key: source_key/* SOURCE_KEY_LABEL */.d, value: reuse.key }],
        push,
        pushByDigest,
    };
    return {
        ...decision,
        reason: push || !decision.enabled ? decision.reason : `${decision.reason}; not pushed (${noPushReason(fork)})`,
        push,
        pushByDigest,
        // Deploy mode reads the registry (tag -> digest), so it logs in without building.
        login: push || inputs.mode === 'deploy',
        ...settings,
        args: decision.enabled ? buildxArgs(buildx) : [],
        reuse,
    };
}
function buildDecision(inputs, tags) {
    if (inputs.mode === 'deploy')
        return { enabled: false, reason: `deploy mode pins the existing tag ${inputs.tag}` };
    if (inputs.mode === 'merge') {
        return { enabled: false, reason: `merge mode builds nothing: ${tags.immutableTags.join(', ')} name one index of the legs' ${inputs.platforms.join(', ')} images` };
    }
    if (inputs.push === 'by-digest')
        return { enabled: true, reason: `${describeRef(tags)}: build ${inputs.platforms.join(', ')} and push by digest, untagged, for a merge job` };
    return { enabled: true, reason: `${describeRef(tags)}: build ${tags.immutableTags.join(', ')}` };
}
/** Not even `push: true` pushes a fork's pull request: its code never gets the credentials. */
function pushDecision(inputs, fork) {
    return inputs.push !== 'false' && !fork;
}
function noPushReason(fork) {
    return fork ? 'pull request from a fork: its code never gets the registry credentials' : 'push: false';
}
function scanPlan(inputs, build) {
    const settings = settingsOf(inputs, SCAN_SETTINGS);
    if (!inputs.scan)
        return { ...settings, enabled: false, reason: 'scan: false' };
    if (inputs.mode === 'deploy') {
        return { ...settings, enabled: true, reason: `scan every platform of the index ${inputs.tag} names before pinning it` };
    }
    if (!build.push)
        return { ...settings, enabled: false, reason: 'nothing is pushed, so there is nothing to scan' };
    if (build.pushByDigest)
        return { ...settings, enabled: false, reason: 'push: by-digest: the merge job scans every platform of the merged index' };
    return { ...settings, enabled: true, reason: `scan every platform of the pushed index; fail on ${failOnText(inputs)}` };
}
function failOnText(inputs) {
    return inputs.failOn.length === 0 ? 'nothing (report only)' : inputs.failOn.join(', ');
}
/**
 * The manifests branch is written by the action only: it must not be a branch people build
 * from or deploy from, or a pin commit would land in source history (and trigger more builds).
 */
function checkManifestsBranch(inputs, tags, defaultBranch) {
    const branch = inputs.manifestsBranch;
    const rules = [
        [tags.refKind === 'branch' && tags.refName === branch, 'must not be the branch being built'],
        [branch === defaultBranch, `must not be the default branch (${defaultBranch})`],
        [inputs.deployBranches.includes(branch), 'must not be one of deploy-branches'],
    ];
    const broken = rules.find(([failed]) => failed);
    if (broken !== undefined) {
        throw new errors/* InputError */.dz('manifests-branch', `${broken[1]}: the action commits pins to it, so it must be a branch of its own`, branch);
    }
}
/**
 * The workflow's token goes to GitHub's own registry only. Another registry needs its own
 * user name and password; an empty one fails here, before anything logs in.
 */
function checkRegistryCredentials(inputs, ctx) {
    if (isGitHubRegistry(inputs.registry, ctx.serverUrl)) {
        if (inputs.registryPassword === '') {
            throw new errors/* InputError */.dz('github-token', `must not be empty: it is the password for GitHub's registry ${inputs.registry} unless registry-password is given`);
        }
        return;
    }
    const own = githubRegistryHost(ctx.serverUrl) || "GitHub's own registry";
    const rule = `must be given to log in to ${inputs.registry}: github-token is sent only to ${own}, never to another registry`;
    if (inputs.registryUsername === '')
        throw new errors/* InputError */.dz('registry-username', rule);
    if (inputs.registryPassword === '')
        throw new errors/* InputError */.dz('registry-password', rule);
}
function manifestsPlan(inputs, ctx, tags, build, defaultBranch) {
    const settings = {
        paths: inputs.manifestsPaths,
        branch: inputs.manifestsBranch,
        repository: inputs.manifestsRepository,
        pinDigest: inputs.pinDigest,
        maxPushAttempts: inputs.maxPushAttempts,
        tag: tags.version,
        // Deploy mode pins a tag someone chose: it may be older than what is deployed, on purpose.
        ordering: inputs.mode === 'deploy' ? 'bypassed' : 'enforced',
    };
    return { ...settings, ...manifestsDecision(inputs, ctx, tags, build, defaultBranch) };
}
function manifestsDecision(inputs, ctx, tags, build, defaultBranch) {
    const target = `${inputs.manifestsBranch} branch`;
    if (inputs.mode === 'deploy')
        return { enabled: true, reason: `pin ${inputs.tag} on the ${target}` };
    if (inputs.mode === 'build')
        return { enabled: false, reason: 'build mode never touches the manifests' };
    if (tags.refKind !== 'branch')
        return { enabled: false, reason: `${describeRef(tags)}: manifests are updated for branch builds only` };
    if (!DEPLOY_EVENTS.has(ctx.eventName)) {
        return { enabled: false, reason: `the ${(0,domain_escape/* quote */.hD)(ctx.eventName)} event does not deploy: auto mode updates the manifests for ${[...DEPLOY_EVENTS].join(', ')} only` };
    }
    const branches = inputs.deployBranches.length > 0 ? inputs.deployBranches : [defaultBranch];
    if (!branches.includes(tags.refName)) {
        return { enabled: false, reason: `branch ${tags.refName} is not in deploy-branches (${branches.join(', ')})` };
    }
    if (!build.push)
        return { enabled: false, reason: 'nothing is pushed, so there is nothing to pin' };
    if (build.pushByDigest)
        return { enabled: false, reason: 'push: by-digest: the merge job pins the merged index' };
    return { enabled: true, reason: `after the scan gate, pin ${tags.version} on the ${target}` };
}
function describeRef(tags) {
    switch (tags.refKind) {
        case 'branch':
            return `branch ${tags.refName}`;
        case 'pull_request':
            return `pull request from ${tags.refName}`;
        case 'tag':
            return `tag ${tags.refName}`;
        default:
            return 'this ref';
    }
}
/** Full references `image:tag` for every tag of the plan (the `tags` output). */
function planReferences(plan) {
    return plan.tags.map((tag) => (0,image_ref/* formatReference */.FH)(plan.image, { tag }));
}

// EXTERNAL MODULE: ./src/domain/report/markdown.ts
var markdown = __webpack_require__(3010);
;// CONCATENATED MODULE: ./src/domain/argocd/summary-rows.ts
// The job summary's Argo CD section: the outcome, one row per Application (sync, health, the
// revision it runs, the last operation), then what Argo CD says about the resources that are
// not healthy. Everything here came from a server: escaped.

function argoCdSection(result) {
    const lines = ['### Argo CD', '', (0,markdown/* escapeParagraph */.I$)(`${result.status}: ${result.reason}`), ''];
    if (result.rollback !== undefined) {
        const commit = result.rollback.commit === '' ? '' : ` in ${(0,markdown/* inlineCode */.ti)(result.rollback.commit.slice(0, 12))}`;
        lines.push(`Rollback${commit}: ${(0,markdown/* escapeCell */.kq)(result.rollback.reason, 1000)}`, '');
    }
    if (result.applications.length === 0)
        return lines;
    lines.push('| Application | Sync | Health | Revision | Last operation |', '|---|---|---|---|---|');
    for (const app of result.applications) {
        const revision = app.revision === '' ? '' : (0,markdown/* inlineCode */.ti)(app.revision.slice(0, 12));
        lines.push(`| ${(0,markdown/* escapeCell */.kq)(app.name)} | ${(0,markdown/* escapeCell */.kq)(app.sync)} | ${(0,markdown/* escapeCell */.kq)(app.health)} | ${revision} | ${(0,markdown/* escapeCell */.kq)(app.operation, 400)} |`);
    }
    const problems = result.applications.flatMap((app) => app.problems.map((problem) => ({ app: app.name, ...problem })));
    if (problems.length > 0) {
        lines.push('', '| Application | Resource | Health | Message |', '|---|---|---|---|');
        for (const p of problems) {
            lines.push(`| ${(0,markdown/* escapeCell */.kq)(p.app)} | ${(0,markdown/* escapeCell */.kq)(`${p.kind}/${p.name}`)} | ${(0,markdown/* escapeCell */.kq)(p.health)} | ${(0,markdown/* escapeCell */.kq)(p.message, 400)} |`);
        }
    }
    lines.push('');
    return lines;
}

// EXTERNAL MODULE: ./src/domain/scan/summary.ts + 1 modules
var summary = __webpack_require__(72);
;// CONCATENATED MODULE: ./src/domain/report/summary.ts
// The job summary: the run at a glance (what was built, whether it passed, what was deployed),
// then the details a reviewer opens when something needs a look.




/** GitHub refuses step summaries over 1 MiB; the diff is the only part that can grow large. */
const MAX_DIFF_CHARS = 60_000;
function renderSummary(report) {
    const { plan } = report;
    const lines = [`## ${headline(report)}`, ''];
    if (report.error !== undefined)
        lines.push(...errorSection(failureLine(report.failedStage, report.error)));
    for (const warning of report.warnings ?? [])
        lines.push('> [!WARNING]', `> ${(0,markdown/* escapeCell */.kq)(warning, 1000)}`, '');
    if (plan === undefined)
        return `${lines.join('\n').trimEnd()}\n`;
    lines.push(...warningSection(report.manifests?.warnings ?? []));
    lines.push(...overview(report, plan), '', ...stages(report, plan), '');
    lines.push(...tagsAndLabels(plan), '');
    if (report.scan !== undefined && !scannerBroke(report.scan))
        lines.push((0,summary/* scanSummaryMarkdown */.bB)(report.scan), '');
    lines.push(...manifestsSection(report));
    if (report.argocd !== undefined && report.argocd.status !== 'skipped')
        lines.push(...argoCdSection(report.argocd));
    return `${lines.join('\n').trimEnd()}\n`;
}
/** How a failure is told, in the step's error and the summary: the stage first, when it has one. */
function failureLine(stage, message) {
    return stage === undefined ? message : `${stage}: ${message}`;
}
/** The first line as the alert, the whole message (a tool's output, often) as a block. */
function errorSection(error) {
    const [first = '', ...rest] = error.split('\n');
    const lines = ['> [!CAUTION]', `> ${(0,markdown/* escapeCell */.kq)(first, 1000)}`, ''];
    if (rest.some((line) => line.trim() !== ''))
        lines.push((0,markdown/* codeBlock */.DV)(rest.join('\n').slice(-8000)), '');
    return lines;
}
/** What a person should look at even though the run went through (drift, dropped pins). */
function warningSection(warnings) {
    if (warnings.length === 0)
        return [];
    // One paragraph of the alert per warning.
    return ['> [!WARNING]', ...warnings.flatMap((warning, i) => [...(i > 0 ? ['>'] : []), `> ${(0,markdown/* escapeCell */.kq)(warning, 1000)}`]), ''];
}
/** A failed scan without a single report: there are no counts to show, the error says why. */
function scannerBroke(scan) {
    return scan.outcome === 'failed' && Object.keys(scan.countsByPlatform).length === 0;
}
function headline(report) {
    const service = report.plan?.service ?? 'ftmo-deploy';
    if (report.error !== undefined)
        return `❌ ${(0,markdown/* escapeCell */.kq)(service)}: failed`;
    if (report.plan?.mode === 'plan')
        return `📝 ${(0,markdown/* escapeCell */.kq)(service)}: plan (nothing was changed)`;
    if (report.manifests?.changed)
        return `🚀 ${(0,markdown/* escapeCell */.kq)(service)}: deployed ${(0,markdown/* escapeCell */.kq)(report.plan?.manifests.tag ?? '')}`;
    return `✅ ${(0,markdown/* escapeCell */.kq)(service)}: done`;
}
function overview(report, plan) {
    const rows = [
        ['Image', (0,markdown/* inlineCode */.ti)(plan.image)],
        ['Version', (0,markdown/* inlineCode */.ti)(plan.version)],
        ['Mode', `${(0,markdown/* escapeCell */.kq)(plan.mode)} on ${(0,markdown/* escapeCell */.kq)(plan.event)}${plan.refName ? ` (${(0,markdown/* escapeCell */.kq)(plan.refName)})` : ''}`],
        ['Source commit', (0,markdown/* inlineCode */.ti)(plan.sourceCommit)],
    ];
    if (plan.build.reuse.key !== '')
        rows.push(['Source key', (0,markdown/* inlineCode */.ti)(plan.build.reuse.key)]);
    if (report.build?.reused !== undefined)
        rows.push(['Build', reusedCell(report.build.reused)]);
    if (report.build?.digest)
        rows.push(['Digest', (0,markdown/* inlineCode */.ti)(report.build.digest)]);
    if (report.scan !== undefined)
        rows.push(['Scan', `${report.scan.outcome}: ${(0,markdown/* escapeCell */.kq)(report.scan.reason)}`]);
    if (report.manifests !== undefined)
        rows.push(['Manifests', manifestsCell(report)]);
    return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}
function reusedCell(reused) {
    const from = reused.revision === '' ? 'an unknown commit (no revision label)' : (0,markdown/* inlineCode */.ti)(reused.revision);
    return `reused, not built: the image ${(0,markdown/* inlineCode */.ti)(reused.tag)} built from ${from} has the same files and build settings`;
}
function manifestsCell(report) {
    const m = report.manifests;
    if (m === undefined)
        return '';
    if (!m.changed)
        return `unchanged: ${(0,markdown/* escapeCell */.kq)(m.reason)}`;
    const sha = (0,markdown/* inlineCode */.ti)(m.commit.slice(0, 12));
    return m.commitUrl ? `pinned in [${sha}](${m.commitUrl})` : `pinned in ${sha}`;
}
function stages(report, plan) {
    const notDone = report.scan?.outcome === 'failed' ? 'held back by the scan gate' : report.error ? 'not reached' : 'planned';
    const row = (name, decision, done) => `| ${name} | ${decision.enabled ? (done ?? notDone) : 'skipped'} | ${(0,markdown/* escapeCell */.kq)(decision.reason, 400)} |`;
    const latest = plan.latest
        ? { enabled: true, reason: report.promote?.reason ?? 'move latest to this image after the scan gate, forward only' }
        : { enabled: false, reason: 'latest applies only to pushes on the default branch' };
    return [
        '| Stage | Status | Why |',
        '|---|---|---|',
        row('Build and push', summary_buildDecision(report, plan), report.build ? buildStatus(report.build) : undefined),
        row('Scan', plan.scan, report.scan?.outcome),
        row('Promote latest', latest, report.promote?.latest),
        ...(plan.releaseAliases.length === 0 ? [] : [row('Promote release tags', releaseAliasesDecision(report, plan), releaseAliasesStatus(report))]),
        // What the stage found (e.g. a newer build is already pinned) says more than what was planned.
        row('Manifests', report.manifests ? { ...plan.manifests, reason: report.manifests.reason } : plan.manifests, report.manifests ? (report.manifests.changed ? 'committed' : 'unchanged') : undefined),
    ];
}
function releaseAliasesDecision(report, plan) {
    const done = report.promote?.releaseAliases;
    return { enabled: true, reason: done === undefined ? `move ${plan.releaseAliases.join(', ')} after the scan gate, to newer releases only` : done.map((alias) => alias.reason).join('; ') };
}
function releaseAliasesStatus(report) {
    const done = report.promote?.releaseAliases;
    if (done === undefined)
        return undefined;
    return done.some((alias) => alias.moved) ? 'moved' : 'kept';
}
function buildStatus(build) {
    if (build.reused !== undefined)
        return 'reused';
    return build.pushed ? 'pushed' : 'built';
}
/** The build's reason, and what build avoidance decided when the build was planned. */
function summary_buildDecision(report, plan) {
    if (report.build?.reused !== undefined)
        return { enabled: true, reason: `${plan.build.reason}; reused ${report.build.reused.tag}, nothing was built` };
    if (!plan.build.enabled)
        return plan.build;
    return { ...plan.build, reason: `${plan.build.reason}; build avoidance: ${plan.build.reuse.reason}` };
}
function tagsAndLabels(plan) {
    return [
        '<details><summary>Tags and labels</summary>',
        '',
        ...plan.tags.map((tag) => `- ${(0,markdown/* inlineCode */.ti)((0,image_ref/* formatReference */.FH)(plan.image, { tag }))}${tag === 'latest' ? ' (after the scan gate)' : ''}`),
        '',
        ...plan.labels.map(({ key, value }) => `- ${(0,markdown/* inlineCode */.ti)(`${key}=${value}`)}`),
        '',
        '</details>',
    ];
}
/** Whole lines up to the cap, and how much was left out. */
function limitDiff(diff) {
    if (diff.length <= MAX_DIFF_CHARS)
        return diff;
    const cut = diff.lastIndexOf('\n', MAX_DIFF_CHARS);
    const kept = diff.slice(0, cut === -1 ? MAX_DIFF_CHARS : cut + 1);
    return `${kept}... diff cut: ${diff.length - kept.length} more characters\n`;
}
function manifestsSection(report) {
    const diff = report.manifests?.diff ?? report.manifestsPreview ?? '';
    if (diff === '')
        return [];
    const title = report.manifests ? 'Manifests diff' : 'Manifests diff this run would make (digest known after the push)';
    const shown = limitDiff(diff);
    return [`### ${title}`, '', (0,markdown/* codeBlock */.DV)(shown, 'diff'), ''];
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
;// CONCATENATED MODULE: ./src/domain/scan/trivy-db-inputs.ts
// The formats of the vulnerability DB inputs: trivy-cache-dir, trivy-db-repositories and
// trivy-db-max-age. input-rules.ts wires them into the input table.

/**
 * Asked in this order when trivy-db-repositories is empty: Google's and AWS's public mirrors
 * first (their rate limits are the most generous), Aqua's own repository on ghcr.io last.
 */
const DEFAULT_DB_REPOSITORIES = [
    'mirror.gcr.io/aquasec/trivy-db:2',
    'public.ecr.aws/aquasecurity/trivy-db:2',
    'ghcr.io/aquasecurity/trivy-db:2',
];
const DEFAULT_CACHE_DIR = '~/.cache/trivy';
const DEFAULT_DB_MAX_AGE = '72h';
/** A DB older than this is not a scan of today's advisories by any reading. */
const LONGEST_DB_MAX_AGE_MS = 30 * 86_400_000;
/** host[:port]/path[:tag], lower-case host and path as registries require, no scheme or credentials. */
const DB_REPOSITORY_RE = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;
/** Why `value` is not an OCI repository reference Trivy can download the DB from, or undefined. */
function dbRepositoryProblem(value) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        return 'must be host/path[:tag] without a scheme (e.g. mirror.gcr.io/aquasec/trivy-db:2)';
    if (value.includes('@'))
        return 'must not contain user info or a digest: the DB is downloaded anonymously, by tag';
    if (!DB_REPOSITORY_RE.test(value))
        return 'must be one OCI repository per line, host/path[:tag] (e.g. mirror.gcr.io/aquasec/trivy-db:2)';
    return undefined;
}
/** Why `value` is not a usable cache directory, or undefined. `~/` is the runner user's home. */
function cacheDirProblem(value) {
    if (value.startsWith('-'))
        return "must not start with '-'";
    if (value.startsWith('~') && value !== '~' && !value.startsWith('~/'))
        return 'may start with ~/ (the home directory) but not ~user';
    return undefined;
}
/** trivy-db-max-age in milliseconds, or why it is refused. */
function dbMaxAge(value) {
    const ms = (0,duration/* parseDuration */.E9)(value, ['d', 'h', 'm', 's']);
    if (ms === undefined)
        return 'must be a duration such as 72h, 3d or 1h30m (units d, h, m, s)';
    if (ms <= 0)
        return 'must be longer than 0';
    if (ms > LONGEST_DB_MAX_AGE_MS)
        return 'must be at most 30d';
    return ms;
}

;// CONCATENATED MODULE: ./src/domain/plan/digest-list.ts
// The `digests` input of merge mode: the per-platform legs' `platform-digests` outputs, one JSON
// object per line (or one object for all of them). Read as text, then checked against what this
// run asks for: every platform of `platforms` exactly once, none other, each digest in this
// image's repository. Every refusal names the platform or the line, before anything is tagged.


const INPUT = 'digests';
const FORMAT = 'must be JSON objects of platform to digest (the legs\' platform-digests outputs), one per line';
/**
 * Every entry of every object, in the order given; a platform twice stays twice (the check
 * below names it). Blank lines are skipped; a line that is not a JSON object of strings is
 * refused whole. An object spread over several lines (pretty-printed) is read as one.
 */
function parseDigestList(text) {
    return jsonObjects(text).flatMap((object) => Object.entries(object).map(([platform, value]) => {
        if (typeof value !== 'string')
            throw new errors/* InputError */.dz(INPUT, `the value for ${platform} must be a digest string`, JSON.stringify(value));
        return { platform, ...digestValue(value, platform) };
    }));
}
function jsonObjects(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return [];
    const whole = parseObject(trimmed);
    if (whole !== undefined)
        return [whole];
    return trimmed
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => parseObject(line) ?? fail(FORMAT, line));
}
// Duplicate keys inside one object would be lost by JSON.parse; they are found by counting.
function parseObject(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return undefined;
    const object = parsed;
    for (const key of Object.keys(object)) {
        if (keyCount(text, key) > 1)
            fail('must name each platform once: two legs reported it', key);
    }
    return object;
}
function keyCount(text, key) {
    const quoted = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return text.match(new RegExp(`${quoted}\\s*:`, 'g'))?.length ?? 0;
}
/** `sha256:…` or `<repository>@sha256:…`. */
function digestValue(value, platform) {
    const at = value.lastIndexOf('@');
    const digest = at < 0 ? value : value.slice(at + 1);
    if (!(0,ids/* isDigest */.Bc)(digest))
        fail(`the value for ${platform} must be sha256:<64 hex> or <image>@sha256:<64 hex>`, value);
    return { digest, repository: at < 0 ? '' : value.slice(0, at) };
}
/**
 * The entries, one per requested platform in the order of `platforms`, or an InputError naming
 * the first problem: a foreign repository, a platform given twice, one not asked for, one missing.
 */
function checkDigestList(entries, wanted) {
    const problem = digestListProblem(entries, wanted);
    if (problem !== undefined)
        fail(problem.rule, problem.value);
    return wanted.platforms.map((platform) => entries.find((entry) => entry.platform === platform));
}
function digestListProblem(entries, wanted) {
    const foreign = entries.find((entry) => entry.repository !== '' && entry.repository !== wanted.image);
    if (foreign !== undefined) {
        return { rule: `the digest for ${foreign.platform} belongs to another repository, not ${wanted.image}`, value: `${foreign.repository}@${foreign.digest}` };
    }
    const twice = entries.find((entry, index) => entries.findIndex((other) => other.platform === entry.platform) !== index);
    if (twice !== undefined)
        return { rule: 'must name each platform once: two legs reported it', value: twice.platform };
    const extra = entries.find((entry) => !wanted.platforms.includes(entry.platform));
    if (extra !== undefined)
        return { rule: `names a platform that platforms does not ask for (${wanted.platforms.join(', ')})`, value: extra.platform };
    const missing = wanted.platforms.find((platform) => !entries.some((entry) => entry.platform === platform));
    if (missing !== undefined)
        return { rule: 'has no digest for a platform that platforms asks for: its leg did not run or did not report', value: missing };
    return undefined;
}
function fail(rule, value) {
    throw new errors/* InputError */.dz(INPUT, rule, value);
}

;// CONCATENATED MODULE: ./src/domain/inputs/parse.ts
// How an input's text becomes a value: the parser type, the error every parser throws, and the
// formats shared by many inputs (choices, booleans, numbers, lists, secrets, durations).


/** A bad value: names the input and the rule, and shows the value (escaped by InputError). */
function parse_fail(name, ruleText, value) {
    throw new errors/* InputError */.dz(name, ruleText, value);
}
/** C0 and C1 control characters and DEL: newlines, tabs, escapes, NUL... */
function hasControlChar(value) {
    return [...value].some((c) => {
        const code = c.charCodeAt(0);
        return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    });
}
/**
 * `value` with the userinfo of its authority (`user:password@` after an optional `scheme://`,
 * before the first `/`) replaced by `***`: a refused value is shown back, a credential in it
 * must not be.
 */
function hideUserinfo(value) {
    const start = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0].length ?? 0;
    const slash = value.indexOf('/', start);
    const authority = value.slice(start, slash < 0 ? value.length : slash);
    const at = authority.lastIndexOf('@');
    return at < 0 ? value : `${value.slice(0, start)}***${value.slice(start + at)}`;
}
/** '' stays '' (not given); anything else goes through `parse`. */
function optional(parse) {
    return (value, name, where) => (value === '' ? '' : parse(value, name, where));
}
function oneOf(allowed) {
    return (value, name) => {
        if (!allowed.includes(value))
            parse_fail(name, `must be one of ${allowed.join(', ')}`, value);
        return value;
    };
}
/** YAML 1.2 core booleans, the values a workflow author writes for true and false. */
function yamlBoolean(value) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    return undefined;
}
const parse_boolean = (value, name) => yamlBoolean(value) ?? parse_fail(name, 'must be true or false', value);
function integer(min, max) {
    return (value, name) => {
        const number = /^[0-9]+$/.test(value) ? Number(value) : NaN;
        if (!(number >= min && number <= max))
            parse_fail(name, `must be a whole number from ${min} to ${max}`, value);
        return number;
    };
}
/** Newline-separated list: lines trimmed, blank lines skipped. */
function lines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
function lineList(parse) {
    return (value, name, where) => lines(value).map((line) => parse(line, name, where));
}
function noControlChars(parse) {
    return (value, name, where) => {
        if (hasControlChar(value))
            parse_fail(name, 'must not contain control characters', value);
        return parse(value, name, where);
    };
}
/** Any text without control characters, taken as given. */
const parse_text = noControlChars((value) => value);
/** Secrets are checked without ever quoting them. */
const secret = (value, name) => {
    if (hasControlChar(value)) {
        throw new errors/* InputError */.dz(name, 'must not contain a newline or other control character (value not shown: it is a secret)');
    }
    return value;
};
/** At most the 6 hours a GitHub-hosted job may run. */
const MAX_WAIT_MS = 6 * 3_600_000;
/** How long to wait for something outside: ms, s, m and h, more than 0 and up to 6h. */
const waitDuration = (value, name) => {
    const ms = (0,duration/* parseDuration */.E9)(value, ['h', 'm', 's', 'ms']);
    if (ms === undefined || ms === 0 || ms > MAX_WAIT_MS)
        parse_fail(name, 'must be a duration of whole ms, s, m and h (e.g. 10m, 1m30s) up to 6h', value);
    return ms;
};

;// CONCATENATED MODULE: ./src/domain/inputs/build-formats.ts
// Input formats of the build: build arguments, platforms, the push rule, attestations and extra
// tags.



const PLATFORM_RE = /^[a-z0-9][a-z0-9_]*\/[a-z0-9][a-z0-9_]*(?:\/[a-z0-9][a-z0-9_]*)?$/;
const BUILD_ARG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ATTESTATION_ITEM_RE = /^[a-z][a-z0-9-]*=[\u0021-\u002b\u002d-\u007e]+$/;
const buildArgs = (value, name) => {
    const seen = new Set();
    return lines(value).map((line) => {
        const equals = line.indexOf('=');
        if (equals < 0)
            parse_fail(name, 'each line must be KEY=VALUE', line);
        const key = line.slice(0, equals);
        if (!BUILD_ARG_KEY_RE.test(key))
            parse_fail(name, 'each KEY must be a name of letters, digits and _, not starting with a digit', key);
        if (seen.has(key))
            parse_fail(name, 'each KEY may appear only once', key);
        seen.add(key);
        const argValue = line.slice(equals + 1);
        if (hasControlChar(argValue))
            parse_fail(name, 'a VALUE must not contain control characters', key);
        return { key, value: argValue };
    });
};
/** Comma (or newline) separated `os/arch[/variant]`; empty items are skipped, duplicates refused. */
const platforms = (value, name) => {
    const items = value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (items.length === 0)
        parse_fail(name, 'must name at least one platform', value);
    for (const item of items) {
        if (!PLATFORM_RE.test(item))
            parse_fail(name, 'must be a comma-separated list of os/arch[/variant] (e.g. linux/amd64,linux/arm64)', item);
    }
    const duplicate = items.find((item, index) => items.indexOf(item) !== index);
    if (duplicate !== undefined)
        parse_fail(name, 'must not list a platform twice', duplicate);
    return items;
};
/** `auto`, or a YAML boolean written back as the string 'true' or 'false'. */
const pushRule = (value, name) => {
    if (value === 'auto' || value === 'by-digest')
        return value;
    const flag = yamlBoolean(value);
    return flag === undefined ? parse_fail(name, 'must be auto, true, false or by-digest', value) : flag ? 'true' : 'false';
};
/** The legs' `platform-digests` outputs (plan/digest-list.ts); line breaks separate them, any other control character is refused. */
const digestList = (value, name) => {
    if (hasControlChar(value.replace(/\r?\n/g, '')))
        parse_fail(name, 'must not contain control characters other than line breaks', value);
    return parseDigestList(value);
};
/** buildx --provenance / --sbom value: a boolean, or comma-separated key=value options. */
const attestation = (value, name) => {
    const flag = yamlBoolean(value);
    if (flag !== undefined)
        return String(flag);
    if (!value.split(',').every((item) => ATTESTATION_ITEM_RE.test(item))) {
        parse_fail(name, 'must be true, false or comma-separated key=value options (e.g. mode=max)', value);
    }
    return value;
};
const extraTags = lineList((value, name) => {
    const problem = (0,ids/* extraTagProblem */.yh)(value);
    return problem === undefined ? value : parse_fail(name, problem, value);
});

;// CONCATENATED MODULE: ./src/domain/inputs/locations.ts
// Input formats that point somewhere: paths in the workspace, the Trivy cache directory, and
// the URLs of downloads, servers and environments.



const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * A path inside the workspace, returned workspace-relative and normalised ('.' for the root).
 * Absolute paths are accepted when they point inside the workspace. Symbolic links are the
 * adapter's business (this code cannot look at the disk).
 */
const workspacePath = noControlChars((value, name, where) => {
    if (value.startsWith('/') && !where.workspace.startsWith('/'))
        parse_fail(name, 'must be relative to the workspace', value);
    const normalised = value.startsWith('/')
        ? external_node_path_.posix.relative(external_node_path_.posix.normalize(where.workspace), external_node_path_.posix.normalize(value))
        : external_node_path_.posix.normalize(value);
    const relative = normalised.replace(/\/+$/, '') || '.';
    if (relative === '..' || relative.startsWith('../') || relative.startsWith('/')) {
        parse_fail(name, 'must be a path inside the workspace', value);
    }
    // A relative path beginning with '-' would be read as an option by the tools it is given to.
    if (relative.startsWith('-'))
        parse_fail(name, "must not start with '-'", value);
    return relative;
});
const manifestsPaths = (value, name, where) => {
    const paths = lineList(workspacePath)(value, name, where);
    if (paths.length === 0)
        parse_fail(name, 'must name at least one directory', value);
    return [...new Set(paths)];
};
const trivyCacheDir = noControlChars((value, name) => {
    const problem = cacheDirProblem(value);
    return problem === undefined ? value.replace(/(.)\/+$/, '$1') : parse_fail(name, problem, value);
});
/** Base URL: https (http only for loopback test servers), no credentials, query or fragment. */
const downloadUrl = (value, name) => {
    // Credentials hide in the userinfo and in query parameters (`?token=...`): neither is shown.
    const shown = hideUserinfo(value).replace(/\?[^#]*/, '?***');
    if (!/^[\u0021-\u007e]+$/.test(value))
        parse_fail(name, 'must be a URL of printable ASCII without spaces', shown);
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return parse_fail(name, 'must be an absolute https URL', shown);
    }
    const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !loopbackHttp)
        parse_fail(name, 'must be an https URL (http only for loopback hosts: 127.0.0.1, localhost, the IPv6 loopback)', shown);
    if (url.username !== '' || url.password !== '' || value.includes('@'))
        parse_fail(name, 'must not contain user info (user@host)', shown);
    if (value.includes('?') || value.includes('#'))
        parse_fail(name, 'must not contain a query or fragment', shown);
    return value.replace(/\/+$/, '');
};
/** A link shown on the Deployment: an absolute http(s) URL of printable ASCII, without credentials. */
const environmentUrl = (value, name) => {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    const ok = url !== undefined && /^[\u0021-\u007e]+$/.test(value) && (url.protocol === 'https:' || url.protocol === 'http:');
    if (!ok)
        parse_fail(name, 'must be an absolute http or https URL of printable ASCII without spaces', hideUserinfo(value));
    if (url?.username !== '' || url.password !== '')
        parse_fail(name, 'must not contain user info (user@host)', hideUserinfo(value));
    return value;
};

;// CONCATENATED MODULE: ./src/domain/inputs/names.ts
// Input formats that name something: the service, the image, a user, a build stage, a tag, a
// branch, a repository, an environment, Argo CD Applications.




/** docker's rule for stage names (it lower-cases them first). */
const STAGE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const names_REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** Argo CD Application names are Kubernetes object names (DNS-1123 subdomains). */
const APPLICATION_RE = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const serviceName = (value, name) => {
    if (value === '')
        throw new errors/* InputError */.dz(name, 'is required');
    const problem = (0,ids/* serviceNameProblem */.AC)(value);
    return problem === undefined ? value : parse_fail(name, problem, value);
};
const imageRepository = (value, name) => {
    const problem = (0,image_ref/* imageRepositoryProblem */.rN)(value);
    return problem === undefined ? value : parse_fail(name, problem, hideUserinfo(value));
};
/** A user name for `docker login`: printable, no spaces, no ':' (it would end up in Basic auth). */
const userName = (value, name) => {
    if (!/^[\u0021-\u007e]+$/.test(value) || value.includes(':') || value.startsWith('-')) {
        parse_fail(name, "must be printable ASCII without spaces or ':', not starting with '-'", value);
    }
    return value;
};
/** Build stage name as docker accepts it. */
const stageName = (value, name) => STAGE_RE.test(value) ? value : parse_fail(name, "must be a build stage name (a letter, then letters, digits, '_', '.', '-')", value);
const tagName = (value, name) => (0,ids/* isValidTag */.r_)(value) ? value : parse_fail(name, 'must be a valid tag: letters, digits, _ . -, not starting with . or -, at most 128 characters', value);
const branchName = (value, name) => {
    const problem = (0,ids/* branchNameProblem */.hq)(value);
    return problem === undefined ? value : parse_fail(name, problem, value);
};
const repositoryName = (value, name) => {
    const repo = value.split('/')[1] ?? '';
    if (!names_REPOSITORY_RE.test(value) || repo === '.' || repo === '..')
        parse_fail(name, 'must be owner/name of a GitHub repository', hideUserinfo(value));
    return value;
};
/** A GitHub environment name: printable, at most 255 characters ('' = no Deployment record). */
const environmentName = (value, name) => {
    if (hasControlChar(value) || [...value].length > 255)
        parse_fail(name, 'must be an environment name of at most 255 characters without control characters', value);
    return value;
};
const applicationNames = (value, name, where) => {
    const names = lineList((line, n) => (APPLICATION_RE.test(line) ? line : parse_fail(n, 'each line must be an Argo CD Application name (lower-case letters, digits, - and .)', line)))(value, name, where);
    return [...new Set(names)];
};

// EXTERNAL MODULE: ./src/domain/scan/severity.ts
var severity = __webpack_require__(817);
// EXTERNAL MODULE: ./src/domain/scan/trivy-release.ts
var trivy_release = __webpack_require__(7328);
;// CONCATENATED MODULE: ./src/domain/inputs/scan-formats.ts
// Input formats of the scan: the Trivy release and its checksum, the severity gate and the
// vulnerability DB's repositories and age.





const VERSION_RE = /^v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))$/;
/** Exact X.Y.Z (a leading v is dropped); compromised releases are refused whatever else is given. */
const trivyVersion = (value, name) => {
    const version = VERSION_RE.exec(value)?.[1] ?? value;
    const problem = (0,trivy_release/* trivyVersionProblem */.At)(version);
    return problem === undefined ? version : parse_fail(name, problem, value);
};
/** 64 hexadecimal characters in any case, kept in lower case. */
const sha256 = (value, name) => (0,ids/* isSha256Hex */.P4)(value.toLowerCase()) ? value.toLowerCase() : parse_fail(name, 'must be a SHA-256 of 64 hexadecimal characters', value);
/** Comma-separated severities in any case, or `none` alone; upper case, duplicates dropped. */
const severities = (value, name) => {
    const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (items.length === 1 && items[0]?.toUpperCase() === 'NONE')
        return [];
    if (items.length === 0)
        parse_fail(name, 'must name severities or none', value);
    const known = severity/* SEVERITIES */.o;
    for (const item of items) {
        if (!known.includes(item.toUpperCase())) {
            parse_fail(name, `must be none or comma-separated severities from ${severity/* SEVERITIES */.o.join(', ')}`, item);
        }
    }
    return [...new Set(items.map((item) => item.toUpperCase()))];
};
/** One repository per line, in the order they are asked; empty for the built-in list. */
const dbRepositories = (value, name) => {
    const items = lines(value);
    for (const item of items) {
        const problem = dbRepositoryProblem(item);
        if (problem !== undefined)
            parse_fail(name, problem, hideUserinfo(item));
    }
    return items.length === 0 ? [...DEFAULT_DB_REPOSITORIES] : [...new Set(items)];
};
const maxAge = (value, name) => {
    const ms = dbMaxAge(value);
    return typeof ms === 'number' ? ms : parse_fail(name, ms, value);
};

;// CONCATENATED MODULE: ./src/domain/inputs/input-rules.ts
// Every input of action.yml, once: its name, the field of `Inputs` it fills, its default and the
// parser for its format. A bad value fails here, before anything runs, with an InputError that
// names the input, the rule and (escaped) the value; a secret's value is never put in a message.
//
// `Inputs` is derived from this table, and keeps camelCase fields rather than the input names
// (as docker/build-push-action does): every stage and test already reads `inputs.shaLength`, so
// a `field` column costs one word a row where keying by name would rename every reader.
// A new input is one row here, plus action.yml and the README's Inputs table.






function rule(field, defaultValue, parse) {
    return { field, default: defaultValue, parse };
}
// Input name (as in action.yml) -> field, default and parser. Its order is action.yml's.
const INPUT_RULES = {
    service: rule('service', '', serviceName),
    mode: rule('mode', 'auto', oneOf(['auto', 'build', 'deploy', 'plan', 'merge'])),
    // Image repository with host, lower case; ghcr.io/<owner>/<service> when not given (resolve.ts).
    image: rule('image', '', optional(imageRepository)),
    // The actor by default for GitHub's own registry only, else '' (resolve.ts).
    'registry-username': rule('registryUsername', '', optional(userName)),
    // `github-token` by default for GitHub's own registry only, else '' (resolve.ts).
    'registry-password': rule('registryPassword', '', secret),
    // Token for GitHub's API (Deployments, pull request comments, GitHub's registry).
    'github-token': rule('githubToken', '', secret),
    // Workspace-relative, normalised, '.' for the root.
    context: rule('context', '.', workspacePath),
    // Workspace-relative path of the Dockerfile; <context>/Dockerfile when not given (resolve.ts).
    file: rule('file', '', optional(workspacePath)),
    target: rule('target', '', optional(stageName)),
    'build-args': rule('buildArgs', '', buildArgs),
    platforms: rule('platforms', 'linux/amd64,linux/arm64', platforms),
    push: rule('push', 'auto', pushRule),
    // merge mode: the legs' platform-digests, checked against platforms and image (resolve.ts).
    digests: rule('digests', '', digestList),
    cache: rule('cache', 'gha', oneOf(['gha', 'registry', 'none'])),
    provenance: rule('provenance', 'mode=min', attestation),
    sbom: rule('sbom', 'false', attestation),
    // Reuse the image of an unchanged source key instead of building (plan/source-key.ts).
    'skip-unchanged': rule('skipUnchanged', 'true', parse_boolean),
    // From the input only; RunContext supplies the payload's, and 'main' is the last resort.
    'default-branch': rule('defaultBranch', '', optional(branchName)),
    'sha-length': rule('shaLength', '7', integer(7, 40)),
    'extra-tags': rule('extraTags', '', extraTags),
    scan: rule('scan', 'true', parse_boolean),
    'trivy-version': rule('trivyVersion', '0.69.3', trivyVersion),
    'trivy-sha256': rule('trivySha256', '', optional(sha256)),
    'trivy-download-url': rule('trivyDownloadUrl', 'https://github.com/aquasecurity/trivy/releases/download', downloadUrl),
    'trivy-path': rule('trivyPath', '', parse_text),
    'fail-on': rule('failOn', 'CRITICAL,HIGH', severities),
    'ignore-unfixed': rule('ignoreUnfixed', 'true', parse_boolean),
    trivyignore: rule('trivyignore', '.trivyignore', workspacePath),
    // As given: `~/` for the home directory, else relative to the workspace.
    'trivy-cache-dir': rule('trivyCacheDir', DEFAULT_CACHE_DIR, trivyCacheDir),
    // Where the vulnerability DB is downloaded from, in order.
    'trivy-db-repositories': rule('trivyDbRepositories', '', dbRepositories),
    // How old (since its download) a cached DB may be when no repository answers.
    'trivy-db-max-age': rule('trivyDbMaxAgeMs', DEFAULT_DB_MAX_AGE, maxAge),
    // Workspace-relative, normalised directories.
    'manifests-path': rule('manifestsPaths', 'infra/k8s', manifestsPaths),
    'manifests-branch': rule('manifestsBranch', 'manifests', branchName),
    // owner/name, or '' for the workspace's origin.
    'manifests-repository': rule('manifestsRepository', '', optional(repositoryName)),
    'manifests-token': rule('manifestsToken', '', secret),
    // Empty: the default branch only.
    'deploy-branches': rule('deployBranches', '', lineList(branchName)),
    tag: rule('tag', '', optional(tagName)),
    'pin-digest': rule('pinDigest', 'true', parse_boolean),
    'max-push-attempts': rule('maxPushAttempts', '10', integer(1, 100)),
    // GitHub environment of the Deployment record of a pin; '' = no record.
    environment: rule('environment', '', optional(environmentName)),
    'environment-url': rule('environmentUrl', '', optional(environmentUrl)),
    // Keep a comment with the build, scan and manifests diff on pull requests.
    'pr-comment': rule('prComment', 'false', parse_boolean),
    // Argo CD API base URL without a trailing slash ('' when not given).
    'argocd-server': rule('argocdServer', '', optional(downloadUrl)),
    'argocd-token': rule('argocdToken', '', secret),
    // Applications that sync the pinned overlay.
    'argocd-application': rule('argocdApplications', '', applicationNames),
    wait: rule('wait', 'none', oneOf(['none', 'synced', 'healthy'])),
    'wait-timeout': rule('waitTimeoutMs', '10m', waitDuration),
    'rollback-on-failure': rule('rollbackOnFailure', 'false', parse_boolean),
};
/** Every input the action reads, in action.yml's order (the single list; tests compare it). */
const INPUT_NAMES = Object.keys(INPUT_RULES);
/** Inputs whose values are secrets (their parser is `secret`): masked before anything else, never quoted. */
const SECRET_INPUTS = INPUT_NAMES.filter((name) => INPUT_RULES[name].parse === secret);
/** Each input through its parser; an empty or missing value means the default. */
function parseEach(raw, where) {
    const parsed = {};
    for (const name of INPUT_NAMES) {
        const { field, default: fallback, parse } = INPUT_RULES[name];
        const given = raw[name] ?? '';
        parsed[field] = parse(given === '' ? fallback : given, name, where);
    }
    return parsed;
}

;// CONCATENATED MODULE: ./src/domain/inputs/resolve.ts
// The one step after parsing: the defaults derived from other values (the image from owner and
// service, its registry host, GitHub's registry credentials, the Dockerfile from the context),
// and the rules that tie inputs together.








/**
 * Validates every input and resolves the derived defaults. `raw` is keyed by input name; an
 * empty or missing value means the default.
 */
function parseInputs(raw, where) {
    const v = parseEach(raw, where);
    const image = v.image || derivedImage(where.owner, v.service);
    checkTogether(v);
    const registry = (0,image_ref/* registryHost */.U$)(image);
    // The workflow's token and the actor are the defaults for GitHub's own registry only; any
    // other registry gets exactly what was given (checked in plan.ts when the run logs in).
    const githubRegistry = isGitHubRegistry(registry, where.serverUrl);
    return {
        ...v,
        image,
        registry,
        registryUsername: v.registryUsername || (githubRegistry ? where.actor : ''),
        registryPassword: v.registryPassword || (githubRegistry ? v.githubToken : ''),
        file: v.file || external_node_path_.posix.join(v.context, 'Dockerfile'),
        digests: mergeDigests(v, image),
    };
}
/**
 * merge mode needs the legs' digests, all of them and only them; no other mode reads them, and a
 * leg that pushes by digest builds (auto or build mode, or plan mode to show it).
 */
function mergeDigests(v, image) {
    if (v.push === 'by-digest' && (v.mode === 'merge' || v.mode === 'deploy')) {
        parse_fail('push', `by-digest is for the per-platform build legs (mode auto or build), not ${v.mode} mode`, v.push);
    }
    if (v.mode !== 'merge') {
        if (v.digests.length > 0)
            throw new errors/* InputError */.dz('digests', 'is read in merge mode only');
        return [];
    }
    return checkDigestList(v.digests, { platforms: v.platforms, image });
}
/** Inputs that only make sense together. */
function checkTogether(v) {
    if (v.mode === 'deploy' && v.tag === '')
        throw new errors/* InputError */.dz('tag', 'is required in deploy mode (the existing tag to pin)');
    if (v.trivySha256 === '' && trivy_release/* KNOWN_TRIVY_CHECKSUMS */.oB[v.trivyVersion] === undefined) {
        const known = Object.keys(trivy_release/* KNOWN_TRIVY_CHECKSUMS */.oB).join(', ');
        parse_fail('trivy-version', `is not in the embedded checksum table (${known}); give trivy-sha256 to use it`, v.trivyVersion);
    }
    checkArgoCdInputs(v);
}
/** Waiting needs a server, a token and an Application; rolling back needs a wait to fail. */
function checkArgoCdInputs(v) {
    if (v.wait === 'none') {
        if (v.rollbackOnFailure)
            throw new errors/* InputError */.dz('rollback-on-failure', 'needs wait: synced or healthy (a rollback follows a failed wait)');
        return;
    }
    if (v.argocdServer === '')
        throw new errors/* InputError */.dz('argocd-server', `is required when wait is ${v.wait}`);
    if (v.argocdToken === '')
        throw new errors/* InputError */.dz('argocd-token', `is required when wait is ${v.wait}`);
    if (v.argocdApplications.length === 0)
        throw new errors/* InputError */.dz('argocd-application', `is required when wait is ${v.wait}`);
}
/** ghcr.io/<owner>/<service>; an owner docker cannot accept needs an explicit `image`. */
function derivedImage(owner, service) {
    const image = (0,image_ref/* defaultImage */.XS)(owner, service);
    const problem = (0,image_ref/* imageRepositoryProblem */.rN)(image);
    if (problem !== undefined)
        parse_fail('image', `is not given, and the default derived from the repository owner ${problem}; set image`, image);
    return image;
}

// EXTERNAL MODULE: ./src/domain/inputs/secret-forms.ts
var secret_forms = __webpack_require__(9412);
;// CONCATENATED MODULE: ./src/inputs.ts








/** The variable the runner sets for an input, as @actions/core's getInput reads it. */
function inputEnvName(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
/**
 * Reads and validates every input once. Secrets are masked before any validation, so not even
 * a failing check can print them.
 */
function readInputs(env, where) {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, (env[inputEnvName(name)] ?? '').trim()]));
    maskSecrets(raw, where.actor);
    const inputs = parseInputs(raw, where);
    checkNoLinkEscape(inputs, where.workspace);
    return inputs;
}
/** Masks each secret input in every form it could take (secret-forms.ts) before anything else runs. */
function maskSecrets(raw, actor) {
    const username = raw['registry-username'] || actor;
    for (const name of SECRET_INPUTS) {
        for (const form of (0,secret_forms/* secretForms */.e)(raw[name] ?? '', username))
            core.setSecret(form);
    }
}
/**
 * The domain checked the paths as text; here the disk decides: a path (or its nearest existing
 * ancestor, for paths that do not exist yet) must resolve inside the workspace's real path.
 */
function checkNoLinkEscape(inputs, workspace) {
    const realWorkspace = realpathOrUndefined(workspace);
    if (realWorkspace === undefined)
        return; // nothing exists yet, so nothing can be a link
    const paths = [
        ['context', inputs.context],
        ['file', inputs.file],
        ['trivyignore', inputs.trivyignore],
        ...inputs.manifestsPaths.map((p) => ['manifests-path', p]),
    ];
    for (const [name, relative] of paths) {
        const real = nearestRealPath(external_node_path_.join(workspace, relative), workspace, name, relative);
        if (!isInside(realWorkspace, real)) {
            throw new errors/* InputError */.dz(name, 'must not lead outside the workspace through a symbolic link', relative);
        }
    }
}
function nearestRealPath(start, workspace, name, relative) {
    for (let candidate = start;; candidate = external_node_path_.dirname(candidate)) {
        try {
            return (0,external_node_fs_.realpathSync)(candidate);
        }
        catch (error) {
            const code = error.code;
            if (code !== 'ENOENT' && code !== 'ENOTDIR')
                throw new errors/* InputError */.dz(name, `cannot be resolved (${code ?? 'error'})`, relative);
            // The workspace itself resolved, so walking up always ends there at the latest.
            if (candidate === workspace || external_node_path_.dirname(candidate) === candidate)
                return (0,external_node_fs_.realpathSync)(workspace);
        }
    }
}
function realpathOrUndefined(target) {
    try {
        return (0,external_node_fs_.realpathSync)(target);
    }
    catch {
        return undefined;
    }
}
function isInside(root, target) {
    const relative = external_node_path_.relative(root, target);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative));
}

// EXTERNAL MODULE: ./src/domain/scan/trivy-report.ts
var trivy_report = __webpack_require__(2207);
;// CONCATENATED MODULE: ./src/outputs.ts



/** Every output the run can know; outputs of stages that did not run are empty. */
function setOutputs(report) {
    const { plan, build, scan, manifests } = report;
    if (plan === undefined)
        return;
    core.setOutput('image', plan.image);
    core.setOutput('version', plan.version);
    core.setOutput('tags', planReferences(plan).join('\n'));
    core.setOutput('labels', plan.labels.map(({ key, value }) => `${key}=${value}`).join('\n'));
    core.setOutput('plan', JSON.stringify(plan));
    core.setOutput('digest', build?.digest ?? '');
    core.setOutput('build-reused', String(build?.reused !== undefined));
    core.setOutput('platform-digests', JSON.stringify(build?.platformDigests ?? {}));
    core.setOutput('scan-result', scan?.outcome ?? 'skipped');
    core.setOutput('vulnerabilities', JSON.stringify(scan?.counts ?? (0,trivy_report/* emptyCounts */.W1)()));
    core.setOutput('sarif-file', scan?.sarifFile ?? '');
    core.setOutput('manifests-changed', String(manifests?.changed ?? false));
    core.setOutput('manifests-commit', manifests?.commit ?? '');
    core.setOutput('deployment-id', report.deployment === undefined ? '' : String(report.deployment.id));
    core.setOutput('deployment-url', report.deployment?.url ?? '');
    core.setOutput('argocd-status', report.argocd?.status ?? 'skipped');
}

// EXTERNAL MODULE: ./src/stages/preview.ts + 1 modules
var preview = __webpack_require__(9227);
// EXTERNAL MODULE: ./src/adapters/kustomize/files.ts
var files = __webpack_require__(7703);
;// CONCATENATED MODULE: ./src/domain/plan/git-listing.ts
// What git prints for the source key, read back: `git ls-files --stage -z` and
// `git status --porcelain=v1 -z`. With -z git writes paths as they are (no quoting), each
// record ended by NUL.

/** `<mode> SP <blob> SP <stage> TAB <path>` records. */
function parseStagedFiles(output) {
    return records(output).map((record) => {
        const match = /^([0-7]{6}) ([0-9a-f]{40,64}) ([0-3])\t(.+)$/s.exec(record);
        if (match === null)
            throw new errors/* StageError */.Zu('build', `unexpected git ls-files --stage record: ${JSON.stringify(record.slice(0, 200))}`);
        const [, mode = '', blob = '', stage = '0', path = ''] = match;
        return { mode, blob, stage: Number(stage), path };
    });
}
/**
 * Every path `git status --porcelain=v1 -z` names: `XY SP <path>`, and for a rename or copy
 * (R or C in X or Y) the next record is the path it came from, named too (it changed as well).
 */
function parseStatusPaths(output) {
    const list = records(output);
    const paths = [];
    for (let i = 0; i < list.length; i++) {
        const record = list[i] ?? '';
        if (record.length < 4 || record[2] !== ' ')
            throw new errors/* StageError */.Zu('build', `unexpected git status record: ${JSON.stringify(record.slice(0, 200))}`);
        paths.push(record.slice(3));
        if (/[RC]/.test(record.slice(0, 2)))
            paths.push(list[++i] ?? '');
    }
    return paths.filter((path) => path !== '');
}
function records(output) {
    return output.split('\0').filter((record) => record !== '');
}

;// CONCATENATED MODULE: ./src/adapters/git/source-files.ts
// What the source key is computed from, asked of git in the workspace: the tracked files of the
// build context and the Dockerfile with their blob ids (`git ls-files --stage`, no file is read
// or hashed again), every path that differs from the commit (`git status`, untracked and
// git-ignored files included: BuildKit sends them too), and the ignore file that applies. git
// runs isolated from the runner's configuration and offline, like every git command (../git.ts).






async function readSourceSnapshot(where) {
    return (0,temp/* withTempDir */.E8)(where.tempRoot, 'ftmo-source-', async (tempDir) => {
        const git = await (0,runner/* createGit */.lD)({
            tempDir,
            env: where.env,
            now: where.now,
            stage: 'build',
            offline: true,
            // The workspace may belong to another user than the action's (a container job).
            config: [{ key: 'safe.directory', value: where.workspace }],
        });
        const cwd = where.workspace;
        // Everything below is relative to the repository's top, which git status always prints.
        const prefix = (await git.must(['rev-parse', '--show-prefix'], { cwd })).trim();
        const context = fromTop(prefix, where.context);
        const file = fromTop(prefix, where.file);
        const candidates = (0,source_key/* ignoreFileCandidates */.PW)(context, file);
        const tracked = parseStagedFiles(await git.must(['ls-files', '--stage', '-z', '--full-name', '--', ...pathspecs([context, file])], { cwd }));
        const status = await git.must(
        // No optional lock: reading must not rewrite the checkout's index.
        ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', ...pathspecs([context, file, ...candidates])], { cwd });
        return { context, file, tracked, ignoreFile: await firstIgnoreFile(cwd, prefix, candidates), changed: parseStatusPaths(status) };
    });
}
/** The first candidate that exists in the workspace, read from disk (a change to it is in `changed`). */
async function firstIgnoreFile(cwd, prefix, candidates) {
    const top = external_node_path_default().join(cwd, ...prefix.split('/').filter((part) => part !== '').map(() => '..'));
    for (const candidate of candidates) {
        const text = await external_node_fs_.promises.readFile(external_node_path_default().join(top, candidate), 'utf8').catch(() => undefined);
        if (text !== undefined)
            return { path: candidate, text };
    }
    return undefined;
}
function fromTop(prefix, rel) {
    return external_node_path_default().posix.normalize(external_node_path_default().posix.join(prefix, rel)).replace(/\/$/, '') || '.';
}
/** Literal paths from the top; the top itself is every path. */
function pathspecs(paths) {
    return paths.includes('.') ? [':(top)'] : paths.map((p) => `:(top,literal)${p}`);
}

;// CONCATENATED MODULE: ./src/stages/source-key.ts
// The source key of this run (domain/plan/source-key.ts) from what git says about the
// workspace (adapters/git/source-files.ts). A key that cannot be computed is not an error: the
// image is then built, and the plan says why.




/** undefined when no key is wanted: skip-unchanged is off, or deploy mode builds nothing. */
async function computeSourceKey(inputs, ctx, where) {
    if (!inputs.skipUnchanged || inputs.mode === 'deploy')
        return undefined;
    try {
        const snapshot = await readSourceSnapshot({
            workspace: ctx.workspace,
            tempRoot: (0,temp/* tempRoot */.fQ)(where.env),
            env: where.env,
            now: where.now,
            context: inputs.context,
            file: inputs.file,
        });
        return (0,source_key/* sourceKey */.Zt)(snapshot, inputs);
    }
    catch (error) {
        const why = (0,errors/* errorMessage */.gJ)(error);
        return { trusted: false, reason: `git could not list the files of the build, so there is no source key (${why.split('\n')[0] ?? ''})` };
    }
}

;// CONCATENATED MODULE: ./src/main.ts















function realDeps() {
    return {
        env: process.env,
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
    };
}
/**
 * The step: context -> inputs -> plan -> stages -> outputs and summary. The one place that fails
 * the step, for any thrown value; the summary is written whatever happened.
 */
async function run(deps = realDeps()) {
    const report = {};
    let rt;
    try {
        const ctx = readRunContext(deps.env);
        assertEventAllowed(ctx);
        const inputs = readInputs(deps.env, { workspace: ctx.workspace, owner: ctx.owner, actor: ctx.actor, serverUrl: ctx.serverUrl });
        rt = { env: deps.env, ctx, inputs, now: deps.now, sleep: deps.sleep, random: deps.random };
        // Before any login, build or push: the code in the workspace must be the commit the run names.
        const head = await readWorkspaceHead({ workspace: ctx.workspace, tempRoot: (0,temp/* tempRoot */.fQ)(deps.env), env: deps.env, now: deps.now });
        const checkout = checkedOutCommit(ctx, inputs.mode, head);
        if (checkout.warning !== undefined) {
            core.warning(checkout.warning);
            report.warnings = [checkout.warning];
        }
        const sourceKey = await computeSourceKey(inputs, ctx, deps);
        const plan = makePlan(inputs, ctx, deps.now().toISOString(), checkout.commit, sourceKey);
        report.plan = plan;
        core.startGroup('Plan');
        // Input values travel in the plan: escaped, so none can be read as a workflow command.
        core.info((0,domain_escape/* jsonForLog */.wn)(plan));
        core.endGroup();
        // The reason names the branch or the pull request's head branch: its invisible characters are shown.
        core.info((0,domain_escape/* escapeInvisible */.ts)(`Manifests: ${plan.manifests.enabled ? 'to be updated' : 'not updated'}: ${plan.manifests.reason}`));
        core.info((0,domain_escape/* escapeInvisible */.ts)(`Source key: ${plan.build.reuse.key || 'none'}: ${plan.build.reuse.reason}`));
        if (plan.mode === 'plan') {
            report.manifestsPreview = await (0,preview/* previewManifests */.DA)(plan, rt);
        }
        else {
            // manifests-path is an input: a directory the checkout does not have (or reaches through a
            // link) fails here, before any login, build or push, as in plan mode's preview.
            if (plan.manifests.enabled)
                await checkManifestsPaths(ctx.workspace, plan.manifests.paths);
            // The stages that change something bring docker, Trivy, git and the GitHub client with
            // them: loaded only when they run, so that plan mode starts at the speed of Node itself.
            const { execute } = await Promise.all(/* import() */[__webpack_require__.e(232), __webpack_require__.e(805), __webpack_require__.e(653)]).then(__webpack_require__.bind(__webpack_require__, 5653));
            await execute(plan, rt, report);
        }
    }
    catch (error) {
        report.error = (0,errors/* errorMessage */.gJ)(error);
        if (error instanceof errors/* StageError */.Zu)
            report.failedStage = error.stage;
        // Messages carry tools' output and values: the log shows their invisible characters.
        core.setFailed((0,domain_escape/* escapeInvisible */.ts)(failureLine(report.failedStage, report.error)));
    }
    finally {
        if (rt?.inputs.prComment === true) {
            const { commentOnPullRequest } = await Promise.all(/* import() */[__webpack_require__.e(232), __webpack_require__.e(919)]).then(__webpack_require__.bind(__webpack_require__, 1919));
            await commentOnPullRequest(report, rt);
        }
        await finish(report);
    }
}
/** Outputs and summary; a failure here must not hide the run's own result. */
async function finish(report) {
    try {
        setOutputs(report);
        await core.summary.addRaw(renderSummary(report)).write();
    }
    catch (error) {
        core.warning(`Could not write the outputs or job summary: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** The manifests paths as the checkout has them; what is wrong is an error of the input. */
async function checkManifestsPaths(workspace, paths) {
    try {
        await (0,files/* findKustomizations */.m)(workspace, paths);
    }
    catch (error) {
        throw new errors/* InputError */.dz('manifests-path', (0,errors/* errorMessage */.gJ)(error));
    }
}


/***/ }),

/***/ 9227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BG: () => (/* binding */ DIGEST_AFTER_PUSH),
  DA: () => (/* binding */ previewManifests),
  GF: () => (/* binding */ previewPin)
});

// EXTERNAL MODULE: ./src/adapters/kustomize/files.ts
var files = __webpack_require__(7703);
;// CONCATENATED MODULE: ./src/domain/manifests/line-diff.ts
// A unified diff of one small edit. The kustomization edits change a few adjacent lines of one
// entry, so one hunk between the first and the last differing line is exact, and needs no
// general diff algorithm.
const CONTEXT = 3;
function unifiedDiff(file, before, after) {
    if (before === after)
        return '';
    const a = before.split('\n');
    const b = after.split('\n');
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start])
        start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
        endA--;
        endB--;
    }
    const from = Math.max(0, start - CONTEXT);
    const toA = Math.min(a.length, endA + CONTEXT);
    const toB = Math.min(b.length, endB + CONTEXT);
    const lines = [
        `--- a/${file}`,
        `+++ b/${file}`,
        `@@ -${range(from, toA)} +${range(from, toB)} @@`,
        ...a.slice(from, start).map((line) => ` ${line}`),
        ...a.slice(start, endA).map((line) => `-${line}`),
        ...b.slice(start, endB).map((line) => `+${line}`),
        ...a.slice(endA, toA).map((line) => ` ${line}`),
    ];
    return `${lines.join('\n')}\n`;
}
function range(from, to) {
    const count = to - from;
    return `${count === 0 ? from : from + 1},${count}`;
}

// EXTERNAL MODULE: ./src/domain/manifests/pin-all.ts
var pin_all = __webpack_require__(5332);
;// CONCATENATED MODULE: ./src/stages/preview.ts
// Plan mode's view of the manifests: the edit this run would make to the checkout's
// kustomizations, as a diff. Reads files only; the digest is not known before the push.



/** Stands where the pushed index's digest will go. */
const DIGEST_AFTER_PUSH = 'sha256:<index digest after the push>';
async function previewManifests(plan, rt) {
    if (!plan.manifests.enabled)
        return '';
    const pin = {
        service: plan.service,
        image: plan.image,
        tag: plan.manifests.tag,
        digest: plan.manifests.pinDigest ? DIGEST_AFTER_PUSH : '',
    };
    return previewPin(rt.ctx.workspace, plan.manifests.paths, pin);
}
/** The diff that pinning `pin` would make to the kustomizations below `paths` of `root`. */
async function previewPin(root, paths, pin) {
    const texts = new Map();
    for (const file of await (0,files/* findKustomizations */.m)(root, paths))
        texts.set(file, await (0,files/* readKustomization */.k)(root, file));
    const { changed } = (0,pin_all/* pinService */.f)(texts, paths, pin);
    return [...changed].map(([file, after]) => unifiedDiff(file, texts.get(file) ?? '', after)).join('');
}


/***/ })

};
