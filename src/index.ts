import * as core from '@actions/core';
import { run } from './main.js';
import { cleanup } from './post.js';

// The same bundle is the main step and the post step; the runner tells them apart by the state
// the main step saved.
if (core.getState('isPost') === 'true') {
  await cleanup();
} else {
  core.saveState('isPost', 'true');
  await run();
}
