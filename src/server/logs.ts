/**
 * `GET pods/<name>/log`: the container's log as text/plain, from the kubelet's log hook.
 * `follow=true` keeps the response open and writes what the container prints as the cluster
 * runs, until the container stops or the pod is gone (as the kubelet's stream ends).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotFound } from '../sim/api/errors';
import type { Pod } from '../sim/api/types';
import type { LogOptions } from '../sim/apiserver/apiserver';
import { boolParam, intParam } from './http';
import type { RestContext } from './rest';

const POLL_MS = 200;

export function serveLogs(ctx: RestContext, req: IncomingMessage, res: ServerResponse, namespace: string, name: string, q: URLSearchParams): void {
  const opts: LogOptions = {
    container: q.get('container') || undefined,
    previous: boolParam(q, 'previous'),
    tailLines: intParam(q, 'tailLines'),
    sinceSeconds: intParam(q, 'sinceSeconds'),
    timestamps: boolParam(q, 'timestamps'),
  };
  const limitBytes = intParam(q, 'limitBytes');
  const first = ctx.client.logs(namespace, name, opts);
  const clip = (s: string) => (limitBytes !== undefined ? s.slice(0, limitBytes) : s);
  if (!boolParam(q, 'follow')) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(clip(first));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.write(first);
  // what has been sent, measured on the untailed log so new lines are found by prefix
  const full = () => ctx.client.logs(namespace, name, { ...opts, tailLines: undefined, sinceSeconds: undefined });
  let sent = full();
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    clearInterval(timer);
    res.end();
  };
  const timer = setInterval(() => {
    try {
      const pod = ctx.client.get<Pod>('pods', namespace, name);
      const now = full();
      if (now.startsWith(sent) && now.length > sent.length) res.write(now.slice(sent.length));
      sent = now;
      const c = pod.status?.containerStatuses?.find((s) => !opts.container || s.name === opts.container);
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || c?.state?.terminated) stop();
    } catch (e) {
      if (isNotFound(e)) return stop();
      stop();
    }
  }, POLL_MS);
  req.on('close', stop);
}
