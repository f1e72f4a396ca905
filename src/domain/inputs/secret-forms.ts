// Every form in which a secret could reach a log: whole, line by line (the runner masks per
// line), and base64 as it appears in Basic auth (git's x-access-token header, docker's
// user:password in config.json). Both places that mask a secret take the forms from here.

export function secretForms(secret: string, username: string): string[] {
  if (secret === '') return [];
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

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
