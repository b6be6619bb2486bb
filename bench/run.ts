/**
 * `npm run bench [-- name ...]`: runs the benchmarks, prints their tables and writes BENCHMARKS.md.
 */
import { printTable, writeResults, type BenchResult } from './report';

type Bench = () => Promise<BenchResult> | BenchResult;

const BENCHES: Record<string, () => Promise<{ default: Bench }>> = {
  'control-plane-scale': () => import('./control-plane-scale'),
  'churn-speed': () => import('./churn-speed'),
  'page-load': () => import('./page-load'),
  'canvas-frames': () => import('./canvas-frames'),
  'traffic-speed': () => import('./traffic-speed'),
  rewind: () => import('./rewind'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
const results: BenchResult[] = [];
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const bench = (await load()).default;
  const r = await bench();
  printTable(r);
  results.push(r);
}
writeResults(results);
