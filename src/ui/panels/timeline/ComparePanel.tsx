/**
 * "Compare two moments" (lazily loaded): pick moment A and B (the start, any marker, now) and
 * the worker rebuilds the cluster at both and lists the objects added, removed and changed,
 * field by field — what `kubectl get -o yaml` at both times and a diff would show, without
 * the noise (resourceVersion, managedFields, timestamps) unless asked.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import type { Comparison, FieldChange, ObjectChange } from '../../../worker/protocol';
import { kubectlError, send } from '../../actions';
import { useStore } from '../../state/hooks';
import { formatT, timelineStore } from './state';
import { MARKER_LOOK } from './TimelineBar';

interface Moment {
  t: number;
  label: string;
}

const MAX_VALUE = 120;

function show(v: unknown): string {
  if (v === undefined) return '∅';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function Field({ f }: { f: FieldChange }) {
  return (
    <li className="cmp-field">
      <span className="mono cmp-path">{f.path}</span> <span className="mono cmp-before">{show(f.before)}</span> <span aria-label="became">→</span>{' '}
      <span className="mono cmp-after">{show(f.after)}</span>
    </li>
  );
}

function Group({ title, items, tone }: { title: string; items: ObjectChange[]; tone: string }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  return (
    <section className={`cmp-group tone-${tone}`} data-testid={`compare.${title.toLowerCase()}`}>
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul>
          {items.map((o) => (
            <li key={o.key} className="cmp-object">
              <span className="mono">{o.key.replace(/\/\//, '/')}</span> <span className="muted">{o.kind}</span>
              {o.fields && (
                <>
                  {' '}
                  <button type="button" className="link" aria-expanded={!!open[o.key]} onClick={() => setOpen((s) => ({ ...s, [o.key]: !s[o.key] }))}>
                    {o.fields.length} field{o.fields.length === 1 ? '' : 's'}
                  </button>
                  {open[o.key] && (
                    <ul className="cmp-fields">
                      {o.fields.slice(0, 60).map((f) => (
                        <Field key={f.path} f={f} />
                      ))}
                      {o.fields.length > 60 && <li className="muted">… {o.fields.length - 60} more</li>}
                    </ul>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function ComparePanel({ onClose }: { onClose(): void }) {
  // the moments offered are fixed when the dialog opens (the clock may run on behind it)
  const liveNow = useStore((s) => s.clock.now);
  const [now] = useState(() => Math.round(liveNow));
  const markers = useZustand(timelineStore, (s) => s.markers);
  const [end] = useState(() => Math.max(timelineStore.getState().end, now));
  const moments = useMemo<Moment[]>(() => {
    const out: Moment[] = [{ t: 0, label: `${formatT(0)} the start` }];
    const seen = new Set([0]);
    for (const m of markers) {
      if (seen.has(m.t) || m.t > end) continue;
      seen.add(m.t);
      out.push({ t: m.t, label: `${formatT(m.t)} ${MARKER_LOOK[m.kind].icon} ${m.text}` });
    }
    if (!seen.has(now)) out.push({ t: now, label: `${formatT(now)} now` });
    if (end > now && !seen.has(end)) out.push({ t: end, label: `${formatT(end)} the end of this branch` });
    return out.sort((a, b) => a.t - b.t);
  }, [markers, now, end]);
  const [a, setA] = useState(() => moments.filter((m) => m.t < now - 1000).at(-1)?.t ?? 0);
  const [b, setB] = useState(now);
  const [noise, setNoise] = useState(true);
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await send<Comparison>({ op: 'compare', t1: a, t2: b, ignoreNoise: noise }));
    } catch (e) {
      setError(kubectlError(e));
    } finally {
      setBusy(false);
    }
  };

  const picker = (id: string, value: number, set: (t: number) => void) => (
    <select id={id} data-testid={id} value={value} onChange={(e) => set(Number(e.target.value))}>
      {moments.map((m) => (
        <option key={m.t} value={m.t}>
          {m.label}
        </option>
      ))}
    </select>
  );

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div ref={dialog} className="modal compare" role="dialog" aria-modal="true" aria-labelledby="compare-title" tabIndex={-1} data-testid="compare" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // the app's keys (space, digits) must not act behind the dialog; Escape closes it
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <header className="modal-head">
          <h2 id="compare-title">Compare two moments</h2>
          <button type="button" className="btn" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="cmp-pick">
          <label htmlFor="compare.a">Moment A</label>
          {picker('compare.a', a, setA)}
          <label htmlFor="compare.b">Moment B</label>
          {picker('compare.b', b, setB)}
          <label className="cmp-noise">
            <input type="checkbox" checked={noise} onChange={(e) => setNoise(e.target.checked)} /> hide noise (resourceVersion, managedFields, timestamps)
          </label>
          <button type="button" className="btn primary" data-testid="compare.run" disabled={busy} onClick={() => void run()}>
            {busy ? 'Comparing…' : 'Compare'}
          </button>
        </div>
        {error && (
          <p className="cmp-error" role="alert">
            {error}
          </p>
        )}
        {result && (
          <div className="cmp-result" data-testid="compare.result">
            <p className="muted">
              From {formatT(result.t1)} to {formatT(result.t2)} (Events and Leases left out):
            </p>
            <Group title="Added" items={result.added} tone="ok" />
            <Group title="Removed" items={result.removed} tone="failed" />
            <Group title="Changed" items={result.changed} tone="progress" />
          </div>
        )}
      </div>
    </div>
  );
}
