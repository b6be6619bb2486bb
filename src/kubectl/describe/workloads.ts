/** describe.go's StatefulSet, DaemonSet, Job and HorizontalPodAutoscaler (v2) describers. */
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { Job } from 'kubernetes-types/batch/v1';
import type { LabelSelector, Pod } from '../../sim/api/types';
import { controllerOf } from '../../sim/api/podutil';
import { humanDuration } from '../printers/duration';
import { quantityString } from '../printers/storage';
import { formatLabels } from '../printers/table';
import { selectorString } from '../printers/workloads';
import { describePodTemplate } from './containers';
import type { DescribeInput } from './describers';
import { goList } from './storage';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline, rfc1123z } from './writer';

/** `getPodStatusForController`: the controller's pods by phase. */
function podsStatus(d: DescribeInput, ns: string | undefined, selector: LabelSelector | undefined, uid: string | undefined): string {
  const pods = d.client.list<Pod>('pods', ns, { labelSelector: selectorString(selector) || undefined }).items.filter((p) => controllerOf(p)?.uid === uid);
  const n = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  return `${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed`;
}

function controlledBy(o: { metadata?: { ownerReferences?: readonly { kind: string; name: string; controller?: boolean }[] } }): string | undefined {
  const c = o.metadata?.ownerReferences?.find((r) => r.controller);
  return c ? `${c.kind}/${c.name}` : undefined;
}

export function describeStatefulSet(sts: StatefulSet, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = sts.spec!;
  w.write(0, `Name:\t${sts.metadata?.name}\n`);
  w.write(0, `Namespace:\t${sts.metadata?.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata?.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', sts.metadata?.labels);
  annotationsMultiline(w, 'Annotations', sts.metadata?.annotations);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined && ru.partition !== null) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(0, `Pods Status:\t${podsStatus(d, sts.metadata?.namespace, spec.selector, sts.metadata?.uid)}\n`);
  describePodTemplate(w, spec.template);
  const templates = spec.volumeClaimTemplates ?? [];
  if (!templates.length) w.write(0, 'Volume Claims:\t<none>\n');
  else {
    w.write(0, 'Volume Claims:\n');
    for (const t of templates) {
      w.write(1, `Name:\t${t.metadata?.name ?? ''}\n`);
      w.write(1, `StorageClass:\t${t.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? t.spec?.storageClassName ?? ''}\n`);
      labelsMultiline(w, 'Labels', t.metadata?.labels, '  ');
      labelsMultiline(w, 'Annotations', t.metadata?.annotations, '  ');
      const cap = t.spec?.resources?.requests?.storage;
      w.write(1, `Capacity:\t${cap !== undefined ? quantityString(cap as string) : '<default>'}\n`);
      w.write(1, `Access Modes:\t${goList(t.spec?.accessModes)}\n`);
    }
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeDaemonSet(ds: DaemonSet, d: DescribeInput): string {
  const w = new DescribeWriter();
  const st = ds.status;
  // describe.go prints no Namespace line for DaemonSets
  w.write(0, `Name:\t${ds.metadata?.name}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  labelsMultiline(w, 'Labels', ds.metadata?.labels);
  annotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podsStatus(d, ds.metadata?.namespace, ds.spec?.selector, ds.metadata?.uid)}\n`);
  describePodTemplate(w, ds.spec?.template);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeJob(job: Job, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = job.spec ?? ({} as NonNullable<Job['spec']>);
  const st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata?.name}\n`);
  w.write(0, `Namespace:\t${job.metadata?.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', job.metadata?.labels);
  annotationsMultiline(w, 'Annotations', job.metadata?.annotations);
  const by = controlledBy(job);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
  if (spec.parallelism !== undefined && spec.parallelism !== null) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined && spec.suspend !== null) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined && spec.backoffLimit !== null) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined && spec.ttlSecondsAfterFinished !== null) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime))}\n`);
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined || st.ready === null) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${st.completedIndexes || '<none>'}\n`);
  describePodTemplate(w, spec.template);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

function directionBehavior(w: DescribeWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = hpa.spec!;
  const st = hpa.status;
  w.write(0, `Name:\t${hpa.metadata?.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', hpa.metadata?.labels);
  annotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((m, i) => {
    const cur = st?.currentMetrics?.[i];
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const src = m.type === 'Resource' ? m.resource! : m.containerResource!;
      const curSrc = m.type === 'Resource' ? cur?.resource : cur?.containerResource;
      const prefix = m.type === 'Resource' ? `resource ${src.name} on pods` : `resource ${src.name} of container "${m.containerResource!.container}" on pods`;
      w.write(1, prefix);
      if (src.target.averageValue !== undefined) {
        w.write(0, `:\t${curSrc ? quantityString(curSrc.current.averageValue as string) : '<unknown>'} / ${quantityString(src.target.averageValue as string)}\n`);
      } else {
        const c = curSrc?.current.averageUtilization !== undefined ? `${curSrc.current.averageUtilization}% (${quantityString(curSrc.current.averageValue as string)})` : '<unknown>';
        const t = src.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
        w.write(1, `(as a percentage of request):\t${c} / ${t}\n`);
      }
    } else if (m.type === 'Pods') {
      w.write(1, `"${m.pods!.metric.name}" on pods:\t${cur?.pods ? quantityString(cur.pods.current.averageValue as string) : '<unknown>'} / ${quantityString(m.pods!.target.averageValue as string)}\n`);
    } else w.write(1, `<unknown metric type "${m.type}">\n`);
  });
  w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec.maxReplicas}\n`);
  if (spec.behavior) {
    w.write(0, 'Behavior:\n');
    directionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    directionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(0, `${spec.scaleTargetRef.kind} pods:\t${st?.currentReplicas ?? 0} current / ${st?.desiredReplicas ?? 0} desired\n`);
  if (st?.conditions?.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of st.conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
