// The runner's protocol as text. Expected lines are written out by hand from the runner's
// rules: `%`, CR and LF escaped in a message; a file command entry fenced by its delimiter.

import { describe, expect, it } from 'vitest';
import { fileCommandEntry, workflowCommand } from '../../src/domain/workflow-command.js';

describe('workflowCommand', () => {
  it.each([
    ['a plain message', 'warning', 'Build avoidance: built', '::warning::Build avoidance: built'],
    ['no message', 'endgroup', '', '::endgroup::'],
    ['a line break cannot start a second command', 'debug', 'one\n::set-output name=x::y', '::debug::one%0A::set-output name=x::y'],
    ['CR and a literal %0A stay what they were', 'error', 'a\r\nb %0A', '::error::a%0D%0Ab %250A'],
    ['colons and commas in a message are data', 'add-mask', 's3cr:et,1', '::add-mask::s3cr:et,1'],
  ])('%s', (_why, name, message, expected) => {
    expect(workflowCommand(name, message)).toBe(expected);
  });
});

describe('fileCommandEntry', () => {
  it('fences a value of several lines with the delimiter', () => {
    expect(fileCommandEntry('tags', 'a:1\na:2', 'ghadelimiter_x')).toBe('tags<<ghadelimiter_x\na:1\na:2\nghadelimiter_x');
  });

  it.each([
    ['a name holding the delimiter', 'a<<D', 'v', /name "a<<D" holds the file command delimiter/],
    ['a value holding the delimiter', 'plan', 'x\nD\ny', /value of "plan" holds the file command delimiter/],
  ])('refuses %s', (_why, key, value, error) => {
    expect(() => fileCommandEntry(key, value, 'D')).toThrow(error);
  });
});
