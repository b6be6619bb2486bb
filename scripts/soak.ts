/**
 * `npm run soak [-- --hours=24 --seed=1]`: the soak of `src/sim/soak/` for N simulated hours
 * (24 by default; takes minutes), progress on stdout, figures written to RELIABILITY.md.
 * Exits 1 on any invariant violation or a cluster that did not converge.
 */
import { writeFileSync } from 'node:fs';
import { reliabilityMarkdown } from '../src/sim/soak/report';
import { runSoak } from '../src/sim/soak/soak';

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const hours = arg('hours', 24);
const seed = arg('seed', 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn('run with --expose-gc (npm run soak does) to measure the heap after GC');

console.log(`soak: ${hours} simulated hours, seed ${seed}`);
const report = runSoak({
  seed,
  hours,
  sampleEveryMs: 30 * 60_000,
  hooks: {
    wallMs: () => performance.now(),
    heapUsed: () => process.memoryUsage().heapUsed,
    gc,
    progress: (line) => console.log(line),
  },
});
writeFileSync('RELIABILITY.md', reliabilityMarkdown(report, `npm run soak -- --hours=${hours} --seed=${seed}`));
console.log(
  `done: ${report.chaosEvents} chaos events, ${report.invariantChecks} invariant checks, ${report.violationCount} violations, converged after ${report.convergedAfterMs === null ? 'NEVER' : `${report.convergedAfterMs / 1000} s`}, ${((report.wallMs ?? 0) / 1000).toFixed(0)} s wall → RELIABILITY.md`,
);
for (const v of report.violations.slice(0, 20)) console.log(`  ${(v.at / 1000).toFixed(0)} s ${v.invariant}: ${v.detail}`);
process.exit(report.violationCount === 0 && report.convergedAfterMs !== null ? 0 : 1);
