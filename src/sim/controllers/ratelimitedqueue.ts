/**
 * The node lifecycle controller's per-zone "NoExecute tainter" (`nodelifecycle/scheduler/
 * rate_limited_queue.go`): a queue of node names, each added once until explicitly removed,
 * drained through a token bucket (burst 1) so that at most `qps` nodes per second get the
 * NoExecute taint — the `--node-eviction-rate` (0.1/s) and its secondary rate.
 *
 * Plain JSON so it can go into a snapshot; time is absolute milliseconds.
 */

export interface TimedValue {
  node: string;
  uid: string;
  processAt: number;
  seq: number;
}

export interface TaintQueueState {
  items: TimedValue[];
  /** names added and not yet `remove`d: processed names stay here so they are not added twice */
  set: string[];
  /** tokens per second; 0 = never (all zones fully disrupted) */
  qps: number;
  /** when the bucket's one token is (or was) available */
  availableAt: number;
  seq: number;
}

export function newTaintQueue(qps: number, now: number): TaintQueueState {
  return { items: [], set: [], qps, availableAt: now, seq: 0 };
}

/** Adds `node` unless it was added and not removed since. Returns whether it was added. */
export function queueAdd(q: TaintQueueState, node: string, uid: string, now: number): boolean {
  if (q.set.includes(node)) return false;
  q.set.push(node);
  q.items.push({ node, uid, processAt: now, seq: q.seq++ });
  sortItems(q);
  return true;
}

/** Forgets `node` entirely, so that a later `queueAdd` takes it again. */
export function queueRemove(q: TaintQueueState, node: string): boolean {
  const i = q.set.indexOf(node);
  if (i < 0) return false;
  q.set.splice(i, 1);
  q.items = q.items.filter((v) => v.node !== node);
  return true;
}

/**
 * Processes due items while the token bucket allows. `fn` returns [done, retryAfterMs]: a done
 * item leaves the queue (but stays in the set); otherwise it is retried after the wait.
 */
export function queueTry(q: TaintQueueState, now: number, fn: (v: TimedValue) => [boolean, number]): void {
  while (q.items.length) {
    const head = q.items[0];
    if (now < head.processAt) break;
    if (!tryAccept(q, now)) break;
    const [done, wait] = fn(head);
    if (done) q.items.shift();
    else {
      head.processAt = now + wait + 1;
      sortItems(q);
    }
  }
}

/** When the queue next has work it may do, or Infinity. */
export function queueNextAt(q: TaintQueueState): number {
  if (!q.items.length || q.qps <= 0) return Infinity;
  return Math.max(q.items[0].processAt, q.availableAt);
}

/** `SwapLimiter`: a new bucket; drained if the old one had no token (burst 1 semantics). */
export function swapLimiter(q: TaintQueueState, qps: number, now: number): void {
  if (q.qps === qps) return;
  const oldHadToken = q.qps > 0 && now >= q.availableAt;
  q.qps = qps;
  q.availableAt = qps > 0 && !oldHadToken ? now + 1000 / qps : now;
}

function tryAccept(q: TaintQueueState, now: number): boolean {
  if (q.qps <= 0 || now < q.availableAt) return false;
  // burst 1: the bucket never holds more than one token, so the next one is 1/qps from now
  q.availableAt = now + 1000 / q.qps;
  return true;
}

function sortItems(q: TaintQueueState): void {
  q.items.sort((a, b) => a.processAt - b.processAt || a.seq - b.seq);
}
