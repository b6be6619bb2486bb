/**
 * The REST verbs on `/api/v1/...` and `/apis/<group>/<version>/...`, translated to the simulated
 * API server's verbs through an `ApiClient` (so a stopped kube-apiserver refuses these clients
 * like any other): list/get (JSON or Table), create, update, patch (merge, strategic, JSON patch,
 * a simple server-side apply), delete with DeleteOptions, deletecollection, and the
 * subresources status, scale, binding, eviction and log. Watches live in `watch.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, isNotFound } from '../sim/api/errors';
import type { ResourceInfo } from '../sim/api/resources';
import type { KObject } from '../sim/api/types';
import type { DeleteOptions } from '../sim/apiserver/apiserver';
import type { ApiClient } from '../sim/apiserver/client';
import { jsonPatch, mergePatch, PATCH_CONTENT_TYPES, strategicMergePatch } from '../sim/apiserver/patch';
import { boolParam, intParam, parseAccept, parseJsonBody, sendJson, sendSuccess, statusError } from './http';
import { serveLogs } from './logs';
import { includeObjectOf, toTable } from './table';
import { serveWatch } from './watch';

export interface Target {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface RestContext {
  client: ApiClient;
  nowMs(): number;
  /** lets controllers react to a write before the answer goes out */
  settle(): void;
  hasPendingEvents(): boolean;
}

