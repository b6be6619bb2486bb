import { describe, expect, test } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { printTable, printTableText } from './index';
import { quantityString } from './storage';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const T0 = '2026-01-01T00:00:00Z';
const md = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: T0, ...extra });

/** The text `kubectl get <resource> [-o wide]` prints for these objects. */
function get(resource: string, objects: KObject[], wide = false): string {
  return printTableText(printTable(resource, objects, { nowMs: NOW }), { wide });
}

describe('services', () => {
  const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ metadata: md(name), spec, status });
  const objs = [
    svc('web', { type: 'ClusterIP', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }),
    svc('np', { type: 'NodePort', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web', tier: 'fe' } }),
    svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }),
    svc('lb2', { type: 'LoadBalancer', clusterIPs: ['10.96.2.3'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '172.18.255.201' }, { ip: '172.18.255.200' }] } }),
    svc('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
    svc('ext', { type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 5432, protocol: 'TCP' }] }),
  ];
  test('TYPE, CLUSTER-IP, EXTERNAL-IP (<none>, <pending>, sorted LB IPs, externalName), PORT(S)', () => {
    expect(get('services', objs)).toBe(
      [
        'NAME       TYPE           CLUSTER-IP    EXTERNAL-IP                     PORT(S)               AGE',
        'web        ClusterIP      10.96.12.34   <none>                          80/TCP                60m',
        'np         NodePort       10.96.1.1     <none>                          80:31234/TCP,53/UDP   60m',
        'lb         LoadBalancer   10.96.2.2     <pending>                       443:30443/TCP         60m',
        'lb2        LoadBalancer   10.96.2.3     172.18.255.200,172.18.255.201   80:30080/TCP          60m',
        'headless   ClusterIP      None          <none>                          <none>                60m',
        'ext        ExternalName   <none>        db.example.com                  5432/TCP              60m',
        '',
      ].join('\n'),
    );
  });
  test('wide adds SELECTOR', () => {
    expect(get('services', objs.slice(0, 2), true)).toBe(
      'NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)               AGE   SELECTOR\n' +
        'web    ClusterIP   10.96.12.34   <none>        80/TCP                60m   app=web\n' +
        'np     NodePort    10.96.1.1     <none>        80:31234/TCP,53/UDP   60m   app=web,tier=fe\n',
    );
  });
});

describe('endpoints and endpointslices', () => {
  test('ENDPOINTS: three ip:port then "+ N more...", <none> without subsets, blank when nothing is ready', () => {
    const addrs = ['10.244.1.5', '10.244.2.7', '10.244.3.2', '10.244.1.9'].map((ip) => ({ ip }));
    expect(
      get('endpoints', [
        { metadata: md('web'), subsets: [{ addresses: addrs, ports: [{ port: 80 }] }] },
        { metadata: md('empty') },
        { metadata: md('unready'), subsets: [{ notReadyAddresses: addrs, ports: [{ port: 80 }] }] },
      ]),
    ).toBe('NAME      ENDPOINTS                                               AGE\nweb       10.244.1.5:80,10.244.2.7:80,10.244.3.2:80 + 1 more...   60m\nempty     <none>                                                  60m\nunready                                                           60m\n');
  });
  test('slices: ADDRESSTYPE, PORTS, ENDPOINTS with <unset>', () => {
    const eps = ['10.244.1.5', '10.244.2.7', '10.244.3.2', '10.244.1.9'].map((a) => ({ addresses: [a], conditions: { ready: true } }));
    expect(
      get('endpointslices', [
        { metadata: md('web-abcde'), addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: eps },
        { metadata: md('db-fghij'), addressType: 'IPv4', endpoints: [] },
      ]),
    ).toBe('NAME        ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE\nweb-abcde   IPv4          80        10.244.1.5,10.244.2.7,10.244.3.2 + 1 more...   60m\ndb-fghij    IPv4          <unset>   <unset>                                        60m\n');
  });
});

