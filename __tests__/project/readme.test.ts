// The README's Inputs and Outputs tables are the action's interface as users read it: they must
// list exactly action.yml's inputs and outputs, in its order, with the same defaults.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The text of a `## title` section, up to the next heading of the same level. */
function section(markdown: string, title: string): string {
  const start = markdown.search(new RegExp(`^## ${title}\\s*$`, 'm'));
  if (start === -1) return '';
  const rest = markdown.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Rows of the first table in `text` (header and rule left out), cells trimmed, `\|` kept as `|`. */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) =>
    row
      .slice(1, row.endsWith('|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, '|')),
  );
}

/** `name` from a cell like `` `name` ``. */
function code(cell: string | undefined): string {
  return /^`([^`]*)`$/.exec(cell ?? '')?.[1] ?? `(not code: ${cell ?? ''})`;
}

/** The default as action.yml states it: *required*, a code span, or nothing. */
function defaultCell(cell: string | undefined): { required: boolean; value: string } {
  if (cell === '*required*') return { required: true, value: '' };
  if (cell === '') return { required: false, value: '' };
  return { required: false, value: code(cell) };
}

describe('README tables parsing', () => {
  it.each([
    ['| `a` | `x` | one \\| two |\n', [['`a`', '`x`', 'one | two']]],
    ['| `b` |  | text |\n', [['`b`', '', 'text']]],
  ])('reads %j', (row, expected) => {
    expect(tableRows(`| h | h | h |\n|---|---|---|\n${row}`)).toEqual(expected);
  });

  it('finds a section up to the next heading', () => {
    expect(section('## A\n\nx\n\n## B\ny\n', 'A')).toBe('\nx\n\n');
  });
});

describe('README Inputs table', () => {
  const rows = tableRows(section(readme, 'Inputs'));

  it('has no placeholder left', () => {
    expect(readme).not.toMatch(/^INPUTS_TABLE$|^OUTPUTS_TABLE$/m);
  });

  it('has the columns Input | Default | Description', () => {
    expect(section(readme, 'Inputs')).toMatch(/^\| Input \| Default \| Description \|$/m);
  });

  it("lists exactly action.yml's inputs, in its order", () => {
    expect(rows.map((row) => code(row[0]))).toEqual(Object.keys(action.inputs));
  });

  it.each(Object.entries(action.inputs))('%s: same default, with a description', (name, spec) => {
    const row = rows.find((cells) => code(cells[0]) === name);
    expect(row).toBeDefined();
    expect(defaultCell(row?.[1])).toEqual({ required: spec.required === true, value: spec.required ? '' : String(spec.default ?? '') });
    expect(row?.[2] ?? '').not.toBe('');
  });
});

describe('README Outputs table', () => {
  const rows = tableRows(section(readme, 'Outputs'));

  it('has the columns Output | Description', () => {
    expect(section(readme, 'Outputs')).toMatch(/^\| Output \| Description \|$/m);
  });

  it("lists exactly action.yml's outputs, in its order, each with a description", () => {
    expect(rows.map((row) => code(row[0]))).toEqual(Object.keys(action.outputs));
    for (const row of rows) expect(row[1] ?? '').not.toBe('');
  });
});
