// Every workflow and action.yml in the repository (the examples' too) must be valid for GitHub's
// own parser of workflow and action syntax, and keep to the supply-chain rules SECURITY.md
// promises: third-party actions pinned to a commit with the release in a comment, a read-only
// token unless a job asks for more, no pull_request_target, and nothing from the event or from
// inputs expanded inside a shell script. Every rule is also run on a workflow that breaks it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parse, parseDocument, visit, type Document, type Scalar } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Which files

/** Relative paths (with '/') of the workflow files and action manifests in the repository. */
function repositoryFiles(): { workflows: string[]; actions: string[] } {
  const workflows: string[] = [];
  const actions: string[] = [];
  for (const file of ['action.yml', 'action.yaml']) if (exists(file)) actions.push(file);
  workflows.push(...workflowsIn('.github/workflows'));
  for (const file of walk('examples')) {
    const dir = path.posix.dirname(file);
    if (dir.endsWith('.github/workflows') && /\.ya?ml$/.test(file)) workflows.push(file);
    if (/(^|\/)action\.ya?ml$/.test(file)) actions.push(file);
  }
  return { workflows: workflows.sort(), actions: actions.sort() };
}

function workflowsIn(dir: string): string[] {
  if (!exists(dir)) return [];
  return readdirSync(path.join(ROOT, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${dir}/${name}`);
}

/** Every file below `dir`, hidden directories included (.github), dependencies excluded. */
function walk(dir: string): string[] {
  if (!exists(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') files.push(...walk(relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

function exists(relative: string): boolean {
  return existsSync(path.join(ROOT, relative));
}

function read(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// GitHub's parser (@actions/workflow-parser, a devDependency)

interface ParserFile {
  name: string;
  content: string;
}
interface ParseResult {
  context: { errors: { getErrors(): { message: string }[] } };
  value: unknown;
}
/** The part of @actions/workflow-parser this test uses. */
interface WorkflowParserModule {
  parseWorkflow(file: ParserFile, trace: unknown): ParseResult;
  convertWorkflowTemplate(context: ParseResult['context'], root: unknown): Promise<{ errors?: { Message: string }[] }>;
  NoOperationTraceWriter: new () => unknown;
}
interface ActionParserModule {
  parseAction(file: ParserFile, trace: unknown): ParseResult;
}

const PARSER = '@actions/workflow-parser';

// The package imports its JSON schemas without `with { type: 'json' }`, which Node's ESM loader
// refuses. This hook adds the attribute to that package's own JSON files, and to nothing else.
// (The import is dynamic, after the hook, because a static import would load before it.)
const JSON_ATTRIBUTE_HOOK = `
export async function load(url, context, next) {
  if (url.endsWith('.json') && url.includes('/@actions/workflow-parser/') && context.importAttributes?.type === undefined) {
    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return next(url, context);
}`;

let hookRegistered = false;

async function loadParser(): Promise<{ workflows: WorkflowParserModule; actions: ActionParserModule }> {
  if (!hookRegistered) {
    register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTE_HOOK)}`);
    hookRegistered = true;
  }
  try {
    const workflows = (await import(/* @vite-ignore */ PARSER)) as WorkflowParserModule;
    const actions = (await import(/* @vite-ignore */ `${PARSER}/actions/index`)) as ActionParserModule;
    return { workflows, actions };
  } catch (error) {
    throw new Error(`${PARSER} validates the workflows and must be a devDependency: ${String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The repository's own rules

interface Finding {
  rule: 'yaml' | 'pinned' | 'one-commit' | 'permissions' | 'trigger' | 'run-expression';
  line: number;
  detail: string;
}

interface RuleOptions {
  /** Workflows (whole files) or action manifests (composite steps only carry rules). */
  kind: 'workflow' | 'action';
  /** The examples call this action by a release tag (see SELF_REFERENCE). */
  example: boolean;
}

/** `owner/repo[/path]@<commit>`: a reference that can never be moved. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[0-9a-f]{40}$/;
/** The release the commit belongs to, as a comment after the reference: `# v4.2.2`. */
const RELEASE_COMMENT = /^[ \t]+#[ \t]*v\d+(?:\.\d+)*\b/;
/** The examples call this action the way a user's workflow would, by a release of it: until the
 * first release there is no commit to pin, and the README tells users to pin one. */
const SELF_REFERENCE = /^org\/ftmo-deploy@v\d+(?:\.\d+\.\d+)?$/;
/**
 * A `${{ }}` expression that reads the event payload, the PR head branch or inputs: text an
 * attacker can choose (a PR title, a branch name). Expanded inside `run:` it becomes shell code.
 * `github.event_name` is fine (`\b` does not match before `_name`).
 */
const UNTRUSTED_EXPRESSION =
  /\$\{\{(?:(?!\}\}).)*?(?:\bgithub\s*\.\s*event\b|\bgithub\s*\[\s*['"]event['"]\s*\]|\bgithub\s*\.\s*head_ref\b|\binputs\s*\.)/s;

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function ruleFindings(text: string, options: RuleOptions): Finding[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({ rule: 'yaml', line: error.linePos?.[0].line ?? 0, detail: error.message }));
  }
  const findings = [...usesFindings(doc, text, options), ...runFindings(doc, text)];
  if (options.kind === 'workflow') findings.push(...permissionFindings(doc, text), ...triggerFindings(doc, text));
  return findings.sort((a, b) => a.line - b.line);
}

function usesNodes(doc: Document): Scalar<string>[] {
  const nodes: Scalar<string>[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value) && typeof pair.value.value === 'string') {
        nodes.push(pair.value as Scalar<string>);
      }
    },
  });
  return nodes;
}

function usesFindings(doc: Document, text: string, options: RuleOptions): Finding[] {
  const findings: Finding[] = [];
  const commits = new Map<string, Set<string>>();
  for (const node of usesNodes(doc)) {
    const ref = node.value;
    const line = lineOf(text, node.range?.[0] ?? 0);
    if (ref.startsWith('./') || ref.startsWith('docker://')) continue;
    if (options.example && SELF_REFERENCE.test(ref)) continue;
    if (!PINNED.test(ref)) {
      findings.push({ rule: 'pinned', line, detail: `${ref} is not pinned to a 40-character commit SHA` });
      continue;
    }
    const end = node.range?.[1] ?? 0;
    const eol = text.indexOf('\n', end);
    if (!RELEASE_COMMENT.test(text.slice(end, eol === -1 ? undefined : eol))) {
      findings.push({ rule: 'pinned', line, detail: `${ref} has no '# vX.Y.Z' comment naming its release` });
    }
    const [action = '', commit = ''] = ref.split('@');
    const repository = action.split('/').slice(0, 2).join('/');
    commits.set(repository, (commits.get(repository) ?? new Set()).add(commit));
  }
  for (const [repository, shas] of commits) {
    if (shas.size > 1) {
      findings.push({ rule: 'one-commit', line: 0, detail: `${repository} is pinned to ${shas.size} different commits` });
    }
  }
  return findings;
}

/** Shell scripts: every `run:` and the `script:` of actions/github-script. */
function scriptNodes(doc: Document): Scalar<string>[] {
  const nodes: Scalar<string>[] = [];
  visit(doc, {
    Map(_, map) {
      const run = map.get('run', true);
      if (isScalar(run) && typeof run.value === 'string') nodes.push(run as Scalar<string>);
      const uses = map.get('uses');
      const withInputs = map.get('with', true);
      if (typeof uses === 'string' && uses.startsWith('actions/github-script@') && isMap(withInputs)) {
        const script = withInputs.get('script', true);
        if (isScalar(script) && typeof script.value === 'string') nodes.push(script as Scalar<string>);
      }
    },
  });
  return nodes;
}

function runFindings(doc: Document, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const node of scriptNodes(doc)) {
    const match = UNTRUSTED_EXPRESSION.exec(node.value);
    if (match) {
      findings.push({
        rule: 'run-expression',
        line: lineOf(text, node.range?.[0] ?? 0),
        detail: `'${match[0]}' is expanded into a script; pass it through env: instead`,
      });
    }
  }
  return findings;
}