describe('ingresses', () => {
  const rule = (host?: string) => ({ ...(host ? { host } : {}), http: { paths: [] } });
  test('CLASS, HOSTS (* and + N more...), ADDRESS, PORTS 80 / 80, 443', () => {
    expect(
      get('ingresses', [
        { metadata: md('a'), spec: { ingressClassName: 'nginx', rules: [rule('a.example.com')] }, status: { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } } },
        { metadata: md('b'), spec: { rules: [rule()] } },
        { metadata: md('c'), spec: { ingressClassName: 'nginx', tls: [{ hosts: ['x'] }], rules: [rule('w'), rule('x'), rule('y'), rule('z'), rule('v')] } },
      ]),
    ).toBe('NAME   CLASS    HOSTS               ADDRESS          PORTS     AGE\na      nginx    a.example.com       172.18.255.200   80        60m\nb      <none>   *                                    80        60m\nc      nginx    w,x,y + 2 more...                    80, 443   60m\n');
  });
  test('ingressclasses: CONTROLLER and PARAMETERS', () => {
    expect(get('ingressclasses', [{ metadata: { name: 'nginx', creationTimestamp: T0 }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } } }])).toBe(
      'NAME    CONTROLLER             PARAMETERS                            AGE\nnginx   k8s.io/ingress-nginx   IngressParameters.k8s.example.com/p   60m\n',
    );
  });
});

describe('config and storage', () => {
  test('configmaps DATA and secrets TYPE, DATA', () => {
    expect(get('configmaps', [{ metadata: md('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }])).toBe('NAME   DATA   AGE\ncfg    3      60m\n');
    expect(get('secrets', [{ metadata: md('sec'), type: 'Opaque', data: { pw: 'eA==' } }])).toBe('NAME   TYPE     DATA   AGE\nsec    Opaque   1      60m\n');
  });
  test('pv: CAPACITY canonical, ACCESS MODES, CLAIM ns/name, VOLUMEATTRIBUTESCLASS <unset>, wide VOLUMEMODE', () => {
    const pv = { metadata: { name: 'pvc-1', creationTimestamp: T0 }, spec: { capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } };
    expect(get('persistentvolumes', [pv], true)).toBe(
      'NAME    CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE\n' +
        'pvc-1   1Gi        RWO,RWX        Delete           Bound    default/data   standard       <unset>                          60m   Filesystem\n',
    );
  });
  test('pvc: capacity and modes only once bound; Terminating while deleted', () => {
    const pending = { metadata: md('a'), spec: { storageClassName: 'standard', resources: { requests: { storage: '2Gi' } } }, status: { phase: 'Pending' } };
    const bound = { metadata: md('b', { deletionTimestamp: T0 }), spec: { volumeName: 'pvc-1', storageClassName: 'standard' }, status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'] } };
    expect(get('persistentvolumeclaims', [pending, bound])).toBe(
      'NAME   STATUS        VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' + 'a      Pending                                          standard       <unset>                 60m\n' + 'b      Terminating   pvc-1    2Gi        RWO            standard       <unset>                 60m\n',
    );
  });
  test('storageclasses: (default) suffix and defaults', () => {
    expect(get('storageclasses', [{ metadata: { name: 'standard', creationTimestamp: T0, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, { metadata: { name: 'fast', creationTimestamp: T0 }, provisioner: 'x', reclaimPolicy: 'Retain', allowVolumeExpansion: true }])).toBe(
      'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  60m\nfast                 x                       Retain          Immediate              true                   60m\n',
    );
  });
  test.each([
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1000M', '1G'],
    ['500M', '500M'],
    ['2000', '2k'],
    [undefined, '0'],
  ])('Quantity.String() %s → %s', (q, want) => expect(quantityString(q)).toBe(want));
});

describe('workloads', () => {
  const template = { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } };
  test('statefulsets READY, wide CONTAINERS IMAGES', () => {
    expect(get('statefulsets', [{ metadata: md('db'), spec: { replicas: 3, template }, status: { readyReplicas: 2 } }], true)).toBe('NAME   READY   AGE   CONTAINERS   IMAGES\ndb     2/3     60m   app,side     nginx:1.27,busybox\n');
  });
  test('daemonsets with NODE SELECTOR and wide SELECTOR', () => {
    const ds = { metadata: md('agent'), spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } };
    expect(get('daemonsets', [ds], true)).toBe(
      'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS   IMAGES               SELECTOR\nagent   3         3         2       3            2           kubernetes.io/os=linux   60m   app,side     nginx:1.27,busybox   app=agent\n',
    );
  });
  test('controllerrevisions CONTROLLER as kind.group/name', () => {
    expect(get('controllerrevisions', [{ metadata: md('agent-78b97445fc', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }] }), revision: 2 }])).toBe('NAME               CONTROLLER             REVISION   AGE\nagent-78b97445fc   daemonset.apps/agent   2          60m\n');
  });
  test('jobs: STATUS, COMPLETIONS (n/m, 0/1 of P), DURATION running and finished', () => {
    const jobs = [
      { metadata: md('done'), spec: { completions: 2, parallelism: 1 }, status: { succeeded: 2, startTime: T0, completionTime: '2026-01-01T00:00:38Z', conditions: [{ type: 'Complete', status: 'True' }] } },
      { metadata: md('running'), spec: { parallelism: 4 }, status: { startTime: '2026-01-01T00:55:00Z' } },
      { metadata: md('failed'), spec: { completions: 1 }, status: { failed: 7, startTime: T0, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] } },
      { metadata: md('new'), spec: { completions: 1, suspend: true }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } },
    ];
    expect(get('jobs', jobs)).toBe(
      'NAME      STATUS      COMPLETIONS   DURATION   AGE\ndone      Complete    2/2           38s        60m\nrunning   Running     0/1 of 4      5m         60m\nfailed    Failed      0/1           60m        60m\nnew       Suspended   0/1                      60m\n',
    );
  });
  test('cronjobs: TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE', () => {
    const cj = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>) => ({ metadata: md(name), spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } }, ...spec }, status });
    expect(get('cronjobs', [cj('a', { suspend: false }, { active: [{ name: 'a-1' }], lastScheduleTime: '2026-01-01T00:58:00Z' }), cj('b', { timeZone: 'Etc/UTC' }, {})])).toBe(
      'NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\na      */5 * * * *   <none>     false     1        2m              60m\nb      */5 * * * *   Etc/UTC    <unset>   0        <none>          60m\n',
    );
  });
});

