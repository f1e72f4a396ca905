// What a failed `git push` means: the branch moved under us (fetch the new tip and redo the
// update), its name collides with another branch (`manifests/prod` next to `manifests`: no
// retry can help), or anything else (stop and show git's message). Decided from git's own
// words: the reason in parentheses of a `[rejected]` / `[remote rejected]` status line (human
// or `--porcelain` format), else the remote's or git's hints. A name collision comes first:
// git reports it as "failed to update ref" or "cannot lock ref", the words of a race too.

export type PushFailureKind = 'moved' | 'ref-conflict' | 'other';

export interface PushFailure {
  kind: PushFailureKind;
  /** The reason git gave for the ref (`fetch first`, `pre-receive hook declined`, ...), '' if none. */
  reason: string;
}

// A branch named like a directory of another, or the reverse, as git and servers say it.
const REF_CONFLICT = [
  /'refs\/[^']+' exists; cannot create '[^']+'/,
  /there is a non-empty directory '[^']+' blocking reference '[^']+'/,
  /directory file conflict/i,
];

// Reasons git and common servers give when the ref is no longer where the push expected it.
const MOVED_REASONS = [
  /^fetch first$/,
  /^non-fast-forward$/,
  /^stale info$/,
  /^failed to update ref$/,
  /^failed to lock$/,
  /^cannot lock ref\b/,
  /^incorrect old value provided$/,
];

// The same situations said in prose, for output without a status line.
const MOVED_TEXT = [
  /\bcannot lock ref\b/i,
  /Updates were rejected because the remote contains work that you do\b/i,
  /Updates were rejected because (?:the tip of your current branch|a pushed branch tip) is behind/i,
];

// `!\t<src>:<dst>\t[rejected] (reason)` or ` ! [remote rejected] <src> -> <dst> (reason)`
const STATUS_LINE = /^\s*!\s.*\[(?:remote )?rejected\][^(]*\((.+)\)\s*$/;

export function classifyPushFailure(output: string): PushFailure {
  for (const pattern of REF_CONFLICT) {
    const conflict = pattern.exec(output);
    if (conflict !== null) return { kind: 'ref-conflict', reason: conflict[0] };
  }
  const reasons = output
    .split(/\r?\n/)
    .map((line) => STATUS_LINE.exec(line)?.[1]?.trim())
    .filter((reason): reason is string => reason !== undefined);
  if (reasons.length > 0) {
    // One ref is pushed; if git reports several lines, any non-moved reason wins (stop).
    const other = reasons.find((reason) => !MOVED_REASONS.some((pattern) => pattern.test(reason)));
    return other === undefined ? { kind: 'moved', reason: reasons[0] ?? '' } : { kind: 'other', reason: other };
  }
  if (MOVED_TEXT.some((pattern) => pattern.test(output))) return { kind: 'moved', reason: '' };
  return { kind: 'other', reason: '' };
}
