import module from 'node:module';

// Where the runtime offers it (Node 22.1+), V8 keeps the compiled code on disk, so the post step
// and later runs on the same runner do not compile the action again. It must be on before that
// code is loaded: this entry holds nothing else, and everything below comes in by `import()`.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const core = await import('@actions/core');

// The same bundle is the main step and the post step; the runner tells them apart by the state
// the main step saved.
if (core.getState('isPost') === 'true') {
  const { cleanup } = await import('./post.js');
  await cleanup();
} else {
  core.saveState('isPost', 'true');
  const { run } = await import('./main.js');
  await run();
}
