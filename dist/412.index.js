export const id = 412;
export const ids = [412];
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
/* harmony import */ var _domain_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9757);




/**
 * The one way the action runs a process: an argument array, never a shell, the exit code
 * returned rather than thrown so every caller decides what a failure means.
 */
function execTool(command, args, options = {}) {
    const log = options.stream ? streamedLog() : undefined;
    // Escaped: arguments carry input values, and the log must not read one as a workflow command.
    log?.write(`[command]${[command, ...args].map((arg) => (0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(arg, 1000)).join(' ')}\n`);
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

/***/ 6619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lD: () => (/* binding */ createGit),
/* harmony export */   ok: () => (/* binding */ openClone)
/* harmony export */ });
/* unused harmony exports BOT_NAME, BOT_EMAIL, GIT_TIMEOUT_VARIABLE, networkBounds, gitEnvironment */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(241);
/* harmony import */ var _domain_escape_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9757);
/* harmony import */ var _domain_manifests_utf8_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7174);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7911);
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9448);
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
    const withHost = (remote) => (remote === undefined ? '' : ` with ${(0,_auth_js__WEBPACK_IMPORTED_MODULE_5__/* .remoteHost */ .N4)(remote)}`);
    // Every command is bounded (a local one never comes near); one that reaches a remote and
    // stalls fails the step at once, naming what it did and where: it is never retried.
    const run = async (args, options) => {
        const env = gitEnvironment(settings, { globalConfig, hooksDir }, settings.now());
        const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .execTool */ .wc)('git', args, { cwd: options.cwd, input: options.input, env, timeoutMs: bounds.killAfterMs });
        if (result.timedOut || (options.remote !== undefined && STALLED.test(result.stderr))) {
            const how = result.timedOut ? `did not finish within ${bounds.killAfterMs / 1000} s` : `made no progress for ${bounds.stallSeconds} s`;
            throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StageError */ .Zu(settings.stage, redact(`git ${args[0] ?? ''}${withHost(options.remote)} ${how} and was stopped (the remote is not answering; ${GIT_TIMEOUT_VARIABLE} sets the bound)`));
        }
        return result;
    };
    const failure = (what, result) => new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StageError */ .Zu(settings.stage, redact(`${what} (git exit ${result.code}): ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .tail */ .RT)([result.stderr, result.stdout].join('\n').trim())}`));
    const must = async (args, options) => {
        const result = await run(args, options);
        if (result.code !== 0)
            throw failure(`git ${args[0] ?? ''}${withHost(options.remote)} failed`, result);
        return result.stdout;
    };
    return { run, must, redact, failure };
}
/** The clone's view of the branch: its tip commit, or '' when the branch does not exist. */
async function remoteBranchTip(git, cwd, remote, branch) {
    const result = await git.run(['ls-remote', '--exit-code', remote, `refs/heads/${branch}`], { cwd, remote });
    // --exit-code: 2 means "no such ref"; anything else non-zero is a real failure.
    if (result.code === 2)
        return '';
    if (result.code !== 0)
        throw git.failure(`git ls-remote with ${(0,_auth_js__WEBPACK_IMPORTED_MODULE_5__/* .remoteHost */ .N4)(remote)}: cannot read branch ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_6__/* .quote */ .hD)(branch)} of ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_6__/* .quote */ .hD)(remote)}`, result);
    const sha = result.stdout.split('\t')[0]?.trim() ?? '';
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha))
        throw git.failure(`unexpected answer from git ls-remote for ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_6__/* .quote */ .hD)(branch)}`, result);
    return sha;
}
// Entries of the working tree's root that a copy of the source's root ('.') must not touch.
const CLONE_OWN = new Set(['.git', '.ftmo-deploy']);
/** `rel` as path components, or a thrown error when it could leave the working tree. */
function components(rel) {
    if (rel === '.')
        return [];
    const parts = rel.split('/');
    if (rel.includes('\\') || rel.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..' || part === '.git')) {
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(rel, 0, 'path is not a plain path inside the repository');
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
        current = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(current, part);
        const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(current).catch(() => undefined);
        if (stat !== undefined && !stat.isDirectory())
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(current, { force: true });
        if (stat === undefined || !stat.isDirectory())
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(current);
    }
    return current;
}
/** Absolute path of file `rel`, refusing symlinks anywhere on the way; undefined if missing. */
async function regularFile(root, rel) {
    let current = root;
    const parts = components(rel);
    for (const [index, part] of parts.entries()) {
        current = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(current, part);
        const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(current).catch(() => undefined);
        if (stat === undefined)
            return undefined;
        if (stat.isSymbolicLink())
            throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ManifestError */ .Sh(rel, 0, 'is a symbolic link or lies behind one; refusing to follow it');
        const last = index === parts.length - 1;
        if (last ? !stat.isFile() : !stat.isDirectory())
            return undefined;
    }
    return current;
}
async function openClone(git, dir, remote, branch) {
    await git.must(['init', '-q', dir], { cwd: node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(dir) });
    const cwd = { cwd: dir };
    let emptyTree = '';
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
            if ((await remoteBranchTip(git, dir, remote, branch)) === '')
                return '';
            await git.must(['fetch', '--quiet', '--no-tags', '--depth=1', remote, `+refs/heads/${branch}:refs/ftmo-deploy/tip`], { cwd: dir, remote });
            return (await git.must(['rev-parse', '--verify', 'refs/ftmo-deploy/tip^{commit}'], cwd)).trim();
        },
        async reset(commit) {
            for (const entry of await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(dir)) {
                if (entry !== '.git')
                    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, entry), { recursive: true, force: true });
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
            return (await git.must(['rev-parse', '--verify', `${commit}^{tree}`], cwd)).trim();
        },
        async commit(treeId, parent, message) {
            const parents = parent === '' ? [] : ['-p', parent];
            return (await git.must(['commit-tree', treeId, ...parents, '-F', '-'], { cwd: dir, input: message })).trim();
        },
        async changedFiles(fromTree, toTree) {
            const out = await git.must(['diff-tree', '-r', '-z', '--name-only', '--no-renames', '--diff-filter=d', await tree(fromTree), await tree(toTree)], cwd);
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
            const source = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(sourceRoot, ...components(rel));
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(source).catch(() => undefined);
            if (!stat?.isDirectory())
                throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StageError */ .Zu('manifests', `manifests-path ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_6__/* .quote */ .hD)(rel)} is not a directory in the workspace`);
            const target = await realDirectory(dir, rel);
            const atRoot = rel === '.';
            for (const entry of await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(target)) {
                if (!(atRoot && CLONE_OWN.has(entry)))
                    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(target, entry), { recursive: true, force: true });
            }
            for (const entry of await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(source)) {
                if (entry === '.git' || (atRoot && CLONE_OWN.has(entry)))
                    continue;
                // Links are copied as links (as git stores them), never followed.
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.cp(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(source, entry), node_path__WEBPACK_IMPORTED_MODULE_1___default().join(target, entry), {
                    recursive: true,
                    verbatimSymlinks: true,
                    filter: (from) => node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(from) !== '.git',
                });
            }
        },
        async readFile(rel) {
            const file = await regularFile(dir, rel);
            return file === undefined ? undefined : (0,_domain_manifests_utf8_js__WEBPACK_IMPORTED_MODULE_3__/* .decodeUtf8 */ ._)(await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(file), rel);
        },
        async writeFile(rel, text) {
            const parent = await realDirectory(dir, node_path__WEBPACK_IMPORTED_MODULE_1___default().posix.dirname(rel));
            const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(parent, node_path__WEBPACK_IMPORTED_MODULE_1___default().posix.basename(rel));
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(file).catch(() => undefined);
            if (stat !== undefined && !stat.isFile())
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(file, { recursive: true, force: true });
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(file, text);
        },
    };
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
/* harmony import */ var _domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1722);
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

