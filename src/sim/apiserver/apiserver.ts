/**
 * The simulated kube-apiserver: the only way into the store. Every client — scheduler,
 * controllers, kubelets, kubectl, the canvas — calls these verbs through an `ApiClient`.
 *
 * Order of a write, as in the real server: decode → namespace checks → defaulting → admission
 * (mutating) → validation → optimistic-concurrency check → store. Errors are `ApiError`s with
 * the real Status reason, code and message.
 */
import { fieldErr } from '../api/fielderrors';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, methodNotAllowed, notFound } from '../api/errors';
import { matchesRequirements } from '../api/labels';
import type { ResourceInfo } from '../api/resources';
import { apiVersionOf, resourceInfo } from '../api/resources';
import type { KObject, ObjectMeta } from '../api/types';
import type { Clock } from '../clock';
import type { Random } from '../random';
import type { Store } from '../store/store';
import { deepEqual, type Mutable } from '../util/immutable';
import { rfc3339 } from '../util/time';
import { admit } from './admission';
import type { FieldRequirement } from './fieldselectors';
import { matchesFields, parseFieldSelector } from './fieldselectors';
import type { ApiServerHooks, DeleteOptions, ListOptions, ListResult, LogOptions, Watch, WatchEvent, WatchOptions, WriteOptions } from './options';
import { compileLabels } from './selectors';
import { watchStore } from './watch';
import { jsonPatch, mergePatch, strategicMergePatch, type PatchType } from './patch';
import { strategyFor } from './strategies';
import { equalExcept, META_IGNORED, OBJECT_IGNORED, withParts } from './objects';
import { validateObjectMeta } from '../api/validation/meta';

export type { ApiServerHooks, DeleteOptions, ListOptions, ListResult, LogOptions, Watch, WatchEvent, WatchOptions, WriteOptions } from './options';

