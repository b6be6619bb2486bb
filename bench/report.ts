/**
 * Collects benchmark figures and writes them as a table into BENCHMARKS.md, keeping the sections
 * of benchmarks that did not run this time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  /** the bar, as text: `≥ 2,700` */
  bar?: string;
  pass?: boolean;
}

export interface BenchResult {
  id: string;
  title: string;
  description: string;
  figures: Figure[];
}

const ROOT = join(import.meta.dirname, '..');

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function printTable(r: BenchResult): void {
  console.log(`\n${r.title}`);
  const rows = r.figures.map((f) => [f.name, `${f.value} ${f.unit}`.trim(), f.bar ?? '', f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length), 4));
  for (const row of rows) console.log('  ' + row.map((c, i) => c.padEnd(widths[i])).join('  '));
}

export function writeResults(results: BenchResult[]): void {
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  for (const r of results) writeFileSync(join(ROOT, 'bench', 'results', `${r.id}.json`), JSON.stringify(r, null, 2) + '\n');
  const path = join(ROOT, 'BENCHMARKS.md');
  const sections = new Map<string, string>();
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) sections.set(m[1], m[2]);
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  for (const r of results) {
    const lines = [
      `## ${r.title}`,
      '',
      r.description,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
      '',
      '| figure | value | bar | |',
      '|---|---|---|---|',
      ...r.figures.map((f) => `| ${f.name} | ${f.value} ${f.unit} | ${f.bar ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'pass' : '**fail**'} |`),
      '',
    ];
    sections.set(r.id, lines.join('\n'));
  }
  const body = [...sections].map(([id, text]) => `<!-- bench:${id} -->\n${text}<!-- /bench:${id} -->`).join('\n\n');
  writeFileSync(path, `# Benchmarks\n\nWritten by \`npm run bench\`; each section is replaced when its benchmark runs again.\n\n${body}\n`);
}