/***/ 4491:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
// Durations as a workflow author writes them for `wait-timeout`: `10m`, `90s`, `1h30m`,
// `500ms`. Whole numbers of ms, s, m and h, largest unit first, each unit at most once.
const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** Milliseconds, or undefined when `text` is not such a duration (or is zero). */
function parseDuration(text) {
    const match = DURATION_RE.exec(text);
    if (match === null || text === '')
        return undefined;
    const [, h, m, s, ms] = match;
    const total = [
        [h, UNIT_MS.h],
        [m, UNIT_MS.m],
        [s, UNIT_MS.s],
        [ms, UNIT_MS.ms],
    ].reduce((sum, [count, unit]) => sum + (count === undefined ? 0 : Number(count) * Number(unit)), 0);
    return total > 0 ? total : undefined;
}
/** The largest units that divide the value exactly: 600000 -> `10m`, 1500 -> `1s500ms`. */
function formatDuration(ms) {
    let rest = Math.round(ms);
    const parts = [];
    for (const [unit, size] of Object.entries(UNIT_MS)) {
        const count = Math.floor(rest / size);
        if (count > 0)
            parts.push(`${count}${unit}`);
        rest -= count * size;
    }
    return parts.length === 0 ? '0ms' : parts.join('');
}


/***/ }),

/***/ 241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sh: () => (/* binding */ ManifestError),
/* harmony export */   Zu: () => (/* binding */ StageError),
/* harmony export */   af: () => (/* binding */ ContextError),
/* harmony export */   dz: () => (/* binding */ InputError)
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
/** A failure of a stage, with the part of a tool's output worth showing. */
class StageError extends Error {
    stage;
    constructor(stage, message) {
        super(message);
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


/***/ }),

/***/ 9757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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

/***/ 1722:
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

/***/ 7174:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ decodeUtf8)
/* harmony export */ });
/* unused harmony export firstInvalidByte */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _kustomize_edit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1722);
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
/* harmony export */   fH: () => (/* binding */ isValidDigest),
/* harmony export */   rN: () => (/* binding */ imageRepositoryProblem),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9757);
// Image repositories, tags and digests: what docker accepts, narrowed to what this action
// accepts (lower case, ASCII, an explicit registry host, no tag or digest in the repository).

