/**
 * Reading `-f` files: multi-document YAML or JSON into objects, with kubectl's error texts
 * (`error: error parsing x.yaml: error converting YAML to JSON: yaml: line 3: …` — the words
 * of go-yaml, which kubectl uses), and the mapping of apiVersion/kind to a served resource.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type YAMLError } from 'yaml';
import type { ResourceInfo } from '../sim/api/resources';
import { resourceForKind } from '../sim/api/resources';
import type { KObject } from '../sim/api/types';
import type { Ctx } from './command';
import { KubectlError } from './errors';

export interface Manifest {
  source: string;
  object: KObject;
  info: ResourceInfo;
}

/** go-yaml's words for what the `yaml` package reports. */
function goYamlMessage(e: YAMLError, text: string): string {
  const global = e.linePos?.[0]?.line ?? 1;
  // kubectl hands go-yaml one document at a time: lines count from the document's start
  const line = global - separatorLineBefore(text, global);
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return `yaml: line ${line}: found character that cannot start any token`;
    case 'DUPLICATE_KEY': {
      const key = /Map keys must be unique/.test(e.message) ? (text.split('\n')[global - 1] ?? '').trim().split(':')[0] : '';
      return `yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(key)} already set in map`;
    }
    case 'MISSING_CHAR':
      return `yaml: line ${line}: found unexpected end of stream`;
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return `yaml: line ${line}: mapping values are not allowed in this context`;
    case 'BAD_INDENT':
      return `yaml: line ${Math.max(1, line - 1)}: did not find expected key`;
    default:
      return `yaml: line ${line}: did not find expected key`;
  }
}

/**
 * The 1-based line of the `---` that starts the document holding `line` (0 for the first
 * document): kubectl's YAMLReader splits the stream on such lines before go-yaml sees it.
 */
function separatorLineBefore(text: string, line: number): number {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 2; i >= 0; i--) if (/^---\s*(#.*)?$/.test(lines[i])) return i + 1;
  return 0;
}

export function parseManifests(text: string, source: string): KObject[] {
  const { objects, error } = parseManifestsUntilError(text, source);
  if (error) throw error;
  return objects;
}

/**
 * The objects of a stream up to its first broken document, and that document's error:
 * kubectl's stream visitor hands on every object it decoded before it stops.
 */
export function parseManifestsUntilError(text: string, source: string): { objects: KObject[]; error?: KubectlError } {
  const out: KObject[] = [];
  try {
    parseInto(text, source, out);
    return { objects: out };
  } catch (e) {
    if (e instanceof KubectlError) return { objects: out, error: e };
    throw e;
  }
}

function parseInto(text: string, source: string, out: KObject[]): void {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const v = JSON.parse(trimmed) as KObject;
      out.push(...(v.kind === 'List' && Array.isArray(v.items) ? (v.items as KObject[]) : [v]));
      return;
    } catch (e) {
      throw new KubectlError(`error: error parsing ${source}: ${(e as Error).message}`);
    }
  }
  // duplicate keys are found by `duplicateKey` in linear time: the library's own check
  // (`uniqueKeys`) compares every key with every other, and a 40,000-key map took a minute.
  // Warnings (collection keys stringified) are not printed: go-yaml would refuse, not warn.
  const docs = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'error' });
  let lines: number[] | undefined;
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const err = d.errors[0];
    if (err) throw new KubectlError(`error: error parsing ${source}: error converting YAML to JSON: ${goYamlMessage(err, text)}`);
    const dup = duplicateKey(d.contents);
    if (dup) {
      const at = lineOf((lines ??= lineStarts(text)), dup.offset);
      const line = at - separatorLineBefore(text, at);
      throw new KubectlError(`error: error parsing ${source}: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(dup.key)} already set in map`);
    }
    let v: unknown;
    try {
      // an alias bomb (billion laughs) stops at 100 alias expansions, as go-yaml stops early too
      v = d.toJS({ maxAliasCount: 100 });
    } catch {
      throw new KubectlError(`error: error parsing ${source}: error converting YAML to JSON: yaml: document contains excessive aliasing`);
    }
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new KubectlError(`error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
    }
    const o = v as KObject;
    if (o.kind === 'List' && Array.isArray(o.items)) out.push(...(o.items as KObject[]));
    else out.push(o);
  }
}

/** The first repeated scalar key of any map in a document (walked without recursion: depth is the user's). */
function duplicateKey(root: unknown): { key: string; offset: number } | undefined {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        if (isScalar(k)) {
          const key = String(k.value);
          if (seen.has(key)) return { key, offset: k.range?.[0] ?? 0 };
          seen.add(key);
        } else if (k) stack.push(k);
        if (pair.value) stack.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of a character offset. */
function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The objects of every `-f` file, each mapped to its resource (or kubectl's refusal). */
export function readManifests(ctx: Ctx, files: string[]): Manifest[] {
  const { manifests, errors } = readManifestsUntilError(ctx, files);
  if (errors.length) throw errors[0];
  return manifests;
}

/**
 * As kubectl's builder visits `-f` files: each file's objects up to its first error, which
 * is kept (one per file) for the command to print after acting on what it could read.
 */
export function readManifestsUntilError(ctx: Ctx, files: string[]): { manifests: Manifest[]; errors: KubectlError[] } {
  const out: Manifest[] = [];
  const errors: KubectlError[] = [];
  for (const f of files) {
    const text = f === '-' ? undefined : ctx.env.files?.[f];
    if (text === undefined) {
      errors.push(new KubectlError(`error: the path "${f}" does not exist`));
      continue;
    }
    try {
      const { objects, error } = parseManifestsUntilError(text, f);
      for (const object of objects) out.push(mapManifest(object, f));
      if (error) errors.push(error);
    } catch (e) {
      if (!(e instanceof KubectlError)) throw e;
      errors.push(e);
    }
  }
  return { manifests: out, errors };
}

function mapManifest(object: KObject, f: string): Manifest {
  if (!object.kind) throw new KubectlError(`error: error validating "${f}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!object.apiVersion) throw new KubectlError(`error: error validating "${f}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  const info = resourceForKind(object.apiVersion, object.kind);
  if (!info) {
    throw new KubectlError(`error: resource mapping not found for name: ${JSON.stringify(object.metadata?.name ?? '')} namespace: ${JSON.stringify(object.metadata?.namespace ?? '')} from ${JSON.stringify(f)}: no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(object.apiVersion)}\nensure CRDs are installed first`);
  }
  return { source: f, object, info };
}

/** The namespace an object from a file goes to; a conflicting `-n` is refused as kubectl does. */
export function manifestNamespace(ctx: Ctx, m: Manifest): string | undefined {
  if (!m.info.namespaced) return undefined;
  const own = m.object.metadata?.namespace;
  if (own && ctx.explicitNamespace && own !== ctx.namespace) {
    throw new KubectlError(`error: the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  return own || ctx.namespace;
}
