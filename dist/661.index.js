export const id = 661;
export const ids = [661];
export const modules = {

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


/***/ })

};
