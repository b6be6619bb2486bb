/**
 * Reading `-f` files: multi-document YAML or JSON into objects, with kubectl's error texts
 * (`error: error parsing x.yaml: error converting YAML to JSON: yaml: line 3: …` — the words
 * of go-yaml, which kubectl uses), and the mapping of apiVersion/kind to a served resource.
 */
import { parseAllDocuments, type YAMLError } from 'yaml';
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
  const line = e.linePos?.[0]?.line ?? 1;
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return `yaml: line ${line}: found character that cannot start any token`;
    case 'DUPLICATE_KEY': {
      const key = /Map keys must be unique/.test(e.message) ? (text.split('\n')[line - 1] ?? '').trim().split(':')[0] : '';
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

export function parseManifests(text: string, source: string): KObject[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const v = JSON.parse(trimmed) as KObject;
      return v.kind === 'List' && Array.isArray(v.items) ? (v.items as KObject[]) : [v];
    } catch (e) {
      throw new KubectlError(`error: error parsing ${source}: ${(e as Error).message}`);
    }
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const out: KObject[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const err = d.errors[0];
    if (err) throw new KubectlError(`error: error parsing ${source}: error converting YAML to JSON: ${goYamlMessage(err, text)}`);
    const v = d.toJS({ maxAliasCount: 100 }) as unknown;
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new KubectlError(`error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
    }
    const o = v as KObject;
    if (o.kind === 'List' && Array.isArray(o.items)) out.push(...(o.items as KObject[]));
    else out.push(o);
  }
  return out;
}

/** The objects of every `-f` file, each mapped to its resource (or kubectl's refusal). */
export function readManifests(ctx: Ctx, files: string[]): Manifest[] {
  const out: Manifest[] = [];
  for (const f of files) {
    const text = f === '-' ? undefined : ctx.env.files?.[f];
    if (text === undefined) throw new KubectlError(`error: the path "${f}" does not exist`);
    for (const object of parseManifests(text, f)) {
      if (!object.kind) throw new KubectlError(`error: error validating "${f}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
      if (!object.apiVersion) throw new KubectlError(`error: error validating "${f}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
      const info = resourceForKind(object.apiVersion, object.kind);
      if (!info) {
        const slash = object.apiVersion.indexOf('/');
        const version = slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1);
        void version;
        throw new KubectlError(`error: resource mapping not found for name: ${JSON.stringify(object.metadata?.name ?? '')} namespace: ${JSON.stringify(object.metadata?.namespace ?? '')} from ${JSON.stringify(f)}: no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(object.apiVersion)}\nensure CRDs are installed first`);
      }
      out.push({ source: f, object, info });
    }
  }
  return out;
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
