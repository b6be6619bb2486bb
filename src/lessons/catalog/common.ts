/**
 * What the lessons share: the dating app's manifests (web front end, auth, recommendations,
 * photos, database) and small goals several lessons use.
 */
import type { Node, Pod } from '../../sim/api/types';
import type { Cluster } from '../../sim/cluster';
import { volumeContents } from '../../sim/storage/data';
import { podsMatching, predicate, type Goal } from '../goals';

export const HOST = 'dating.example.com';

export interface AppOpts {
  replicas?: number;
  image?: string;
  cpu?: string;
  probes?: boolean;
}

/** A Deployment of one container serving on 8080, labelled app=<name>. */
export function deploymentYaml(name: string, o: AppOpts = {}): string {
  const probes = o.probes
    ? `
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 5`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: ${o.replicas ?? 3}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: ${o.image ?? 'playground/web:1.0'}
          ports:
            - containerPort: 8080
          resources:
            requests: { cpu: ${o.cpu ?? '250m'}, memory: 128Mi }${probes}
`;
}

export function serviceYaml(name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports:
    - port: 80
      targetPort: 8080
`;
}

/** One Ingress for the app: each path to its Service. */
export function ingressYaml(paths: [string, string][]): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dating
spec:
  rules:
    - host: ${HOST}
      http:
        paths:
${paths
  .map(
    ([path, svc]) => `          - path: ${path}
            pathType: Prefix
            backend:
              service:
                name: ${svc}
                port: { number: 80 }`,
  )
  .join('\n')}
`;
}

/** A network disk class: volumes that follow the pod to any node (think EBS, PD). */
export const NETWORK_DISK_CLASS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: network-disk
provisioner: disk.csi.playground.dev
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
`;

// ---- goals ----------------------------------------------------------------------------------

export function nodeReadyStatus(c: Cluster, name: string): string | undefined {
  return c.store.get<Node>('nodes', '', name)?.status?.conditions?.find((x) => x.type === 'Ready')?.status;
}

/** The Node's Ready condition has this status ('True', 'False', 'Unknown'). */
export const nodeReady = (name: string, status: 'True' | 'Unknown', label?: string): Goal =>
  predicate('nodeReady', label ?? (status === 'True' ? `${name} is Ready` : `${name} is NotReady (Ready=Unknown)`), (c) => nodeReadyStatus(c, name) === status);

export const machinePowered = (name: string, on: boolean): Goal => predicate('machinePowered', `${name} is powered ${on ? 'on' : 'off'}`, (c) => c.infra.get(name)?.powered === on);

export const processRunning = (process: string, running: boolean): Goal =>
  predicate('processRunning', `${process} is ${running ? 'running' : 'stopped'}`, (c) => c.infra.running('control-plane', process) === running);

/** Active (not terminating) pods matching the selector. */
export const activePods = (c: Cluster, selector: string): Pod[] => podsMatching(c, selector).filter((p) => !p.metadata?.deletionTimestamp);

export const waitingReason = (p: Pod): string | undefined => p.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting?.reason;

/** Files on the volume `volume` of the first active pod the selector matches. */
export function filesOn(c: Cluster, selector: string, volume: string): number {
  const pod = activePods(c, selector)[0];
  if (!pod) return 0;
  return volumeContents(c, { namespace: 'default', pod: pod.metadata!.name!, volume })?.files.length ?? 0;
}

export const createdSince = (c: Cluster, p: Pod, startedAt: number): boolean => Date.parse(p.metadata?.creationTimestamp ?? '') >= Math.floor((c.epochMs + startedAt) / 1000) * 1000;