/** A host name component: letters/digits, inner dashes allowed. Lower case only (see below). */
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const HOST_RE = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?$`);
/** docker's path component: alphanumeric runs joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
/** docker refuses repository names longer than this (host included). */
const MAX_REPOSITORY_LENGTH = 255;
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
function isValidDigest(digest) {
    return DIGEST_RE.test(digest);
}
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
        return `has an invalid registry host ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(host)}`;
    for (const component of path) {
        if (!PATH_COMPONENT_RE.test(component)) {
            return `has an invalid path component ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(component)} (lower-case letters and digits, joined by '.', '_', '__' or '-')`;
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
        throw new Error(`A reference to ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(image)} needs a tag or a digest`);
    if (tag !== '' && !isValidTag(tag))
        throw new Error(`Not a valid tag: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(tag)}`);
    if (digest !== '' && !isValidDigest(digest))
        throw new Error(`Not a valid digest: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(digest)}`);
    return `${image}${tag === '' ? '' : `:${tag}`}${digest === '' ? '' : `@${digest}`}`;
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

/***/ 5522:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
// Durations as workflow authors write them for `trivy-db-max-age`: Go-style units summed
// (`72h`, `1h30m`, `3d`), and the age of a DB written back for people (`3 h 12 min`).
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const DURATION_RE = /^(?:[0-9]+[dhms])+$/;
/** Milliseconds of `text` (`72h`, `1h30m`, `3d`, `90m`), or undefined when it is not one. */
function parseDuration(text) {
    if (!DURATION_RE.test(text))
        return undefined;
    let total = 0;
    for (const [, amount = '', unit = ''] of text.matchAll(/([0-9]+)([dhms])/g)) {
        total += Number(amount) * (UNIT_MS[unit] ?? 0);
    }
    return Number.isSafeInteger(total) ? total : undefined;
}
/** The largest two units of `ms`, rounded down: `2 d 3 h`, `5 h 4 min`, `12 min`, `40 s`. */
function formatDuration(ms) {
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

/***/ 72:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bB: () => (/* binding */ scanSummaryMarkdown)
});

// UNUSED EXPORTS: SCAN_SUMMARY_DEFAULTS, findingUrl

// EXTERNAL MODULE: ./src/domain/report/markdown.ts
var markdown = __webpack_require__(3010);
// EXTERNAL MODULE: ./src/domain/scan/duration.ts
var duration = __webpack_require__(5522);
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
        `Vulnerability DB: updated ${(0,markdown/* escapeCell */.kq)(metadata.updatedAt)} (${(0,duration/* formatDuration */.a)(db.updatedAgeMs)} old), ${source}; ` +
            `downloaded ${(0,markdown/* escapeCell */.kq)(metadata.downloadedAt)} (${(0,duration/* formatDuration */.a)(db.downloadedAgeMs)} ago).`,
        '',
    ];
    if (db.warning !== '')
        lines.push('> [!WARNING]', `> ${(0,markdown/* escapeParagraph */.I$)(db.warning)}`, '');
    return lines;
}

// EXTERNAL MODULE: ./src/domain/types.ts
var types = __webpack_require__(8593);
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
    const header = `| Platform | ${types/* SEVERITIES */.o.join(' | ')} |`;
    const rule = `|---|${types/* SEVERITIES */.o.map(() => '---:').join('|')}|`;
    const row = (label, counts) => `| ${label} | ${types/* SEVERITIES */.o.map((s) => String(counts[s] ?? 0)).join(' | ')} |`;
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
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9757);
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
const SHA256_RE = /^[0-9a-f]{64}$/;
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StageError */ .Zu('scan', `Trivy cannot be installed on this runner (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(os)}/${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(arch)}): release archives are used for ` +
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
    if (trimmed !== '' && !SHA256_RE.test(trimmed)) {
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
/* harmony export */   Gj: () => (/* binding */ gate),
/* harmony export */   Qg: () => (/* binding */ parseTrivyReport),
/* harmony export */   W1: () => (/* binding */ emptyCounts)
/* harmony export */ });
/* unused harmony export severityRank */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(241);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9757);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8593);
// Trivy's JSON report -> findings, counts and the gate decision. The decision is taken here,
// from the report, and never from Trivy's exit code: a report that cannot be read is an error,
// so a broken scanner can only ever fail the gate.



const SUPPORTED_SCHEMA_VERSION = 2;
/** How many findings the gate's reason names before saying "and N more". */
const REASON_EXAMPLES = 5;
/** Parses the text of `trivy image --format json`; throws a StageError for anything else. */
function parseTrivyReport(text) {
    let root;
    try {
        root = JSON.parse(text);
    }
    catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
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
    return _types_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.indexOf(severity);
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
/** Fails when any finding has a severity in `failOn`; an empty `failOn` (`none`) only reports. */
function gate(findings, failOn) {
    const total = `${findings.length} finding${findings.length === 1 ? '' : 's'} after filtering`;
    if (failOn.length === 0) {
        return { outcome: 'passed', reason: `fail-on is none: report only (${total})` };
    }
    const levels = _types_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.filter((s) => failOn.includes(s)).join(', ');
    const blocking = findings.filter((f) => failOn.includes(f.severity));
    if (blocking.length === 0) {
        return { outcome: 'passed', reason: `no finding at ${levels} (${total})` };
    }
    const named = blocking.slice(0, REASON_EXAMPLES).map((f) => `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(f.id)} in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(f.pkg)} (${f.severity})`);
    const more = blocking.length > REASON_EXAMPLES ? ` and ${blocking.length - REASON_EXAMPLES} more` : '';
    return {
        outcome: 'failed',
        reason: `${blocking.length} finding${blocking.length === 1 ? '' : 's'} at ${levels}: ${named.join(', ')}${more}`,
    };
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
    if (_types_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.includes(value))
        return value;
    throw reportError(`gives finding ${finding} the Severity ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value, 80)}, which is not one of Trivy's ${_types_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .o.join(', ')}`);
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
    return value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
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
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StageError */ .Zu('scan', `The Trivy report ${detail}; the gate fails closed`);
}


/***/ }),

/***/ 8593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ METADATA_FILE_PLACEHOLDER),
/* harmony export */   o: () => (/* binding */ SEVERITIES)
/* harmony export */ });
// The plain data that flows through the action: context -> inputs -> plan -> stage results.
// Nothing here does anything; every stage reads these shapes and returns its own result.
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const METADATA_FILE_PLACEHOLDER = '{{metadata-file}}';


/***/ }),

/***/ 8412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: realDeps

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/adapters/git/git.ts
var git_git = __webpack_require__(6619);
;// CONCATENATED MODULE: ./src/adapters/git/workspace-head.ts
// The commit the workspace holds: `git rev-parse HEAD`, with git isolated from the runner's
// configuration like every other git command of the action (git.ts).




