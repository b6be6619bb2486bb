/**
 * `kubectl apply -f` — client-side apply: the last applied manifest lives in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation; an update is a three-way JSON
 * merge patch (fields removed from the manifest since last time are deleted, fields others set
 * are kept). Prints `created`, `configured` or `unchanged` per object.
 */
import { isNotFound } from '../../sim/api/errors';
import type { KObject } from '../../sim/api/types';
import { deepEqual } from '../../sim/util/immutable';
import type { CommandDef, Ctx } from '../command';
import { KubectlError, renderError, withSource } from '../errors';
import { manifestNamespace, readManifestsUntilError, type Manifest } from '../manifests';
import { kindGroup } from '../resources';
import { toJson } from '../printers/yaml';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Compact JSON with sorted keys and a newline, as kubectl stores last-applied. */
export function lastAppliedOf(obj: KObject): string {
  const { [LAST_APPLIED]: _drop, ...annotations } = obj.metadata?.annotations ?? {};
  // kubectl empties (never removes) the annotations map before encoding: `"annotations":{}`
  const md = { ...obj.metadata, annotations };
  return JSON.stringify(JSON.parse(toJson({ ...obj, metadata: md }))) + '\n';
}

/**
 * Whether `current` already holds everything `modified` says: the server adds defaults
 * (imagePullPolicy, terminationMessagePath, …) to list items, which a merge by position must not
 * count as a difference — the strategic merge kubectl really uses would not either.
 */
function subsetEqual(modified: unknown, current: unknown): boolean {
  if (Array.isArray(modified)) {
    return Array.isArray(current) && current.length === modified.length && modified.every((x, i) => subsetEqual(x, current[i]));
  }
  if (isObj(modified)) {
    return isObj(current) && Object.entries(modified).every(([k, v]) => v === undefined || subsetEqual(v, current[k]));
  }
  return deepEqual(modified, current);
}

/**
 * `jsonmergepatch.CreateThreeWayJSONMergePatch`: changes from current to modified, plus
 * deletions of what the original had and modified no longer has.
 */
export function threeWayPatch(original: unknown, modified: unknown, current: unknown): J {
  const patch: J = {};
  const m = isObj(modified) ? modified : {};
  const c = isObj(current) ? current : {};
  const o = isObj(original) ? original : {};
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined) continue;
    if (isObj(v) && isObj(c[k])) {
      const sub = threeWayPatch(o[k], v, c[k]);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (!subsetEqual(v, c[k])) patch[k] = v;
  }
  for (const k of Object.keys(o)) if (!(k in m) && k in c) patch[k] = null;
  return patch;
}

function applyOne(ctx: Ctx, m: Manifest): string {
  // --dry-run=server: the API server runs everything but persists nothing; client: no writes sent
  const dry = ctx.str('dry-run');
  const suffix = dry === 'server' ? ' (server dry run)' : dry === 'client' ? ' (dry run)' : '';
  const opts = { dryRun: dry === 'server' };
  const ns = manifestNamespace(ctx, m);
  const name = m.object.metadata?.name;
  const ref = `${kindGroup(m.info)}/${name}`;
  if (!name) {
    throw new KubectlError(`error: error when retrieving current configuration of:\nResource: "${m.info.group ? m.info.group + '/' : ''}${m.info.version}, Resource=${m.info.resource}", GroupVersionKind: "${m.object.apiVersion}, Kind=${m.object.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${m.source}": resource name may not be empty`);
  }
  // the builder sets the request's namespace on namespaced objects before kubectl encodes them
  if (m.info.namespaced && ns) m = { ...m, object: { ...m.object, metadata: { ...m.object.metadata, namespace: ns } } };
  const annotated = (obj: KObject): KObject => ({
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...(obj.metadata?.annotations ?? {}), [LAST_APPLIED]: lastAppliedOf(obj) } },
  });
  let current: KObject;
  try {
    current = ctx.client.get(m.info.resource, ns, name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      if (dry !== 'client') ctx.client.create(m.info.resource, ns, annotated(m.object), opts);
    } catch (err) {
      throw withSource(err, 'creating', m.source);
    }
    return `${ref} created${suffix}`;
  }
  const originalText = current.metadata?.annotations?.[LAST_APPLIED];
  if (originalText === undefined) {
    ctx.err(`Warning: resource ${m.info.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
  }
  let original: unknown = {};
  try {
    original = originalText ? JSON.parse(originalText) : {};
  } catch {
    original = {};
  }
  const modified = annotated(m.object);
  const patch = threeWayPatch(original, modified, current);
  if (!Object.keys(patch).length) return `${ref} unchanged${suffix}`;
  try {
    if (dry !== 'client') ctx.client.patch(m.info.resource, ns, name, patch, 'merge', opts);
  } catch (err) {
    throw withSource(err, 'patching', m.source);
  }
  return `${ref} configured${suffix}`;
}

export const apply: CommandDef = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none' },
    { name: 'server-side', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict' },
    { name: 'prune', type: 'bool' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
  ],
  run(ctx) {
    const files = ctx.list('filename');
    if (!files.length) throw new KubectlError('error: must specify one of -f and -k');
    const dry = ctx.str('dry-run');
    if (dry !== 'none' && dry !== 'server' && dry !== 'client') throw new KubectlError(`error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
    let failed = false;
    // kubectl applies what it could read, then reports the file that broke off
    const { manifests, errors } = readManifestsUntilError(ctx, files);
    for (const m of manifests) {
      try {
        ctx.out(applyOne(ctx, m) + '\n');
      } catch (e) {
        ctx.err(renderError(e).text);
        failed = true;
      }
    }
    for (const e of errors) ctx.err(renderError(e).text);
    return failed || errors.length ? 1 : 0;
  },
};
