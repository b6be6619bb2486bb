/**
 * kube-proxy as kubeadm installs it (`cmd/kubeadm/app/phases/addons/proxy/manifests.go`): the
 * `kube-proxy` ConfigMap (KubeProxyConfiguration + kubeconfig) and the `kube-proxy` DaemonSet in
 * kube-system. The DaemonSet controller then runs one pod on every Linux node — the control
 * plane too, since it tolerates every taint — on the host network, so each pod's IP is its
 * node's InternalIP. The rules those pods program live in one engine (kubeproxy.ts), which
 * programs a node only while that node's kube-proxy pod runs.
 *
 * Not modelled: the `kube-proxy` ServiceAccount and its RBAC (service accounts are not objects
 * here); the pod still names it, as the real one does.
 */
import type { ApiClient } from '../apiserver/client';
import { isAlreadyExists } from '../api/errors';
import type { KObject } from '../api/types';
import { KUBE_PROXY_IMAGE } from '../kubelet/node';

export const KUBE_PROXY = 'kube-proxy';
export const KUBE_PROXY_LABELS = { 'k8s-app': KUBE_PROXY };

/** kubeadm's KubeProxyConfiguration as the ConfigMap shows it (defaults left empty, as kubeadm writes them). */
const CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;

/** the control plane's endpoint as a kind cluster names it (the machines have not joined yet) */
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;

function create(client: ApiClient, resource: string, obj: KObject): void {
  try {
    client.create(resource, 'kube-system', obj);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

export function installKubeProxy(client: ApiClient): void {
  create(client, 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: KUBE_PROXY, namespace: 'kube-system', labels: { app: KUBE_PROXY } },
    data: { 'config.conf': CONFIG, 'kubeconfig.conf': KUBECONFIG },
  });
  create(client, 'daemonsets', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: KUBE_PROXY, namespace: 'kube-system', labels: KUBE_PROXY_LABELS },
    spec: {
      selector: { matchLabels: KUBE_PROXY_LABELS },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: KUBE_PROXY_LABELS },
        spec: {
          priorityClassName: 'system-node-critical',
          containers: [
            {
              name: KUBE_PROXY,
              image: KUBE_PROXY_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: KUBE_PROXY },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            },
          ],
          hostNetwork: true,
          serviceAccountName: KUBE_PROXY,
          volumes: [
            { name: KUBE_PROXY, configMap: { name: KUBE_PROXY } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
    },
  });
}
