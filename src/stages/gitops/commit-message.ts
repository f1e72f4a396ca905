// The message of the commit that pins an image in the manifests branch: a subject, then trailers
// that say what was pinned, from which commit and run.

import { describeDropped, type PinRef } from '../../domain/manifests/state.js';
import type { PinRequest } from './pin-request.js';

export function commitMessage(request: PinRequest, dropped: PinRef[]): string {
  const { plan, pin, record } = request;
  const line = (value: string): string => value.replace(/[\r\n]+/g, ' ');
  const lines = [
    `${request.rollback === undefined ? 'deploy' : 'rollback'}(${plan.service}): ${pin.tag}`,
    '',
    ...(request.rollback === undefined ? [] : [line(request.rollback), '']),
    `Image: ${line(`${plan.image}:${pin.tag}`)}`,
    `Digest: ${request.imageDigest === '' ? 'unknown' : request.imageDigest}${pin.digest === '' ? ' (not pinned)' : ''}`,
    `Source-Commit: ${record.sourceCommit === '' ? 'unknown' : record.sourceCommit}`,
    `Run: ${line(plan.runUrl)}`,
  ];
  if (request.bypassOrdering) lines.push('Ordering-Check: bypassed (deploy mode pins this tag even if a newer commit of the service is deployed)');
  // One line however many pins went: the state file's diff in the commit lists them all.
  if (dropped.length > 0) lines.push(`Dropped-Pins: ${line(describeDropped(dropped))}`);
  return `${lines.join('\n')}\n`;
}
