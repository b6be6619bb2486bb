/**
 * The soak inside `npm test`: 2 simulated hours of chaos on the teaching cluster (`npm run soak`
 * runs 24), every invariant after every simulated second, then convergence within 10 minutes.
 */
import { describe, expect, it } from 'vitest';
import { reliabilityMarkdown } from './report';
import { runSoak } from './soak';

describe('soak: 2 simulated hours of chaos', () => {
  it('keeps every invariant and converges once chaos stops', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const r = runSoak({ seed: 2, hours: 2, sampleEveryMs: 30 * 60_000, hooks: { heapUsed: gc ? () => process.memoryUsage().heapUsed : undefined, gc } });
    console.log(`soak: ${r.simulatedHours} h, ${r.chaosEvents} chaos events, ${r.invariantChecks} invariant checks, ${r.violationCount} violations, converged after ${r.convergedAfterMs} ms`);
    expect(r.violations).toEqual([]);
    expect(r.chaosEvents).toBeGreaterThanOrEqual(100);
    expect(Object.keys(r.chaosByKind).length).toBeGreaterThanOrEqual(8);
    expect(r.invariantChecks).toBeGreaterThan(2 * 3600 * 7);
    expect(r.convergedAfterMs).not.toBeNull();
    expect(r.convergedAfterMs!).toBeLessThanOrEqual(10 * 60_000);
    expect(reliabilityMarkdown(r)).toContain('| **violations** | **0** |');
  }, 180_000);
});