describe('policy and autoscaling', () => {
  test('pdb MIN AVAILABLE / MAX UNAVAILABLE with N/A', () => {
    expect(get('poddisruptionbudgets', [{ metadata: md('web'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }, { metadata: md('db'), spec: { maxUnavailable: '25%' }, status: {} }])).toBe(
      'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    2               N/A               1                     60m\ndb     N/A             25%               0                     60m\n',
    );
  });
  test('hpa TARGETS: cpu: 45%/50%, <unknown>, averageValue, + N more...', () => {
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
    const mem = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    const hpa = (name: string, metrics: unknown[], current: unknown[], min?: number) => ({ metadata: md(name), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...(min ? { minReplicas: min } : {}), maxReplicas: 10, metrics }, status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: current } });
    expect(
      get('horizontalpodautoscalers', [
        hpa('a', [cpu], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '45m' } } }], 1),
        hpa('b', [cpu], []),
        hpa('c', [cpu, mem, cpu], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }, { type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } }], 2),
        hpa('d', [], []),
      ]),
    ).toBe(
      'NAME   REFERENCE        TARGETS                                        MINPODS   MAXPODS   REPLICAS   AGE\n' +
        'a      Deployment/web   cpu: 45%/50%                                   1         10        3          60m\n' +
        'b      Deployment/web   cpu: <unknown>/50%                             <unset>   10        3          60m\n' +
        'c      Deployment/web   cpu: 45%/50%, memory: 50Mi/100Mi + 1 more...   2         10        3          60m\n' +
        'd      Deployment/web   <none>                                         <unset>   10        3          60m\n',
    );
  });
});
