export const id = 396;
export const ids = [396];
export const modules = {

/***/ 5396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  appendSummary: () => (/* binding */ appendSummary),
  debug: () => (/* binding */ debug),
  endGroup: () => (/* binding */ endGroup),
  getState: () => (/* binding */ getState),
  group: () => (/* binding */ group),
  info: () => (/* binding */ info),
  saveState: () => (/* binding */ saveState),
  setFailed: () => (/* binding */ setFailed),
  setOutput: () => (/* binding */ setOutput),
  setSecret: () => (/* binding */ setSecret),
  startGroup: () => (/* binding */ startGroup),
  warning: () => (/* binding */ warning)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/domain/workflow-command.ts
// The runner's protocol, as text: workflow commands on stdout (`::name::message`) and the
// entries of the files the runner reads after the step (GITHUB_OUTPUT, GITHUB_STATE). The same
// escaping as the runner's own toolkit: `%`, CR and LF in a message become %25, %0D and %0A, so
// a message is always one line and can never end one command and start another.
/** `::name::message`, the message escaped. */
function workflowCommand(name, message = '') {
    return `::${name}::${escapeData(message)}`;
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/**
 * `key<<delimiter`, the value, `delimiter`: one entry of a file command, any value on any number
 * of lines. The delimiter is random (the caller's); a key or value holding it would end the entry
 * early, so it is refused.
 */
function fileCommandEntry(key, value, delimiter, eol = '\n') {
    if (key.includes(delimiter))
        throw new Error(`The name ${JSON.stringify(key)} holds the file command delimiter`);
    if (value.includes(delimiter))
        throw new Error(`The value of ${JSON.stringify(key)} holds the file command delimiter`);
    return `${key}<<${delimiter}${eol}${value}${eol}${delimiter}`;
}

;// CONCATENATED MODULE: ./src/adapters/runner-commands.ts
// How the step talks to the runner: log lines, annotations, groups, masks, outputs, state and
// the job summary. The protocol is small (domain/workflow-command.ts) and this file is all of
// it that the action uses, so that starting the step loads no HTTP client: the runner's
// toolkit brings one with its core module (for OIDC tokens, which the action never asks for).




function issue(name, message = '') {
    process.stdout.write(workflowCommand(name, message) + external_node_os_.EOL);
}
function info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
/** Shown only when the run has step debug logging on. */
function debug(message) {
    issue('debug', message);
}
function warning(message) {
    issue('warning', message);
}
/** The step fails (exit code 1) with `message` as its error annotation. */
function setFailed(message) {
    process.exitCode = 1;
    issue('error', message);
}
function startGroup(name) {
    issue('group', name);
}
function endGroup() {
    issue('endgroup');
}
/** `work` inside a collapsible group of the log, closed whatever `work` does. */
async function group(name, work) {
    startGroup(name);
    try {
        return await work();
    }
    finally {
        endGroup();
    }
}
/** From now on the runner shows `secret` as *** wherever it appears in the log. */
function setSecret(secret) {
    issue('add-mask', secret);
}
function setOutput(name, value) {
    appendFileCommand('GITHUB_OUTPUT', name, value);
}
/** Kept for the post step, which reads it with getState. */
function saveState(name, value) {
    appendFileCommand('GITHUB_STATE', name, value);
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
/** Adds `markdown` to the job summary. */
async function appendSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY ?? '';
    if (file === '')
        throw new Error('GITHUB_STEP_SUMMARY is not set: this runner keeps no job summary');
    await external_node_fs_.promises.access(file, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
    await external_node_fs_.promises.appendFile(file, markdown, 'utf8');
}
function appendFileCommand(variable, key, value) {
    const file = process.env[variable] ?? '';
    if (file === '' || !(0,external_node_fs_.existsSync)(file))
        throw new Error(`${variable} is not set or names no file: the runner cannot receive ${JSON.stringify(key)}`);
    (0,external_node_fs_.appendFileSync)(file, fileCommandEntry(key, value, `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`, external_node_os_.EOL) + external_node_os_.EOL, 'utf8');
}


/***/ })

};
