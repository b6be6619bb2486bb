/**
 * "Why": the owner chain (pod → ReplicaSet → Deployment), what the pod's own fields say, and
 * for a pod the scheduler's decision — per node which plugin filtered it out and why, the
 * scores of the feasible ones — fetched from the scheduler's record on demand.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { useEffect, useState } from 'react';
import type { SchedulingDecision } from '../../../sim/scheduler/decisions';
import { send } from '../../actions';
import { useStore } from '../../state/hooks';
import { select } from '../../state/store';
import { explainPod } from '../../state/why';
import { controllerOf } from '../../state/workloads';

const RESOURCE_OF: Record<string, string> = { ReplicaSet: 'replicasets', Deployment: 'deployments' };

/** The chain of controllers above an object, nearest first. */
function OwnerChain({ namespace, start }: { namespace: string; start: { kind: string; name: string } | undefined }) {
  const chain = useStore((s) => {
    const out: { kind: string; name: string }[] = [];
    let cur = start;
    for (let i = 0; cur && i < 4; i++) {
      out.push(cur);
      const r = RESOURCE_OF[cur.kind];
      cur = r ? controllerOf(s.objects[r as 'replicasets'][`${namespace}/${cur.name}`]) : undefined;
    }
    return JSON.stringify(out);
  });
  const list = JSON.parse(chain) as { kind: string; name: string }[];
  if (!list.length) return <p className="muted small">No controller owns it: nothing recreates it if it is deleted.</p>;
  return (
    <ol className="owner-chain" aria-label="Owner chain" data-testid="inspector.owners">
      {list.map((o) => (
        <li key={`${o.kind}/${o.name}`}>
          <span className="muted">controlled by</span>{' '}
          {RESOURCE_OF[o.kind] ? (
            <button type="button" className="link mono" onClick={() => select({ kind: 'object', resource: RESOURCE_OF[o.kind], id: `${namespace}/${o.name}` })}>
              {o.kind}/{o.name}
            </button>
          ) : (
            <span className="mono">
              {o.kind}/{o.name}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Decision({ d }: { d: SchedulingDecision }) {
  const plugins = d.scores[0] ? Object.keys(d.scores[0].byPlugin).filter((p) => d.scores.some((s) => s.byPlugin[p])) : [];
  return (
    <div className="decision" data-testid="inspector.decision">
      <p className="small">
        {d.result === 'Scheduled' ? (
          <>
            Scheduled to <b className="mono">{d.node}</b>: {d.feasible} of {d.nodesTotal} nodes fit ({d.evaluated} evaluated), the highest score won.
          </>
        ) : (
          <>
            <b>Unschedulable</b> (attempt {d.attempt}):
          </>
        )}
      </p>
      {d.message && (
        <pre className="text-out err small" data-testid="inspector.decision.message">
          {d.message}
        </pre>
      )}
      {d.filtered.length > 0 && (
        <table className="events-table" aria-label="Nodes filtered out">
          <thead>
            <tr>
              <th>Node</th>
              <th>Filtered by</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {d.filtered.map((f) => (
              <tr key={`${f.node}:${f.plugin}`}>
                <td className="mono">{f.node}</td>
                <td className="mono">{f.plugin}</td>
                <td>{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.summarized && (
        <ul className="small">
          {Object.entries(d.reasonCounts).map(([r, n]) => (
            <li key={r}>
              {n} node{n === 1 ? '' : 's'}: {r}
            </li>
          ))}
        </ul>
      )}
      {d.scores.length > 0 && (
        <table className="events-table" aria-label="Scores of the nodes that fit">
          <thead>
            <tr>
              <th>Node</th>
              <th>Score</th>
              {plugins.map((p) => (
                <th key={p} title={p}>
                  {p.replace(/^NodeResources/, '').replace(/Balanced/, 'Bal').slice(0, 10)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.scores.map((s) => (
              <tr key={s.node} className={s.node === d.node ? 'chosen' : undefined}>
                <td className="mono">{s.node}</td>
                <td className="mono">{s.total}</td>
                {plugins.map((p) => (
                  <td key={p} className="mono">
                    {s.byPlugin[p] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SchedulerRecord({ pod }: { pod: Pod }) {
  const [d, setD] = useState<SchedulingDecision | null | undefined>(undefined);
  const ns = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const rv = pod.metadata?.resourceVersion;
  const schedulerUp = useStore((s) => Object.values(s.machines).some((m) => m.role === 'control-plane' && m.powered && m.processes['kube-scheduler']));
  useEffect(() => {
    let cancelled = false;
    send<SchedulingDecision | null>({ op: 'schedulingDecision', namespace: ns, name })
      .then((r) => !cancelled && setD(r))
      .catch(() => !cancelled && setD(null));
    return () => {
      cancelled = true;
    };
  }, [ns, name, rv]);
  if (d === undefined) return <p className="muted small">asking the scheduler…</p>;
  if (!d)
    return (
      <p className="muted small" data-testid="inspector.decision">
        {!schedulerUp ? 'The scheduler is not running: nobody binds pending pods until it starts again.' : pod.spec?.nodeName ? `Bound to ${pod.spec.nodeName}; the scheduler no longer keeps this record.` : 'The scheduler has not tried this pod yet.'}
      </p>
    );
  return <Decision d={d} />;
}

export function WhyTab({ resource, id }: { resource: string; id: string }) {
  const obj = useStore((s) => (s.objects as Record<string, Record<string, unknown>>)[resource]?.[id]) as Pod | undefined;
  if (!obj) return <p className="muted">Gone from the API server.</p>;
  const ns = obj.metadata?.namespace ?? '';
  return (
    <div className="why" data-testid="inspector.why">
      <h3>Who owns it</h3>
      <OwnerChain namespace={ns} start={controllerOf(obj)} />
      {resource === 'pods' && (
        <>
          <h3>What its status says</h3>
          <ul className="why-list">
            {explainPod(obj).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <h3>The scheduler's decision</h3>
          <SchedulerRecord pod={obj} />
        </>
      )}
    </div>
  );
}
