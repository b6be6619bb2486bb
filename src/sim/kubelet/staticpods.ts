/**
 * The control plane as pods: the kubelet of the control-plane machine runs etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler from static manifests (kubeadm's
 * /etc/kubernetes/manifests) and publishes each as a *mirror pod* in kube-system named
 * `<component>-<node>`: annotation `kubernetes.io/config.mirror`, owned by the Node,
 * priority 2000001000 (`system-node-critical`), hostNetwork (pod IP = node IP), labels
 * `component=<name>,tier=control-plane`.
 *
 * The containers ARE the infrastructure's processes: stopping `kube-scheduler` on the machine
 * shows its container terminated and the pod not ready; starting it again counts a restart.
 * While kube-apiserver or etcd is down nobody can write — the kubelet keeps what it saw in its
 * node state and catches up when the API server answers again. A deleted mirror pod is
 * recreated at once; the runtime never runs these pods itself (kubelets.ts skips mirror pods).
 */
import { ApiError, ConnectionRefusedError } from '../api/errors';
import { fnv32a } from '../api/hash';
import type { Container, KObject, Node, Pod } from '../api/types';
import type { Machine } from '../infra/machines';
import type { Host } from './host';
import type { NodeState } from './state';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const VERSION = 'v1.32.2';
const NODE_CRITICAL = 2000001000;

export function isMirrorPod(pod: KObject): boolean {
  return !!pod.metadata?.annotations?.[MIRROR_ANNOTATION];
}

interface Manifest {
  component: string;
  image: string;
  cpu: string;
  memory?: string;
  /** what the process uses while it runs: millicores, bytes */
  usage: [number, number];
  command: (ip: string) => string[];
  annotations?: (ip: string) => Record<string, string>;
}

