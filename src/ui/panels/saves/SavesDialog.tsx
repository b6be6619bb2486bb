/**
 * Saves, files, links and export (lazily loaded). Everything stays in this browser: named saves
 * and the autosave live in IndexedDB (the worker writes them), files go through download and
 * upload, a share link carries the actions in its `#fragment` (never sent to a server), and
 * "Export YAML" gives the learner's own objects for `kubectl apply -f` on kind or minikube.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaveEntry } from '../../../worker/protocol';
import { send } from '../../actions';
import { download, shareUrl, stamp } from './download';
import '../timeline/timeline.css';
import './saves.css';

const AUTOSAVE = '(autosave)';

interface Status {
  ok: boolean;
  text: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export default function SavesDialog({ onClose }: { onClose(): void }) {
  const [saves, setSaves] = useState<SaveEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => {
    send<SaveEntry[]>({ op: 'saves' }).then(
      (l) => {
        setSaves(l);
        setListError(null);
      },
      (e) => setListError(errorText(e)),
    );
  }, []);

  useEffect(() => {
    refresh();
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [refresh, onClose]);

  const act = async (what: () => Promise<string>, close = false) => {
    try {
      const text = await what();
      setStatus({ ok: true, text });
      refresh();
      if (close) onClose();
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    }
  };

  const opened = (label: string) => (r: { warnings?: string[] }) => (r.warnings?.length ? `${label}. ${r.warnings.join(' ')}` : label);

  const saveAs = () =>
    act(async () => {
      const n = name.trim();
      if (!n) throw new Error('Give the save a name first.');
      await send({ op: 'saveAs', name: n });
      setName('');
      return `Saved as "${n}".`;
    });

  const upload = (f: File) =>
    act(async () => {
      if (f.size > 64 * 1024 * 1024) throw new Error(`${f.name} is too large to be a playground save (${kb(f.size)}).`);
      const text = await f.text();
      return opened(`Opened ${f.name}`)(await send<{ warnings: string[] }>({ op: 'importSave', text }));
    });

  const share = () =>
    act(async () => {
      const url = shareUrl(await send<string>({ op: 'shareLink' }));
      setLink(url);
      try {
        await navigator.clipboard.writeText(url);
        return 'The link is copied: whoever opens it gets this playground (up to now) in their browser.';
      } catch {
        return 'Copy the link below: whoever opens it gets this playground (up to now) in their browser.';
      }
    });

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div ref={dialog} className="modal saves" role="dialog" aria-modal="true" aria-labelledby="saves-title" tabIndex={-1} data-testid="saves" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // the app's keys (space, digits) must not act behind the dialog; Escape closes it
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <header className="modal-head">
          <h2 id="saves-title">Saves, links and export</h2>
          <button type="button" className="btn" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {status && (
          <p className={`saves-status ${status.ok ? 'ok' : 'error'}`} role={status.ok ? 'status' : 'alert'} data-testid="saves.status">
            {status.text}
          </p>
        )}

        <section>
          <h3>In this browser</h3>
          <p className="muted small">The playground autosaves every few seconds: closing the tab loses nothing.</p>
          {listError && <p className="saves-status error">{listError}</p>}
          {saves && saves.length === 0 && <p className="muted">No saves yet.</p>}
          {saves && saves.length > 0 && (
            <ul className="saves-list" data-testid="saves.list">
              {saves.map((s) => (
                <li key={s.name} data-testid={`saves.item.${s.name}`}>
                  <span className="saves-name">{s.name === AUTOSAVE ? 'Autosave' : s.name}</span>
                  <span className="muted small">
                    {when(s.savedAt)} · {kb(s.size)}
                  </span>
                  <button type="button" className="btn" onClick={() => void act(async () => opened(`Opened "${s.name}"`)(await send({ op: 'openSave', name: s.name })), true)}>
                    Open
                  </button>
                  {s.name !== AUTOSAVE && (
                    <button type="button" className="btn danger" aria-label={`Delete ${s.name}`} onClick={() => void act(async () => (await send({ op: 'deleteSave', name: s.name }), `Deleted "${s.name}".`))}>
                      Delete
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <form
            className="saves-row"
            onSubmit={(e) => {
              e.preventDefault();
              void saveAs();
            }}
          >
            <label htmlFor="saves.name">Save as</label>
            <input id="saves.name" data-testid="saves.name" value={name} maxLength={100} placeholder="e.g. before the rollout" onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="btn primary" data-testid="saves.save">
              Save
            </button>
          </form>
        </section>

        <section>
          <h3>Files</h3>
          <div className="saves-row">
            <button type="button" className="btn" data-testid="saves.download" onClick={() => void act(async () => (download(`kubernetes-playground-${stamp()}.json`, await send<string>({ op: 'exportSave' })), 'The save file is downloading.'))}>
              Download save file
            </button>
            <button type="button" className="btn" data-testid="saves.upload" onClick={() => file.current?.click()}>
              Open a save file…
            </button>
            <input
              ref={file}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="saves.file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
          </div>
        </section>

        <section>
          <h3>Share</h3>
          <div className="saves-row">
            <button type="button" className="btn" data-testid="saves.share" onClick={() => void share()}>
              Copy share link
            </button>
            <span className="muted small">The link holds your actions, not your data: it never leaves the browser until you send it.</span>
          </div>
          {link && <input className="saves-link mono" readOnly value={link} data-testid="share.link" aria-label="Share link" onFocus={(e) => e.target.select()} />}
        </section>

        <section>
          <h3>Take it to a real cluster</h3>
          <div className="saves-row">
            <button type="button" className="btn" data-testid="saves.yaml" onClick={() => void act(async () => (download('playground.yaml', await send<string>({ op: 'exportYaml' }), 'application/yaml'), 'playground.yaml is downloading.'))}>
              Export YAML for a real cluster
            </button>
          </div>
          <p className="muted small">
            Your own objects, without what a cluster makes by itself (pods of Deployments, ReplicaSets, Events…). Try them with <code>kind create cluster</code> (or <code>minikube start</code>), then{' '}
            <code>kubectl apply -f playground.yaml</code>.
          </p>
        </section>

        <section>
          <h3>Start over</h3>
          {confirmReset ? (
            <div className="saves-row">
              <span>A fresh cluster replaces this one and its autosave (named saves stay).</span>
              <button type="button" className="btn danger" data-testid="saves.reset.confirm" onClick={() => void act(async () => (await send({ op: 'reset' }), 'A fresh cluster started.'), true)}>
                Reset
              </button>
              <button type="button" className="btn" onClick={() => setConfirmReset(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="btn danger" data-testid="saves.reset" onClick={() => setConfirmReset(true)}>
              Reset to a fresh cluster…
            </button>
          )}
        </section>
      </div>
    </div>
  );
}
