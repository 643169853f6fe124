// A target the bench checks, recorded with its outcome in bench/results.json.

export type Outcome = 'pass' | 'fail' | 'inconclusive';

export interface Target {
  name: string;
  value: number;
  op: '<=' | '>=';
  limit: number;
  /** `inconclusive`: the value meets the limit, but the run could not have shown a miss (see `why`). */
  outcome: Outcome;
  why?: string;
}

/** `unproven`: why this run's measurement could not have missed the target, if it could not. */
export function target(name: string, value: number, op: Target['op'], limit: number, unproven?: string): Target {
  const met = op === '<=' ? value <= limit : value >= limit;
  if (!met) return { name, value, op, limit, outcome: 'fail' };
  return unproven ? { name, value, op, limit, outcome: 'inconclusive', why: unproven } : { name, value, op, limit, outcome: 'pass' };
}

export function describe(t: Target): string {
  return `${t.outcome.toUpperCase().padEnd(12)} ${t.name}: ${t.value} (target ${t.op} ${t.limit})${t.why ? `: ${t.why}` : ''}`;
}
