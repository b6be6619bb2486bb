/** describe.go's StorageClass and IngressClass describers (cluster-scoped "class" objects). */
import type { TopologySelectorLabelRequirement } from 'kubernetes-types/core/v1';
import type { IngressClass } from 'kubernetes-types/networking/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { formatLabels } from '../printers/table';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline } from './writer';

/** storageutil.IsDefaultAnnotationText: the GA annotation, then the beta one. */
function isDefaultText(sc: StorageClass): string {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true' ? 'Yes' : 'No';
}

function topologyTerm(w: DescribeWriter, title: string, reqs: readonly TopologySelectorLabelRequirement[] | undefined): void {
  w.write(1, `${title}:\t`);
  if (!reqs?.length) return w.line('<none>');
  reqs.forEach((r, i) => {
    if (i) w.write(1, '\t');
    w.write(0, `${r.key} in${r.values?.length ? ` [${r.values.join(', ')}]` : ''}\n`);
  });
}

export function describeStorageClass(sc: StorageClass, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${sc.metadata?.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultText(sc)}\n`);
  // labels.FormatLabels: every annotation, last-applied-configuration included
  w.write(0, `Annotations:\t${formatLabels(sc.metadata?.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  const expand = sc.allowVolumeExpansion;
  w.write(0, `AllowVolumeExpansion:\t${expand === undefined || expand === null ? '<unset>' : expand ? 'True' : 'False'}\n`);
  if (!sc.mountOptions?.length) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of sc.mountOptions) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    w.write(0, 'AllowedTopologies:\t');
    if (!sc.allowedTopologies.length) w.line('<none>');
    else {
      w.line('');
      sc.allowedTopologies.forEach((t, i) => topologyTerm(w, `Term ${i}`, t.matchLabelExpressions));
    }
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeIngressClass(ic: IngressClass, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${ic.metadata?.name}\n`);
  labelsMultiline(w, 'Labels', ic.metadata?.labels);
  annotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(0, 'Parameters:\n');
    if (p.apiGroup !== undefined && p.apiGroup !== null) w.write(1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(1, `Kind:\t${p.kind}\n`);
    w.write(1, `Name:\t${p.name}\n`);
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
