// The scan gate: the findings after filtering against the severities of `fail-on`.

import { quote } from '../escape.js';
import type { Finding } from '../types.js';
import { SEVERITIES, type Severity } from './severity.js';

export interface GateDecision {
  outcome: 'passed' | 'failed';
  reason: string;
}

/** How many findings the gate's reason names before saying "and N more". */
const REASON_EXAMPLES = 5;

/** Fails when any finding has a severity in `failOn`; an empty `failOn` (`none`) only reports. */
export function gate(findings: readonly Finding[], failOn: readonly Severity[]): GateDecision {
  const total = `${findings.length} finding${findings.length === 1 ? '' : 's'} after filtering`;
  if (failOn.length === 0) {
    return { outcome: 'passed', reason: `fail-on is none: report only (${total})` };
  }
  const levels = SEVERITIES.filter((s) => failOn.includes(s)).join(', ');
  const blocking = findings.filter((f) => failOn.includes(f.severity));
  if (blocking.length === 0) {
    return { outcome: 'passed', reason: `no finding at ${levels} (${total})` };
  }
  const named = blocking.slice(0, REASON_EXAMPLES).map((f) => `${quote(f.id)} in ${quote(f.pkg)} (${f.severity})`);
  const more = blocking.length > REASON_EXAMPLES ? ` and ${blocking.length - REASON_EXAMPLES} more` : '';
  return {
    outcome: 'failed',
    reason: `${blocking.length} finding${blocking.length === 1 ? '' : 's'} at ${levels}: ${named.join(', ')}${more}`,
  };
}
