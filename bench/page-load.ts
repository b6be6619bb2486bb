/**
 * Opening the page: time from navigation start to a live cluster on screen (the worker's first
 * snapshot applied), in headless Chromium on the production build; and the initial JavaScript
 * (what index.html loads before any panel is opened), gzipped. Bars: ≤ 1.5 s and ≤ 250 KiB.
 * The first visit fills the browser's caches; the figure is the median of the next five loads.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { fmt, type BenchResult } from './report';

const ROOT = join(import.meta.dirname, '..');

/** The scripts index.html loads and their static imports (modulepreload links included). */
function initialJsGzipKiB(): number {
  const dist = join(ROOT, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let total = 0;
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file));
    total += gzipSync(code).length;
    // static imports only: `import{...}from"./x.js"` / `import"./x.js"` (dynamic import() is lazy)
    for (const m of code.toString('utf8').matchAll(/(?:^|[;}\s])import(?:\s*\{[^}]*\}\s*from|\s+[\w$]+\s+from|\s*\*\s*as\s+[\w$]+\s+from)?\s*["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return total / 1024;
}

export default async function run(): Promise<BenchResult> {
  if (process.env.BENCH_NO_BUILD !== '1' || !existsSync(join(ROOT, 'dist', 'index.html'))) await build({ root: ROOT, logLevel: 'warn' });
  const jsKiB = initialJsGzipKiB();
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
  try {
    for (let i = 0; i < 6; i++) {
      // a fresh context each time: no autosave to reopen, the cluster is built from scratch
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(base);
      await page.waitForFunction(() => performance.getEntriesByName('playground:snapshot').length > 0, undefined, { timeout: 30_000 });
      const at = await page.evaluate(() => performance.getEntriesByName('playground:snapshot')[0].startTime);
      if (i > 0) times.push(at);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const assets = readdirSync(join(ROOT, 'dist', 'assets')).filter((f) => f.endsWith('.js')).length;
  return {
    id: 'page-load',
    title: 'Opening the page',
    description:
      'Production build served by `vite preview`, headless Chromium, a fresh browser context per load (no saved state). ' +
      'Time from navigation start to the first cluster snapshot applied in the page (`playground:snapshot` mark); median of 5 loads after one warm-up. ' +
      `Initial JavaScript: the scripts index.html loads and their static imports, gzipped (${assets} chunks in the build; the editor, terminal and dialogs load when opened).`,
    figures: [
      { name: 'live cluster after opening the page (median)', value: fmt(median), unit: 'ms', bar: '≤ 1,500 ms', pass: median <= 1500 },
      { name: 'slowest of the 5 loads', value: fmt(times[times.length - 1]), unit: 'ms' },
      { name: 'initial JavaScript (gzip)', value: fmt(jsKiB, 1), unit: 'KiB', bar: '≤ 250 KiB', pass: jsKiB <= 250 },
    ],
  };
}
