/** The describers for pods, deployments, replicasets, nodes and namespaces (describe.go). */
import type { Deployment, Event, KObject, Namespace, Node, Pod, ReplicaSet } from '../../sim/api/types';
import type { ApiClient } from '../../sim/apiserver/client';
import { controllerOf, podRequests } from '../../sim/api/podutil';
import { cpuMillis, bytes } from '../../sim/api/quantity';
import { since } from '../printers/duration';
import { nodeRoles } from '../printers/nodes';
import { selectorString } from '../printers/workloads';
import { describeContainers, describePodTemplate, describeVolumes } from './containers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline, rfc1123z, taintsMultiline, tolerationsMultiline } from './writer';

export interface DescribeInput {
  client: ApiClient;
  nowMs: number;
  events: Event[];
}

function controlledBy(o: KObject): string | undefined {
  const c = controllerOf(o);
  return c ? `${c.kind}/${c.name}` : undefined;
}

export function describePod(pod: Pod, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = pod.spec ?? { containers: [] };
  const st = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata?.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata?.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  labelsMultiline(w, 'Labels', pod.metadata?.labels);
  annotationsMultiline(w, 'Annotations', pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, d.nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  if (!st.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of st.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const by = controlledBy(pod);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, st.initContainerStatuses ?? [], '');
  describeContainers(w, 'Containers', spec.containers ?? [], st.containerStatuses ?? [], '');
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${st.qosClass ?? 'BestEffort'}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

function rsSummary(rss: ReplicaSet[]): string {
  return rss.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
}

function conditionsTable(w: DescribeWriter, conds: readonly { type: string; status: string; reason?: string }[] | undefined): void {
  if (!conds?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conds) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(dep: Deployment, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = dep.spec!;
  const st = dep.status ?? {};
  w.write(0, `Name:\t${dep.metadata?.name}\n`);
  w.write(0, `Namespace:\t${dep.metadata?.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(dep.metadata?.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', dep.metadata?.labels);
  annotationsMultiline(w, 'Annotations', dep.metadata?.annotations);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? 'RollingUpdate'}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge\n`);
  describePodTemplate(w, spec.template);
  conditionsTable(w, st.conditions);
  const rss = d.client.list<ReplicaSet>('replicasets', dep.metadata?.namespace).items.filter((rs) => controllerOf(rs)?.uid === dep.metadata?.uid);
  const hashless = (t: unknown) => {
    const tt = JSON.parse(JSON.stringify(t ?? {}));
    if (tt.metadata?.labels) delete tt.metadata.labels['pod-template-hash'];
    return JSON.stringify(tt);
  };
  const want = hashless(spec.template);
  const sortedRss = [...rss].sort((a, b) => Date.parse(a.metadata?.creationTimestamp ?? '') - Date.parse(b.metadata?.creationTimestamp ?? ''));
  const newRS = sortedRss.find((rs) => hashless(rs.spec?.template) === want);
  const old = sortedRss.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) !== 0);
  if (rss.length) {
    w.write(0, `OldReplicaSets:\t${rsSummary(old)}\n`);
    w.write(0, `NewReplicaSet:\t${rsSummary(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeReplicaSet(rs: ReplicaSet, d: DescribeInput): string {
  const w = new DescribeWriter();
  const pods = d.client.list<Pod>('pods', rs.metadata?.namespace).items.filter((p) => controllerOf(p)?.uid === rs.metadata?.uid);
  const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  w.write(0, `Name:\t${rs.metadata?.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata?.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(rs.spec?.selector)}\n`);
  labelsMultiline(w, 'Labels', rs.metadata?.labels);
  annotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
  const by = controlledBy(rs);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  conditionsTable(w, rs.status?.conditions);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeNamespace(ns: Namespace, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${ns.metadata?.name}\n`);
  labelsMultiline(w, 'Labels', ns.metadata?.labels);
  annotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  w.write(0, '\nNo resource quota.\n\nNo LimitRange resource.\n');
  void d;
  return w.toString();
}

function pct(part: number, whole: number): string {
  return whole ? `${Math.trunc((part * 100) / whole)}%` : '0%';
}

function cpuString(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

function memString(b: number): string {
  if (b === 0) return '0';
  for (const [u, f] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (b % f === 0) return `${b / f}${u}`;
  return String(b);
}

export function describeNode(node: Node, d: DescribeInput): string {
  const w = new DescribeWriter();
  const name = node.metadata?.name ?? '';
  const st = node.status ?? {};
  w.write(0, `Name:\t${name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node).join(',') || '<none>'}\n`);
  labelsMultiline(w, 'Labels', node.metadata?.labels);
  annotationsMultiline(w, 'Annotations', node.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
  taintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${!!node.spec?.unschedulable}\n`);
  let lease: KObject | undefined;
  try {
    lease = d.client.get('leases', 'kube-node-lease', name);
  } catch {
    lease = undefined;
  }
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${lease?.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${lease?.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, rl] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(rl ?? {}).sort()) w.write(1, `${k}:\t${rl![k]}\n`);
  }
  const ni = st.nodeInfo;
  if (ni) {
    w.write(0, 'System Info:\n');
    w.write(1, `Machine ID:\t${ni.machineID}\n`);
    w.write(1, `System UUID:\t${ni.systemUUID}\n`);
    w.write(1, `Boot ID:\t${ni.bootID}\n`);
    w.write(1, `Kernel Version:\t${ni.kernelVersion}\n`);
    w.write(1, `OS Image:\t${ni.osImage}\n`);
    w.write(1, `Operating System:\t${ni.operatingSystem}\n`);
    w.write(1, `Architecture:\t${ni.architecture}\n`);
    w.write(1, `Container Runtime Version:\t${ni.containerRuntimeVersion}\n`);
    w.write(1, `Kubelet Version:\t${ni.kubeletVersion}\n`);
    w.write(1, `Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
  }
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const pods = d.client
    .list<Pod>('pods', undefined, { fieldSelector: `spec.nodeName=${name}` })
    .items.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => (`${a.metadata?.namespace}/${a.metadata?.name}` < `${b.metadata?.namespace}/${b.metadata?.name}` ? -1 : 1));
  const allocCpu = cpuMillis(st.allocatable?.cpu as string | undefined);
  const allocMem = bytes(st.allocatable?.memory as string | undefined);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n');
  let reqCpu = 0;
  let reqMem = 0;
  let limCpu = 0;
  let limMem = 0;
  for (const p of pods) {
    const r = podRequests(p);
    let lc = 0;
    let lm = 0;
    for (const c of p.spec?.containers ?? []) {
      lc += cpuMillis(c.resources?.limits?.cpu as string | undefined);
      lm += bytes(c.resources?.limits?.memory as string | undefined);
    }
    reqCpu += r.cpu;
    reqMem += r.memory;
    limCpu += lc;
    limMem += lm;
    w.write(1, `${p.metadata?.namespace}\t${p.metadata?.name}\t${cpuString(r.cpu)} (${pct(r.cpu, allocCpu)})\t${cpuString(lc)} (${pct(lc, allocCpu)})\t${memString(r.memory)} (${pct(r.memory, allocMem)})\t${memString(lm)} (${pct(lm, allocMem)})\t${since(p.metadata?.creationTimestamp, d.nowMs)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${cpuString(reqCpu)} (${pct(reqCpu, allocCpu)})\t${cpuString(limCpu)} (${pct(limCpu, allocCpu)})\n`);
  w.write(1, `memory\t${memString(reqMem)} (${pct(reqMem, allocMem)})\t${memString(limMem)} (${pct(limMem, allocMem)})\n`);
  w.write(1, `ephemeral-storage\t0 (0%)\t0 (0%)\n`);
  w.write(1, `hugepages-1Gi\t0 (0%)\t0 (0%)\n`);
  w.write(1, `hugepages-2Mi\t0 (0%)\t0 (0%)\n`);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