/** The full SHA of the workspace's HEAD commit, or '' when there is none to read. */
async function readWorkspaceHead(where) {
    const tempDir = await external_node_fs_.promises.mkdtemp(external_node_path_default().join(where.runnerTemp || external_node_os_default().tmpdir(), 'ftmo-head-'));
    try {
        // The workspace may belong to another user than the action's (a container job).
        const git = await (0,git_git/* createGit */.lD)({ tempDir, env: where.env, now: where.now, stage: 'checkout', config: [{ key: 'safe.directory', value: where.workspace }] });
        const result = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: where.workspace });
        return result.code === 0 ? result.stdout.trim() : '';
    }
    finally {
        await external_node_fs_.promises.rm(tempDir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
// EXTERNAL MODULE: ./src/domain/escape.ts
var domain_escape = __webpack_require__(9757);
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
const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const REPOSITORY_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
function buildRunContext(env, payload) {
    const eventName = required(env, 'GITHUB_EVENT_NAME');
    const sha = required(env, 'GITHUB_SHA').toLowerCase();
    if (!SHA_RE.test(sha))
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
        runnerTemp: env.RUNNER_TEMP ?? '',
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
    if (!SHA_RE.test(headSha)) {
        return incomplete(strict, new errors/* ContextError */.af('event payload pull_request.head.sha', 'must be a full commit SHA', headSha));
    }
    // A deleted fork leaves head.repo null: unknown origin counts as another repository.
    const headRepo = stringAt(pr, 'head', 'repo', 'full_name');
    const baseRepo = stringAt(pr, 'base', 'repo', 'full_name') || repository;
    const headRef = stringAt(pr, 'head', 'ref');
    const refProblem = refCharacterProblem(headRef);
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
/**
 * What git forbids anywhere in a ref name (git check-ref-format), or undefined. A payload field
 * that should name a branch but breaks these rules was not written by GitHub; refusing it also
 * keeps `::`, `[` and line breaks of such a field out of every log line.
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
/** A branch name from the payload: '' when absent, else it must be one git could hold. */
function refField(value, source) {
    const problem = refCharacterProblem(value);
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


const checkout_SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
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
    const commit = head.toLowerCase();
    if (checkout_SHA_RE.test(commit) && named.includes(commit))
        return { commit };
    const problem = checkoutProblem(ctx, checkout_SHA_RE.test(commit) ? commit : '');
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

const LATEST = 'latest';
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
        ...input.tags.filter((tag) => tag !== LATEST).flatMap((tag) => ['--tag', `${input.image}:${tag}`]),
        ...attestationArgs('provenance', input.provenance),
        ...attestationArgs('sbom', input.sbom),
        ...cacheArgs(input),
        '--metadata-file',
        types/* METADATA_FILE_PLACEHOLDER */.Z,
        ...outputArgs(input.push),
        pathArg(input.context || '.'),
    ];
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
            const ref = `type=gha,scope=${input.service}`;
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
// Not pushing (fork pull requests, `push: false`): a multi-platform result cannot be `--load`ed
// into the classic image store, and without any output buildx warns that the result stays in the
// build cache. `type=cacheonly` says that on purpose: the build runs and is checked, nothing leaves.
function outputArgs(push) {
    return push ? ['--push'] : ['--output', 'type=cacheonly'];
}
// A relative path that starts with `-` would read as an option (`-` alone as stdin for --file).
function pathArg(path) {
    return path.startsWith('-') ? `./${path}` : path;
}

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




const tags_LATEST = 'latest';
const MAX_TAG_LENGTH = 128;
/** The tags of pull request builds: `pr-<N>` and `pr-<N>-<sha>`. */
const PULL_REQUEST_TAG_RE = /^pr-[0-9]+(?:-[0-9a-f]+)?$/;
/**
 * A ref name made into tag material: every run of characters outside `[A-Za-z0-9_.-]` becomes
 * one `-`, leading `.`/`-` go (a tag cannot start with them), case is kept. No length limit
 * here: callers cut to fit, because what must survive whole differs by rule.
 */
function sanitizeTag(ref) {
    return ref.replace(/[^A-Za-z0-9_.-]+/gu, '-').replace(/^[.-]+/, '');
}
/** Why an `extra-tags` line cannot be used, or undefined when it can. */
function extraTagProblem(tag) {
    if (!(0,image_ref/* isValidTag */.r_)(tag)) {
        return 'each line must be a valid tag: letters, digits, _ . - only, not starting with . or -, at most 128 characters';
    }
    if (tag === tags_LATEST)
        return "must not contain 'latest': it is added by the tag rules only, after the scan gate";
    return undefined;
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
    const tags = unique([...row.tags, ...(row.latest ? [tags_LATEST] : []), ...checkedExtraTags(options.extraTags)]);
    return {
        refKind: row.refKind,
        refName: row.refName,
        version: row.version,
        tags,
        immutableTags: tags.filter((tag) => tag !== tags_LATEST),
        latest: row.latest,
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
        return { refKind: 'tag', refName: tag, version: tags[0] ?? sha, tags, latest: false };
    }
    // Anything else (refs/pull/* without a payload, no ref at all): only the commit names the image.
    return { refKind: 'other', refName: '', version: sha, tags: [sha], latest: false };
}
/** `<ref>-<sha>`: the ref part is cut so the whole fits in 128 characters; the SHA is kept whole. */
function branchShaTag(ref, sha) {
    const room = MAX_TAG_LENGTH - sha.length - 1;
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
        if ((0,image_ref/* isValidTag */.r_)(version))
            return [version];
        // A prerelease too long for a tag falls through to the generic rule below.
    }
    const sanitised = sanitizeTag(tag).slice(0, MAX_TAG_LENGTH);
    return [sanitised === '' ? sha : sanitised];
}
/**
 * A git tag may not produce a tag that other rows own: `latest` (moved only after the scan gate)
 * or a pull request's `pr-N` / `pr-N-<sha>`. Either would be overwritten with other content.
 */
function checkNotReserved(gitTag, tag) {
    const owner = tag === tags_LATEST ? 'the tag rules move it only after the scan gate' : PULL_REQUEST_TAG_RE.test(tag) ? 'it is a pull request build\'s tag' : '';
    if (owner === '')
        return;
    throw new errors/* ContextError */.af('GITHUB_REF', `refused: the git tag would give the image tag ${tag}, which a tag push must not take (${owner}); use another git tag name`, `refs/tags/${gitTag}`);
}
function checkedExtraTags(extraTags) {
    for (const tag of extraTags) {
        const problem = extraTagProblem(tag);
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

;// CONCATENATED MODULE: ./src/domain/plan/plan.ts
// Inputs + run context -> the Plan: every decision the stages will act on, made up front so that
// `mode: plan` can show it and every later stage only carries it out.







/**
 * `created` is the only clock reading in the plan, `sourceCommit` the commit that is built
 * (checkout.ts); the caller passes both in.
 */
function makePlan(inputs, ctx, created, sourceCommit) {
    const defaultBranch = resolveDefaultBranch(inputs.defaultBranch, ctx);
    const tags = tagsFor(inputs, ctx, defaultBranch, sourceCommit);
    checkManifestsBranch(inputs, tags, defaultBranch);
    const labels = ociLabels(ctx, {
        service: inputs.service,
        version: tags.version,
        sourceCommit: tags.sourceCommit,
        created,
    });
    const build = buildPlan(inputs, ctx, tags, labels);
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
        latest: tags.latest && build.push,
        labels,
        sourceCommit: tags.sourceCommit,
        defaultBranch,
        runUrl: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}/actions/runs/${ctx.runId}`,
        build,
        scan,
        manifests,
    };
}
/** Deploy mode pins an existing tag: that tag is the whole row. */
function tagsFor(inputs, ctx, defaultBranch, sourceCommit) {
    const computed = computeTags(ctx, { defaultBranch, shaLength: inputs.shaLength, extraTags: inputs.extraTags, sourceCommit });
    if (inputs.mode !== 'deploy')
        return computed;
    return { ...computed, version: inputs.tag, tags: [inputs.tag], immutableTags: [inputs.tag], latest: false };
}
function buildPlan(inputs, ctx, tags, labels) {
    const fork = ctx.pullRequest?.fork === true;
    const decision = buildDecision(inputs, tags);
    const push = decision.enabled && pushDecision(inputs, fork);
    const options = {
        service: inputs.service,
        image: inputs.image,
        tags: tags.immutableTags,
        labels,
        platforms: inputs.platforms,
        context: inputs.context,
        file: inputs.file,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        cache: inputs.cache,
        provenance: inputs.provenance,
        sbom: inputs.sbom,
        push,
    };
    return {
        ...decision,
        reason: push || !decision.enabled ? decision.reason : `${decision.reason}; not pushed (${noPushReason(fork)})`,
        push,
        // Deploy mode reads the registry (tag -> digest), so it logs in without building.
        login: push || inputs.mode === 'deploy',
        context: inputs.context,
        file: inputs.file,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        platforms: inputs.platforms,
        cache: inputs.cache,
        provenance: inputs.provenance,
        sbom: inputs.sbom,
        args: buildxArgs(options),
    };
}
function buildDecision(inputs, tags) {
    if (inputs.mode === 'deploy')
        return { enabled: false, reason: `deploy mode pins the existing tag ${inputs.tag}` };
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
    const settings = {
        trivyVersion: inputs.trivyVersion,
        trivySha256: inputs.trivySha256,
        trivyDownloadUrl: inputs.trivyDownloadUrl,
        trivyPath: inputs.trivyPath,
        failOn: inputs.failOn,
        ignoreUnfixed: inputs.ignoreUnfixed,
        trivyignore: inputs.trivyignore,
        trivyCacheDir: inputs.trivyCacheDir,
        trivyDbRepositories: inputs.trivyDbRepositories,
        trivyDbMaxAgeMs: inputs.trivyDbMaxAgeMs,
        platforms: inputs.platforms,
    };
    if (!inputs.scan)
        return { ...settings, enabled: false, reason: 'scan: false' };
    if (inputs.mode === 'deploy') {
        return { ...settings, enabled: true, reason: `scan every platform of the index ${inputs.tag} names before pinning it` };
    }
    if (!build.push)
        return { ...settings, enabled: false, reason: 'nothing is pushed, so there is nothing to scan' };
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
        lines.push(...errorSection(report.error));
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
    if (report.build?.digest)
        rows.push(['Digest', (0,markdown/* inlineCode */.ti)(report.build.digest)]);
    if (report.scan !== undefined)
        rows.push(['Scan', `${report.scan.outcome}: ${(0,markdown/* escapeCell */.kq)(report.scan.reason)}`]);
    if (report.manifests !== undefined)
        rows.push(['Manifests', manifestsCell(report)]);
    return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
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
        row('Build and push', plan.build, report.build ? (report.build.pushed ? 'pushed' : 'built') : undefined),
        row('Scan', plan.scan, report.scan?.outcome),
        row('Promote latest', latest, report.promote?.latest),
        // What the stage found (e.g. a newer build is already pinned) says more than what was planned.
        row('Manifests', report.manifests ? { ...plan.manifests, reason: report.manifests.reason } : plan.manifests, report.manifests ? (report.manifests.changed ? 'committed' : 'unchanged') : undefined),
    ];
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

// EXTERNAL MODULE: ./src/domain/argocd/duration.ts
var duration = __webpack_require__(4491);
// EXTERNAL MODULE: ./src/domain/scan/duration.ts
var scan_duration = __webpack_require__(5522);
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
    const ms = (0,scan_duration/* parseDuration */.E)(value);
    if (ms === undefined)
        return 'must be a duration such as 72h, 3d or 1h30m (units d, h, m, s)';
    if (ms <= 0)
        return 'must be longer than 0';
    if (ms > LONGEST_DB_MAX_AGE_MS)
        return 'must be at most 30d';
    return ms;
}

// EXTERNAL MODULE: ./src/domain/scan/trivy-release.ts
var trivy_release = __webpack_require__(7328);
;// CONCATENATED MODULE: ./src/domain/inputs/input-rules.ts
// Every input of action.yml: its default and the parser for its format. A bad value fails here,
// before anything runs, with an InputError that names the input, the rule and (escaped) the
// value; a secret's value is never put in a message.










function rule(defaultValue, parse) {
    return { default: defaultValue, parse };
}
// ---------------------------------------------------------------------------------------------
// One parser per input format.
const SERVICE_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_SERVICE_LENGTH = 63;
const PLATFORM_RE = /^[a-z0-9][a-z0-9_]*\/[a-z0-9][a-z0-9_]*(?:\/[a-z0-9][a-z0-9_]*)?$/;
const BUILD_ARG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** docker's rule for stage names (it lower-cases them first). */
const STAGE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const ATTESTATION_ITEM_RE = /^[a-z][a-z0-9-]*=[\u0021-\u002b\u002d-\u007e]+$/;
const VERSION_RE = /^v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))$/;
const SHA256_RE = /^[0-9A-Fa-f]{64}$/;
const input_rules_REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** C0 and C1 control characters and DEL: newlines, tabs, escapes, NUL... */
function hasControlChar(value) {
    return [...value].some((c) => {
        const code = c.charCodeAt(0);
        return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    });
}
function fail(name, ruleText, value) {
    throw new errors/* InputError */.dz(name, ruleText, value);
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
            fail(name, `must be one of ${allowed.join(', ')}`, value);
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
const input_rules_boolean = (value, name) => yamlBoolean(value) ?? fail(name, 'must be true or false', value);
function integer(min, max) {
    return (value, name) => {
        const number = /^[0-9]+$/.test(value) ? Number(value) : NaN;
        if (!(number >= min && number <= max))
            fail(name, `must be a whole number from ${min} to ${max}`, value);
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
            fail(name, 'must not contain control characters', value);
        return parse(value, name, where);
    };
}
const serviceName = (value, name) => {
    if (value === '')
        throw new errors/* InputError */.dz(name, 'is required');
    if (!SERVICE_RE.test(value)) {
        fail(name, "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'", value);
    }
    if (value.length > MAX_SERVICE_LENGTH)
        fail(name, `must be at most ${MAX_SERVICE_LENGTH} characters`, value);
    return value;
};
const imageRepository = (value, name) => {
    const problem = (0,image_ref/* imageRepositoryProblem */.rN)(value);
    return problem === undefined ? value : fail(name, problem, hideUserinfo(value));
};
/** A user name for `docker login`: printable, no spaces, no ':' (it would end up in Basic auth). */
const userName = (value, name) => {
    if (!/^[\u0021-\u007e]+$/.test(value) || value.includes(':') || value.startsWith('-')) {
        fail(name, "must be printable ASCII without spaces or ':', not starting with '-'", value);
    }
    return value;
};
/** Secrets are checked without ever quoting them. */
const secret = (value, name) => {
    if (hasControlChar(value)) {
        throw new errors/* InputError */.dz(name, 'must not contain a newline or other control character (value not shown: it is a secret)');
    }
    return value;
};
/**
 * A path inside the workspace, returned workspace-relative and normalised ('.' for the root).
 * Absolute paths are accepted when they point inside the workspace. Symbolic links are the
 * adapter's business (this code cannot look at the disk).
 */
const workspacePath = noControlChars((value, name, where) => {
    if (value.startsWith('/') && !where.workspace.startsWith('/'))
        fail(name, 'must be relative to the workspace', value);
    const normalised = value.startsWith('/')
        ? external_node_path_.posix.relative(external_node_path_.posix.normalize(where.workspace), external_node_path_.posix.normalize(value))
        : external_node_path_.posix.normalize(value);
    const relative = normalised.replace(/\/+$/, '') || '.';
    if (relative === '..' || relative.startsWith('../') || relative.startsWith('/')) {
        fail(name, 'must be a path inside the workspace', value);
    }
    // A relative path beginning with '-' would be read as an option by the tools it is given to.
    if (relative.startsWith('-'))
        fail(name, "must not start with '-'", value);
    return relative;
});
/** Build stage name as docker accepts it. */
const stageName = (value, name) => STAGE_RE.test(value) ? value : fail(name, "must be a build stage name (a letter, then letters, digits, '_', '.', '-')", value);
const buildArgs = (value, name) => {
    const seen = new Set();
    return lines(value).map((line) => {
        const equals = line.indexOf('=');
        if (equals < 0)
            fail(name, 'each line must be KEY=VALUE', line);
        const key = line.slice(0, equals);
        if (!BUILD_ARG_KEY_RE.test(key))
            fail(name, 'each KEY must be a name of letters, digits and _, not starting with a digit', key);
        if (seen.has(key))
            fail(name, 'each KEY may appear only once', key);
        seen.add(key);
        const argValue = line.slice(equals + 1);
        if (hasControlChar(argValue))
            fail(name, 'a VALUE must not contain control characters', key);
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
        fail(name, 'must name at least one platform', value);
    for (const item of items) {
        if (!PLATFORM_RE.test(item))
            fail(name, 'must be a comma-separated list of os/arch[/variant] (e.g. linux/amd64,linux/arm64)', item);
    }
    const duplicate = items.find((item, index) => items.indexOf(item) !== index);
    if (duplicate !== undefined)
        fail(name, 'must not list a platform twice', duplicate);
    return items;
};
const pushRule = (value, name) => {
    if (value === 'auto')
        return 'auto';
    const flag = yamlBoolean(value);
    return flag === undefined ? fail(name, 'must be auto, true or false', value) : flag ? 'true' : 'false';
};
/** buildx --provenance / --sbom value: a boolean, or comma-separated key=value options. */
const attestation = (value, name) => {
    const flag = yamlBoolean(value);
    if (flag !== undefined)
        return String(flag);
    if (!value.split(',').every((item) => ATTESTATION_ITEM_RE.test(item))) {
        fail(name, 'must be true, false or comma-separated key=value options (e.g. mode=max)', value);
    }
    return value;
};
/** The tag-like names in the list below. */
const tagName = (value, name) => (0,image_ref/* isValidTag */.r_)(value) ? value : fail(name, 'must be a valid tag: letters, digits, _ . -, not starting with . or -, at most 128 characters', value);
const extraTags = lineList((value, name) => {
    const problem = extraTagProblem(value);
    return problem === undefined ? value : fail(name, problem, value);
});
/** Exact X.Y.Z (a leading v is dropped); compromised releases are refused whatever else is given. */
const trivyVersion = (value, name) => {
    const version = VERSION_RE.exec(value)?.[1] ?? value;
    const problem = (0,trivy_release/* trivyVersionProblem */.At)(version);
    return problem === undefined ? version : fail(name, problem, value);
};
const sha256 = (value, name) => SHA256_RE.test(value) ? value.toLowerCase() : fail(name, 'must be a SHA-256 of 64 hexadecimal characters', value);
/** Base URL: https (http only for loopback test servers), no credentials, query or fragment. */
const downloadUrl = (value, name) => {
    // Credentials hide in the userinfo and in query parameters (`?token=...`): neither is shown.
    const shown = hideUserinfo(value).replace(/\?[^#]*/, '?***');
    if (!/^[\u0021-\u007e]+$/.test(value))
        fail(name, 'must be a URL of printable ASCII without spaces', shown);
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return fail(name, 'must be an absolute https URL', shown);
    }
    const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !loopbackHttp)
        fail(name, 'must be an https URL (http only for loopback hosts: 127.0.0.1, localhost, the IPv6 loopback)', shown);
    if (url.username !== '' || url.password !== '' || value.includes('@'))
        fail(name, 'must not contain user info (user@host)', shown);
    if (value.includes('?') || value.includes('#'))
        fail(name, 'must not contain a query or fragment', shown);
    return value.replace(/\/+$/, '');
};
/** Comma-separated severities in any case, or `none` alone; upper case, duplicates dropped. */
const severities = (value, name) => {
    const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (items.length === 1 && items[0]?.toUpperCase() === 'NONE')
        return [];
    if (items.length === 0)
        fail(name, 'must name severities or none', value);
    const known = types/* SEVERITIES */.o;
    for (const item of items) {
        if (!known.includes(item.toUpperCase())) {
            fail(name, `must be none or comma-separated severities from ${types/* SEVERITIES */.o.join(', ')}`, item);
        }
    }
    return [...new Set(items.map((item) => item.toUpperCase()))];
};
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
const branchName = (value, name) => {
    const problem = branchNameProblem(value);
    return problem === undefined ? value : fail(name, problem, value);
};
const repositoryName = (value, name) => {
    const repo = value.split('/')[1] ?? '';
    if (!input_rules_REPOSITORY_RE.test(value) || repo === '.' || repo === '..')
        fail(name, 'must be owner/name of a GitHub repository', hideUserinfo(value));
    return value;
};
const trivyCacheDir = noControlChars((value, name) => {
    const problem = cacheDirProblem(value);
    return problem === undefined ? value.replace(/(.)\/+$/, '$1') : fail(name, problem, value);
});
/** One repository per line, in the order they are asked; empty for the built-in list. */
const dbRepositories = (value, name) => {
    const items = lines(value);
    for (const item of items) {
        const problem = dbRepositoryProblem(item);
        if (problem !== undefined)
            fail(name, problem, hideUserinfo(item));
    }
    return items.length === 0 ? [...DEFAULT_DB_REPOSITORIES] : [...new Set(items)];
};
const maxAge = (value, name) => {
    const ms = dbMaxAge(value);
    return typeof ms === 'number' ? ms : fail(name, ms, value);
};
/** A GitHub environment name: printable, at most 255 characters ('' = no Deployment record). */
const environmentName = (value, name) => {
    if (hasControlChar(value) || [...value].length > 255)
        fail(name, 'must be an environment name of at most 255 characters without control characters', value);
    return value;
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
        fail(name, 'must be an absolute http or https URL of printable ASCII without spaces', hideUserinfo(value));
    if (url?.username !== '' || url.password !== '')
        fail(name, 'must not contain user info (user@host)', hideUserinfo(value));
    return value;
};
const manifestsPaths = (value, name, where) => {
    const paths = lineList(workspacePath)(value, name, where);
    if (paths.length === 0)
        fail(name, 'must name at least one directory', value);
    return [...new Set(paths)];
};
/** Argo CD Application names are Kubernetes object names (DNS-1123 subdomains). */
const APPLICATION_RE = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const applicationNames = (value, name, where) => {
    const names = lineList((line, n) => (APPLICATION_RE.test(line) ? line : fail(n, 'each line must be an Argo CD Application name (lower-case letters, digits, - and .)', line)))(value, name, where);
    return [...new Set(names)];
};
/** At most the 6 hours a GitHub-hosted job may run. */
const MAX_WAIT_MS = 6 * 3_600_000;
const input_rules_duration = (value, name) => {
    const ms = (0,duration/* parseDuration */.E)(value);
    if (ms === undefined || ms > MAX_WAIT_MS)
        fail(name, 'must be a duration of whole ms, s, m and h (e.g. 10m, 1m30s) up to 6h', value);
    return ms;
};
// ---------------------------------------------------------------------------------------------
// The table: input name (as in action.yml) -> default and parser. Its order is action.yml's.
const INPUT_RULES = {
    service: rule('', serviceName),
    mode: rule('auto', oneOf(['auto', 'build', 'deploy', 'plan'])),
    image: rule('', optional(imageRepository)),
    'registry-username': rule('', optional(userName)),
    'registry-password': rule('', secret),
    'github-token': rule('', secret),
    context: rule('.', workspacePath),
    file: rule('', optional(workspacePath)),
    target: rule('', optional(stageName)),
    'build-args': rule('', buildArgs),
    platforms: rule('linux/amd64,linux/arm64', platforms),
    push: rule('auto', pushRule),
    cache: rule('gha', oneOf(['gha', 'registry', 'none'])),
    provenance: rule('mode=min', attestation),
    sbom: rule('false', attestation),
    'default-branch': rule('', optional(branchName)),
    'sha-length': rule('7', integer(7, 40)),
    'extra-tags': rule('', extraTags),
    scan: rule('true', input_rules_boolean),
    'trivy-version': rule('0.69.3', trivyVersion),
    'trivy-sha256': rule('', optional(sha256)),
    'trivy-download-url': rule('https://github.com/aquasecurity/trivy/releases/download', downloadUrl),
    'trivy-path': rule('', noControlChars((value) => value)),
    'fail-on': rule('CRITICAL,HIGH', severities),
    'ignore-unfixed': rule('true', input_rules_boolean),
    trivyignore: rule('.trivyignore', workspacePath),
    'trivy-cache-dir': rule(DEFAULT_CACHE_DIR, trivyCacheDir),
    'trivy-db-repositories': rule('', dbRepositories),
    'trivy-db-max-age': rule(DEFAULT_DB_MAX_AGE, maxAge),
    'manifests-path': rule('infra/k8s', manifestsPaths),
    'manifests-branch': rule('manifests', branchName),
    'manifests-repository': rule('', optional(repositoryName)),
    'manifests-token': rule('', secret),
    'deploy-branches': rule('', lineList(branchName)),
    tag: rule('', optional(tagName)),
    'pin-digest': rule('true', input_rules_boolean),
    'max-push-attempts': rule('10', integer(1, 100)),
    environment: rule('', optional(environmentName)),
    'environment-url': rule('', optional(environmentUrl)),
    'pr-comment': rule('false', input_rules_boolean),
    'argocd-server': rule('', optional(downloadUrl)),
    'argocd-token': rule('', secret),
    'argocd-application': rule('', applicationNames),
    wait: rule('none', oneOf(['none', 'synced', 'healthy'])),
    'wait-timeout': rule('10m', input_rules_duration),
    'rollback-on-failure': rule('false', input_rules_boolean),
};
/** Every input the action reads, in action.yml's order (the single list; tests compare it). */
const INPUT_NAMES = Object.keys(INPUT_RULES);
/** Inputs whose values are secrets: masked before anything else, never quoted. */
const SECRET_INPUTS = ['registry-password', 'github-token', 'manifests-token', 'argocd-token'];
/**
 * Validates every input and resolves the derived defaults. `raw` is keyed by input name; an
 * empty or missing value means the default.
 */
function parseInputs(raw, where) {
    const v = parseEach(raw, where);
    const image = v.image || derivedImage(where.owner, v.service);
    const registry = (0,image_ref/* registryHost */.U$)(image);
    // The workflow's token and the actor are the defaults for GitHub's own registry only; any
    // other registry gets exactly what was given (checked in plan.ts when the run logs in).
    const githubRegistry = isGitHubRegistry(registry, where.serverUrl);
    if (v.mode === 'deploy' && v.tag === '')
        throw new errors/* InputError */.dz('tag', 'is required in deploy mode (the existing tag to pin)');
    if (v['trivy-sha256'] === '' && trivy_release/* KNOWN_TRIVY_CHECKSUMS */.oB[v['trivy-version']] === undefined) {
        const known = Object.keys(trivy_release/* KNOWN_TRIVY_CHECKSUMS */.oB).join(', ');
        fail('trivy-version', `is not in the embedded checksum table (${known}); give trivy-sha256 to use it`, v['trivy-version']);
    }
    checkArgoCdInputs(v);
    return {
        service: v.service,
        mode: v.mode,
        image,
        registry,
        registryUsername: v['registry-username'] || (githubRegistry ? where.actor : ''),
        registryPassword: v['registry-password'] || (githubRegistry ? v['github-token'] : ''),
        context: v.context,
        file: v.file || external_node_path_.posix.join(v.context, 'Dockerfile'),
        target: v.target,
        buildArgs: v['build-args'],
        platforms: v.platforms,
        push: v.push,
        cache: v.cache,
        provenance: v.provenance,
        sbom: v.sbom,
        defaultBranch: v['default-branch'],
        shaLength: v['sha-length'],
        extraTags: v['extra-tags'],
        scan: v.scan,
        trivyVersion: v['trivy-version'],
        trivySha256: v['trivy-sha256'],
        trivyDownloadUrl: v['trivy-download-url'],
        trivyPath: v['trivy-path'],
        failOn: v['fail-on'],
        ignoreUnfixed: v['ignore-unfixed'],
        trivyignore: v.trivyignore,
        trivyCacheDir: v['trivy-cache-dir'],
        trivyDbRepositories: v['trivy-db-repositories'],
        trivyDbMaxAgeMs: v['trivy-db-max-age'],
        manifestsPaths: v['manifests-path'],
        manifestsBranch: v['manifests-branch'],
        manifestsRepository: v['manifests-repository'],
        manifestsToken: v['manifests-token'],
        deployBranches: v['deploy-branches'],
        tag: v.tag,
        pinDigest: v['pin-digest'],
        maxPushAttempts: v['max-push-attempts'],
        environment: v.environment,
        environmentUrl: v['environment-url'],
        githubToken: v['github-token'],
        prComment: v['pr-comment'],
        argocdServer: v['argocd-server'],
        argocdToken: v['argocd-token'],
        argocdApplications: v['argocd-application'],
        wait: v.wait,
        waitTimeoutMs: v['wait-timeout'],
        rollbackOnFailure: v['rollback-on-failure'],
    };
}
/** Waiting needs a server, a token and an Application; rolling back needs a wait to fail. */
function checkArgoCdInputs(v) {
    if (v.wait === 'none') {
        if (v['rollback-on-failure'])
            throw new errors/* InputError */.dz('rollback-on-failure', 'needs wait: synced or healthy (a rollback follows a failed wait)');
        return;
    }
    if (v['argocd-server'] === '')
        throw new errors/* InputError */.dz('argocd-server', `is required when wait is ${v.wait}`);
    if (v['argocd-token'] === '')
        throw new errors/* InputError */.dz('argocd-token', `is required when wait is ${v.wait}`);
    if (v['argocd-application'].length === 0)
        throw new errors/* InputError */.dz('argocd-application', `is required when wait is ${v.wait}`);
}
function parseEach(raw, where) {
    const parsed = {};
    for (const name of INPUT_NAMES) {
        const { default: fallback, parse } = INPUT_RULES[name];
        const given = raw[name] ?? '';
        parsed[name] = parse(given === '' ? fallback : given, name, where);
    }
    return parsed;
}
/** ghcr.io/<owner>/<service>; an owner docker cannot accept needs an explicit `image`. */
function derivedImage(owner, service) {
    const image = (0,image_ref/* defaultImage */.XS)(owner, service);
    const problem = (0,image_ref/* imageRepositoryProblem */.rN)(image);
    if (problem !== undefined)
        fail('image', `is not given, and the default derived from the repository owner ${problem}; set image`, image);
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
        const head = await readWorkspaceHead({ workspace: ctx.workspace, runnerTemp: ctx.runnerTemp, env: deps.env, now: deps.now });
        const checkout = checkedOutCommit(ctx, inputs.mode, head);
        if (checkout.warning !== undefined) {
            core.warning(checkout.warning);
            report.warnings = [checkout.warning];
        }
        const plan = makePlan(inputs, ctx, deps.now().toISOString(), checkout.commit);
        report.plan = plan;
        core.startGroup('Plan');
        // Input values travel in the plan: escaped, so none can be read as a workflow command.
        core.info((0,domain_escape/* jsonForLog */.wn)(plan));
        core.endGroup();
        core.info(`Manifests: ${plan.manifests.enabled ? 'to be updated' : 'not updated'}: ${plan.manifests.reason}`);
        if (plan.mode === 'plan') {
            report.manifestsPreview = await (0,preview/* previewManifests */.DA)(plan, rt);
        }
        else {
            // The stages that change something bring docker, Trivy, git and the GitHub client with
            // them: loaded only when they run, so that plan mode starts at the speed of Node itself.
            const { execute } = await Promise.all(/* import() */[__webpack_require__.e(232), __webpack_require__.e(805), __webpack_require__.e(944)]).then(__webpack_require__.bind(__webpack_require__, 1944));
            await execute(plan, rt, report);
        }
    }
    catch (error) {
        report.error = error instanceof Error ? error.message : String(error);
        // Messages carry tools' output and values: the log shows their invisible characters.
        core.setFailed((0,domain_escape/* escapeInvisible */.ts)(report.error));
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
        core.warning(`Could not write the outputs or job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ }),

/***/ 3125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ pinService)
/* harmony export */ });
/* harmony import */ var _adapters_kustomize_files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7703);
/* harmony import */ var _domain_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(241);
/* harmony import */ var _domain_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9757);
/* harmony import */ var _domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1722);
// Pinning one service in every kustomization under the manifests paths: what the manifests
// branch update does to its clone, and what plan mode previews on the checkout.