function permissionFindings(doc: Document, text: string): Finding[] {
  const permissions = doc.get('permissions', true);
  if (permissions === undefined) {
    return [{ rule: 'permissions', line: 1, detail: 'no top-level permissions: the token would get the repository default' }];
  }
  const line = lineOf(text, (permissions as { range?: [number, number, number] }).range?.[0] ?? 0);
  if (isScalar(permissions)) {
    return permissions.value === 'read-all'
      ? []
      : [{ rule: 'permissions', line, detail: `top-level permissions: ${String(permissions.value)}` }];
  }
  if (!isMap(permissions)) return [{ rule: 'permissions', line, detail: 'top-level permissions is not a mapping' }];
  return permissions.items
    .filter((pair) => isScalar(pair.value) && pair.value.value === 'write')
    .map((pair) => ({
      rule: 'permissions' as const,
      line,
      detail: `top-level ${String(isScalar(pair.key) ? pair.key.value : pair.key)}: write; grant it to the job that needs it`,
    }));
}

function triggerFindings(doc: Document, text: string): Finding[] {
  const on = doc.get('on', true);
  let events: unknown[] = [];
  if (isScalar(on)) events = [on.value];
  else if (isSeq(on)) events = on.items.map((item) => (isScalar(item) ? item.value : item));
  else if (isMap(on)) events = on.items.map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key));
  if (!events.includes('pull_request_target')) return [];
  const line = lineOf(text, (on as { range?: [number, number, number] }).range?.[0] ?? 0);
  return [{ rule: 'trigger', line, detail: 'pull_request_target runs with write access and secrets on code from forks' }];
}

