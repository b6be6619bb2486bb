/**
 * The image catalogue (DESIGN.md "Images"): well-known images with what they do once started —
 * size, start-up time, ports and HTTP paths, CPU/memory, log lines, SIGTERM behaviour — plus
 * the reference parsing and the registry's answers (`not found`, `pull access denied`) that
 * containerd gives for unknown tags and misspelt names. Any other image runs as a generic server.
 */
import { KUBELET_VERSION } from './node';

export interface ImageInfo {
  /** repository without tag: `docker.io/library/nginx` */
  repo: string;
  sizeBytes: number;
  /** ms from start until the process serves (and is ready) */
  startMs: number;
  /** ports it listens on when not told otherwise */
  ports: number[];
  /** HTTP path → status; others get `otherStatus`; null when it does not speak HTTP */
  http: Record<string, number> | null;
  otherStatus: number;
  cpuMillis: number;
  memoryMiB: number;
  /** SIGTERM: exits after ms with code; null → PID 1 without a handler ignores it (SIGKILL → 137) */
  sigterm: { afterMs: number; code: number } | null;
  /** the image has /bin/sh: commands in the pod spec are interpreted */
  shell: boolean;
  /** the default command when the pod gives none (shell syntax); undefined → the server runs */
  defaultCmd?: string;
  /** log lines at start ({t} = time) */
  logs: string[];
  /** special behaviour of the demo images */
  special?: 'crash' | 'leak' | 'slow' | 'job';
  /** tags the registry knows besides versions/latest/stable/alpine-ish */
  extraTags?: string[];
  /** highest plausible major version */
  maxMajor?: number;
  /**
   * The container's main process is one the machine lists as its own (`kube-proxy`): while that
   * process is stopped on the machine (chaos), the container dies and every restart dies at once.
   */
  hostProcess?: string;
}

const MiB = 1024 * 1024;

/** what kube-proxy writes at start (klog; `{klog}` = MMDD hh:mm:ss.µs), as v1.32 in iptables mode */
const KUBE_PROXY_LOGS = [
  'I{klog}       1 server_linux.go:66] "Using iptables proxy"',
  'I{klog}       1 server.go:698] "Successfully retrieved node IP(s)" IPs=["{ip}"]',
  'E{klog}       1 server.go:234] "Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"',
  'I{klog}       1 server_linux.go:170] "Using iptables Proxier"',
  'I{klog}       1 proxier.go:255] "Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"',
  `I{klog}       1 server.go:497] "Version info" version="${KUBELET_VERSION}"`,
  'I{klog}       1 server.go:499] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
  'I{klog}       1 config.go:199] "Starting service config controller"',
  'I{klog}       1 shared_informer.go:313] Waiting for caches to sync for service config',
  'I{klog}       1 config.go:105] "Starting endpoint slice config controller"',
  'I{klog}       1 shared_informer.go:313] Waiting for caches to sync for endpoint slice config',
  'I{klog}       1 config.go:329] "Starting node config controller"',
  'I{klog}       1 shared_informer.go:313] Waiting for caches to sync for node config',
  'I{klog}       1 shared_informer.go:320] Caches are synced for node config',
  'I{klog}       1 shared_informer.go:320] Caches are synced for service config',
  'I{klog}       1 shared_informer.go:320] Caches are synced for endpoint slice config',
];

const NGINX_LOGS = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
  '{ngx} [notice] 1#1: using the "epoll" event method',
  '{ngx} [notice] 1#1: nginx/1.27.3',
  '{ngx} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
  '{ngx} [notice] 1#1: OS: Linux 6.1.0-28-amd64',
  '{ngx} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  '{ngx} [notice] 1#1: start worker processes',
  '{ngx} [notice] 1#1: start worker process 29',
];

