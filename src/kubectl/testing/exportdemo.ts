/**
 * The cluster the export tests take to a "real" one: the default demo Deployment `web` (created,
 * scaled to 4, new image) plus what learners add — a namespace, a ConfigMap, a NodePort Service,
 * a headless Service, a StatefulSet with a claim template, a bare Pod.
 */
import { Cluster } from '../../sim/cluster';
import { envFor, kubectl } from './env';

function must(r: { code: number; err: string }): void {
  if (r.code !== 0 || r.err) throw new Error(`kubectl failed: ${r.err}`);
}

export const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
    name: pg
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:17
        env:
        - name: POSTGRES_PASSWORD
          value: example
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
  - name: shell
    image: busybox:1.36
    command: [sleep, "3600"]
`;

/** The default demo (Deployment web, 3 replicas) plus a Service, a ConfigMap, a StatefulSet... */
export function demoCluster(): Cluster {
  const c = Cluster.create({ seed: 4 });
  const env = envFor(c, { 'extra.yaml': MANIFESTS });
  must(kubectl(env, 'kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80'));
  must(kubectl(env, 'kubectl apply -f extra.yaml'));
  c.runFor(60_000);
  must(kubectl(env, 'kubectl scale deployment web --replicas=4'));
  must(kubectl(env, 'kubectl set image deployment/web nginx=nginx:1.28'));
  c.runFor(60_000);
  return c;
}