/**
 * Inputs of action.yml with a non-empty default that a step starting `node dist/index.js` does
 * not pass, and INPUT_ variables that name no input: the runner sets one variable per input that
 * has a default, so such a step only runs the action as `uses:` does when the sets are equal.
 */
function inputVariableProblems(actionYml: string, env: Record<string, unknown>): string[] {
  const action = parse(actionYml) as { inputs?: Record<string, { default?: unknown }> };
  const inputs = Object.entries(action.inputs ?? {});
  const variable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  const known = new Set(inputs.map(([name]) => variable(name)));
  const problems = inputs
    .filter(([name, spec]) => String(spec.default ?? '') !== '' && !(variable(name) in env))
    .map(([name]) => `${variable(name)} missing (input '${name}' has a default)`);
  for (const key of Object.keys(env)) {
    if (key.startsWith('INPUT_') && !known.has(key)) problems.push(`${key} names no input of action.yml`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The repository

const FILES = repositoryFiles();

describe('the repository files under these rules', () => {
  it('include the three workflows and action.yml, so the checks below cannot pass on nothing', () => {
    expect(FILES.workflows).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/codeql.yml', '.github/workflows/release.yml']),
    );
    expect(FILES.actions).toContain('action.yml');
  });
});

describe("GitHub's workflow and action parser", () => {
  let parser: Awaited<ReturnType<typeof loadParser>>;
  beforeAll(async () => {
    parser = await loadParser();
  });

  async function workflowErrors(name: string, content: string): Promise<string[]> {
    const result = parser.workflows.parseWorkflow({ name, content }, new parser.workflows.NoOperationTraceWriter());
    const errors = result.context.errors.getErrors().map((error) => error.message);
    if (errors.length > 0 || result.value === undefined) return errors;
    // Conversion checks what parsing cannot: job graphs (`needs`), reusable workflow calls.
    const template = await parser.workflows.convertWorkflowTemplate(result.context, result.value);
    return (template.errors ?? []).map((error) => error.Message);
  }

  function actionErrors(name: string, content: string): string[] {
    const result = parser.actions.parseAction({ name, content }, new parser.workflows.NoOperationTraceWriter());
    return result.context.errors.getErrors().map((error) => error.message);
  }

  it.each(FILES.workflows)('accepts %s', async (file) => {
    expect(await workflowErrors(file, read(file))).toEqual([]);
  });

  it.each(FILES.actions)('accepts %s', (file) => {
    expect(actionErrors(file, read(file))).toEqual([]);
  });

  const job = (body: string): string =>
    `on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n${body}`;

  it.each([
    { name: 'an unknown key in a job', content: job('    stepz:\n      - run: echo\n'), error: "Unexpected value 'stepz'" },
    {
      name: 'a permission level that does not exist',
      content: job('    permissions:\n      contents: admin\n    steps:\n      - run: echo\n'),
      error: "Unexpected value 'admin'",
    },
    {
      name: 'an event that does not exist',
      content: 'on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      error: "Unexpected value 'pushh'",
    },
    {
      name: 'an unclosed expression',
      content: job('    steps:\n      - run: echo ${{ github.sha\n'),
      error: 'The expression is not closed',
    },
    {
      name: 'a job that needs one that does not exist',
      content: job('    needs: nothing\n    steps:\n      - run: echo\n'),
      error: 'at least one job with no dependencies',
    },
  ])('refuses a workflow with $name', async ({ content, error }) => {
    const errors = await workflowErrors('bad.yml', content);
    expect(errors.join('\n')).toContain(error);
  });

  it.each([
    {
      name: 'a runtime that does not exist',
      content: 'name: x\ndescription: y\nruns:\n  using: node99\n  main: dist/index.js\n',
      error: "Unexpected value 'node99'",
    },
    { name: 'no description', content: 'name: x\nruns:\n  using: node24\n  main: dist/index.js\n', error: 'description' },
  ])('refuses an action.yml with $name', ({ content, error }) => {
    expect(actionErrors('action.yml', content).join('\n')).toContain(error);
  });
});

describe('supply-chain rules on the repository', () => {
  it.each(FILES.workflows)('%s keeps every rule', (file) => {
    expect(ruleFindings(read(file), { kind: 'workflow', example: file.startsWith('examples/') })).toEqual([]);
  });

  it.each(FILES.actions)('%s keeps every rule', (file) => {
    expect(ruleFindings(read(file), { kind: 'action', example: file.startsWith('examples/') })).toEqual([]);
  });

  it('ci.yml starts the bundle on Node 24 with the inputs the runner would give it', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as {
      jobs: Record<string, { steps?: { run?: string; env?: Record<string, unknown> }[] }>;
    };
    const step = ci.jobs.node24?.steps?.find((s) => s.run?.trim() === 'node dist/index.js');
    expect(step, 'a step running `node dist/index.js` in the node24 job').toBeDefined();
    expect(inputVariableProblems(read('action.yml'), step?.env ?? {})).toEqual([]);
    expect(step?.env?.INPUT_MODE).toBe('plan');
  });
});

// ---------------------------------------------------------------------------------------------
// The rules themselves, on workflows written to break them

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

/** A workflow that keeps every rule; each case below changes one thing in it. */
function workflow(parts: { on?: string; permissions?: string; steps?: string } = {}): string {
  return [
    `on: ${parts.on ?? 'push'}`,
    parts.permissions ?? 'permissions:\n  contents: read',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      contents: write',
    '    steps:',
    parts.steps ??
      [
        `      - uses: actions/checkout@${SHA_A} # v7.0.1`,
        '      - uses: ./.github/actions/local',
        '      - uses: docker://alpine:3',
        '      - env:',
        '          TITLE: ${{ github.event.pull_request.title }}',
        '        run: echo "$TITLE ${{ github.sha }} ${{ github.event_name }} ${{ env.X }}"',
      ].join('\n'),
    '',
  ].join('\n');
}

const step = (line: string): string => `      - ${line}`;

describe('the rules, each on a workflow that breaks it', () => {
  it('find nothing in a workflow that keeps them all', () => {
    expect(ruleFindings(workflow(), { kind: 'workflow', example: false })).toEqual([]);
  });

  it.each([
    { name: 'a release tag', text: workflow({ steps: step('uses: actions/checkout@v4') }), rule: 'pinned' },
    { name: 'a branch', text: workflow({ steps: step('uses: actions/checkout@main') }), rule: 'pinned' },
    { name: 'a short SHA', text: workflow({ steps: step('uses: actions/checkout@3d3c42e # v7.0.1') }), rule: 'pinned' },
    { name: 'no ref at all', text: workflow({ steps: step('uses: actions/checkout') }), rule: 'pinned' },
    { name: 'a SHA without a comment', text: workflow({ steps: step(`uses: actions/checkout@${SHA_A}`) }), rule: 'pinned' },
    {
      name: 'a comment that names no release',
      text: workflow({ steps: step(`uses: actions/checkout@${SHA_A} # latest`) }),
      rule: 'pinned',
    },
    {
      name: 'a reusable workflow by tag',
      text: 'on: push\npermissions: {}\njobs:\n  call:\n    uses: octo/shared/.github/workflows/ci.yml@v1\n',
      rule: 'pinned',
    },
    {
      name: 'this action by tag outside the examples',
      text: workflow({ steps: step('uses: org/ftmo-deploy@v1') }),
      rule: 'pinned',
    },
    {
      name: 'one action at two commits',
      text: workflow({
        steps: [
          step(`uses: github/codeql-action/init@${SHA_A} # v4.38.2`),
          step(`uses: github/codeql-action/analyze@${SHA_B} # v4.38.1`),
        ].join('\n'),
      }),
      rule: 'one-commit',
    },
    { name: 'no top-level permissions', text: workflow({ permissions: '' }), rule: 'permissions' },
    { name: 'write-all', text: workflow({ permissions: 'permissions: write-all' }), rule: 'permissions' },
    { name: 'a top-level write', text: workflow({ permissions: 'permissions:\n  contents: write' }), rule: 'permissions' },
    { name: 'pull_request_target', text: workflow({ on: 'pull_request_target' }), rule: 'trigger' },
    { name: 'pull_request_target in a list', text: workflow({ on: '[push, pull_request_target]' }), rule: 'trigger' },
    {
      name: 'pull_request_target as a key',
      text: workflow({ on: '\n  pull_request_target:\n    types: [opened]' }),
      rule: 'trigger',
    },
    {
      name: 'the event payload in run',
      text: workflow({ steps: step('run: echo "${{ github.event.pull_request.title }}"') }),
      rule: 'run-expression',
    },
    {
      name: 'the event payload in a block script',
      text: workflow({ steps: step('run: |\n          set -e\n          echo ${{github.event.comment.body}}') }),
      rule: 'run-expression',
    },
    {
      name: 'the event payload inside a function',
      text: workflow({ steps: step(`run: echo "\${{ format('{0}', github.event.issue.title) }}"`) }),
      rule: 'run-expression',
    },
    {
      name: "github['event']",
      text: workflow({ steps: step(`run: echo "\${{ github['event'].head_commit.message }}"`) }),
      rule: 'run-expression',
    },
    {
      name: 'the head branch in run',
      text: workflow({ steps: step('run: git checkout ${{ github.head_ref }}') }),
      rule: 'run-expression',
    },
    {
      name: 'an input in run',
      text: workflow({ on: 'workflow_dispatch', steps: step('run: ./deploy ${{ inputs.tag }}') }),
      rule: 'run-expression',
    },
    {
      name: 'the event payload in a github-script',
      text: workflow({
        steps: [
          step(`uses: actions/github-script@${SHA_A} # v8.0.0`),
          '        with:',
          '          script: console.log("${{ github.event.issue.body }}")',
        ].join('\n'),
      }),
      rule: 'run-expression',
    },
    { name: 'broken YAML', text: 'on: push\njobs: [\n', rule: 'yaml' },
  ])('report $name', ({ text, rule }) => {
    const findings = ruleFindings(text, { kind: 'workflow', example: false });
    expect(findings.map((finding) => finding.rule)).toEqual([rule]);
  });

  it('allow the examples to call this action by a release tag, and nothing else by tag', () => {
    const text = workflow({
      steps: [step('uses: org/ftmo-deploy@v1'), step('uses: actions/checkout@v7')].join('\n'),
    });
    const findings = ruleFindings(text, { kind: 'workflow', example: true });
    expect(findings.map((finding) => finding.detail)).toEqual(['actions/checkout@v7 is not pinned to a 40-character commit SHA']);
  });

  it('report the line of a finding', () => {
    const text = workflow({ steps: [step(`uses: actions/checkout@${SHA_A} # v7.0.1`), step('uses: actions/cache@v4')].join('\n') });
    expect(ruleFindings(text, { kind: 'workflow', example: false })).toEqual([
      { rule: 'pinned', line: 11, detail: 'actions/cache@v4 is not pinned to a 40-character commit SHA' },
    ]);
  });

  it('check the steps of a composite action, and not the workflow-only rules', () => {
    const composite = [
      'name: x',
      'description: y',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: actions/checkout@v7',
      '    - run: echo "${{ inputs.name }}"',
      '      shell: bash',
      '',
    ].join('\n');
    expect(ruleFindings(composite, { kind: 'action', example: false }).map((finding) => finding.rule)).toEqual([
      'pinned',
      'run-expression',
    ]);
  });

  it('require a bundle run to pass every input that has a default, and only real inputs', () => {
    const actionYml = 'inputs:\n  service:\n    required: true\n  sha-length:\n    default: "7"\n  target:\n    default: ""\n';
    expect(inputVariableProblems(actionYml, { 'INPUT_SHA-LENGTH': '7' })).toEqual([]);
    expect(inputVariableProblems(actionYml, {})).toEqual(["INPUT_SHA-LENGTH missing (input 'sha-length' has a default)"]);
    expect(inputVariableProblems(actionYml, { 'INPUT_SHA-LENGTH': '7', INPUT_SHALENGTH: '7' })).toEqual([
      'INPUT_SHALENGTH names no input of action.yml',
    ]);
  });
});
