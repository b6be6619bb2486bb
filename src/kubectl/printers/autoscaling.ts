/**
 * PodDisruptionBudgets and HorizontalPodAutoscalers (printers.go: printPodDisruptionBudget,
 * printHorizontalPodAutoscaler with `formatHPAMetrics` — the metric name before each target
 * since v1.30: `cpu: 45%/50%`, `cpu: <unknown>/50%`).
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { quantityString } from './storage';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

export const PDB_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Min Available', 'string', 0, 'The minimum number of pods that must be available.'),
  col('Max Unavailable', 'string', 0, 'The maximum number of pods that may be unavailable.'),
  col('Allowed Disruptions', 'integer', 0, 'Calculated number of pods that may be disrupted at this time.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
];

export const HPA_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Reference', 'string', 0, 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
  col('Targets', 'string', 0, 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
  col('MinPods', 'string', 0, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
  col('MaxPods', 'string', 0, 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
  col('Replicas', 'string', 0, 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
];

export function pdbRow(p: PodDisruptionBudget, o: PrintOptions): TableRow {
  const min = p.spec?.minAvailable;
  const max = p.spec?.maxUnavailable;
  const cells = [
    p.metadata?.name ?? '',
    min === undefined || min === null ? 'N/A' : String(min),
    max === undefined || max === null ? 'N/A' : String(max),
    p.status?.disruptionsAllowed ?? 0,
    since(p.metadata?.creationTimestamp, o.nowMs),
  ];
  return { cells, object: p };
}

const q = (v: string | number | undefined) => quantityString(v as string | undefined);

function resourceTarget(name: string, target: { averageValue?: string | number; averageUtilization?: number } | undefined, current: { averageValue?: string | number; averageUtilization?: number } | undefined): string {
  if (target?.averageValue !== undefined) return `${name}: ${current ? q(current.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
  const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const tgt = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${cur}/${tgt}`;
}

/** `formatHPAMetrics`: the first two metrics, `+ N more...`; none → `<none>`. */
export function formatHpaMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs?.length) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses?.[i];
    switch (spec.type) {
      case 'Resource':
        list.push(resourceTarget(spec.resource?.name ?? '', spec.resource?.target as never, st?.resource?.current as never));
        break;
      case 'ContainerResource':
        list.push(resourceTarget(spec.containerResource?.name ?? '', spec.containerResource?.target as never, st?.containerResource?.current as never));
        break;
      case 'Pods':
        list.push(`${st?.pods ? q(st.pods.current?.averageValue as string) : '<unknown>'}/${q(spec.pods?.target?.averageValue as string)}`);
        break;
      case 'External': {
        const t = spec.external?.target;
        if (t?.averageValue !== undefined) list.push(`${st?.external?.current?.averageValue !== undefined ? q(st.external.current.averageValue as string) : '<unknown>'}/${q(t.averageValue as string)} (avg)`);
        else list.push(`${st?.external ? q(st.external.current?.value as string) : '<unknown>'}/${q(t?.value as string)}`);
        break;
      }
      case 'Object': {
        const t = spec.object?.target;
        if (t?.type === 'AverageValue' && t.averageValue !== undefined) list.push(`${st?.object?.current?.averageValue !== undefined ? q(st.object.current.averageValue as string) : '<unknown>'}/${q(t.averageValue as string)} (avg)`);
        else list.push(`${st?.object ? q(st.object.current?.value as string) : '<unknown>'}/${q(t?.value as string)}`);
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export function hpaRow(h: HorizontalPodAutoscaler, o: PrintOptions): TableRow {
  const ref = h.spec?.scaleTargetRef;
  const min = h.spec?.minReplicas;
  const cells = [
    h.metadata?.name ?? '',
    `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    formatHpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
    min === undefined || min === null ? '<unset>' : String(min),
    h.spec?.maxReplicas ?? 0,
    h.status?.currentReplicas ?? 0,
    since(h.metadata?.creationTimestamp, o.nowMs),
  ];
  return { cells, object: h };
}