/** The files that have the service's entry; no such file under the paths is an error. */
async function pinService(root, paths, pin, files) {
    const found = await (0,_adapters_kustomize_files_js__WEBPACK_IMPORTED_MODULE_0__/* .findKustomizations */ .m)(root, paths);
    const pinned = [];
    for (const file of found) {
        const text = await files.read(file);
        if (text === undefined)
            continue;
        const edit = (0,_domain_manifests_kustomize_edit_js__WEBPACK_IMPORTED_MODULE_2__/* .applyPin */ .Qk)(text, pin, file);
        if (!edit.matched)
            continue;
        pinned.push(file);
        if (edit.changed)
            await files.write(file, text, edit.text);
    }
    if (pinned.length === 0) {
        throw new _domain_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh(paths.join(', '), 0, `no kustomization has an \`images\` entry for ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(pin.service)} (name or newName ${(0,_domain_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(pin.image)}); ${found.length} file(s) read, nothing pushed`);
    }
    return pinned;
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

// EXTERNAL MODULE: ./src/stages/gitops/pin-service.ts
var pin_service = __webpack_require__(3125);
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
    const diffs = [];
    await (0,pin_service/* pinService */.f)(root, paths, pin, {
        read: (file) => (0,files/* readKustomization */.k)(root, file),
        write: async (file, before, after) => {
            diffs.push(unifiedDiff(file, before, after));
        },
    });
    return diffs.join('');
}


/***/ })

};