/** etcd key order: what a real list returns (namespace, then name). */
function byKey(a: KObject, b: KObject): number {
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

function dryRunOf(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  if (v.some((x) => x !== 'All')) throw statusError(400, 'BadRequest', `Invalid value: "${v.find((x) => x !== 'All')}": supported values: "All"`);
  return v.length > 0;
}

export function handleResource(ctx: RestContext, req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams, bodyText: string): void {
  const method = req.method ?? 'GET';
  const { info } = t;
  const client = ctx.client;
  const ns = info.namespaced ? t.namespace : undefined;
  const accept = parseAccept(req.headers.accept);
  const sub = t.subresource;
  if (sub && !info.subresources.includes(sub)) throw statusError(404, 'NotFound', 'the server could not find the requested resource', {});

  if (method === 'GET') {
    if (!t.name) {
      if (boolParam(q, 'watch')) return serveWatch(ctx, req, res, info, ns, q, accept.table);
      const list = client.list(info.resource, ns, { labelSelector: q.get('labelSelector') || undefined, fieldSelector: q.get('fieldSelector') || undefined });
      const items = [...list.items].sort(byKey);
      if (accept.table) return sendJson(res, 200, toTable(info.resource, items, { nowMs: ctx.nowMs(), include: includeObjectOf(q), resourceVersion: list.resourceVersion }));
      return sendJson(res, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: list.resourceVersion }, items });
    }
    if (sub === 'log') return serveLogs(ctx, req, res, t.namespace ?? 'default', t.name, q);
    if (sub === 'scale') return sendJson(res, 200, client.getScale(info.resource, t.namespace ?? 'default', t.name));
    const obj = client.get(info.resource, ns, t.name);
    if (accept.table && !sub) return sendJson(res, 200, toTable(info.resource, [obj], { nowMs: ctx.nowMs(), include: includeObjectOf(q), resourceVersion: obj.metadata?.resourceVersion }));
    return sendJson(res, 200, obj);
  }

  const dryRun = dryRunOf(q);
  const written = (code: number, obj: unknown) => {
    ctx.settle();
    sendJson(res, code, obj);
  };

  if (method === 'POST') {
    const body = parseJsonBody(bodyText) as KObject;
    if (!t.name) {
      if (!body) throw statusError(400, 'BadRequest', 'the body of the request was not a JSON object');
      return written(201, client.create(info.resource, ns, body, { dryRun }));
    }
    if (sub === 'binding') {
      const target = (body as { target?: { name?: string } })?.target?.name;
      if (!target) throw statusError(422, 'Invalid', `Binding.meta.k8s.io "${t.name}" is invalid: target.name: Required value`);
      client.bind(t.namespace ?? 'default', t.name, target);
      ctx.settle();
      return sendSuccess(res, 201);
    }
    if (sub === 'eviction') {
      const opts = deleteOptionsOf((body as { deleteOptions?: Record<string, unknown> })?.deleteOptions, q);
      client.evict(t.namespace ?? 'default', t.name, opts);
      ctx.settle();
      return sendSuccess(res, 201);
    }
    throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  if (method === 'PUT') {
    if (!t.name) throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const body = parseJsonBody(bodyText) as KObject;
    if (!body) throw statusError(400, 'BadRequest', 'the body of the request was not a JSON object');
    if (body.metadata?.name && body.metadata.name !== t.name) {
      throw statusError(400, 'BadRequest', `the name of the object (${body.metadata.name}) does not match the name on the URL (${t.name})`);
    }
    const obj = { ...body, metadata: { ...(body.metadata ?? {}), name: t.name } };
    if (sub === 'scale') {
      const replicas = (body.spec as { replicas?: number } | undefined)?.replicas ?? 0;
      return written(200, client.updateScale(info.resource, t.namespace ?? 'default', t.name, replicas, body.metadata?.resourceVersion));
    }
    if (sub === 'status') return written(200, client.update(info.resource, ns, obj, { subresource: 'status', dryRun }));
    return written(200, client.update(info.resource, ns, obj, { dryRun }));
  }

  if (method === 'PATCH') {
    if (!t.name) throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const type = PATCH_CONTENT_TYPES[ct];
    if (!type) {
      throw statusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
    if (type === 'apply') return serverSideApply(ctx, res, t, bodyText, dryRun);
    const patch = parseJsonBody(bodyText);
    const apply = (target: unknown) => (type === 'merge' ? mergePatch(target, patch) : type === 'strategic' ? strategicMergePatch(target, patch) : jsonPatch(target, patch));
    if (sub === 'scale') {
      const scale = client.getScale(info.resource, t.namespace ?? 'default', t.name);
      const next = apply(scale) as KObject;
      const replicas = (next.spec as { replicas?: number } | undefined)?.replicas ?? 0;
      const rv = (patch as KObject | undefined)?.metadata?.resourceVersion;
      return written(200, client.updateScale(info.resource, t.namespace ?? 'default', t.name, replicas, rv));
    }
    if (sub === 'status') {
      const next = apply(client.get(info.resource, ns, t.name)) as KObject;
      return written(200, client.update(info.resource, ns, next, { subresource: 'status', dryRun }));
    }
    return written(200, client.patch(info.resource, ns, t.name, patch, type, { dryRun }));
  }

  if (method === 'DELETE') {
    const body = parseJsonBody(bodyText) as Record<string, unknown> | undefined;
    const opts = { ...deleteOptionsOf(body, q), dryRun };
    if (t.name) return written(200, client.delete(info.resource, ns, t.name, opts));
    // deletecollection: every object the selectors match, one by one as the registry does
    const list = client.list(info.resource, ns, { labelSelector: q.get('labelSelector') || undefined, fieldSelector: q.get('fieldSelector') || undefined });
    const items: KObject[] = [];
    for (const o of [...list.items].sort(byKey)) {
      try {
        items.push(client.delete(info.resource, o.metadata?.namespace, o.metadata?.name ?? '', opts));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return written(200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: list.resourceVersion }, items });
  }
  throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** DeleteOptions from the body (kubectl sends one) and the query parameters (curl users do). */
function deleteOptionsOf(body: Record<string, unknown> | undefined, q: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  const grace = intParam(q, 'gracePeriodSeconds') ?? (body?.gracePeriodSeconds as number | undefined);
  if (grace !== undefined && grace !== null) opts.gracePeriodSeconds = grace;
  let policy = (q.get('propagationPolicy') ?? body?.propagationPolicy) as string | undefined;
  const orphan = q.get('orphanDependents') ?? body?.orphanDependents;
  if (!policy && (orphan === true || orphan === 'true')) policy = 'Orphan';
  if (policy) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw statusError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
    }
    opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  const pre = body?.preconditions as DeleteOptions['preconditions'];
  if (pre) opts.preconditions = pre;
  if (Array.isArray(body?.dryRun) && (body.dryRun as string[]).includes('All')) opts.dryRun = true;
  return opts;
}

/**
 * Server-side apply, simplified: the applied configuration is created if absent, else merged
 * in strategically. Field ownership (managedFields, conflicts between managers) is not
 * modelled.
 */
function serverSideApply(ctx: RestContext, res: ServerResponse, t: Target, bodyText: string, dryRun: boolean): void {
  let applied: KObject;
  try {
    applied = parseYaml(bodyText) as KObject;
  } catch (e) {
    throw statusError(400, 'BadRequest', `error decoding YAML: ${(e as Error).message}`);
  }
  if (!applied || typeof applied !== 'object') throw statusError(400, 'BadRequest', 'the body of the request was not an object');
  const { info } = t;
  const ns = info.namespaced ? t.namespace : undefined;
  const name = t.name!;
  const existing = (() => {
    try {
      return ctx.client.get(info.resource, ns, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  })();
  const obj = { ...applied, metadata: { ...(applied.metadata ?? {}), name } };
  if (!existing) {
    const created = ctx.client.create(info.resource, ns, obj, { dryRun });
    ctx.settle();
    return sendJson(res, 201, created);
  }
  const { resourceVersion: _rv, ...meta } = obj.metadata as Record<string, unknown>;
  const patched = ctx.client.patch(info.resource, ns, name, { ...obj, metadata: meta }, 'strategic', { dryRun });
  ctx.settle();
  sendJson(res, 200, patched);
}

export { ApiError };
