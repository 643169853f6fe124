// Install order, round by round as the devcontainer CLI computes it: each round takes every
// feature whose dependencies are installed, keeps those with the highest override priority,
// and sorts them by a stable comparison. A round with nothing to take is a cycle.
import { fail, ok, type Result } from '../util/result';
import { withoutVersion, type FeatureRef } from './ref';
import type { ResolvedFeature } from './types';

export function installOrder(features: ResolvedFeature[], overrideOrder: FeatureRef[] = []): Result<ResolvedFeature[]> {
  const worklist = [...features];
  // The first override entry gets the highest priority.
  overrideOrder.forEach((o, i) => {
    for (const f of worklist) if (satisfiesSoft(f, o)) f.priority = Math.max(f.priority, overrideOrder.length - i);
  });
  // A soft dependency on a feature that is not in the set is no dependency.
  for (const f of worklist) f.installsAfter = f.installsAfter.filter((a) => worklist.some((w) => satisfiesSoft(w, a)));

  const installed: ResolvedFeature[] = [];
  while (worklist.length) {
    let round = worklist.filter((f) => f.dependsOn.every((d) => installed.some((i) => sameFeature(i, d))) && f.installsAfter.every((a) => installed.some((i) => satisfiesSoft(i, a))));
    if (!round.length) {
      return fail({
        message: `the features depend on each other in a cycle: ${worklist.map((f) => f.userId).join(', ')}`,
        fix: 'Break the cycle in their dependsOn/installsAfter, or remove one of these features.',
      });
    }
    const top = Math.max(...round.map((f) => f.priority));
    round = round.filter((f, i) => f.priority === top && round.findIndex((g) => sameFeature(g, f)) === i);
    worklist.splice(0, worklist.length, ...worklist.filter((w) => !round.some((r) => sameFeature(r, w))));
    installed.push(...round.sort(compareFeatures));
  }
  return ok(installed);
}

/** The same feature with the same options: installed once. */
export function sameFeature(a: ResolvedFeature, b: ResolvedFeature): boolean {
  return a.ref.kind === b.ref.kind && compareFeatures(a, b) === 0;
}

/** installsAfter and overrideFeatureInstallOrder name a feature without its version; its old ids count too. */
export function satisfiesSoft(f: ResolvedFeature, want: FeatureRef): boolean {
  const ref = f.ref;
  if (ref.kind !== want.kind) return false;
  if (ref.kind === 'oci' && want.kind === 'oci') {
    const ns = `${ref.registry}/${ref.namespace}`;
    return ref.resource === want.resource || (`${want.registry}/${want.namespace}` === ns && f.aliases.includes(want.id));
  }
  if (ref.kind === 'local' && want.kind === 'local') return ref.dir === want.dir;
  if (ref.kind === 'tarball' && want.kind === 'tarball') return ref.url === want.url;
  return false;
}

function compareFeatures(a: ResolvedFeature, b: ResolvedFeature): number {
  const ra = a.ref;
  const rb = b.ref;
  if (ra.kind !== rb.kind) return ra.userId.localeCompare(rb.userId);
  if (ra.kind === 'oci' && rb.kind === 'oci') {
    if (a.integrity === b.integrity && compareValues(a.value, b.value) === 0) return 0;
    const nsA = `${ra.registry}/${ra.namespace}`;
    const nsB = `${rb.registry}/${rb.namespace}`;
    if (nsA !== nsB) return nsA.localeCompare(nsB);
    const shared = a.aliases.some((x) => b.aliases.includes(x));
    if (!shared && ra.id !== rb.id) return ra.id.localeCompare(rb.id);
    if (ra.tag && rb.tag && ra.tag !== rb.tag) return ra.tag.localeCompare(rb.tag);
    const byValue = compareValues(a.value, b.value);
    if (byValue) return byValue;
    return (a.integrity ?? '').localeCompare(b.integrity ?? '');
  }
  const where = (f: ResolvedFeature) => (f.ref.kind === 'local' ? f.ref.dir : f.ref.kind === 'tarball' ? f.ref.url : withoutVersion(f.userId));
  return where(a).localeCompare(where(b)) || compareValues(a.value, b.value);
}

/** Options as written: strings and booleans by value, objects key by key (the CLI's rule). */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.length !== kb.length) return ka.length - kb.length;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return ka[i].localeCompare(kb[i]);
      const va = (a as Record<string, unknown>)[ka[i]];
      const vb = (b as Record<string, unknown>)[kb[i]];
      const c = va === undefined || vb === undefined ? (va === vb ? 0 : va === undefined ? 1 : -1) : typeof va === typeof vb && typeof va !== 'object' ? compareValues(va, vb) : 0;
      if (c) return c;
    }
    return 0;
  }
  return (typeof a).localeCompare(typeof b);
}
