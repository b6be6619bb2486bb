/**
 * Untrusted JSON (a save file, a share link) is parsed with `JSON.parse` only — never eval — and
 * then walked once before anything uses it: keys that could reach an object's prototype when the
 * data is later spread or merged (`__proto__`, `constructor`, `prototype`) are refused anywhere,
 * and depth and node count are bounded so a hostile file cannot exhaust the worker.
 */
import type { Checked } from '../protocol';

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface TreeLimits {
  maxDepth: number;
  /** objects, arrays and values in total */
  maxNodes: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxDepth: 200, maxNodes: 20_000_000 };

/** Walks a parsed JSON value; the first problem found, as a sentence with its path. */
export function checkTree(root: unknown, limits: TreeLimits = DEFAULT_TREE_LIMITS): string | undefined {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: root, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `too many values (more than ${limits.maxNodes})`;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limits.maxDepth) return `nested too deeply at ${path || 'the top'} (more than ${limits.maxDepth} levels)`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) return `forbidden key "${k}" at ${path || 'the top'}`;
      stack.push({ v: (v as Record<string, unknown>)[k], path: path ? `${path}.${k}` : k, depth: depth + 1 });
    }
  }
  return undefined;
}

/** JSON.parse with a size limit and the tree check; a clear sentence on failure. */
export function parseUntrusted(text: string, what: string, maxChars: number, limits?: TreeLimits): Checked<unknown> {
  if (text.length > maxChars) return { ok: false, error: `${what} is too large: ${text.length} characters (the limit is ${maxChars})` };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}); the file may be damaged or truncated` };
  }
  const problem = checkTree(v, limits);
  if (problem) return { ok: false, error: `${what} was refused: ${problem}` };
  return { ok: true, value: v };
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number => isNum(v) && Number.isInteger(v) && v >= min && v <= max;
