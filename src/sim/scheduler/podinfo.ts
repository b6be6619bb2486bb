/**
 * What the scheduler needs to know about a pod, computed once per pod spec (the framework's
 * `PodInfo`): requests, tolerations, host ports, node selection and spread constraints, parsed
 * into the forms the per-node loop reads without allocating.
 *
 * Keyed by the (frozen, shared) spec object: a pod's status updates keep the same spec, so a
 * pod that waits in the queue and is retried reuses its parse.
 */
import { selectorRequirements, type Requirement } from '../api/labels';
import { podRequests } from '../api/podutil';
import { bytes, cpuMillis } from '../api/quantity';
import type { Container, Pod, PodSpec } from '../api/types';

/** Requests the scoring plugins assume for a container that asks for nothing (`schedutil`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface ParsedToleration {
  key: string;
  exists: boolean;
  value: string;
  effect: string;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export type NodeSelectorOp = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
export interface NodeRequirement {
  key: string;
  op: NodeSelectorOp;
  values: readonly string[];
}
/** One nodeSelectorTerm: every expression and field requirement must hold. */
export interface NodeTerm {
  expressions: NodeRequirement[];
  fields: NodeRequirement[];
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  hard: boolean;
  selector: Requirement[] | null;
  minDomains: number;
}

export interface SpecInfo {
  cpu: number;
  memory: number;
  /** requests with the defaults above filled in, as LeastAllocated counts them */
  nonZeroCpu: number;
  nonZeroMemory: number;
  tolerations: readonly ParsedToleration[];
  hostPorts: readonly HostPort[] | null;
  nodeSelector: ReadonlyArray<[string, string]> | null;
  required: readonly NodeTerm[] | null;
  preferred: ReadonlyArray<{ weight: number; term: NodeTerm }> | null;
  spread: readonly SpreadConstraint[] | null;
  images: readonly string[];
  priority: number;
  preemptNever: boolean;
}

/** A pod in one scheduling cycle: the object plus its parsed spec. */
export interface PodInfo {
  pod: Pod;
  uid: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>> | undefined;
  spec: SpecInfo;
}

/**
 * SpecInfo is shared by the pods of one controller: they are made from one template, so every
 * input below is the very same (frozen) object in each of them — only the containers array is
 * per pod (admission adds the token mount), and its items' fields are shared. One entry per
 * owner instead of one per pod keeps 150,000 pods from holding 150,000 copies.
 */
const byOwner = new WeakMap<object, { spec: PodSpec; info: SpecInfo }>();
/** bare pods (no owner): one entry per spec object, which lives as long as the pod version */
const bySpec = new WeakMap<object, SpecInfo>();

function sameContainers(a: readonly Container[] | undefined, b: readonly Container[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x.resources !== y.resources || x.ports !== y.ports || x.image !== y.image)) return false;
  }
  return true;
}

/** The spec fields SpecInfo is built from are identical objects in both specs. */
function sameInputs(a: PodSpec, b: PodSpec): boolean {
  return (
    a === b ||
    (a.tolerations === b.tolerations &&
      a.nodeSelector === b.nodeSelector &&
      a.affinity === b.affinity &&
      a.topologySpreadConstraints === b.topologySpreadConstraints &&
      a.overhead === b.overhead &&
      a.priority === b.priority &&
      a.preemptionPolicy === b.preemptionPolicy &&
      sameContainers(a.containers, b.containers) &&
      sameContainers(a.initContainers, b.initContainers))
  );
}

export function podInfo(pod: Pod): PodInfo {
  const md = pod.metadata ?? {};
  return { pod, uid: md.uid ?? '', namespace: md.namespace ?? 'default', name: md.name ?? '', labels: md.labels, spec: specInfo(pod) };
}

export function specInfo(pod: Pod): SpecInfo {
  const spec = pod.spec;
  if (!spec) return EMPTY;
  const owners = pod.metadata?.ownerReferences;
  if (owners) {
    const hit = byOwner.get(owners);
    if (hit && sameInputs(hit.spec, spec)) return hit.info;
    const info = build(pod, spec);
    byOwner.set(owners, { spec, info });
    return info;
  }
  let info = bySpec.get(spec);
  if (!info) bySpec.set(spec, (info = build(pod, spec)));
  return info;
}

