/**
 * What is selected, as `kubectl get`/`describe` would summarise it, and what you can do to it:
 * delete a pod (an API call, shown as its kubectl line) or pull a machine's plug (infrastructure).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { useMemo } from 'react';
import { deletePod, kubectlDeletePodLine, powerMachine } from '../actions';
import { humanDuration, podColumns, restartsText } from '../state/podstatus';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import { nodeStatusWord, podTone } from '../state/views';
import { StatusIcon } from '../canvas/StatusIcon';

function Row({ k, v, mono }: { k: string; v: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{k}</dt>
      <dd className={mono ? 'mono' : undefined}>{v}</dd>
    </>
  );
}

function age(nowMs: number, ts: string | undefined): string {
  return ts ? humanDuration(nowMs - Date.parse(ts)) : '<unknown>';
}

function PodInspector({ id }: { id: string }) {
  const pod = useStore((s) => s.objects.pods[id]) as Pod | undefined;
  const nowMs = useStore((s) => s.clock.epochMs + Math.floor(s.clock.now / 1000) * 1000);
  const cols = useMemo(() => (pod ? podColumns(pod) : undefined), [pod]);
  if (!pod || !cols) return <p className="muted">This pod is gone: its object was deleted from the API server.</p>;
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? 'default';
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const tone = podTone(cols.status, cols.ready, cols.total);
  const deleting = !!pod.metadata?.deletionTimestamp;
  return (
    <>
      <h2 className="mono">{name}</h2>
      <p className={`badge tone-${tone}`} data-testid="inspector.status">
        <StatusIcon tone={tone} /> {cols.status}
      </p>
      <dl className="facts">
        <Row k="Namespace" v={ns} mono />
        <Row k="READY" v={`${cols.ready}/${cols.total}`} mono />
        <Row k="RESTARTS" v={restartsText(cols, nowMs)} mono />
        <Row k="AGE" v={age(nowMs, pod.metadata?.creationTimestamp)} mono />
        <Row k="Node" v={pod.spec?.nodeName || '<none>'} mono />
        <Row k="IP" v={pod.status?.podIP || '<none>'} mono />
        {owner && <Row k="Controlled by" v={`${owner.kind}/${owner.name}`} mono />}
        <Row k="Image" v={pod.spec?.containers?.map((c) => c.image).join(', ')} mono />
      </dl>
      {pod.status?.conditions?.length ? (
        <ul className="conditions" aria-label="Conditions">
          {pod.status.conditions.map((c) => (
            <li key={c.type} className={c.status === 'True' ? 'true' : 'false'} title={c.message}>
              <span className="mono">{c.type}</span> {c.status}
              {c.reason ? <span className="muted"> ({c.reason})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="action">
        <button type="button" className="btn danger" data-testid="action.delete-pod" disabled={deleting} onClick={() => deletePod(ns, name)}>
          Delete pod
        </button>
        <code className="kubectl" data-testid="action.kubectl">
          $ {kubectlDeletePodLine(ns, name)}
        </code>
      </div>
    </>
  );
}

function NodeInspector({ name }: { name: string }) {
  const machine = useStore((s) => s.machines[name]);
  const node = useStore((s) => s.objects.nodes[`/${name}`]) as Node | undefined;
  const nowMs = useStore((s) => s.clock.epochMs + Math.floor(s.clock.now / 1000) * 1000);
  if (!machine) return <p className="muted">This machine is gone.</p>;
  const word = node ? nodeStatusWord(node) : 'not registered';
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  return (
    <>
      <h2 className="mono">{name}</h2>
      <dl className="facts">
        <Row k="STATUS" v={word} mono />
        <Row k="ROLES" v={machine.role === 'control-plane' ? 'control-plane' : '<none>'} mono />
        <Row k="AGE" v={age(nowMs, node?.metadata?.creationTimestamp)} mono />
        <Row k="VERSION" v={node?.status?.nodeInfo?.kubeletVersion ?? '—'} mono />
        <Row k="INTERNAL-IP" v={machine.internalIP} mono />
        <Row k="Machine" v={machine.powered ? 'powered on' : 'powered off'} />
      </dl>
      {ready && (
        <p className="muted" title="the Ready condition">
          Ready: {ready.status}
          {ready.reason ? ` — ${ready.reason}` : ''}
          {ready.message ? `: ${ready.message}` : ''}
        </p>
      )}
      {node?.spec?.taints?.length ? (
        <ul className="conditions" aria-label="Taints">
          {node.spec.taints.map((t) => (
            <li key={`${t.key}:${t.effect}`} className="mono">
              {t.key}
              {t.value ? `=${t.value}` : ''}:{t.effect}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="action">
        {machine.powered ? (
          <button type="button" className="btn danger" data-testid="action.power-off" onClick={() => powerMachine(name, false)}>
            Power off
          </button>
        ) : (
          <button type="button" className="btn" data-testid="action.power-on" onClick={() => powerMachine(name, true)}>
            Power on
          </button>
        )}
        <p className="muted small">Infrastructure, not an API call: the control plane only notices missing heartbeats (50 s grace, then 300 s until pods are evicted).</p>
      </div>
    </>
  );
}

export function Inspector() {
  const selection = useStore((s) => s.selection);
  const outcome = useStore((s) => s.outcome);
  if (!selection) {
    return (
      <aside className="inspector empty" data-testid="inspector" aria-label="Inspector">
        <p className="muted">Click a pod or a node name to inspect it. Delete a pod, or pull the plug on a machine, and watch Kubernetes put things right.</p>
      </aside>
    );
  }
  return (
    <aside className="inspector" data-testid="inspector" aria-label="Inspector">
      <button type="button" className="close" aria-label="Close inspector" onClick={() => select(null)}>
        ×
      </button>
      {selection.kind === 'pod' ? <PodInspector id={selection.id} /> : <NodeInspector name={selection.name} />}
      {outcome && (
        <pre className={`outcome ${outcome.ok ? 'ok' : 'err'}`} data-testid="action.outcome" role="status">
          {outcome.text}
        </pre>
      )}
    </aside>
  );
}
