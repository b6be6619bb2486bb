/**
 * One probe against a running container's program (`pkg/kubelet/prober`): httpGet (200–399 is
 * success), tcpSocket, exec and grpc, with the real failure output that ends up in the
 * `Unhealthy` event (`HTTP probe failed with statuscode: 404`, `dial tcp …: connect: connection
 * refused`, busybox's `cat: can't open …`).
 */
import type { Container, Probe } from '../api/types';
import { fileExists, tokenize, type Program } from './program';

export interface ProbeResult {
  ok: boolean;
  output: string;
}

function portOf(port: number | string | undefined, c: Container): number {
  if (typeof port === 'number') return port;
  if (port === undefined) return 0;
  const named = c.ports?.find((p) => p.name === port);
  return named ? named.containerPort : Number(port) || 0;
}

function listening(p: Program, port: number, elapsedMs: number): boolean {
  return p.serveAfterMs !== null && elapsedMs >= p.serveAfterMs && p.ports.includes(port);
}

export function runProbe(probe: Probe, p: Program, c: Container, elapsedMs: number, ip: string): ProbeResult {
  if (probe.httpGet) {
    const port = portOf(probe.httpGet.port as number | string, c);
    const path = probe.httpGet.path || '/';
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = probe.httpGet.host || ip;
    const url = `${scheme}://${host}:${port}${path}`;
    if (!listening(p, port, elapsedMs)) return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    if (!p.http) return { ok: false, output: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response` };
    let code = p.http[path] ?? p.http['*'] ?? p.otherStatus;
    if (path === '/healthz' && p.unhealthyAfterMs !== undefined && elapsedMs >= p.unhealthyAfterMs) code = 500;
    if (code >= 200 && code < 400) return { ok: true, output: '' };
    return { ok: false, output: `HTTP probe failed with statuscode: ${code}` };
  }
  if (probe.tcpSocket) {
    const port = portOf(probe.tcpSocket.port as number | string, c);
    const host = probe.tcpSocket.host || ip;
    if (!listening(p, port, elapsedMs)) return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
    return { ok: true, output: '' };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (!listening(p, port, elapsedMs)) return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within 1s: context deadline exceeded` };
    return { ok: true, output: '' };
  }
  if (probe.exec) return execProbe(probe.exec.command ?? [], p, elapsedMs);
  return { ok: true, output: '' };
}

function execProbe(command: string[], p: Program, elapsedMs: number): ProbeResult {
  let words = command;
  const sh = (command[0] ?? '').split('/').pop();
  if ((sh === 'sh' || sh === 'bash') && command[1] === '-c') words = tokenize(command.slice(2).join(' ')).filter((w) => w !== ';');
  const cmd = (words[0] ?? '').split('/').pop();
  const file = words.find((w, i) => i > 0 && w.startsWith('/'));
  switch (cmd) {
    case 'cat':
    case 'ls':
    case 'test':
    case 'stat':
      if (file && !fileExists(p, file, elapsedMs) && !isImageFile(file)) {
        const out =
          cmd === 'cat' ? `cat: can't open '${file}': No such file or directory` : cmd === 'ls' ? `ls: ${file}: No such file or directory` : cmd === 'stat' ? `stat: can't stat '${file}': No such file or directory` : '';
        return { ok: false, output: out };
      }
      return { ok: true, output: '' };
    case 'false':
      return { ok: false, output: '' };
    case 'exit':
      return words[1] && words[1] !== '0' ? { ok: false, output: '' } : { ok: true, output: '' };
    default: {
      // database clients and friends (`redis-cli ping`, `pg_isready`): fine once the server serves
      const serving = p.serveAfterMs === null || elapsedMs >= p.serveAfterMs;
      return serving ? { ok: true, output: '' } : { ok: false, output: '' };
    }
  }
}

/** Files every image has: probes that `cat /etc/hostname` succeed. */
function isImageFile(path: string): boolean {
  return path.startsWith('/etc/') || path.startsWith('/usr/') || path.startsWith('/bin/') || path === '/' || path.startsWith('/proc/');
}
