/**
 * The import direction of DESIGN.md, as data: `sim` ← `kubectl` ← `worker`, `server` ← `ui`;
 * `lessons` reads `sim`. Plus the purity rules of src/sim: no DOM, React, worker globals, timers,
 * wall clock or Math.random — the simulation must be deterministic and run anywhere.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** layer → layers it may import at runtime (type-only imports are free within src). */
export const ALLOWED = {
  sim: ['sim'],
  kubectl: ['sim', 'kubectl'],
  lessons: ['sim', 'kubectl', 'lessons'], // solutions are kubectl lines, run through the same pipeline
  worker: ['sim', 'kubectl', 'lessons', 'worker'],
  server: ['sim', 'kubectl', 'server'],
  ui: ['worker', 'lessons', 'ui'],
};

/** npm packages each layer may use. */
export const PACKAGES = {
  sim: ['kubernetes-types', 'yaml'],
  kubectl: ['kubernetes-types', 'yaml'],
  lessons: ['kubernetes-types', 'yaml'],
  worker: ['kubernetes-types', 'yaml'],
  server: ['kubernetes-types', 'yaml', 'node:'],
  ui: null, // any
};

const IMPURE = [
  [/\bDate\.now\s*\(/, 'Date.now (use the virtual clock)'],
  [/\bnew Date\(\s*\)/, 'new Date() without an argument (use the virtual clock)'],
  [/\bMath\.random\s*\(/, 'Math.random (use the seeded generator)'],
  [/\b(setTimeout|setInterval|setImmediate|requestAnimationFrame|queueMicrotask)\s*\(/, 'timers (use clock timers)'],
  [/\bperformance\.now\s*\(/, 'performance.now'],
  [/\b(window|document|self|globalThis\.postMessage|navigator|localStorage)\s*\./, 'browser globals'],
  [/\bpostMessage\s*\(/, 'postMessage'],
  [/\bprocess\.(env|hrtime|nextTick)\b/, 'Node process globals'],
];

const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_RE = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function layerOf(srcDir, file) {
  const rel = relative(srcDir, file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Returns a list of human-readable violations for one file's text. */
export function checkFile(srcDir, file, text) {
  const layer = layerOf(srcDir, file);
  if (!layer || !(layer in ALLOWED)) return [];
  const out = [];
  const code = stripComments(text);
  const isTest = /\.test\.tsx?$/.test(file);
  const check = (spec, typeOnly) => {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const targetLayer = layerOf(srcDir, target);
      if (targetLayer === null) {
        if (!isTest) out.push(`${relative(srcDir, file)} imports ${spec}, outside src/`);
        return;
      }
      if (!typeOnly && !ALLOWED[layer].includes(targetLayer)) out.push(`${relative(srcDir, file)}: ${layer} may not import ${targetLayer} (${spec})`);
    } else {
      const allowed = PACKAGES[layer];
      if (allowed === null || typeOnly || isTest) return;
      if (!allowed.some((p) => spec === p || spec.startsWith(p.endsWith(':') ? p : `${p}/`))) {
        out.push(`${relative(srcDir, file)}: ${layer} may not import the package '${spec}'`);
      }
    }
  };
  for (const m of code.matchAll(IMPORT_RE)) check(m[4], !!m[2]);
  for (const m of code.matchAll(DYNAMIC_RE)) check(m[1], false);
  if (layer === 'sim' && !isTest) {
    for (const [re, what] of IMPURE) if (re.test(code)) out.push(`${relative(srcDir, file)}: src/sim must stay pure — found ${what}`);
  }
  return out;
}

export function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}

export function checkTree(srcDir) {
  const violations = [];
  for (const f of walk(srcDir)) violations.push(...checkFile(srcDir, f, readFileSync(f, 'utf8')));
  return violations;
}
