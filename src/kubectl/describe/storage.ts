/** describe.go's PersistentVolumeClaim and PersistentVolume describers. */
import type { NodeSelectorRequirement, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { since } from '../printers/duration';
import { accessModes, pvcClass, pvClass, quantityString } from '../printers/storage';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline, rfc1123z } from './writer';

/** Go's `%v` of a string slice: `[a b]`. */
export const goList = (xs: readonly string[] | undefined | null) => `[${(xs ?? []).join(' ')}]`;

function podsUsing(d: DescribeInput, pvc: PersistentVolumeClaim): string[] {
  const name = pvc.metadata?.name;
  return d.client
    .list<Pod>('pods', pvc.metadata?.namespace)
    .items.filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name || (v.ephemeral && `${p.metadata?.name}-${v.name}` === name)))
    .map((p) => p.metadata?.name ?? '')
    .sort();
}

export function describePersistentVolumeClaim(pvc: PersistentVolumeClaim, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${pvc.metadata?.name}\n`);
  w.write(0, `Namespace:\t${pvc.metadata?.namespace}\n`);
  w.write(0, `StorageClass:\t${pvcClass(pvc)}\n`);
  if (pvc.metadata?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, d.nowMs)})\n`);
  else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(0, `Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  labelsMultiline(w, 'Labels', pvc.metadata?.labels);
  annotationsMultiline(w, 'Annotations', pvc.metadata?.annotations);
  w.write(0, `Finalizers:\t${goList(pvc.metadata?.finalizers)}\n`);
  const bound = !!pvc.spec?.volumeName;
  w.write(0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage as string | undefined) : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec?.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const ds = pvc.spec?.dataSource;
  if (ds) {
    w.write(0, 'DataSource:\n');
    if (ds.apiGroup) w.write(1, `APIGroup:\t${ds.apiGroup}\n`);
    w.write(1, `Kind:\t${ds.kind}\n`);
    w.write(1, `Name:\t${ds.name}\n`);
  }
  const pods = podsUsing(d, pvc);
  w.write(0, 'Used By:\t');
  if (!pods.length) w.line('<none>');
  else pods.forEach((p, i) => w.write(0, i ? `\t${p}\n` : `${p}\n`));
  const conds = pvc.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \t${rfc1123zOrZero(c.lastProbeTime)} \t${rfc1123zOrZero(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

/** Go formats a zero time.Time as the year 1. */
function rfc1123zOrZero(ts: string | undefined): string {
  return ts ? rfc1123z(ts) : 'Mon, 01 Jan 0001 00:00:00 +0000';
}

function nodeSelectorTerm(w: DescribeWriter, title: string, reqs: readonly NodeSelectorRequirement[] | undefined): void {
  w.write(2, `${title}:\t`);
  if (!reqs?.length) return w.line('<none>');
  reqs.forEach((r, i) => {
    if (i) w.write(2, '\t');
    let s = `${r.key} ${r.operator.toLowerCase()}`;
    if (r.values?.length) s += ` [${r.values.join(', ')}]`;
    w.write(0, `${s}\n`);
  });
}

export function describePersistentVolume(pv: PersistentVolume, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata?.name}\n`);
  labelsMultiline(w, 'Labels', pv.metadata?.labels);
  annotationsMultiline(w, 'Annotations', pv.metadata?.annotations);
  w.write(0, `Finalizers:\t${goList(pv.metadata?.finalizers)}\n`);
  w.write(0, `StorageClass:\t${pvClass(pv)}\n`);
  if (pv.metadata?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, d.nowMs)})\n`);
  else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${quantityString(spec.capacity?.storage as string | undefined)}\n`);
  w.write(0, 'Node Affinity:\t');
  const req = spec.nodeAffinity?.required;
  if (!req) w.line('<none>');
  else {
    w.line('');
    w.write(1, 'Required Terms:\t');
    if (!req.nodeSelectorTerms?.length) w.line('<none>');
    else {
      w.line('');
      req.nodeSelectorTerms.forEach((t, i) => nodeSelectorTerm(w, `Term ${i}`, t.matchExpressions));
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  if (spec.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
  } else if (spec.local) {
    w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`);
  } else if (spec.csi) {
    const c = spec.csi;
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${c.driver}\n    FSType:\t${c.fsType ?? ''}\n    VolumeHandle:\t${c.volumeHandle}\n    ReadOnly:\t${!!c.readOnly}\n`);
    w.write(2, 'VolumeAttributes:\t');
    const keys = Object.keys(c.volumeAttributes ?? {}).sort();
    if (!keys.length) w.line('<none>');
    keys.forEach((k, i) => w.write(i ? 2 : 0, `${i ? '    \t' : ''}${k}=${c.volumeAttributes![k]}\n`));
  } else if (spec.nfs) {
    w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${!!spec.nfs.readOnly}\n`);
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
