/**
 * A node: its status, conditions and taints, and what you can do — through kubectl (cordon,
 * uncordon, drain, so drain's real rules apply) or to the machine under it (network, power,
 * removal), which the control plane only notices by what stops arriving.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { cordon, drain, powerMachine, removeMachine, setNetwork } from '../../actions';
import { taintText } from '../../canvas/MachineNode';
import { useStore } from '../../state/hooks';
import { formatCpu, formatMemory } from '../../state/quantity';
import { nodeStatusWord } from '../../state/views';
import { Action, age, Row, useNowMs } from './common';

export function NodeSummary({ name }: { name: string }) {
  const machine = useStore((s) => s.machines[name]);
  const node = useStore((s) => s.objects.nodes[`/${name}`]) as Node | undefined;
  const nowMs = useNowMs();
  if (!machine) return <p className="muted">This machine is gone.</p>;
  const word = node ? nodeStatusWord(node) : 'not registered';
  const cp = machine.role === 'control-plane';
  const cordoned = !!node?.spec?.unschedulable;
  return (
    <>
      <dl className="facts">
        <Row k="STATUS" v={word} mono />
        <Row k="ROLES" v={cp ? 'control-plane' : '<none>'} mono />
        <Row k="AGE" v={age(nowMs, node?.metadata?.creationTimestamp)} mono />
        <Row k="VERSION" v={node?.status?.nodeInfo?.kubeletVersion ?? '—'} mono />
        <Row k="INTERNAL-IP" v={machine.internalIP} mono />
        <Row k="Capacity" v={`${formatCpu(machine.cpuMillis)} cpu, ${formatMemory(machine.memoryBytes)}, ${machine.maxPods} pods`} mono />
        <Row k="Machine" v={`${machine.powered ? 'powered on' : 'powered off'}${machine.powered && !machine.network ? ', network cut' : ''}`} />
      </dl>
      {node?.status?.conditions?.length ? (
        <ul className="conditions" aria-label="Conditions">
          {node.status.conditions.map((c) => (
            <li key={c.type} className={(c.type === 'Ready') === (c.status === 'True') ? 'true' : 'false'} title={c.message}>
              <span className="mono">{c.type}</span> {c.status}
              {c.reason ? <span className="muted"> ({c.reason})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {node?.spec?.taints?.length ? (
        <ul className="conditions" aria-label="Taints" data-testid="inspector.taints">
          {node.spec.taints.map((t) => (
            <li key={`${t.key}:${t.effect}`} className="mono">
              {taintText(t)}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="action">
        {!cp && (
          <>
            <h3>Through the API</h3>
            <Action label={cordoned ? 'Uncordon' : 'Cordon'} testid={cordoned ? 'action.uncordon' : 'action.cordon'} command={`kubectl ${cordoned ? 'uncordon' : 'cordon'} ${name}`} onClick={() => cordon(name, !cordoned)} note={cordoned ? undefined : 'Marks it unschedulable; running pods stay.'} />
            <Action label="Drain" testid="action.drain" danger command={`kubectl drain ${name} --ignore-daemonsets --delete-emptydir-data`} onClick={() => drain(name)} note="Cordons, then evicts every pod (PodDisruptionBudgets apply); controllers recreate them elsewhere." />
          </>
        )}
        <h3>The machine (infrastructure)</h3>
        {machine.powered && !cp && (
          <Action
            label={machine.network ? 'Cut the network' : 'Restore the network'}
            testid={machine.network ? 'action.network-off' : 'action.network-on'}
            command={`ip link set eth0 ${machine.network ? 'down' : 'up'}  # on ${name}`}
            onClick={() => setNetwork(name, !machine.network)}
            danger={machine.network}
          />
        )}
        {machine.powered ? (
          <Action label="Power off" testid="action.power-off" danger command={`poweroff  # on ${name}`} onClick={() => powerMachine(name, false)} note="The control plane only notices missing heartbeats: NotReady after 50 s, pods evicted 300 s later." />
        ) : (
          <Action label="Power on" testid="action.power-on" command={`# press the power button of ${name}`} onClick={() => powerMachine(name, true)} />
        )}
        {!cp && <Action label="Remove the node" testid="action.remove-node" danger command={`kubectl delete node ${name}`} onClick={() => removeMachine(name)} note="The machine is deleted with its Node object; its pods are garbage-collected and replaced." />}
      </div>
    </>
  );
}
