import type { Inputs } from './domain/inputs/input-rules.js';
import type { RunContext } from './domain/types.js';

/**
 * What every stage needs from the world besides its own adapters: the environment, the
 * validated inputs (secrets included) and the clock/randomness, injectable for tests.
 */
export interface Runtime {
  env: Record<string, string | undefined>;
  ctx: RunContext;
  inputs: Inputs;
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}
