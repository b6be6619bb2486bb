/**
 * The kubelets' state outside the store, all plain JSON (it goes into snapshots as is): the
 * container runtime of each node (image cache, pod IPs, serialised pulls) and, per pod, the
 * containers the runtime holds with their timelines, probe workers and back-off entries.
 * Times are virtual-clock milliseconds.
 */
import type { BackoffEntry } from './backoff';
import type { StaticCtr } from './staticpods';

export interface ProbeState {
  /** when the next probe runs */
  nextAt: number;
  successes: number;
  failures: number;
}

/** One container of a pod: the current instance (or what is waiting to become one) + the last. */
export interface CtrState {
  name: string;
  init: boolean;
  state: 'waiting' | 'running' | 'terminated';
  reason: string;
  message?: string;
  /** 64 hex of the current (or last) instance, '' before the first start */
  id: string;
  image: string;
  imageID: string;
  /** `containerd://<id>` as status shows it, and the id it was made for */
  runtimeID?: string;
  runtimeIDOf?: string;
  restartCount: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** signal-free reason: Completed | Error | OOMKilled | Unknown */
  termReason: string;
  last: { id: string; exitCode: number; reason: string; startedAt: number; finishedAt: number } | null;
  /** readiness result */
  ready: boolean;
  /** startup probe passed (or none) */
  started: boolean;
  /** the planned end of the running instance, and how it ends */
  endAt: number | null;
  endCode: number;
  endReason: string;
  /** a kill is under way (liveness failure, deletion); its kind for events */
  killing: '' | 'liveness' | 'startup' | 'delete';
  /** image pull under way: finishes at, ok or error text */
  pullDoneAt: number | null;
  pullStartedAt: number;
  pullRequestedAt: number;
  pullError: string;
  /** when the waiting container may be (re)started: back-off or pull back-off end */
  retryAt: number | null;
  liveness?: ProbeState;
  readiness?: ProbeState;
  startup?: ProbeState;
}

export interface PodState {
  uid: string;
  ns: string;
  name: string;
  node: string;
  startTime: number;
  /** last octet index of the pod IP in the node's /24 (2..254), 0 = no sandbox, -1 = hostNetwork (the node's IP) */
  ipIndex: number;
  sandboxReadyAt: number;
  ctrs: CtrState[];
  /** the runtime's back-off entries: restart per container name, pulls per image */
  backoff?: Record<string, BackoffEntry>;
  pullBackoff?: Record<string, BackoffEntry>;
  /** when the pod worker wants to run again (Infinity = idle), and what is scheduled */
  wakeAt: number;
  timerAt: number;
  /** a status write is owed (the API could not be reached) */
  statusOwed: boolean;
  /** the pod is terminating: deadline of the grace period */
  deleteDeadline: number | null;
  /** terminal phase written (Succeeded/Failed) */
  terminal: boolean;
  /** the pod object was deleted: only the runtime's clean-up remains */
  gone: boolean;
  /** last BackOff event time per container, to repeat the event every ~10 s */
  lastBackOffEvent?: Record<string, number>;
}

export interface NodeState {
  name: string;
  registered: boolean;
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** images present: full ref → size */
  images: Record<string, number>;
  /** image full ref → when its in-flight pull finishes */
  pulling: Record<string, number>;
  /** serialised pulls: the image service is busy until */
  pullBusyUntil: number;
  /** pod IP last octets in use */
  usedIPs: number[];
  nextIP: number;
  lastStatusPost: number;
  statusDirty: boolean;
  /** the kubelet was up at the last check (power, process) */
  up: boolean;
  tickAt: number;
  /** the control plane's static pods as this kubelet last saw them (staticpods.ts) */
  statics?: Record<string, StaticCtr>;
}

export interface KubeletsState {
  nodes: NodeState[];
  pods: PodState[];
}