const EMPTY: SpecInfo = Object.freeze({
  cpu: 0,
  memory: 0,
  nonZeroCpu: DEFAULT_MILLI_CPU_REQUEST,
  nonZeroMemory: DEFAULT_MEMORY_REQUEST,
  tolerations: [],
  hostPorts: null,
  nodeSelector: null,
  required: null,
  preferred: null,
  spread: null,
  images: [],
  priority: 0,
  preemptNever: false,
});

function build(pod: Pod, spec: PodSpec): SpecInfo {
  const req = podRequests(pod);
  const nz = nonZeroRequests(spec);
  const tolerations = (spec.tolerations ?? []).map((t) => ({ key: t.key ?? '', exists: t.operator === 'Exists', value: t.value ?? '', effect: t.effect ?? '' }));
  const ports: HostPort[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  const na = spec.affinity?.nodeAffinity;
  const requiredTerms = na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const preferredTerms = na?.preferredDuringSchedulingIgnoredDuringExecution;
  const spread = (spec.topologySpreadConstraints ?? []).map((c) => ({
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
    selector: selectorRequirements(c.labelSelector),
    minDomains: c.minDomains ?? 1,
  }));
  return {
    cpu: req.cpu,
    memory: req.memory,
    nonZeroCpu: nz.cpu,
    nonZeroMemory: nz.memory,
    tolerations,
    hostPorts: ports.length ? ports : null,
    nodeSelector: spec.nodeSelector && Object.keys(spec.nodeSelector).length ? Object.entries(spec.nodeSelector) : null,
    required: requiredTerms ? requiredTerms.map(term) : null,
    preferred: preferredTerms?.length ? preferredTerms.map((p) => ({ weight: p.weight, term: term(p.preference) })) : null,
    spread: spread.length ? spread : null,
    images: (spec.containers ?? []).map((c) => c.image ?? ''),
    priority: spec.priority ?? 0,
    preemptNever: spec.preemptionPolicy === 'Never',
  };
}

function term(t: { matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[]; matchFields?: readonly { key: string; operator: string; values?: readonly string[] }[] }): NodeTerm {
  const conv = (r: { key: string; operator: string; values?: readonly string[] }): NodeRequirement => ({ key: r.key, op: r.operator as NodeSelectorOp, values: r.values ?? [] });
  return { expressions: (t.matchExpressions ?? []).map(conv), fields: (t.matchFields ?? []).map(conv) };
}

/** `GetNonzeroRequests` per container: unset cpu → 100m, unset memory → 200Mi. */
function nonZeroRequests(spec: PodSpec): { cpu: number; memory: number } {
  const one = (c: Container): [number, number] => {
    const r = c.resources?.requests;
    const l = c.resources?.limits;
    // a limit without a request defaults the request to the limit (API defaulting)
    const cpu = r?.cpu ?? l?.cpu;
    const memory = r?.memory ?? l?.memory;
    return [cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : cpuMillis(cpu), memory === undefined ? DEFAULT_MEMORY_REQUEST : bytes(memory)];
  };
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const [a, b] = one(c);
    cpu += a;
    memory += b;
  }
  for (const c of spec.initContainers ?? []) {
    const [a, b] = one(c);
    cpu = Math.max(cpu, a);
    memory = Math.max(memory, b);
  }
  if (spec.overhead) {
    cpu += cpuMillis(spec.overhead.cpu);
    memory += bytes(spec.overhead.memory);
  }
  return { cpu, memory };
}

/** Whether a toleration tolerates a taint (`Toleration.ToleratesTaint`). */
export function tolerates(t: ParsedToleration, key: string, value: string, effect: string): boolean {
  if (t.effect && t.effect !== effect) return false;
  if (t.key && t.key !== key) return false;
  if (t.exists) return true;
  if (!t.key) return false; // an empty key only works with Exists
  return t.value === value;
}