const server = (repo: string, sizeBytes: number, o: Partial<ImageInfo>): ImageInfo => ({
  repo,
  sizeBytes,
  startMs: 500,
  ports: [],
  http: null,
  otherStatus: 404,
  cpuMillis: 1,
  memoryMiB: 10,
  sigterm: { afterMs: 200, code: 0 },
  shell: true,
  logs: [],
  ...o,
});

const lib = (n: string) => `docker.io/library/${n}`;

export const CATALOGUE: readonly ImageInfo[] = [
  server(lib('nginx'), 72_099_501, { startMs: 300, ports: [80], http: { '/': 200, '/index.html': 200 }, memoryMiB: 4, logs: NGINX_LOGS, extraTags: ['mainline', 'stable-alpine', 'mainline-alpine', 'alpine-slim', 'perl'], maxMajor: 1 }),
  server(lib('httpd'), 58_079_010, { startMs: 400, ports: [80], http: { '/': 200, '/index.html': 200 }, memoryMiB: 8, logs: ["AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message", '[{apache}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations', "[{apache}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"], maxMajor: 2 }),
  server(lib('redis'), 45_000_000, { startMs: 300, ports: [6379], memoryMiB: 3, logs: ['1:C {redis} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', '1:C {redis} # Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started', '1:M {redis} * Running mode=standalone, port=6379.', '1:M {redis} * Server initialized', '1:M {redis} * Ready to accept connections tcp'], maxMajor: 7 }),
  server(lib('postgres'), 158_000_000, { startMs: 3000, ports: [5432], memoryMiB: 40, sigterm: { afterMs: 500, code: 0 }, logs: ['PostgreSQL init process complete; ready for start up.', '{pg} UTC [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit', '{pg} UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432', '{pg} UTC [1] LOG:  database system is ready to accept connections'], maxMajor: 17 }),
  server(lib('mysql'), 170_000_000, { startMs: 8000, ports: [3306], memoryMiB: 360, sigterm: { afterMs: 2000, code: 0 }, logs: ['{mysql}+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.', '{mysql}Z 0 [System] [MY-015015] [Server] MySQL Server - start.', '{mysql}Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: \'9.1.0\'  socket: \'/var/run/mysqld/mysqld.sock\'  port: 3306  MySQL Community Server - GPL.'], maxMajor: 9 }),
  server(lib('mongo'), 300_000_000, { startMs: 3000, ports: [27017], memoryMiB: 150, logs: ['{"t":{"$date":"{iso}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}'], maxMajor: 8 }),
  server(lib('memcached'), 35_000_000, { startMs: 100, ports: [11211], memoryMiB: 2, logs: [], maxMajor: 1 }),
  server(lib('busybox'), 2_155_000, { defaultCmd: 'sh', memoryMiB: 1, sigterm: null, maxMajor: 1, extraTags: ['musl', 'glibc', 'uclibc', 'stable-musl', 'stable-glibc'] }),
  server('registry.k8s.io/busybox', 1_144_000, { defaultCmd: 'sh', memoryMiB: 1, sigterm: null, maxMajor: 1 }),
  server('gcr.io/google-containers/busybox', 1_144_000, { defaultCmd: 'sh', memoryMiB: 1, sigterm: null, maxMajor: 1 }),
  server(lib('alpine'), 3_653_000, { defaultCmd: 'sh', memoryMiB: 1, sigterm: null, maxMajor: 3, extraTags: ['edge'] }),
  server('docker.io/curlimages/curl', 11_000_000, { defaultCmd: 'curl', memoryMiB: 1, sigterm: null, maxMajor: 8 }),
  server(lib('perl'), 330_000_000, { defaultCmd: 'perl', memoryMiB: 5, sigterm: null, maxMajor: 5, extraTags: ['slim', 'threaded'] }),
  server(lib('python'), 380_000_000, { defaultCmd: 'python3', memoryMiB: 10, sigterm: null, maxMajor: 3, extraTags: ['slim', 'bookworm', 'slim-bookworm'] }),
  server(lib('node'), 400_000_000, { defaultCmd: 'node', memoryMiB: 30, sigterm: null, maxMajor: 23, extraTags: ['lts', 'current', 'slim', 'lts-alpine', 'lts-slim', 'bookworm'] }),
  // kube-proxy: the kubeadm DaemonSet's image (no shell: distroless); its process is the machine's `kube-proxy`
  server('registry.k8s.io/kube-proxy', 30_907_000, { startMs: 200, ports: [10256, 10249], http: { '/healthz': 200, '/livez': 200, '/metrics': 200 }, memoryMiB: 18, shell: false, sigterm: { afterMs: 50, code: 2 }, logs: KUBE_PROXY_LOGS, maxMajor: 1, hostProcess: 'kube-proxy' }),
  server('registry.k8s.io/pause', 321_520, { startMs: 0, memoryMiB: 0, shell: false, sigterm: { afterMs: 0, code: 0 }, maxMajor: 3 }),
  server('registry.k8s.io/e2e-test-images/agnhost', 51_000_000, { ports: [8080], http: { '/': 200, '/healthz': 200, '/hostname': 200 }, memoryMiB: 8, sigterm: { afterMs: 100, code: 2 }, shell: false, maxMajor: 2 }),
  server('gcr.io/google-samples/hello-app', 10_300_000, { ports: [8080], http: { '*': 200 }, memoryMiB: 3, shell: false, logs: ['{go} Server listening on port 8080'], sigterm: { afterMs: 50, code: 2 }, maxMajor: 2 }),
  server('registry.k8s.io/echoserver', 46_000_000, { ports: [8080], http: { '*': 200 }, memoryMiB: 5, logs: ['Generating self-signed cert', 'Starting nginx'], maxMajor: 1 }),
  server('k8s.gcr.io/echoserver', 46_000_000, { ports: [8080], http: { '*': 200 }, memoryMiB: 5, logs: ['Generating self-signed cert', 'Starting nginx'], maxMajor: 1 }),
  server('docker.io/playground/web', 8_000_000, { ports: [8080, 80], http: { '/': 200, '/healthz': 200, '/ready': 200 }, memoryMiB: 12, cpuMillis: 5, logs: ['web: listening on :8080', 'web: serving /, /healthz, /ready'] }),
  server('docker.io/playground/crash', 6_000_000, { special: 'crash', ports: [8080], memoryMiB: 5, logs: ['crash: starting up', 'crash: something went wrong, exiting with status 1'] }),
  server('docker.io/playground/leak', 6_000_000, { special: 'leak', ports: [8080], http: { '/': 200 }, memoryMiB: 20, logs: ['leak: starting; allocating 10Mi every second'] }),
  server('docker.io/playground/slow', 6_000_000, { special: 'slow', startMs: 30_000, ports: [8080], http: { '/': 200, '/healthz': 200, '/ready': 200 }, memoryMiB: 15, logs: ['slow: warming caches (this takes about 30s)'] }),
  server('docker.io/playground/uploads', 7_000_000, { ports: [8080], http: { '/': 200, '/healthz': 200 }, memoryMiB: 10, cpuMillis: 2, logs: ['uploads: accepting uploads on :8080', 'uploads: storing files in the first mounted volume, one every 10s'] }),
  server('docker.io/playground/job', 6_000_000, { special: 'job', ports: [], memoryMiB: 5, logs: ['job: processing 10 items', 'job: done'] }),
];

