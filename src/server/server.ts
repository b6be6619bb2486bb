/**
 * A Kubernetes HTTP API over a headless simulated cluster, for the real kubectl (plain HTTP on
 * 127.0.0.1, no authentication). Routes: `/version`, discovery (aggregated and legacy),
 * `/openapi/v3`, health checks, and the REST verbs on every served resource.
 *
 * Time: with `speed > 0` the cluster's virtual clock follows the wall clock (× speed); with
 * `speed: 0` it only moves when the host calls `cluster.runFor(ms)` (the tests do).
 *
 * The kube-apiserver process being stopped in the simulation (or its machine powered off) closes
 * the listening socket and every open connection, so clients get what a dead API server gives
 * them: "connection refused". The socket opens again on the same port when the process is back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, ConnectionRefusedError } from '../sim/api/errors';
import type { KObject } from '../sim/api/types';
import { Cluster, type ClusterOptions } from '../sim/cluster';
import { AGGREGATED_CONTENT_TYPE, Discovery } from './discovery';
import { notServed, parseAccept, readBody, sendError, sendJson, sendText, statusError } from './http';
import { handleMetrics, metricsSource } from './metrics';
import { OpenApi } from './openapi';
import { OPENAPI_V2_PROTOBUF, openApiV2Json, openApiV2Protobuf } from './openapiv2';
import { decodeProtobuf, PROTOBUF } from './protobuf';
import { handleResource, type RestContext, type Target } from './rest';

export interface ApiServerOptions extends ClusterOptions {
  /** an existing cluster to serve (default: `Cluster.create(options)`) */
  cluster?: Cluster;
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** virtual seconds per wall second; 0 = the host advances the clock itself */
  speed?: number;
  /** log each request to this function */
  log?: (line: string) => void;
}

export interface RunningApiServer {
  cluster: Cluster;
  port: number;
  url: string;
  /** stops the clock, closes every connection and the socket */
  close(): Promise<void>;
}

const TICK_MS = 100;

export function serverVersion(cluster: Cluster): string {
  for (const n of cluster.store.iterate('nodes')) {
    const v = (n.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion;
    if (v) return v;
  }
  return 'v1.32.2';
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<RunningApiServer> {
  const cluster = options.cluster ?? Cluster.create(options);
  const host = options.host ?? '127.0.0.1';
  const metrics = metricsSource(cluster);
  const discovery = new Discovery(!!metrics);
  const openapi = new OpenApi(discovery);
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;
  let listening = false;
  let closed = false;

  const ctxFor = (userAgent: string | undefined): RestContext => ({
    // `kubectl/v1.32.4 (linux/amd64) kubernetes/abc` → the `kubectl` client the canvas shows
    client: cluster.client((userAgent ?? 'kubectl').split('/')[0] || 'kubectl'),
    nowMs: () => cluster.nowMs(),
    settle: () => cluster.settle(),
    hasPendingEvents: () => cluster.store.hasPending,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
    let body = raw.toString('utf8');
    options.log?.(`${method} ${req.url}`);
    // kubectl's typed clients send protobuf; the rest of the server reads JSON
    if ((req.headers['content-type'] ?? '').startsWith(PROTOBUF)) body = JSON.stringify(decodeProtobuf(raw));
    if (!cluster.apiServerUp()) throw new ConnectionRefusedError();
    const accept = parseAccept(req.headers.accept);

    if (path === '/version') {
      const gitVersion = serverVersion(cluster);
      const [, minor] = /^v\d+\.(\d+)/.exec(gitVersion) ?? ['', '32'];
      return sendJson(res, 200, { major: '1', minor, gitVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64' });
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(res, 200, 'ok');
    if (path === '/api' || path === '/apis') {
      if (accept.aggregatedDiscovery) return sendJson(res, 200, discovery.aggregated(path === '/api'), AGGREGATED_CONTENT_TYPE);
      return sendJson(res, 200, path === '/api' ? discovery.apiVersions(`${host}:${port}`) : discovery.apiGroupList());
    }
    if (path === '/openapi/v2') {
      if (/json/.test(req.headers.accept ?? '') && !/protobuf/.test(req.headers.accept ?? '')) return sendJson(res, 200, openApiV2Json(serverVersion(cluster)));
      const body = openApiV2Protobuf(serverVersion(cluster));
      res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': body.length });
      return void res.end(body);
    }
    if (path === '/openapi/v3') return sendJson(res, 200, openapi.root());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapi.docFor(path.slice('/openapi/v3/'.length));
      if (!doc) throw notServed();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc) });
      return void res.end(doc);
    }
    const segs = path.split('/').filter(Boolean);
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs.length >= 2) [group, version, rest] = ['', segs[1], segs.slice(2)];
    else if (segs[0] === 'apis' && segs.length >= 2) {
      if (segs.length === 2) {
        const g = discovery.apiGroup(segs[1]);
        if (!g) throw notServed();
        return sendJson(res, 200, g);
      }
      [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    } else return sendText(res, 404, '404 page not found\n');
    if (!discovery.servesGroupVersion(group, version)) throw notServed();
    if (!rest.length) return sendJson(res, 200, discovery.apiResourceList(group, version));
    // the old `/api/v1/watch/...` form
    if (rest[0] === 'watch') {
      rest = rest.slice(1);
      q.set('watch', 'true');
    }
    const target = parseTarget(discovery, group, version, rest);
    if (!target) throw notServed();
    if (group === 'metrics.k8s.io') {
      if (method !== 'GET') throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return handleMetrics(cluster, metrics!, res, target, q);
    }
    handleResource(ctxFor(req.headers['user-agent']), req, res, target, q, body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ConnectionRefusedError) {
        // the process died between accept and answer: the connection just drops
        req.socket.destroy();
        return;
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof ApiError) return sendError(res, e);
      options.log?.(`internal error: ${(e as Error)?.stack ?? e}`);
      sendError(res, statusError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? e}`));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as { port: number }).port;
        listening = true;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      listening = false;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  // follow the kube-apiserver process: down → refuse connections, up → listen again
  let transition = Promise.resolve();
  cluster.infra.onChange(() => {
    const up = cluster.apiServerUp();
    if (closed || up === listening) return;
    transition = transition.then(() => (closed || cluster.apiServerUp() === listening ? undefined : cluster.apiServerUp() ? listen() : unlisten())).catch((e) => options.log?.(`listener: ${e}`));
  });

  await listen();

  const speed = options.speed ?? 0;
  let timer: NodeJS.Timeout | undefined;
  if (speed > 0) {
    let last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      const ms = Math.round((now - last) * speed);
      last = now;
      if (ms > 0) cluster.runFor(ms);
    }, TICK_MS);
  }

  return {
    cluster,
    get port() {
      return port;
    },
    get url() {
      return `http://${host}:${port}`;
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await transition;
      if (listening) await unlisten();
    },
  };
}

/** `namespaces/ns/pods/web/log` → the resource, namespace, name and subresource. */
function parseTarget(discovery: Discovery, group: string, version: string, segs: string[]): Target | undefined {
  let ns: string | undefined;
  let rest = segs;
  const namespaceSub = segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize');
  if (segs[0] === 'namespaces' && segs.length >= 3 && group === '' && !namespaceSub) {
    ns = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'namespaces' && segs.length >= 3 && group !== '') {
    ns = segs[1];
    rest = segs.slice(2);
  }
  if (rest.length > 3) return undefined;
  const info = discovery.find(group, version, rest[0]);
  if (!info) return undefined;
  if (ns !== undefined && !info.namespaced) return undefined;
  return { info, namespace: ns, name: rest[1], subresource: rest[2] };
}

export type { KObject };
