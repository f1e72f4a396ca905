export const id = 919;
export const ids = [919];
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

/***/ 1919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/adapters/github/client.ts
var github_client = __webpack_require__(5423);
;// CONCATENATED MODULE: ./src/adapters/github/issue-comments.ts
// Comments of a pull request (GitHub's issue comments): list them all, create one, edit one.
async function listComments(client, repo, issue) {
    return client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
}
async function createComment(client, repo, issue, body) {
    const response = await client.rest.issues.createComment({ ...repo, issue_number: issue, body });
    return response.data.id;
}
async function updateComment(client, repo, id, body) {
    await client.rest.issues.updateComment({ ...repo, comment_id: id, body });
}

// EXTERNAL MODULE: ./src/domain/report/github-api-failure.ts
var github_api_failure = __webpack_require__(7430);
// EXTERNAL MODULE: ./src/domain/plan/image-ref.ts
var image_ref = __webpack_require__(5791);
// EXTERNAL MODULE: ./src/domain/report/markdown.ts
var markdown = __webpack_require__(3010);
// EXTERNAL MODULE: ./src/domain/scan/summary.ts + 1 modules
var summary = __webpack_require__(72);
;// CONCATENATED MODULE: ./src/domain/report/pr-comment.ts
// The pull request comment that shows what a pull request's build would deploy: one per service,
// found again by a hidden marker and edited in place on every push. Every value from the pull
// request, the image or the scan is untrusted text and goes through the job summary's escaping.



/** The hidden first line that identifies the comment of one service (service names are `[a-z0-9._-]`). */
function commentMarker(service) {
    return `<!-- ftmo-deploy:${service} -->`;
}
/**
 * The id of the comment whose first line is the service's marker (a comment that only quotes it
 * further down does not count), the oldest when several are; undefined when none is.
 */
function findMarkedComment(comments, service) {
    const marker = commentMarker(service);
    const marked = comments.filter((c) => (c.body ?? '').split('\n', 1)[0]?.trim() === marker);
    return marked.length === 0 ? undefined : Math.min(...marked.map((c) => c.id));
}
/** Findings shown; the rest are in the job summary and the SARIF report. */
const TOP_FINDINGS = 10;
/** GitHub refuses comments over 65,536 characters; the diff is the part that can grow. */
const MAX_DIFF_CHARS = 30_000;
function prCommentBody(report) {
    const lines = [
        commentMarker(report.service),
        `### ${report.error === '' ? '✅' : '❌'} ftmo-deploy: ${(0,markdown/* inlineCode */.ti)(report.service)}`,
        '',
        `Pull request #${report.pullRequest} from ${(0,markdown/* inlineCode */.ti)(report.headRef)} at ${(0,markdown/* inlineCode */.ti)(report.sourceCommit.slice(0, 12))}, [run](${report.runUrl}).`,
        '',
    ];
    if (report.error !== '')
        lines.push(`> [!CAUTION]`, `> ${(0,markdown/* escapeCell */.kq)(report.error.split('\n')[0] ?? '', 1000)}`, '');
    lines.push(...tagsAndDigests(report), '');
    if (report.scan !== undefined)
        lines.push((0,summary/* scanSummaryMarkdown */.bB)(report.scan, { maxRows: TOP_FINDINGS, maxBytes: 16 * 1024 }).trimEnd(), '');
    lines.push(...manifests(report));
    return `${lines.join('\n').trimEnd()}\n`;
}
function tagsAndDigests(report) {
    if (report.build === undefined || !report.build.pushed)
        return ['**Pushed:** nothing'];
    const lines = ['**Pushed:**', '', ...report.tags.map((tag) => `- ${(0,markdown/* inlineCode */.ti)((0,image_ref/* formatReference */.FH)(report.image, { tag }))}`), ''];
    lines.push('| Platform | Digest |', '|---|---|', `| index | ${(0,markdown/* inlineCode */.ti)(report.build.digest)} |`);
    for (const [platform, digest] of Object.entries(report.build.platformDigests))
        lines.push(`| ${(0,markdown/* escapeCell */.kq)(platform)} | ${(0,markdown/* inlineCode */.ti)(digest)} |`);
    return lines;
}
function manifests(report) {
    const title = '#### Manifests after merging (with this image)';
    if (report.manifestsDiff === '')
        return [title, '', (0,markdown/* escapeCell */.kq)(report.manifestsNote || 'No kustomization would change.', 1000)];
    const diff = report.manifestsDiff.length > MAX_DIFF_CHARS ? `${report.manifestsDiff.slice(0, MAX_DIFF_CHARS)}\n... diff cut\n` : report.manifestsDiff;
    return [title, '', (0,markdown/* codeBlock */.DV)(diff, 'diff')];
}

