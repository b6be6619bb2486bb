/**
 * The networking objects a fresh cluster is installed with, as kubeadm and the ingress-nginx
 * manifest create them: the `kubernetes` Service (10.96.0.1), CoreDNS (`coredns` Deployment,
 * its Corefile ConfigMap and the `kube-dns` Service at 10.96.0.10), the `kube-proxy` DaemonSet
 * and ConfigMap (proxyaddon.ts), and ingress-nginx (namespace,
 * controller Deployment, LoadBalancer Service, IngressClass `nginx` marked default).
 *
 * Differences from the real manifests, on purpose: both are pinned to the control-plane node
 * (see ON_CONTROL_PLANE); no readiness probes on CoreDNS (`/ready` on
 * 8181) or the ingress controller (`/healthz` on 10254) — their images are not in the kubelet's
 * catalogue, so they run as generic servers that would never answer those ports.
 */
import type { ApiClient } from '../apiserver/client';
import type { KObject } from '../api/types';
import { isAlreadyExists } from '../api/errors';
import { DEFAULT_CLASS_ANNOTATION } from './admission';
import { KUBE_DNS_IP, KUBERNETES_SERVICE_IP } from './ipam';
import { installKubeProxy } from './proxyaddon';

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_SERVICE = 'ingress-nginx-controller';
export const INGRESS_CONTROLLER = 'k8s.io/ingress-nginx';
export const INGRESS_CLASS = 'nginx';
export const DNS_LABELS = { 'k8s-app': 'kube-dns' };
/**
 * As in a kind cluster, CoreDNS and ingress-nginx run on the control-plane node (kind's ingress
 * manifest selects it; CoreDNS lands there because it starts before the workers join): the
 * workers stay empty for the learner's pods.
 */
const ON_CONTROL_PLANE = { 'node-role.kubernetes.io/control-plane': '' };
const NGINX_LABELS = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };

function create(client: ApiClient, resource: string, ns: string | undefined, obj: KObject): void {
  try {
    client.create(resource, ns, obj);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** What kubeadm installs: the API server's Service, CoreDNS and kube-proxy (proxyaddon.ts). */
export function installKubeadmAddons(client: ApiClient): void {
  create(client, 'services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: KUBERNETES_SERVICE_IP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP', sessionAffinity: 'None' },
  });
  create(client, 'configmaps', 'kube-system', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
  create(client, 'deployments', 'kube-system', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: DNS_LABELS },
    spec: {
      replicas: 2,
      selector: { matchLabels: DNS_LABELS },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: DNS_LABELS },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          dnsPolicy: 'Default',
          nodeSelector: { 'kubernetes.io/os': 'linux', ...ON_CONTROL_PLANE },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  });
  create(client, 'services', 'kube-system', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: KUBE_DNS_IP,
      selector: DNS_LABELS,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  installKubeProxy(client);
}

/** The ingress-nginx "cloud" manifest, with the IngressClass marked as the default. */
export function installIngressNginx(client: ApiClient): void {
  create(client, 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: INGRESS_NAMESPACE, labels: { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } } });
  create(client, 'ingressclasses', undefined, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: INGRESS_CLASS, labels: NGINX_LABELS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    spec: { controller: INGRESS_CONTROLLER },
  });
  create(client, 'deployments', INGRESS_NAMESPACE, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: INGRESS_SERVICE, namespace: INGRESS_NAMESPACE, labels: NGINX_LABELS },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 10,
      minReadySeconds: 0,
      selector: { matchLabels: NGINX_LABELS },
      template: {
        metadata: { labels: NGINX_LABELS },
        spec: {
          serviceAccountName: 'ingress-nginx',
          terminationGracePeriodSeconds: 300,
          nodeSelector: { 'kubernetes.io/os': 'linux', ...ON_CONTROL_PLANE },
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' }],
          containers: [
            {
              name: 'controller',
              image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0',
              imagePullPolicy: 'IfNotPresent',
              args: ['/nginx-ingress-controller', `--publish-service=$(POD_NAMESPACE)/${INGRESS_SERVICE}`, '--election-id=ingress-nginx-leader', `--controller-class=${INGRESS_CONTROLLER}`, `--ingress-class=${INGRESS_CLASS}`],
              ports: [
                { containerPort: 80, name: 'http', protocol: 'TCP' },
                { containerPort: 443, name: 'https', protocol: 'TCP' },
                { containerPort: 8443, name: 'webhook', protocol: 'TCP' },
              ],
              resources: { requests: { cpu: '100m', memory: '90Mi' } },
            },
          ],
        },
      },
    },
  });
  create(client, 'services', INGRESS_NAMESPACE, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: INGRESS_SERVICE, namespace: INGRESS_NAMESPACE, labels: NGINX_LABELS },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: NGINX_LABELS,
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', appProtocol: 'http' },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' },
      ],
    },
  });
}
