/** describe.go's PodDisruptionBudget (policy/v1) describer. */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { selectorString } from '../printers/workloads';
import type { DescribeInput } from './describers';
import { describeEvents, DescribeWriter } from './writer';

export function describePodDisruptionBudget(pdb: PodDisruptionBudget, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = pdb.spec ?? {};
  const st = pdb.status;
  // describe.go prints neither labels nor annotations for a PDB
  w.write(0, `Name:\t${pdb.metadata?.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata?.namespace}\n`);
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(0, `Min available:\t${spec.minAvailable}\n`);
  else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`);
  // metav1.FormatLabelSelector: an empty selector selects everything and reads <none>
  w.write(0, `Selector:\t${spec.selector ? selectorString(spec.selector) || '<none>' : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${st?.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${st?.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${st?.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${st?.expectedPods ?? 0}\n`);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
