/**
 * The taint eviction controller (`pkg/controller/tainteviction/taint_eviction.go`; a separate
 * controller since SeparateTaintEvictionController, beta and on in v1.32), events from
 * `taint-eviction-controller`.
 *
 * When a node's NoExecute taints change it looks at every pod on the node: a pod that does not
 * tolerate them all is deleted at once; one that tolerates them for `tolerationSeconds` (the
 * smallest of the tolerations used) is deleted when that runs out, counted from when the
 * controller noticed the taint; `tolerationSeconds` unset = tolerated forever. Before deleting
 * it sets the DisruptionTarget condition and records `TaintManagerEviction`; the delete is an
 * ordinary graceful one, so a pod on a dead node stays Terminating until its kubelet returns or
 * the Node object is deleted (pod GC). Taints gone → pending evictions are cancelled
 * (`Cancelling deletion of Pod …`).
 *
 * The timers are data on the virtual clock: `{key, id}`; a fired timer whose id no longer
 * matches the pending work (cancelled or replaced) does nothing. A restarted controller-manager
 * starts every countdown again from the moment it relists, as the real one does.
 */
import { ConnectionRefusedError } from '../api/errors';
import type { Node, Pod, PodCondition, Taint } from '../api/types';
import type { ClusterContext } from '../context';
import { rfc3339 } from '../util/time';
import { Controller, splitKey } from './controller';
import { isNotFound, matchingTolerations, minTolerationMs } from './taints';

interface Work {
  id: number;
  createdAt: number;
  fireAt: number;
}

interface State {
  workers: [string, Work][];
  firing: string[];
  nextId: number;
}

const TIMER_OWNER = 'tainteviction:work';

export class TaintEvictionController extends Controller {
  /** pod key (`ns/name`) → its scheduled eviction; times are virtual ms */
  private workers = new Map<string, Work>();
  /** keys whose timer fired, waiting for the controller-manager to run */
  private firing: string[] = [];
  private nextId = 1;

  constructor(ctx: ClusterContext) {
    super('tainteviction', ctx, 'taint-eviction-controller');
    ctx.clock.register(TIMER_OWNER, (_kind, data) => {
      const { key, id } = data as { key: string; id: number };
      if (this.workers.get(key)?.id === id) this.firing.push(key);
    });
    ctx.store.subscribe('nodes', (e) => {
      const before = noExecute((e.old as Node | undefined)?.spec?.taints);
      const after = e.type === 'DELETED' ? [] : noExecute((e.object as Node).spec?.taints);
      if (e.type === 'MODIFIED' && sameTaints(before, after)) return;
      this.queue.add(`node:${e.object.metadata?.name}`);
    });
    ctx.store.subscribe('pods', (e) => {
      const old = e.old as Pod | undefined;
      const pod = e.object as Pod;
      if (e.type === 'MODIFIED' && old?.spec?.nodeName === pod.spec?.nodeName && old?.spec?.tolerations === pod.spec?.tolerations) return;
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      // only pods with a countdown or on a NoExecute-tainted node have anything to decide
      const nodeName = e.type === 'DELETED' ? undefined : pod.spec?.nodeName;
      const tainted = !!nodeName && noExecute(ctx.store.get<Node>('nodes', '', nodeName)?.spec?.taints).length > 0;
      if (tainted || this.workers.has(key)) this.queue.add(`pod:${key}`);
    });
  }

  override process_(): boolean {
    let did = super.process_();
    while (this.firing.length) {
      did = true;
      const key = this.firing.shift()!;
      this.workers.delete(key);
      try {
        this.evict(key);
      } catch (e) {
        if (!(e instanceof ConnectionRefusedError)) this.ctx.reportFault(this.name, e);
      }
    }
    return did;
  }

  /** Restarted: forget every countdown and look at every tainted node afresh. */
  override resync(): void {
    this.workers.clear();
    this.firing = [];
    super.resync();
  }

