/**
 * The soak: a teaching-scale cluster (`workload.ts`) shaken by seeded chaos every simulated
 * minute (`chaos.ts`) for N simulated hours, with every invariant (`invariants.ts`) checked after
 * every simulated second; then chaos stops, everything is repaired, and the cluster must reach
 * its desired state (`convergence.ts`) within the bound the real timeouts imply (10 min: a
 * 5 min CrashLoopBackOff cap, node grace 50 s, image pull back-off, pod GC 40 s…).
 *
 * Pure like the rest of src/sim: wall time, heap and GC come in as hooks from the caller
 * (`scripts/soak.ts`, `soak.test.ts`).
 */
import type { Cluster } from '../cluster';
import { Chaos } from './chaos';
import { unconverged } from './convergence';
import { Invariants, type Violation } from './invariants';
import { buildSoakCluster } from './workload';

const HOUR = 3_600_000;

export interface SoakHooks {
  /** wall-clock ms (for the report only) */
  wallMs?(): number;
  /** heap bytes in use; called after `gc` */
  heapUsed?(): number;
  gc?(): void;
  progress?(line: string): void;
}

export interface SoakOptions {
  seed: number;
  /** simulated hours of chaos */
  hours: number;
  chaosEveryMs?: number;
  checkEveryMs?: number;
  /** how long the cluster may take to converge once chaos stops */
  convergeWithinMs?: number;
  /** how often object counts, state size and heap are sampled */
  sampleEveryMs?: number;
  hooks?: SoakHooks;
}

export interface Sample {
  hour: number;
  counts: Record<string, number>;
  /** bytes of the cluster's snapshot (store + every component's state) */
  stateBytes: number;
  heapMB?: number;
}

export interface SoakReport {
  seed: number;
  simulatedHours: number;
  chaosEvents: number;
  chaosByKind: Record<string, number>;
  repairs: number;
  refusedCalls: number;
  invariantChecks: number;
  violationCount: number;
  violations: Violation[];
  /** ms of simulated time from the end of chaos until the desired state; null = not reached */
  convergedAfterMs: number | null;
  unconverged: string[];
  samples: Sample[];
  revision: number;
  wallMs?: number;
}

export function runSoak(o: SoakOptions): SoakReport {
  const hooks = o.hooks ?? {};
  const wall0 = hooks.wallMs?.();
  const chaosEvery = o.chaosEveryMs ?? 60_000;
  const checkEvery = o.checkEveryMs ?? 1000;
  const sampleEvery = o.sampleEveryMs ?? HOUR;
  const c = buildSoakCluster(o.seed);
  const inv = new Invariants(c);
  const chaos = new Chaos(c, o.seed);
  const samples: Sample[] = [];
  const start = c.clock.now;
  const end = start + o.hours * HOUR;

  samples.push(sample(c, inv, 0, hooks));
  while (c.clock.now < end) {
    c.runFor(checkEvery);
    inv.check();
    const t = c.clock.now - start;
    if (t % chaosEvery === 0) chaos.tick(true);
    if (t % sampleEvery === 0) {
      const s = sample(c, inv, t / HOUR, hooks);
      samples.push(s);
      hooks.progress?.(
        `${(t / HOUR).toFixed(2)} h: ${chaos.total} chaos events, ${inv.checks} checks, ${inv.violations.length} violations, ${s.counts.pods} pods, ${s.counts.events} events, state ${(s.stateBytes / 1024).toFixed(0)} KiB${s.heapMB !== undefined ? `, heap ${s.heapMB.toFixed(0)} MB` : ''}${hooks.wallMs && wall0 !== undefined ? `, ${((hooks.wallMs() - wall0) / 1000).toFixed(0)} s wall` : ''}`,
      );
    }
  }
  checkFlat(inv, samples);

  // chaos over: repair everything and wait for the desired state, still checking invariants
  chaos.tick(false);
  chaos.restoreAll();
  const calm = c.clock.now;
  const limit = o.convergeWithinMs ?? 10 * 60_000;
  let convergedAfterMs: number | null = null;
  let left = unconverged(c);
  while (left.length && c.clock.now - calm < limit) {
    c.runFor(checkEvery);
    inv.check();
    left = unconverged(c);
  }
  if (!left.length) convergedAfterMs = c.clock.now - calm;
  else inv.violations.push({ at: c.clock.now, invariant: 'convergence', detail: `not converged ${limit / 60_000} min after chaos stopped: ${left.slice(0, 5).join('; ')}` });
  inv.stop();

  return {
    seed: o.seed,
    simulatedHours: o.hours,
    chaosEvents: chaos.total,
    chaosByKind: { ...chaos.injected },
    repairs: chaos.repaired,
    refusedCalls: chaos.refused,
    invariantChecks: inv.checks,
    violationCount: inv.violations.length,
    violations: inv.violations.slice(0, 50),
    convergedAfterMs,
    unconverged: left,
    samples,
    revision: c.store.revision,
    wallMs: hooks.wallMs && wall0 !== undefined ? hooks.wallMs() - wall0 : undefined,
  };
}

