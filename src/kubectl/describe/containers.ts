/** describe.go's container, probe, volume and pod-template sections. */
import type { Container, ContainerState, ContainerStatus, PodTemplateSpec, Probe } from '../../sim/api/types';
import { DescribeWriter, labelsMultiline, annotationsMultiline, rfc1123z, tolerationsMultiline } from './writer';

type Volume = NonNullable<NonNullable<PodTemplateSpec['spec']>['volumes']>[number];

function describeState(w: DescribeWriter, name: string, st: ContainerState | undefined): void {
  if (st?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(st.running.startedAt)}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
    if (st?.waiting?.reason) w.write(3, `Reason:\t${st.waiting.reason}\n`);
  }
}

export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = p.httpGet.host ?? '';
    const port = String(p.httpGet.port ?? '');
    return `http-get ${scheme}://${port ? `${host}:${port}` : host}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

export function describeContainers(w: DescribeWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, space: string): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:\n`);
  if (!containers.length) w.write(1, '<none>\n');
  for (const c of containers) {
    const st = statuses ? byName.get(c.name) : undefined;
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.restartPolicy) w.write(2, `Restart Policy:\t${c.restartPolicy}\n`);
    for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!list?.length) continue;
      w.write(2, `${title}:\n`);
      for (const s of list) w.write(3, `${s.replace(/\n/g, '\n      ')}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state);
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    for (const [title, rl] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
      const keys = Object.keys(rl ?? {}).sort();
      if (!keys.length) continue;
      w.write(2, `${title}:\n`);
      for (const k of keys) w.write(3, `${k}:\t${String(rl![k])}\n`);
    }
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
    for (const e of c.env ?? []) {
      if (!e.valueFrom) {
        (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      } else if (e.valueFrom.fieldRef) {
        w.write(3, `${e.name}:\t (${e.valueFrom.fieldRef.apiVersion ?? 'v1'}:${e.valueFrom.fieldRef.fieldPath})\n`);
      } else if (e.valueFrom.configMapKeyRef) {
        const r = e.valueFrom.configMapKeyRef;
        w.write(3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${!!r.optional}\n`);
      } else if (e.valueFrom.secretKeyRef) {
        const r = e.valueFrom.secretKeyRef;
        w.write(3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${!!r.optional}\n`);
      }
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

export function describeVolumes(w: DescribeWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${s.configMap.optional ?? '<nil>'}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`);
        else if (s.secret) w.write(2, `SecretName:\t${s.secret.name}\n    SecretOptional:\t${s.secret.optional ?? '<nil>'}\n`);
      }
    } else if (v.emptyDir) {
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    } else if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${!!v.configMap.optional}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${!!v.secret.optional}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    } else w.write(2, `<unknown>\n`);
  }
}

/** `DescribePodTemplate` (Deployment, ReplicaSet). */
export function describePodTemplate(w: DescribeWriter, t: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!t) return w.write(1, '<unset>');
  labelsMultiline(w, 'Labels', t.metadata?.labels, '  ');
  if (Object.keys(t.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', t.metadata?.annotations);
  const spec = t.spec ?? { containers: [] };
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector, '  ');
  tolerationsMultiline(w, 'Tolerations', spec.tolerations, '  ');
}
