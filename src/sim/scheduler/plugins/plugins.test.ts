/**
 * Each filter and score plugin on hand-made nodes and pods: the reasons they report are the
 * strings real kube-scheduler counts in its FailedScheduling message.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { Store } from '../../store/store';
import { pod as podBuilder } from '../../testing/builders';
import { NodeInfo } from '../nodeinfo';
import { podInfo, specInfo } from '../podinfo';
import { testNode, CONTROL_PLANE_TAINT, type TestNodeOptions } from '../testnodes';
import { NodeResourcesBalancedAllocation } from './balancedallocation';
import { ImageLocality } from './imagelocality';
import { NodeAffinity } from './nodeaffinity';
import { NodeName } from './nodename';
import { NodePorts } from './nodeports';
import { NodeResourcesFit } from './noderesourcesfit';
import { NodeUnschedulable } from './nodeunschedulable';
import { PodTopologySpread } from './podtopologyspread';
import { TaintToleration } from './tainttoleration';

let uid = 0;
function pod(spec: Partial<Pod['spec']> = {}, labels?: Record<string, string>): Pod {
  const p = podBuilder(`p${++uid}`, { labels, spec: spec as never });
  return { ...p, metadata: { ...p.metadata, namespace: 'default', uid: `uid-${uid}` } };
}
function node(name: string, o: TestNodeOptions = {}): NodeInfo {
  const ni = new NodeInfo(name);
  ni.setNode(testNode(name, o));
  return ni;
}
const req = (cpu?: string, memory?: string) => ({ containers: [{ name: 'c', image: 'nginx', resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } }] });

describe('NodeUnschedulable', () => {
  const pl = new NodeUnschedulable();
  it('rejects a cordoned node unless the pod tolerates the unschedulable taint', () => {
    expect(pl.filter(podInfo(pod()), node('n', { unschedulable: true }))?.reasons).toEqual(['node(s) were unschedulable']);
    expect(pl.filter(podInfo(pod()), node('n', { unschedulable: true }))?.code).toBe('UnschedulableAndUnresolvable');
    const tolerant = pod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(pl.filter(podInfo(tolerant), node('n', { unschedulable: true }))).toBeNull();
    expect(pl.filter(podInfo(pod()), node('n'))).toBeNull();
  });
});

describe('NodeName', () => {
  it('passes only the named node, and skips pods that name none', () => {
    const pl = new NodeName();
    const named = podInfo(pod({ nodeName: 'a' }));
    expect(pl.filter(named, node('a'))).toBeNull();
    expect(pl.filter(named, node('b'))?.reasons).toEqual(["node(s) didn't match the requested node name"]);
    expect(pl.preFilter(podInfo(pod()))).toBe('skip');
  });
});

describe('TaintToleration', () => {
  const pl = new TaintToleration();
  it('names the first untolerated NoSchedule/NoExecute taint as {key: value}', () => {
    expect(pl.filter(podInfo(pod()), node('cp', { taints: [CONTROL_PLANE_TAINT] }))?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    expect(pl.filter(podInfo(pod()), node('x', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }))?.reasons).toEqual(['node(s) had untolerated taint {gpu: true}']);
  });
  it('lets tolerations through: Exists, Equal with value, empty key Exists', () => {
    const n = node('x', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
    expect(pl.filter(podInfo(pod({ tolerations: [{ key: 'gpu', operator: 'Exists' }] })), n)).toBeNull();
    expect(pl.filter(podInfo(pod({ tolerations: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] })), n)).toBeNull();
    expect(pl.filter(podInfo(pod({ tolerations: [{ key: 'gpu', value: 'false' }] })), n)).not.toBeNull();
    expect(pl.filter(podInfo(pod({ tolerations: [{ operator: 'Exists' }] })), n)).toBeNull();
    expect(pl.filter(podInfo(pod({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }] })), n)).not.toBeNull();
  });
  it('ignores PreferNoSchedule in the filter and scores it: fewer untolerated is better', () => {
    const soft = node('soft', { taints: [{ key: 'slow', effect: 'PreferNoSchedule' }] });
    const clean = node('clean');
    const p = podInfo(pod());
    expect(pl.filter(p, soft)).toBeNull();
    const scores = new Float64Array([pl.score(p, soft), pl.score(p, clean)]);
    pl.normalize(scores, 2);
    expect([...scores]).toEqual([0, 100]);
    const none = new Float64Array([0, 0]);
    pl.normalize(none, 2);
    expect([...none]).toEqual([100, 100]);
  });
});

describe('NodeAffinity', () => {
  const pl = new NodeAffinity();
  const ssd = node('a', { labels: { disk: 'ssd', gen: '5' } });
  const hdd = node('b', { labels: { disk: 'hdd', gen: '3' } });
  const reason = ["node(s) didn't match Pod's node affinity/selector"];
  it('filters by nodeSelector', () => {
    const p = podInfo(pod({ nodeSelector: { disk: 'ssd' } }));
    expect(pl.filter(p, ssd)).toBeNull();
    expect(pl.filter(p, hdd)?.reasons).toEqual(reason);
    expect(pl.preFilter(podInfo(pod()))).toBe('skip');
  });
  it('filters by required terms (OR of terms, AND inside), including Gt and matchFields', () => {
    const affinity = (terms: unknown[]) => podInfo(pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } } } }));
    const gt4 = affinity([{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }]);
    expect(pl.filter(gt4, ssd)).toBeNull();
    expect(pl.filter(gt4, hdd)?.reasons).toEqual(reason);
    const either = affinity([{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }]);
    expect(pl.filter(either, hdd)).toBeNull();
    expect(pl.filter(either, ssd)).not.toBeNull();
    const notIn = affinity([{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }, { key: 'zone', operator: 'DoesNotExist' }] }]);
    expect(pl.filter(notIn, ssd)).toBeNull();
    expect(pl.filter(notIn, hdd)).not.toBeNull();
  });
  it('scores preferred terms by weight, normalised to 100 for the best', () => {
    const p = podInfo(pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }, { weight: 20, preference: { matchExpressions: [{ key: 'gen', operator: 'Exists' }] } }] } } }));
    const s = new Float64Array([pl.score(p, ssd), pl.score(p, hdd)]);
    expect([...s]).toEqual([100, 20]);
    pl.normalize(s, 2);
    expect([...s]).toEqual([100, 20]);
    expect(pl.preScore(podInfo(pod()))).toBe('skip');
  });
});

describe('NodePorts', () => {
  const pl = new NodePorts();
  const withPort = (port: number, ip?: string, protocol?: 'UDP') => pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: port, hostIP: ip, protocol }] }] });
  it('rejects a node where the host port is taken on an overlapping IP and protocol', () => {
    const n = node('n');
    n.add(specInfo(withPort(8080)), 1);
    expect(pl.filter(podInfo(withPort(8080)), n)?.reasons).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
    expect(pl.filter(podInfo(withPort(8080)), n)?.code).toBe('Unschedulable');
    expect(pl.filter(podInfo(withPort(8080, '10.0.0.1')), n)).not.toBeNull();
    expect(pl.filter(podInfo(withPort(8080, undefined, 'UDP')), n)).toBeNull();
    expect(pl.filter(podInfo(withPort(9090)), n)).toBeNull();
    n.add(specInfo(withPort(8080)), -1);
    expect(pl.filter(podInfo(withPort(8080)), n)).toBeNull();
  });
});

describe('NodeResourcesFit', () => {
  const pl = new NodeResourcesFit();
  it('compares requests with allocatable minus what is requested, all reasons at once', () => {
    const n = node('n', { cpu: '2', memory: '1Gi', pods: '3' });
    n.add(specInfo(pod(req('1500m', '512Mi'))), 1);
    expect(pl.filter(podInfo(pod(req('500m', '512Mi'))), n)).toBeNull();
    expect(pl.filter(podInfo(pod(req('501m'))), n)?.reasons).toEqual(['Insufficient cpu']);
    expect(pl.filter(podInfo(pod(req('3', '2Gi'))), n)?.reasons).toEqual(['Insufficient cpu', 'Insufficient memory']);
    expect(pl.filter(podInfo(pod(req('3'))), n)?.code).toBe('Unschedulable');
  });
  it('counts pods against allocatable pods (maxPods): the 111th pod gets Too many pods', () => {
    const n = node('n', { pods: '110' });
    for (let i = 0; i < 110; i++) n.add(specInfo(pod()), 1);
    expect(pl.filter(podInfo(pod()), n)?.reasons).toEqual(['Too many pods']);
    n.add(specInfo(pod()), -1);
    expect(pl.filter(podInfo(pod()), n)).toBeNull();
  });
  it('scores LeastAllocated with 100m/200Mi assumed for containers without requests', () => {
    const n = node('n', { cpu: '4', memory: '8Gi' });
    // cpu (4000-1000)/4000 = 75, memory (8192-2048)/8192 = 75
    expect(pl.score(podInfo(pod(req('1', '2Gi'))), n)).toBe(75);
    // empty pod: cpu 3900/4000 → 97, memory (8192-200)/8192 → 97
    expect(pl.score(podInfo(pod()), n)).toBe(97);
    const busy = node('busy', { cpu: '4', memory: '8Gi' });
    busy.add(specInfo(pod(req('2', '4Gi'))), 1);
    expect(pl.score(podInfo(pod(req('1', '2Gi'))), busy)).toBe(25);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers equal cpu and memory fractions and skips BestEffort pods', () => {
    const pl = new NodeResourcesBalancedAllocation();
    const n = node('n', { cpu: '4', memory: '8Gi' });
    expect(pl.score(podInfo(pod(req('2', '4Gi'))), n)).toBe(100);
    // cpu 1.0, memory 0.25 → std 0.375 → 62
    expect(pl.score(podInfo(pod(req('4', '2Gi'))), n)).toBe(62);
    expect(pl.preScore(podInfo(pod()))).toBe('skip');
  });
});

describe('PodTopologySpread', () => {
  function setup() {
    const store = new Store();
    let rv = 0;
    const place = (name: string, nodeName: string, labels = { app: 'web' }) => store.put('pods', { ...pod({}, labels), metadata: { name, namespace: 'default', uid: `s-${++rv}`, labels }, spec: { containers: [], nodeName } });
    const zone = (n: string, z: string) => node(n, { labels: { zone: z } });
    return { store, place, nodes: [zone('a1', 'a'), zone('a2', 'a'), zone('b1', 'b'), node('nolabel')] };
  }
  const constraint = (when: 'DoNotSchedule' | 'ScheduleAnyway') => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: when, labelSelector: { matchLabels: { app: 'web' } } }] });
  it('DoNotSchedule: rejects the domain that would exceed maxSkew and nodes without the key', () => {
    const { store, place, nodes } = setup();
    place('w1', 'a1');
    const pl = new PodTopologySpread(store);
    const p = podInfo(pod(constraint('DoNotSchedule'), { app: 'web' }));
    const state = {};
    pl.preFilter(p, state, nodes);
    // zone a would have 2, zone b has 0: skew 2 > maxSkew 1
    expect(pl.filter(p, nodes[0], state)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    expect(pl.filter(p, nodes[0], state)?.code).toBe('Unschedulable');
    expect(pl.filter(p, nodes[3], state)?.code).toBe('UnschedulableAndUnresolvable');
  });
  it('DoNotSchedule skew arithmetic', () => {
    const { store, place, nodes } = setup();
    place('w1', 'a1');
    const pl = new PodTopologySpread(store);
    const p = podInfo(pod(constraint('DoNotSchedule'), { app: 'web' }));
    const state = {};
    pl.preFilter(p, state, nodes);
    expect(pl.filter(p, nodes[2], state)).toBeNull();
    expect(pl.filter(p, nodes[3], state)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
    place('w2', 'b1');
    place('w3', 'a2');
    const s2 = {};
    pl.preFilter(p, s2, nodes);
    // a has 2, b has 1: a → 3 − 1 = 2 > 1
    expect(pl.filter(p, nodes[0], s2)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    expect(pl.filter(p, nodes[2], s2)).toBeNull();
    expect(pl.preFilter(podInfo(pod()), {}, nodes)).toBe('skip');
  });
  it('ScheduleAnyway: scores the emptier domain higher', () => {
    const { store, place, nodes } = setup();
    place('w1', 'a1');
    place('w2', 'a2');
    const pl = new PodTopologySpread(store);
    const p = podInfo(pod(constraint('ScheduleAnyway'), { app: 'web' }));
    const state = {};
    const feasible = nodes.slice(0, 3);
    pl.preScore(p, state, feasible, 3);
    const s = new Float64Array(feasible.map((n) => pl.score(p, n, state)));
    pl.normalize(s, 3);
    expect(s[2]).toBe(100);
    expect(s[0]).toBeLessThan(s[2]);
    expect(s[0]).toBe(s[1]);
  });
});

describe('ImageLocality', () => {
  it('prefers nodes that already have the image, and is skipped when no node reports images', () => {
    const big = 500 * 1024 * 1024;
    const withImg = node('a', { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: big }] });
    const without = node('b', { images: [{ names: ['redis:7'], sizeBytes: big }] });
    const nodes = [withImg, without];
    const pl = new ImageLocality(() => nodes);
    const p = podInfo(pod({ containers: [{ name: 'c', image: 'nginx:1.27' }] }));
    const state = {};
    pl.preScore(p, state, nodes, 2);
    expect(pl.score(p, withImg, state)).toBeGreaterThan(0);
    expect(pl.score(p, without, state)).toBe(0);
    expect(pl.preScore(p, {}, [node('c')], 1)).toBe('skip');
  });
});
