/**
 * Live text from the worker's kubectl: `get -o yaml` or `describe`. Fetched on demand (the
 * mirror holds compact pods only) and again when the object's resourceVersion changes — at most
 * every half second, so a busy object does not flood the wire.
 */
import { useEffect, useRef, useState } from 'react';
import { kubectl } from '../../actions';

export function TextTab({ line, version, testid }: { line: string; version: string; testid: string }) {
  const [text, setText] = useState<string>('');
  const [error, setError] = useState(false);
  const last = useRef(0);
  useEffect(() => {
    let cancelled = false;
    const wait = Math.max(0, 500 - (performance.now() - last.current));
    const t = setTimeout(() => {
      last.current = performance.now();
      kubectl(line)
        .then((r) => {
          if (cancelled) return;
          setText((r.stdout + r.stderr).trimEnd());
          setError(r.exitCode !== 0);
        })
        .catch((e: unknown) => {
          if (!cancelled) {
            setText(String(e instanceof Error ? e.message : e));
            setError(true);
          }
        });
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [line, version]);
  return (
    <div className="text-tab">
      <code className="kubectl">$ {line}</code>
      <pre className={`text-out${error ? ' err' : ''}`} data-testid={testid} tabIndex={0} aria-label={`Output of ${line}`}>
        {text || 'loading…'}
      </pre>
    </div>
  );
}
