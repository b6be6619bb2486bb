/** A pod's summary (kubectl's columns, conditions) and what you can do: delete it, crash a container. */
import type { Pod } from 'kubernetes-types/core/v1';
import { useMemo, useState } from 'react';
import { crashContainer, deletePod, kubectlDeletePodLine } from '../../actions';
import { StatusIcon } from '../../canvas/StatusIcon';
import { podColumns, restartsText } from '../../state/podstatus';
import { useStore } from '../../state/hooks';
import { podTone } from '../../state/views';
import { claimsOf, controllerOf } from '../../state/workloads';
import { Action, age, Row, useNowMs } from './common';

export function PodSummary({ id }: { id: string }) {
  const pod = useStore((s) => s.objects.pods[id]) as Pod | undefined;
  const nowMs = useNowMs();
  const cols = useMemo(() => (pod ? podColumns(pod) : undefined), [pod]);
  const [container, setContainer] = useState<string>('');
  if (!pod || !cols) return <p className="muted">This pod is gone: its object was deleted from the API server.</p>;
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? 'default';
  const owner = controllerOf(pod);
  const tone = podTone(cols.status, cols.ready, cols.total);
  const deleting = !!pod.metadata?.deletionTimestamp;
  const containers = pod.spec?.containers?.map((c) => c.name) ?? [];
  const target = container || containers[0] || '';
  const running = pod.status?.containerStatuses?.some((c) => c.name === target && c.state?.running);
  return (
    <>
      <p className={`badge tone-${tone}`} data-testid="inspector.status">
        <StatusIcon tone={tone} /> {cols.status}
      </p>
      <dl className="facts">
        <Row k="Namespace" v={ns} mono />
        <Row k="READY" v={`${cols.ready}/${cols.total}`} mono />
        <Row k="RESTARTS" v={restartsText(cols, nowMs)} mono />
        <Row k="AGE" v={age(nowMs, pod.metadata?.creationTimestamp)} mono />
        <Row k="NODE" v={pod.spec?.nodeName || '<none>'} mono />
        <Row k="IP" v={pod.status?.podIP || '<none>'} mono />
        {owner && <Row k="Controlled By" v={`${owner.kind}/${owner.name}`} mono />}
        <Row k="Image" v={pod.spec?.containers?.map((c) => c.image).join(', ')} mono />
        {claimsOf(pod).length > 0 && <Row k="Claims" v={claimsOf(pod).map((c) => c.split('/')[1]).join(', ')} mono />}
      </dl>
      {pod.status?.conditions?.length ? (
        <ul className="conditions" aria-label="Conditions">
          {pod.status.conditions.map((c) => (
            <li key={c.type} className={c.status === 'True' ? 'true' : 'false'}>
              <span className="mono">{c.type}</span> {c.status}
              {c.reason ? <span className="muted"> ({c.reason})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="action">
        <Action label="Delete pod" testid="action.delete-pod" commandTestid="action.kubectl" danger disabled={deleting} command={kubectlDeletePodLine(ns, name)} onClick={() => deletePod(ns, name)} note={owner ? `Its ${owner.kind} creates a replacement at once.` : 'Nothing owns it: it will not come back.'} />
        {containers.length > 1 && (
          <label className="small">
            container{' '}
            <select value={target} onChange={(e) => setContainer(e.target.value)}>
              {containers.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
        <Action
          label="Crash the container"
          testid="action.crash"
          disabled={deleting || !running}
          command={`kill -9 <pid of ${target}>  # on ${pod.spec?.nodeName ?? 'the node'}`}
          onClick={() => crashContainer(ns, name, target)}
          note="Chaos, not an API call: the process dies (exit 137); the kubelet restarts it, with back-off if it keeps crashing."
        />
      </div>
    </>
  );
}