  protected allKeys(): Iterable<string> {
    const keys: string[] = [];
    for (const n of this.ctx.store.iterate<Node>('nodes')) if (noExecute(n.spec?.taints).length) keys.push(`node:${n.metadata?.name}`);
    return keys;
  }

  protected reconcile(key: string): void {
    if (key.startsWith('node:')) this.handleNodeUpdate(key.slice(5));
    else if (key.startsWith('pod:')) this.handlePodUpdate(key.slice(4));
  }

  private handleNodeUpdate(nodeName: string): void {
    const node = this.ctx.store.get<Node>('nodes', '', nodeName);
    if (!node) return;
    const taints = noExecute(node.spec?.taints);
    const pods = this.ctx.store.podsOn<Pod>(nodeName);
    if (!taints.length) {
      for (const p of pods) this.cancel(podKey(p));
      return;
    }
    const now = this.ctx.clock.now;
    for (const p of pods) this.processPodOnNode(p, taints, now);
  }

  private handlePodUpdate(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.store.get<Pod>('pods', ns, name);
    if (!pod) {
      this.cancel(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = noExecute(this.ctx.store.get<Node>('nodes', '', nodeName)?.spec?.taints);
    if (!taints.length) return;
    this.processPodOnNode(pod, taints, this.ctx.clock.now);
  }

  private processPodOnNode(pod: Pod, taints: Taint[], now: number): void {
    const key = podKey(pod);
    const [allTolerated, used] = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (!allTolerated) {
      // not tolerated at all: out at once
      this.cancel(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.cancel(key);
      return;
    }
    // a countdown already running keeps going: the source replaces it only when it started
    // after now, which cannot happen on one clock
    if (this.workers.has(key)) return;
    this.addWork(key, now, now + min);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    const work = { id: this.nextId++, createdAt, fireAt };
    this.workers.set(key, work);
    if (fireAt <= this.ctx.clock.now) this.firing.push(key);
    else this.ctx.clock.at(fireAt, TIMER_OWNER, 'evict', { key, id: work.id });
  }

  private cancel(key: string): void {
    const work = this.workers.get(key);
    if (!work) return;
    this.workers.delete(key);
    this.firing = this.firing.filter((k) => k !== key);
    const [namespace, name] = splitKey(key);
    this.recorder.event(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** The countdown ran out: check that the reason still holds, mark the pod, delete it. */
  private evict(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = this.ctx.store.get<Pod>('pods', namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const taints = noExecute(this.ctx.store.get<Node>('nodes', '', nodeName)?.spec?.taints);
    if (!taints.length) return;
    this.recorder.event(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === 'DisruptionTarget');
    const next: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : rfc3339(this.ctx.nowMs()),
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    };
    try {
      if (!old || old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
        const others = conditions.filter((c) => c.type !== 'DisruptionTarget');
        this.client.updateStatus('pods', namespace, { ...pod, status: { ...pod.status, conditions: [...others, next] } });
      }
      this.client.delete('pods', namespace, name, { preconditions: { uid: pod.metadata?.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  protected override extraState(): Record<string, unknown> {
    const s: State = { workers: [...this.workers], firing: [...this.firing], nextId: this.nextId };
    return s as unknown as Record<string, unknown>;
  }

  protected override restoreExtra(raw: Record<string, unknown>): void {
    const s = raw as unknown as State;
    this.workers = new Map(s.workers);
    this.firing = [...s.firing];
    this.nextId = s.nextId;
  }
}

function noExecute(taints: readonly Taint[] | undefined): Taint[] {
  return taints?.filter((t) => t.effect === 'NoExecute') ?? [];
}

function sameTaints(a: Taint[], b: Taint[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((t, i) => t.key === b[i].key && t.effect === b[i].effect && (t.value ?? '') === (b[i].value ?? '') && (t.timeAdded ?? '') === (b[i].timeAdded ?? ''));
}

function podKey(p: Pod): string {
  return `${p.metadata?.namespace}/${p.metadata?.name}`;
}

/** The events name the pod by namespace and name only, as the controller's ObjectReference does. */
function podRef(namespace: string, name: string) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}