function sample(c: Cluster, inv: Invariants, hour: number, hooks: SoakHooks): Sample {
  const counts = inv.checkBounds();
  const stateBytes = JSON.stringify(c.snapshot()).length;
  let heapMB: number | undefined;
  if (hooks.heapUsed) {
    hooks.gc?.();
    heapMB = hooks.heapUsed() / 2 ** 20;
  }
  return { hour, counts, stateBytes, heapMB };
}

/** The teaching cluster's whole state (store + components) stays under this, however long it runs. */
export const STATE_BOUND_BYTES = 8 * 2 ** 20;

/**
 * Memory stays flat. Some memory is bounded by design and fills slowly — the scheduler keeps
 * the last 500 placement decisions, the event recorder 4096 dedup keys, each Deployment 10 old
 * ReplicaSets, Events live an hour — so: the state stays under an absolute bound, the heap
 * under its size after the first hour + 64 MB, and on runs of 8 h or more the second half may
 * not grow past 1.25× the largest state of the first half (a leak grows without end).
 */
function checkFlat(inv: Invariants, samples: Sample[]): void {
  const warm = samples.find((s) => s.hour >= 1);
  for (const s of samples) {
    inv.checks++;
    if (s.stateBytes > STATE_BOUND_BYTES) inv.violations.push({ at: s.hour * HOUR, invariant: 'memory', detail: `state ${s.stateBytes} bytes at ${s.hour} h > ${STATE_BOUND_BYTES}` });
    if (warm?.heapMB !== undefined && s.heapMB !== undefined && s.hour > warm.hour && s.heapMB > warm.heapMB + 64) {
      inv.violations.push({ at: s.hour * HOUR, invariant: 'memory', detail: `heap ${s.heapMB.toFixed(0)} MB at ${s.hour} h > ${warm.heapMB.toFixed(0)} MB at ${warm.hour} h + 64` });
    }
  }
  const hours = samples.at(-1)?.hour ?? 0;
  if (hours < 8) return;
  const firstHalf = samples.filter((s) => s.hour >= 1 && s.hour <= hours / 2);
  const secondHalf = samples.filter((s) => s.hour > hours / 2);
  const peak = (list: Sample[], f: (s: Sample) => number | undefined) => Math.max(0, ...list.map((s) => f(s) ?? 0));
  inv.checks++;
  const a = peak(firstHalf, (s) => s.stateBytes);
  const b = peak(secondHalf, (s) => s.stateBytes);
  if (b > a * 1.25) inv.violations.push({ at: hours * HOUR, invariant: 'memory', detail: `state grew: peak ${b} bytes in the second half > 1.25 × ${a} in the first` });
  const ha = peak(firstHalf, (s) => s.heapMB);
  const hb = peak(secondHalf, (s) => s.heapMB);
  if (ha > 0 && hb > ha * 1.25 + 16) inv.violations.push({ at: hours * HOUR, invariant: 'memory', detail: `heap grew: peak ${hb.toFixed(0)} MB in the second half > 1.25 × ${ha.toFixed(0)} MB + 16 in the first` });
}