const MANIFESTS: Manifest[] = [
  {
    component: 'etcd',
    image: 'registry.k8s.io/etcd:3.5.16-0',
    cpu: '100m',
    memory: '100Mi',
    usage: [25, 60 * 2 ** 20],
    command: (ip) => ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--name=control-plane'],
    annotations: (ip) => ({ 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` }),
  },
  {
    component: 'kube-apiserver',
    image: `registry.k8s.io/kube-apiserver:${VERSION}`,
    cpu: '250m',
    usage: [60, 280 * 2 ** 20],
    command: (ip) => ['kube-apiserver', `--advertise-address=${ip}`, '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/12'],
    annotations: (ip) => ({ 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` }),
  },
  {
    component: 'kube-controller-manager',
    image: `registry.k8s.io/kube-controller-manager:${VERSION}`,
    cpu: '200m',
    usage: [20, 55 * 2 ** 20],
    command: () => ['kube-controller-manager', '--cluster-cidr=10.244.0.0/16', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true'],
  },
  {
    component: 'kube-scheduler',
    image: `registry.k8s.io/kube-scheduler:${VERSION}`,
    cpu: '100m',
    usage: [5, 25 * 2 ** 20],
    command: () => ['kube-scheduler', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
  },
];

/** What the kubelet remembers of one static pod's container (plain JSON, in NodeState). */
export interface StaticCtr {
  running: boolean;
  id: string;
  startedAt: number;
  finishedAt: number;
  restartCount: number;
  last: { id: string; startedAt: number; finishedAt: number } | null;
  /** first seen (pod start time) */
  seenAt: number;
  /** the mirror pod in the store may be behind this state */
  owed: boolean;
}

/** CPU and memory of a static pod for the metrics server (its process's, when it runs). */
export function staticPodUsage(pod: Pod): { name: string; cpuMillis: number; memoryBytes: number }[] | undefined {
  if (!isMirrorPod(pod)) return undefined;
  const m = MANIFESTS.find((x) => x.component === pod.metadata?.labels?.component);
  const running = pod.status?.containerStatuses?.[0]?.state?.running;
  if (!m || !running) return [];
  return [{ name: m.component, cpuMillis: m.usage[0], memoryBytes: m.usage[1] }];
}

function specFor(m: Manifest, node: string, ip: string): Pod['spec'] {
  const c: Container = {
    name: m.component,
    image: m.image,
    imagePullPolicy: 'IfNotPresent',
    command: m.command(ip),
    resources: { requests: { cpu: m.cpu, ...(m.memory ? { memory: m.memory } : {}) } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  return {
    containers: [c],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    hostNetwork: true,
    nodeName: node,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: NODE_CRITICAL,
    priorityClassName: 'system-node-critical',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    terminationGracePeriodSeconds: 30,
    // the kubelet lets every static pod tolerate every NoExecute taint
    tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
  };
}

/** Brings the kubelet's view of each static container in line with the machine's processes. */
function observe(h: Host, m: Machine, ns: NodeState): void {
  const now = h.now();
  const statics = (ns.statics ??= {});
  for (const man of MANIFESTS) {
    const up = m.powered && m.processes[man.component] === true;
    let s = statics[man.component];
    if (!s) {
      statics[man.component] = s = { running: up, id: h.containerID(), startedAt: now, finishedAt: 0, restartCount: 0, last: null, seenAt: now, owed: true };
      continue;
    }
    if (s.running === up) continue;
    s.owed = true;
    if (!up) {
      s.running = false;
      s.finishedAt = now;
    } else {
      s.last = { id: s.id, startedAt: s.startedAt, finishedAt: s.finishedAt || now };
      s.id = h.containerID();
      s.running = true;
      s.startedAt = now;
      s.restartCount++;
    }
  }
}

function statusFor(h: Host, man: Manifest, s: StaticCtr, ip: string, old: Pod['status']): Pod['status'] {
  const ready = s.running;
  const t0 = h.ts(s.seenAt);
  const cond = (type: string, status: boolean, extra: Record<string, string> = {}) => {
    const prev = old?.conditions?.find((c) => c.type === type);
    const st = status ? 'True' : 'False';
    return { type, status: st, lastProbeTime: null, lastTransitionTime: prev && prev.status === st ? prev.lastTransitionTime : status && !prev ? t0 : h.ts(h.now()), ...extra };
  };
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${man.component}]` };
  const ctrID = (id: string) => `containerd://${id}`;
  const imageID = `${man.image.split(':')[0]}@sha256:${fnv32a(man.image).toString(16).padStart(8, '0').repeat(8)}`;
  return {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers', true),
      cond('Initialized', true),
      cond('Ready', ready, ready ? {} : notReady),
      cond('ContainersReady', ready, ready ? {} : notReady),
      cond('PodScheduled', true),
    ] as never,
    hostIP: ip,
    hostIPs: [{ ip }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: t0,
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: man.component,
        image: man.image,
        imageID,
        containerID: ctrID(s.id),
        ready,
        started: s.running,
        restartCount: s.restartCount,
        state: s.running
          ? { running: { startedAt: h.ts(s.startedAt) } }
          : { terminated: { containerID: ctrID(s.id), exitCode: 137, reason: 'Error', startedAt: h.ts(s.startedAt), finishedAt: h.ts(s.finishedAt) } },
        lastState: s.last ? { terminated: { containerID: ctrID(s.last.id), exitCode: 137, reason: 'Error', startedAt: h.ts(s.last.startedAt), finishedAt: h.ts(s.last.finishedAt) } } : {},
      },
    ],
  };
}

/**
 * The control-plane node's kubelet syncs its static pods: observes the processes, then (API
 * permitting) creates, recreates or updates the mirror pods. Called on node sync and whenever a
 * process of the machine starts or stops.
 */
export function syncStaticPods(h: Host, m: Machine, ns: NodeState): void {
  if (m.role !== 'control-plane') return;
  observe(h, m, ns);
  if (!h.kubeletUp(m.name) || !h.reachable(m.name)) return;
  const node = h.store.get<Node>('nodes', '', m.name);
  if (!node) return;
  const client = h.client(m.name);
  const ip = m.internalIP;
  for (const man of MANIFESTS) {
    const s = ns.statics![man.component];
    const name = `${man.component}-${m.name}`;
    const existing = h.store.get<Pod>('pods', 'kube-system', name);
    try {
      if (existing && existing.metadata?.deletionTimestamp) {
        // a deleted mirror pod goes at once and is recreated: the static pod never stopped
        client.delete('pods', 'kube-system', name, { gracePeriodSeconds: 0 });
      }
      const cur = h.store.get<Pod>('pods', 'kube-system', name);
      if (!cur) {
        const hash = fnv32a(`${man.image}/${m.name}`).toString(16).padStart(8, '0') + fnv32a(man.component).toString(16).padStart(8, '0');
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: 'kube-system',
            labels: { component: man.component, tier: 'control-plane' },
            annotations: {
              ...(man.annotations?.(ip) ?? {}),
              'kubernetes.io/config.hash': hash,
              [MIRROR_ANNOTATION]: hash,
              'kubernetes.io/config.seen': h.ts(s.seenAt).replace('Z', '.000000000Z'),
              'kubernetes.io/config.source': 'file',
            },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: m.name, uid: node.metadata?.uid ?? '', controller: true }],
          },
          spec: specFor(man, m.name, ip),
        };
        const created = client.create<Pod>('pods', 'kube-system', pod);
        client.updateStatus('pods', 'kube-system', { ...created, status: statusFor(h, man, s, ip, created.status) });
      } else if (s.owed || cur.status?.phase !== 'Running') {
        client.updateStatus('pods', 'kube-system', { ...cur, status: statusFor(h, man, s, ip, cur.status) });
      }
      s.owed = false;
    } catch (e) {
      if (e instanceof ConnectionRefusedError || e instanceof ApiError) continue; // caught up on the next sync
      throw e;
    }
  }
}
