import { describe, expect, test } from 'vitest';
import type { Pod } from '../../sim/api/types';
import { humanDuration } from './duration';
import { podSummary, restartsCell } from './pods';
import { printTable, printTableText } from './index';
import { tabwriter } from './tabwriter';
import { toJson, toYaml } from './yaml';
import { jsonpath } from './jsonpath';

describe('HumanDuration', () => {
  test.each([
    [-5, '<invalid>'],
    [-1, '0s'],
    [0, '0s'],
    [5, '5s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [200, '3m20s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 20 * 60, '3h20m'],
    [5 * 3600 + 12 * 60, '5h12m'],
    [47 * 3600, '47h'],
    [50 * 3600, '2d2h'],
    [51 * 3600, '2d3h'],
    [7 * 86400, '7d'],
    [364 * 86400, '364d'],
    [729 * 86400, '729d'],
    [3 * 365 * 86400, '3y'],
    [3 * 365 * 86400 + 5 * 86400, '3y5d'],
    [9 * 365 * 86400, '9y'],
  ])('%i s → %s', (s, want) => expect(humanDuration(s * 1000)).toBe(want));
});

const NOW = Date.parse('2026-01-01T01:00:00Z');
const T0 = '2026-01-01T00:00:00Z';

function pod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return { metadata: { name: 'web-1', namespace: 'default', creationTimestamp: T0 }, spec: { containers: [{ name: 'app' }] }, status, ...extra } as Pod;
}

describe('pod STATUS column', () => {
  test('pending without containers statuses shows the phase', () => {
    expect(podSummary(pod({ phase: 'Pending' }))).toMatchObject({ ready: '0/1', status: 'Pending', restarts: 0 });
  });
  test('waiting reason wins (ImagePullBackOff), ready counts running+ready containers', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] });
    expect(podSummary(p).status).toBe('ImagePullBackOff');
  });
  test('CrashLoopBackOff with RESTARTS "5 (30s ago)"', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:59:30Z' } } }],
    });
    const s = podSummary(p);
    expect(s.status).toBe('CrashLoopBackOff');
    expect(restartsCell(s, NOW)).toBe('5 (30s ago)');
  });
  test('terminated without reason → ExitCode:N; signal → Signal:N', () => {
    expect(podSummary(pod({ phase: 'Failed', containerStatuses: [{ name: 'app', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] })).status).toBe('ExitCode:3');
    expect(podSummary(pod({ phase: 'Failed', containerStatuses: [{ name: 'app', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] })).status).toBe('Signal:9');
  });
  test('init containers: Init:0/1 and Init:CrashLoopBackOff', () => {
    const spec = { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] };
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', image: '', imageID: '', ready: false, restartCount: 0, state: { running: {} } }] }, { spec } as Partial<Pod>)).status).toBe('Init:0/1');
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', image: '', imageID: '', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec } as Partial<Pod>)).status).toBe('Init:CrashLoopBackOff');
  });
  test('deletionTimestamp → Terminating, NodeLost → Unknown, terminal phases stay', () => {
    const running = { phase: 'Running', containerStatuses: [{ name: 'app', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } }] } as Pod['status'];
    const del = { metadata: { name: 'web-1', creationTimestamp: T0, deletionTimestamp: T0 } };
    expect(podSummary(pod(running, del)).status).toBe('Terminating');
    expect(podSummary(pod({ ...running, reason: 'NodeLost' }, del)).status).toBe('Unknown');
    expect(podSummary(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, del)).status).toBe('Completed');
  });
  test('a Completed container next to a running one reads Running or NotReady', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    const st = (ready: boolean) =>
      ({
        phase: 'Running',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        containerStatuses: [
          { name: 'a', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }) as Pod['status'];
    expect(podSummary(pod(st(true), { spec } as Partial<Pod>)).status).toBe('Running');
    expect(podSummary(pod(st(false), { spec } as Partial<Pod>)).status).toBe('NotReady');
  });
});