/** Namespaces every cluster starts with; `default` is where namespaced requests land by default. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export class ApiServer {
  hooks: ApiServerHooks = {};

  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    readonly random: Random,
    /** absolute ms of virtual time 0 */
    readonly epochMs: number,
  ) {}

  /** Absolute wall-clock milliseconds of the simulated now. */
  nowMs(): number {
    return this.epochMs + this.clock.now;
  }

  info(resource: string): ResourceInfo {
    const info = resourceInfo(resource);
    if (!info) throw notFoundResource(resource);
    return info;
  }

  // ---- reads ------------------------------------------------------------------------------

  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T {
    const info = this.info(resource);
    const obj = this.store.get<T>(resource, info.namespaced ? (namespace ?? 'default') : '', name);
    if (!obj) throw notFound(info, name);
    return obj;
  }

  tryGet<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    const info = this.info(resource);
    return this.store.get<T>(resource, info.namespaced ? (namespace ?? 'default') : '', name);
  }

  list<T extends KObject = KObject>(resource: string, namespace: string | undefined, opts: ListOptions = {}): ListResult<T> {
    const info = this.info(resource);
    const labels = compileLabels(opts.labelSelector);
    const fields = parseFieldSelector(resource, opts.fieldSelector);
    const items: T[] = [];
    for (const o of this.store.iterate<T>(resource, info.namespaced ? namespace : undefined)) {
      if (labels && !matchesRequirements(labels, o.metadata?.labels)) continue;
      if (fields.length && !matchesFields(fields, o)) continue;
      items.push(o);
    }
    return { items, resourceVersion: String(this.store.revision) };
  }

  watch(resource: string, opts: WatchOptions, onEvent: (e: WatchEvent) => void): Watch {
    const info = this.info(resource);
    return watchStore(this.store, resource, info.namespaced ? opts.namespace : undefined, opts, onEvent);
  }

  // ---- writes -----------------------------------------------------------------------------

  create<T extends KObject = KObject>(resource: string, namespace: string | undefined, input: KObject, opts: WriteOptions = {}): T {
    const info = this.info(resource);
    if (!info.verbs.includes('create')) throw methodNotAllowed();
    let obj = this.checkKind(info, input);
    const adopt = opts.adopt === true && !Object.isFrozen(obj) && !!obj.metadata && !Object.isFrozen(obj.metadata);
    let md: Mutable<ObjectMeta> = adopt ? (obj.metadata as Mutable<ObjectMeta>) : { ...(obj.metadata ?? {}) };
    const ns = this.resolveNamespace(info, namespace, md);
    if (info.namespaced) md.namespace = ns;
    else delete md.namespace;

    if (!md.name && md.generateName) md.name = this.generateName(info, ns, md.generateName);
    if (!md.name) throw invalid(info, '', [fieldErr.required('metadata.name', 'name or generateName is required')]);

    const strategy = strategyFor(resource);
    // server-owned metadata
    md.uid = this.random.uuid();
    md.creationTimestamp = rfc3339(this.nowMs());
    if (adopt) {
      // the adopting writer built the object whole: its resourceVersion placeholder stays (a
      // delete would turn the object into a slow dictionary) and the store stamps it
      const whole = obj as Mutable<KObject>;
      whole.apiVersion = apiVersionOf(info);
      whole.kind = info.kind;
    } else {
      delete md.resourceVersion;
      delete md.deletionTimestamp;
      delete md.deletionGracePeriodSeconds;
      delete md.managedFields;
      if (strategy.tracksGeneration) md.generation = 1;
      else delete md.generation;
      obj = { ...obj, apiVersion: apiVersionOf(info), kind: info.kind, metadata: md };
    }
    if (strategy.prepareForCreate) obj = strategy.prepareForCreate(obj);
    if (strategy.defaults) obj = strategy.defaults(obj);
    obj = admit(resource, obj, this, 'create');

    const errors = [...validateObjectMeta(obj.metadata!, info), ...(strategy.validate?.(obj) ?? [])];
    if (errors.length) throw invalid(info, md.name, errors);

    if (opts.dryRun) {
      if (this.store.get(resource, ns ?? '', md.name)) throw alreadyExists(info, md.name);
      return obj as T;
    }
    const stored = this.store.insert(resource, obj);
    if (!stored) throw alreadyExists(info, md.name);
    return stored as T;
  }

  /**
   * PUT. With `metadata.resourceVersion` set it must be the current one (else 409 Conflict);
   * without it the write is unconditional. A main-resource write keeps the old status; a
   * `status` write keeps everything but status.
   */
  update<T extends KObject = KObject>(resource: string, namespace: string | undefined, input: KObject, opts: WriteOptions = {}): T {
    const info = this.info(resource);
    const obj = this.checkKind(info, input);
    const name = obj.metadata?.name ?? '';
    const ns = info.namespaced ? (obj.metadata?.namespace ?? namespace ?? 'default') : '';
    if (info.namespaced && namespace && obj.metadata?.namespace && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const old = this.store.get(resource, ns, name);
    if (!old) throw notFound(info, name);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== old.metadata?.resourceVersion) throw conflict(info, name);
    return this.applyUpdate(info, old, obj, opts) as T;
  }

  patch<T extends KObject = KObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    opts: WriteOptions = {},
  ): T {
    const info = this.info(resource);
    const old = this.get(resource, namespace, name);
    let next: unknown;
    switch (type) {
      case 'merge':
        next = mergePatch(old, patch);
        break;
      case 'strategic':
        next = strategicMergePatch(old, patch);
        break;
      case 'json':
        next = jsonPatch(old, patch);
        break;
      default:
        throw new ApiError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
          reason: 'UnsupportedMediaType',
          code: 415,
        });
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) throw badRequest('patch did not produce an object');
    const obj = next as KObject;
    const rv = obj.metadata?.resourceVersion;
    // a patch is unconditional unless it carries a resourceVersion of its own
    if (rv && rv !== old.metadata?.resourceVersion) throw conflict(info, name);
    if (obj.metadata?.name !== name) throw badRequest(`the name of the object (${obj.metadata?.name}) does not match the name on the URL (${name})`);
    return this.applyUpdate(info, old, obj, opts) as T;
  }

  private applyUpdate(info: ResourceInfo, old: KObject, input: KObject, opts: WriteOptions): KObject {
    const strategy = strategyFor(info.resource);
    const oldMd = old.metadata!;
    let md: ObjectMeta;
    let obj: KObject;
    if (opts.subresource === 'status') {
      if (!strategy.hasStatus) throw notFound(info, oldMd.name ?? '');
      // a status write changes status only
      md = oldMd;
      obj = withParts(old, old.spec, input.status);
    } else {
      md = {
        ...(input.metadata ?? {}),
        // immutable or server-owned metadata
        name: oldMd.name,
        namespace: oldMd.namespace,
        uid: oldMd.uid,
        creationTimestamp: oldMd.creationTimestamp,
        deletionTimestamp: oldMd.deletionTimestamp,
        deletionGracePeriodSeconds: oldMd.deletionGracePeriodSeconds,
        generation: oldMd.generation,
      };
      // a main-resource write keeps the stored status
      obj = { ...input, apiVersion: old.apiVersion, kind: old.kind, metadata: md, ...(strategy.hasStatus ? { status: old.status } : {}) };
    }
    // a status write keeps the stored (already defaulted) spec: only a full write needs defaulting
    if (strategy.defaults && opts.subresource !== 'status') obj = strategy.defaults(obj);
    if (opts.subresource !== 'status') obj = admit(info.resource, obj, this, 'update', old);

    if (oldMd.deletionTimestamp) {
      const added = (obj.metadata?.finalizers ?? []).filter((f) => !(oldMd.finalizers ?? []).includes(f));
      if (added.length) {
        throw invalid(info, oldMd.name ?? '', [fieldErr.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`)]);
      }
    }
    // metadata the write left as stored was validated when it was stored (status writes)
    const metaErrors = obj.metadata === oldMd ? [] : validateObjectMeta(obj.metadata!, info);
    const errors = [...metaErrors, ...(strategy.validateUpdate?.(obj, old) ?? strategy.validate?.(obj) ?? [])];
    if (errors.length) throw invalid(info, oldMd.name ?? '', errors);

    if (strategy.tracksGeneration && !deepEqual(obj.spec, old.spec)) {
      md = { ...obj.metadata!, generation: (oldMd.generation ?? 0) + 1 };
      obj = { ...obj, metadata: md };
    }
    // a write that changes nothing does not bump resourceVersion
    if (equalExcept(obj.metadata, oldMd, META_IGNORED) && equalExcept(obj, old, OBJECT_IGNORED)) return old;
    if (opts.dryRun) return obj;

    // the last finalizer removed from an object being deleted: it goes now
    if (oldMd.deletionTimestamp && !(obj.metadata?.finalizers ?? []).length && (oldMd.deletionGracePeriodSeconds ?? 0) === 0) {
      this.store.put(info.resource, obj);
      return this.store.remove(info.resource, oldMd.namespace ?? '', oldMd.name ?? '') ?? obj;
    }
    return this.store.put(info.resource, obj);
  }

  /**
   * DELETE. Pods on a node are deleted gracefully (deletionTimestamp = now + grace; the kubelet
   * finishes the job); objects with finalizers wait for them; everything else goes at once.
   */
  delete<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const info = this.info(resource);
    const old = this.get(resource, namespace, name);
    const oldMd = old.metadata!;
    if (opts.preconditions?.uid && opts.preconditions.uid !== oldMd.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${oldMd.uid}`);
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== oldMd.resourceVersion) {
      throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${oldMd.resourceVersion}`);
    }
    const strategy = strategyFor(resource);
    let grace = 0;
    if (strategy.gracePeriodSeconds) {
      grace = strategy.gracePeriodSeconds(old, opts.gracePeriodSeconds);
      if (grace < 0) grace = 0;
      if (oldMd.deletionTimestamp) {
        // a second delete may only shorten the grace period
        const remaining = oldMd.deletionGracePeriodSeconds ?? 0;
        if (grace >= remaining) return old as T;
      }
    }
    const finalizers = [...(oldMd.finalizers ?? [])];
    const policy = opts.propagationPolicy;
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (oldMd.deletionTimestamp && !strategy.gracePeriodSeconds) {
      // already being deleted, waiting on finalizers: nothing more to do
      return old as T;
    }
    if (opts.dryRun) return old as T;

    if (grace === 0 && !finalizers.length) return this.store.remove(resource, oldMd.namespace ?? '', name) as T;
    // graceful (the kubelet finishes) or held by finalizers (their owners finish): mark it
    const md: Mutable<ObjectMeta> = {
      ...oldMd,
      finalizers: finalizers.length ? finalizers : undefined,
      deletionTimestamp: rfc3339(this.nowMs() + grace * 1000),
      deletionGracePeriodSeconds: grace,
    };
    if (strategy.tracksGeneration) md.generation = (oldMd.generation ?? 0) + 1;
    return this.store.put(resource, { ...old, metadata: md }) as T;
  }

  // ---- subresources -----------------------------------------------------------------------

  /** POST pods/binding: assigns a pod to a node (the scheduler's only write). */
  bind(namespace: string, name: string, nodeName: string): KObject {
    const info = this.info('pods');
    const pod = this.get('pods', namespace, name);
    const spec = pod.spec as { nodeName?: string };
    if (pod.metadata?.deletionTimestamp) throw conflict({ ...info, resource: 'pods/binding' }, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw conflict({ ...info, resource: 'pods/binding' }, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(this.nowMs()) });
    return this.store.put('pods', withParts(pod, { ...(pod.spec as object), nodeName }, { ...status, conditions }));
  }

  /** POST pods/eviction: a delete that respects PodDisruptionBudgets. */
  evict(namespace: string, name: string, deleteOptions: DeleteOptions = {}): void {
    const pod = this.get('pods', namespace, name);
    const refusal = this.hooks.checkEviction?.(pod);
    if (refusal) throw refusal;
    if (!pod.metadata?.deletionTimestamp) {
      const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: rfc3339(this.nowMs()),
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      });
      this.store.put('pods', withParts(pod, pod.spec, { ...status, conditions }));
    }
    this.delete('pods', namespace, name, deleteOptions);
  }

  getScale(resource: string, namespace: string, name: string): KObject {
    const info = this.info(resource);
    if (!info.subresources.includes('scale')) throw notFound(info, name);
    const obj = this.get(resource, namespace, name);
    const spec = obj.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
    const status = (obj.status ?? {}) as { replicas?: number };
    const selector = Object.entries(spec.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name, namespace, uid: obj.metadata?.uid, resourceVersion: obj.metadata?.resourceVersion, creationTimestamp: obj.metadata?.creationTimestamp },
      spec: { replicas: spec.replicas ?? 0 },
      status: { replicas: status.replicas ?? 0, selector },
    };
  }

  updateScale(resource: string, namespace: string, name: string, replicas: number, resourceVersion?: string): KObject {
    const info = this.info(resource);
    const obj = this.get(resource, namespace, name);
    if (resourceVersion && resourceVersion !== obj.metadata?.resourceVersion) throw conflict(info, name);
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid({ ...info, kind: 'Scale', group: 'autoscaling' }, name, [fieldErr.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
    }
    this.applyUpdate(info, obj, { ...obj, spec: { ...(obj.spec as object), replicas } }, {});
    return this.getScale(resource, namespace, name);
  }

  logs(namespace: string, name: string, opts: LogOptions = {}): string {
    const pod = this.get('pods', namespace, name);
    if (!this.hooks.logs) return '';
    return this.hooks.logs(namespace, pod, opts);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private checkKind(info: ResourceInfo, input: KObject): KObject {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badRequest('the body of the request was not a JSON object');
    const want = apiVersionOf(info);
    if (input.kind && input.kind !== info.kind) throw badRequest(`the API version in the data (${input.apiVersion ?? ''}) does not match the expected API version (${want})`);
    if (input.apiVersion && input.apiVersion !== want) throw badRequest(`the API version in the data (${input.apiVersion}) does not match the expected API version (${want})`);
    return input;
  }

  private resolveNamespace(info: ResourceInfo, requested: string | undefined, md: ObjectMeta): string | undefined {
    if (!info.namespaced) return undefined;
    if (requested && md.namespace && requested !== md.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const ns = md.namespace ?? requested ?? 'default';
    const nsObj = this.store.get('namespaces', '', ns);
    if (!nsObj) throw notFound(this.info('namespaces'), ns);
    if (nsObj.metadata?.deletionTimestamp) {
      throw forbidden(info, md.name ?? md.generateName ?? '', `unable to create new content in namespace ${ns} because it is being terminated`);
    }
    return ns;
  }

  private generateName(info: ResourceInfo, ns: string | undefined, base: string): string {
    const prefix = base.length > 58 ? base.slice(0, 58) : base;
    // RetryGenerateName (GA in v1.32): a few tries before giving up with AlreadyExists
    for (let i = 0; i < 8; i++) {
      const name = prefix + this.random.nameSuffix(5);
      if (!this.store.get(info.resource, ns ?? '', name)) return name;
    }
    throw alreadyExists(info, prefix);
  }
}

function notFoundResource(resource: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server could not find the requested resource`,
    reason: 'NotFound',
    details: { kind: resource },
    code: 404,
  });
}

export type { FieldRequirement };
