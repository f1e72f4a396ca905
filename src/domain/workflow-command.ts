// The runner's protocol, as text: workflow commands on stdout (`::name::message`) and the
// entries of the files the runner reads after the step (GITHUB_OUTPUT, GITHUB_STATE). The same
// escaping as the runner's own toolkit: `%`, CR and LF in a message become %25, %0D and %0A, so
// a message is always one line and can never end one command and start another.

/** `::name::message`, the message escaped. */
export function workflowCommand(name: string, message = ''): string {
  return `::${name}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * `key<<delimiter`, the value, `delimiter`: one entry of a file command, any value on any number
 * of lines. The delimiter is random (the caller's); a key or value holding it would end the entry
 * early, so it is refused.
 */
export function fileCommandEntry(key: string, value: string, delimiter: string, eol = '\n'): string {
  if (key.includes(delimiter)) throw new Error(`The name ${JSON.stringify(key)} holds the file command delimiter`);
  if (value.includes(delimiter)) throw new Error(`The value of ${JSON.stringify(key)} holds the file command delimiter`);
  return `${key}<<${delimiter}${eol}${value}${eol}${delimiter}`;
}