const byRepo = new Map<string, ImageInfo>(CATALOGUE.map((i) => [i.repo, i]));

/** A generic long-running server for images outside the catalogue. */
export function genericImage(repo: string): ImageInfo {
  return server(repo, 25_000_000 + (hash32(repo) % 150_000_000), { ports: [80, 8080], http: { '*': 200 }, memoryMiB: 20, cpuMillis: 2, logs: [] });
}

export interface ImageRef {
  /** normalised: `docker.io/library/nginx:1.27` or `...@sha256:…` */
  full: string;
  repo: string;
  tag: string;
  digest?: string;
}

const REF = /^([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** Parses and normalises an image reference as docker's reference package does; null if invalid. */
export function parseImageRef(image: string): ImageRef | null {
  let domain = '';
  let rest = image;
  const slash = image.indexOf('/');
  if (slash > 0) {
    const first = image.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first;
      rest = image.slice(slash + 1);
    }
  }
  const m = REF.exec(rest);
  if (!m) return null;
  let path = m[1];
  if (!domain || domain === 'docker.io' || domain === 'index.docker.io') {
    domain = 'docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  const repo = `${domain}/${path}`;
  const tag = m[2] ?? (m[3] ? '' : 'latest');
  const digest = m[3];
  return { full: digest ? `${repo}@${digest}` : `${repo}:${tag}`, repo, tag, digest };
}

export type PullResult =
  | { ok: true; ref: ImageRef; info: ImageInfo; imageID: string }
  | { ok: false; reason: 'ErrImagePull'; error: string }
  | { ok: false; reason: 'InvalidImageName'; error: string };

const PLAUSIBLE = /^(latest|stable|alpine|slim|edge|mainline|bookworm|bullseye|jammy|noble|lts)([-.][a-z0-9.]+)*$|^v?\d+(\.\d+){0,3}([-_.+][a-z0-9.]+)*$/;

function tagExists(info: ImageInfo, tag: string): boolean {
  if (!tag) return true;
  if (info.extraTags?.includes(tag)) return true;
  if (!PLAUSIBLE.test(tag)) return false;
  const major = /^v?(\d+)/.exec(tag);
  if (major && info.maxMajor !== undefined && Number(major[1]) > info.maxMajor) return false;
  return true;
}

/** What containerd answers when asked to pull `image`. */
export function resolveImage(image: string): PullResult {
  const ref = parseImageRef(image);
  if (!ref) {
    return { ok: false, reason: 'InvalidImageName', error: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": invalid reference format` };
  }
  const known = byRepo.get(ref.repo);
  if (known) {
    if (!tagExists(known, ref.tag)) {
      return { ok: false, reason: 'ErrImagePull', error: `rpc error: code = NotFound desc = failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}": ${ref.full}: not found` };
    }
    return { ok: true, ref, info: known, imageID: imageIDOf(ref) };
  }
  if (isTypo(ref.repo)) {
    return {
      ok: false,
      reason: 'ErrImagePull',
      error: `rpc error: code = Unknown desc = failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    };
  }
  return { ok: true, ref, info: genericImage(ref.repo), imageID: imageIDOf(ref) };
}

/** `docker.io/library/nginx@sha256:<64 hex>`: stable per image and tag. */
export function imageIDOf(ref: ImageRef): string {
  return ref.digest ? `${ref.repo}@${ref.digest}` : `${ref.repo}@sha256:${hex64(ref.full)}`;
}

/** A misspelt catalogue name (docker hub library images): one or two edits away. */
function isTypo(repo: string): boolean {
  if (!repo.startsWith('docker.io/')) return false;
  const name = repo.slice('docker.io/'.length).replace(/^library\//, '');
  if (name.length < 4) return false;
  for (const info of CATALOGUE) {
    const short = info.repo.replace(/^docker\.io\//, '').replace(/^library\//, '');
    if (short === name || short.includes('/')) continue;
    const d = editDistance(name, short);
    if (d > 0 && d <= (short.length <= 5 ? 1 : 2)) return true;
  }
  return false;
}

/** Optimal string alignment distance (a swap of two letters counts as one edit). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** 64 hex characters derived from a string (digests are facts of an image, not random). */
export function hex64(s: string): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += hash32(s, 0x811c9dc5 + i * 0x9e3779b9).toString(16).padStart(8, '0');
  return out;
}

export const IMAGE_MIB = MiB;
