/**
 * Opening the page: time from navigation start to a live cluster on screen (the worker's first
 * snapshot applied), in headless Chromium on the production build; and the initial JavaScript
 * (every script the page fetched before the cluster was live, not the lazy panels), gzipped.
 * Bars: ≤ 1.5 s and ≤ 250 KiB. The worker's script is reported apart.
 * The first visit fills the browser's caches; the figure is the median of the next five loads.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { fmt, type BenchResult } from './report';

const ROOT = join(import.meta.dirname, '..');

/** Gzipped KiB of built scripts, by their paths under dist/. */
function gzipKiB(files: Iterable<string>): number {
  let total = 0;
  for (const file of files) total += gzipSync(readFileSync(join(ROOT, 'dist', file))).length;
  return total / 1024;
}

/** `assets/x.js` for every script the page fetched (the worker's included), from Resource Timing. */
async function scriptsLoaded(page: Page): Promise<{ page: string[]; worker: string[] }> {
  const names = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const assets = names.map((n) => new URL(n).pathname.replace(/^\//, '')).filter((p) => p.startsWith('assets/') && p.endsWith('.js'));
  return { page: assets.filter((a) => !a.includes('.worker')), worker: assets.filter((a) => a.includes('.worker')) };
}

export default async function run(): Promise<BenchResult> {
  if (process.env.BENCH_NO_BUILD !== '1' || !existsSync(join(ROOT, 'dist', 'index.html'))) await build({ root: ROOT, logLevel: 'warn' });
  const port = Number(process.env.BENCH_PORT ?? 4181);
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(base).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));
  const browser = await chromium.launch({
    executablePath: systemChromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const times: number[] = [];
  let loaded: { page: string[]; worker: string[] } = { page: [], worker: [] };
  try {
    for (let i = 0; i < 6; i++) {
      // a fresh context each time: no autosave to reopen, the cluster is built from scratch
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(base);
      await page.waitForFunction(() => performance.getEntriesByName('playground:snapshot').length > 0, undefined, { timeout: 30_000 });
      const at = await page.evaluate(() => performance.getEntriesByName('playground:snapshot')[0].startTime);
      if (i > 0) times.push(at);
      // what the page loaded before the cluster was live: the entry, the app chunk it imports
      // at once (dynamic, but on the critical path) and their imports; not the lazy panels
      if (i === 1) loaded = await scriptsLoaded(page);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const assets = readdirSync(join(ROOT, 'dist', 'assets')).filter((f) => f.endsWith('.js')).length;
  const jsKiB = gzipKiB(loaded.page);
  const workerKiB = gzipKiB(loaded.worker);
  return {
    id: 'page-load',
    title: 'Opening the page',
    description:
      'Production build served by `vite preview`, headless Chromium, a fresh browser context per load (no saved state). ' +
      'Time from navigation start to the first cluster snapshot applied in the page (`playground:snapshot` mark); median of 5 loads after one warm-up. ' +
      `Initial JavaScript: every script the page fetched before the cluster was live (Resource Timing), gzipped: ${loaded.page.length} of the ${assets} chunks in the build (the editor, terminal and dialogs load when opened). ` +
      'The simulation worker loads in parallel, off the main thread, and is counted apart.',
    figures: [
      { name: 'live cluster after opening the page (median)', value: fmt(median), unit: 'ms', bar: '≤ 1,500 ms', pass: median <= 1500 },
      { name: 'slowest of the 5 loads', value: fmt(times[times.length - 1]), unit: 'ms' },
      { name: 'initial JavaScript of the page (gzip)', value: fmt(jsKiB, 1), unit: 'KiB', bar: '≤ 250 KiB', pass: jsKiB <= 250 && loaded.page.length > 0 },
      { name: 'simulation worker script (gzip, off the main thread)', value: fmt(workerKiB, 1), unit: 'KiB' },
    ],
  };
}