describe('tables', () => {
  test('3-space padding, minimum width 6, last column unpadded, wide and -A', () => {
    const p = pod({ phase: 'Running', podIPs: [{ ip: '10.244.1.2' }], containerStatuses: [{ name: 'app', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } }] }, { spec: { containers: [{ name: 'app' }], nodeName: 'node-1' } } as Partial<Pod>);
    const table = printTable('pods', [p], { nowMs: NOW });
    expect(table.columns.map((c) => [c.name, c.priority])).toEqual([['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]]);
    expect(printTableText(table)).toBe('NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          60m\n');
    expect(printTableText(table, { wide: true, withNamespace: true })).toBe(
      'NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'default     web-1   1/1     Running   0          60m   10.244.1.2   node-1   <none>           <none>\n',
    );
    expect(printTableText(table, { showLabels: true, noHeaders: true })).toBe('web-1   1/1   Running   0     60m   <none>\n');
  });
  test('nodes: Ready,SchedulingDisabled and roles', () => {
    const n = { metadata: { name: 'cp', creationTimestamp: T0, labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.2' } } };
    const m = { metadata: { name: 'n1', creationTimestamp: T0 }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }], nodeInfo: { kubeletVersion: 'v1.32.2' } } };
    expect(printTableText(printTable('nodes', [n, m], { nowMs: NOW }))).toBe(
      'NAME   STATUS                     ROLES           AGE   VERSION\ncp     Ready,SchedulingDisabled   control-plane   60m   v1.32.2\nn1     NotReady                   <none>          60m   v1.32.2\n',
    );
  });
  test('events: LAST SEEN from lastTimestamp, OBJECT as kind/name, message trimmed', () => {
    const e = { metadata: { name: 'web.1' }, involvedObject: { kind: 'Pod', name: 'web' }, type: 'Warning', reason: 'BackOff', message: ' Back-off ', firstTimestamp: T0, lastTimestamp: '2026-01-01T00:57:00Z', count: 5, source: { component: 'kubelet', host: 'node-1' } };
    expect(printTableText(printTable('events', [e], { nowMs: NOW }))).toBe('LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n3m          Warning   BackOff   pod/web   Back-off\n');
    expect(printTableText(printTable('events', [e], { nowMs: NOW }), { wide: true })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT    SUBOBJECT   SOURCE            MESSAGE    FIRST SEEN   COUNT   NAME\n3m          Warning   BackOff   pod/web               kubelet, node-1   Back-off   60m          5       web.1\n',
    );
  });
  test('Go tabwriter: blocks end at a line without the cell', () => {
    expect(tabwriter('IPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\nContainers:\n', 0, 2)).toBe('IPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\nContainers:\n');
  });
});

describe('yaml and json output', () => {
  test('sorted keys, quoted ambiguous strings, literal blocks, unindented sequences', () => {
    const o = { metadata: { name: 'web', annotations: { b: '1', a: 'yes', c: 'x: y', d: '{"a":1}\n' }, creationTimestamp: T0 }, apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'n', image: 'nginx', args: [] }, { name: 'app', image: 'x' }] }, status: { empty: '', on: true } };
    expect(toYaml(o)).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  annotations:',
        '    a: "yes"',
        '    b: "1"',
        "    c: 'x: y'",
        '    d: |',
        '      {"a":1}',
        '  creationTimestamp: "2026-01-01T00:00:00Z"',
        '  name: web',
        'spec:',
        '  containers:',
        '  - args: []',
        '    image: nginx',
        '    name: "n"',
        '  - image: x',
        '    name: app',
        'status:',
        '  empty: ""',
        '  "on": true',
        '',
      ].join('\n'),
    );
  });
  test('json: 4-space indent, keys sorted', () => {
    expect(toJson({ b: [1, { d: 1, c: '<' }], a: {} })).toBe('{\n    "a": {},\n    "b": [\n        1,\n        {\n            "c": "\\u003c",\n            "d": 1\n        }\n    ]\n}\n');
  });
  test('jsonpath: fields, wildcards, filters, range', () => {
    const data = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };
    expect(jsonpath('{.items[*].metadata.name}', data)).toBe('a b');
    expect(jsonpath('{.items[0].metadata.name}', data)).toBe('a');
    expect(jsonpath('{.items[-1:].metadata.name}', data)).toBe('b');
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\t"}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}', data)).toBe('a\tTrue\nb\tFalse\n');
    expect(jsonpath('{..name}', data)).toBe('a b');
  });
});