// EXTERNAL MODULE: ./src/stages/preview.ts + 1 modules
var preview = __webpack_require__(9227);
// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(241);
;// CONCATENATED MODULE: ./src/stages/github/pr-comment.ts
// The pull request comment (pr-comment: true): what this pull request's build pushed, what the
// scan found, and the kustomization edit that merging would make to the target branch's
// manifests, as plan mode shows it. One comment per service, edited in place on every push.
// A report, not a step: API failures are warnings and never change the run's result.







async function commentOnPullRequest(report, rt) {
    const { plan } = report;
    const pr = rt.ctx.pullRequest;
    if (!rt.inputs.prComment || plan === undefined || plan.mode === 'plan')
        return;
    if (rt.ctx.eventName !== 'pull_request' || pr === undefined)
        return;
    if (pr.fork) {
        core.info(`pr-comment: pull request #${pr.number} comes from a fork, whose token is read-only: no comment is written.`);
        return;
    }
    const body = prCommentBody({
        service: plan.service,
        image: plan.image,
        pullRequest: pr.number,
        headRef: pr.headRef,
        sourceCommit: plan.sourceCommit,
        runUrl: plan.runUrl,
        tags: report.build?.pushed ? plan.immutableTags : [],
        ...(report.build === undefined ? {} : { build: report.build }),
        ...(report.scan === undefined ? {} : { scan: report.scan }),
        ...(await mergePreview(plan, report, rt)),
        error: report.error ?? '',
    });
    await writeComment(rt, pr, plan.service, body);
}
/** The target branch's kustomizations (the merge checkout) with this pull request's image pinned. */
async function mergePreview(plan, report, rt) {
    const digest = plan.manifests.pinDigest ? report.build?.digest || preview/* DIGEST_AFTER_PUSH */.BG : '';
    try {
        const diff = await (0,preview/* previewPin */.GF)(rt.ctx.workspace, plan.manifests.paths, { service: plan.service, image: plan.image, tag: plan.version, digest });
        return { manifestsDiff: diff, manifestsNote: diff === '' ? 'No kustomization would change.' : '' };
    }
    catch (error) {
        return { manifestsDiff: '', manifestsNote: `The manifests diff could not be made: ${(0,errors/* errorMessage */.gJ)(error)}` };
    }
}
/** Edits the service's marked comment, or creates it when there is none. */
async function writeComment(rt, pr, service, body) {
    const [owner = '', name = ''] = rt.ctx.repository.split('/');
    const repo = { owner, repo: name };
    const client = (0,github_client/* githubClient */.$)(rt.inputs.githubToken, rt.ctx.apiUrl);
    try {
        const existing = findMarkedComment(await listComments(client, repo, pr.number), service);
        if (existing === undefined) {
            const id = await createComment(client, repo, pr.number, body);
            core.info(`Commented on pull request #${pr.number} (comment ${id}).`);
        }
        else {
            await updateComment(client, repo, existing, body);
            core.info(`Updated the comment ${existing} on pull request #${pr.number}.`);
        }
    }
    catch (error) {
        core.warning((0,github_api_failure/* apiFailureWarning */.P)('The pull request comment', 'pull-requests: write', (0,github_client/* describeApiError */.g)(error)));
    }
}


/***/ })

};
