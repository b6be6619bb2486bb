/**
 * What one container instance does, from its image and its command/args: when (and how) it
 * exits, when it starts serving, which ports and HTTP paths answer, which files its script
 * creates (for `exec` probes such as `cat /tmp/healthy`), its log lines, and how it reacts to
 * SIGTERM. Pure and deterministic: derived again from the spec whenever needed, never stored.
 *
 * Shell commands are understood for the usual teaching one-liners: `sleep N`, `echo ...`,
 * `exit N`, `true`, `false`, `touch`/`rm`, `while true; do ...; sleep N; done`, `for ...`.
 */
import type { Container } from '../api/types';
import type { ImageInfo } from './images';

export interface Program {
  /** natural end, relative to the start; null = runs until stopped */
  exit: { afterMs: number; code: number; reason: 'Completed' | 'Error' | 'OOMKilled' } | null;
  /** ms until it listens; null = never listens */
  serveAfterMs: number | null;
  ports: number[];
  http: Record<string, number> | null;
  otherStatus: number;
  /** /healthz answers 500 from this many ms on (agnhost liveness) */
  unhealthyAfterMs?: number;
  /** file system effects of the script, in time order */
  files: { path: string; atMs: number; exists: boolean }[];
  /** null → SIGTERM ignored (PID 1 without a handler) → SIGKILL at the end of the grace period */
  sigterm: { afterMs: number; code: number } | null;
  cpuMillis: number;
  memoryBaseBytes: number;
  leakBytesPerSec: number;
  logs: { atMs: number; line: string }[];
  loop?: { startMs: number; periodMs: number; lines: string[] };
}

const MiB = 1024 * 1024;

interface Step {
  atMs: number;
}

/** `argv` → tokens honouring quotes: `sh -c "echo hi; sleep 5"`. */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === ';' || ch === '\n' || (ch === '&' && s[i + 1] === '&') || (ch === '|' && s[i + 1] === '|')) {
      if (has || cur) out.push(cur);
      out.push(';');
      cur = '';
      has = false;
      if (ch === '&' || ch === '|') i++;
    } else if (ch === ' ' || ch === '\t') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}

function splitCommands(tokens: string[]): string[][] {
  const cmds: string[][] = [];
  let cur: string[] = [];
  for (const t of tokens) {
    if (t === ';') {
      if (cur.length) cmds.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length) cmds.push(cur);
  return cmds;
}

interface Run {
  t: number;
  code: number;
  done: boolean;
  forever: boolean;
  server: boolean;
  p: Program;
}

const SERVERS = new Set(['nginx', 'httpd', 'httpd-foreground', 'redis-server', 'postgres', 'mysqld', 'mongod', 'memcached', 'docker-entrypoint.sh', 'apache2-foreground', 'kube-proxy']);

function seconds(v: string | undefined): number {
  if (!v) return 0;
  if (v === 'infinity' || v === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(v);
  if (!m) return 0;
  const f = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Number(m[1]) * f;
}

function runCommand(argv: string[], r: Run): void {
  if (r.done) return;
  // output redirection: `echo ok > /tmp/healthy`
  let redirect: string | undefined;
  const gt = argv.findIndex((a) => a === '>' || a === '>>');
  if (gt >= 0) {
    redirect = argv[gt + 1];
    argv = argv.slice(0, gt);
  }
  argv = argv.filter((a) => !/^\d?>/.test(a));
  const [cmd0, ...args] = argv;
  const cmd = (cmd0 ?? '').split('/').pop() ?? '';
  const log = (line: string) => {
    if (redirect) r.p.files.push({ path: redirect, atMs: r.t, exists: true });
    else r.p.logs.push({ atMs: r.t, line });
  };
  r.code = 0;
  switch (cmd) {
    case 'sleep': {
      const s = seconds(args[0]);
      if (!Number.isFinite(s)) r.forever = r.done = true;
      else r.t += s * 1000;
      return;
    }
    case 'echo':
      log(args.filter((a) => a !== '-n' && a !== '-e').join(' '));
      return;
    case 'printf':
      log(args.join(' ').replace(/\\n/g, ''));
      return;
    case 'date':
      log('{date}');
      return;
    case 'hostname':
      log('{hostname}');
      return;
    case 'env':
    case 'printenv':
      log('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
      log('HOSTNAME={hostname}');
      log('KUBERNETES_SERVICE_HOST=10.96.0.1');
      log('KUBERNETES_SERVICE_PORT=443');
      return;
    case 'true':
    case ':':
      return;
    case 'false':
      r.code = 1;
      return;
    case 'exit':
      r.code = Number(args[0] ?? 0) & 255;
      r.done = true;
      return;
    case 'touch':
      for (const f of args) r.p.files.push({ path: f, atMs: r.t, exists: true });
      return;
    case 'mkdir':
      return;
    case 'rm':
      for (const f of args) if (!f.startsWith('-')) r.p.files.push({ path: f, atMs: r.t, exists: false });
      return;
    case 'cat':
      if (args.length && !fileExists(r.p, args[0], r.t)) {
        log(`cat: can't open '${args[0]}': No such file or directory`);
        r.code = 1;
      }
      return;
    case 'tail':
      if (args.includes('-f')) r.forever = r.done = true;
      return;
    case 'wget':
    case 'curl':
      if (!args.length) {
        log("curl: try 'curl --help' or 'curl --manual' for more information");
        r.code = 2;
      } else log('<!DOCTYPE html>');
      return;
    default:
      if (SERVERS.has(cmd)) {
        r.server = r.forever = r.done = true;
        return;
      }
      log(`sh: ${cmd}: not found`);
      r.code = 127;
  }
}

/** Interprets a shell script (`sh -c`), including `while true` and `for x in ...` loops. */
export function runScript(script: string, r: Run): void {
  const cmds = splitCommands(tokenize(script));
  for (let i = 0; i < cmds.length && !r.done; i++) {
    const c = cmds[i];
    if ((c[0] === 'while' || c[0] === 'until') && (c[1] === 'true' || c[1] === ':')) {
      // while true; do BODY; done → runs forever, printing BODY's lines every period
      const body: string[][] = [];
      for (i++; i < cmds.length && cmds[i][0] !== 'done'; i++) body.push(cmds[i][0] === 'do' ? cmds[i].slice(1) : cmds[i]);
      const lines: string[] = [];
      let periodMs = 0;
      for (const b of body) {
        const name = b[0]?.split('/').pop();
        if (name === 'sleep') periodMs += seconds(b[1]) * 1000;
        else if (name === 'echo') lines.push(b.slice(1).join(' '));
        else if (name === 'date') lines.push('{date}');
      }
      r.p.loop = { startMs: r.t, periodMs: Math.max(periodMs, 1000), lines };
      r.forever = r.done = true;
      return;
    }
    if (c[0] === 'for' && c[2] === 'in') {
      const items = c.slice(3);
      const body: string[][] = [];
      for (i++; i < cmds.length && cmds[i][0] !== 'done'; i++) body.push(cmds[i][0] === 'do' ? cmds[i].slice(1) : cmds[i]);
      for (const item of items) for (const b of body) runCommand(b.map((w) => w.replace(new RegExp(`\\$\\{?${c[1]}\\}?`, 'g'), item)), r);
      continue;
    }
    runCommand(c, r);
  }
}

export function fileExists(p: Program, path: string, atMs: number): boolean {
  let exists = false;
  for (const f of p.files) if (f.path === path && f.atMs <= atMs) exists = f.exists;
  return exists;
}

function base(info: ImageInfo): Program {
  return {
    exit: null,
    serveAfterMs: null,
    ports: [],
    http: null,
    otherStatus: 404,
    files: [],
    sigterm: info.sigterm,
    cpuMillis: info.cpuMillis,
    memoryBaseBytes: info.memoryMiB * MiB,
    leakBytesPerSec: 0,
    logs: [],
  };
}

function asServer(p: Program, info: ImageInfo, c: Container): Program {
  const ports = [...info.ports];
  for (const cp of c.ports ?? []) if (!ports.includes(cp.containerPort)) ports.push(cp.containerPort);
  p.serveAfterMs = info.startMs;
  p.ports = ports;
  p.http = info.http;
  p.otherStatus = info.otherStatus;
  // a slow starter prints its last line when it is up
  info.logs.forEach((line, i) => p.logs.push({ atMs: info.startMs >= 1000 && i === info.logs.length - 1 ? info.startMs : 0, line }));
  return p;
}

/**
 * Programs of recently seen containers. Bounded rather than weak: a weak entry per pod would cost
 * more (memory and GC work) at 150,000 pods than rebuilding a program now and then.
 */
const cache = new Map<object, Program>();
const CACHE_MAX = 4096;

/**
 * The program of container `c` running image `info`. `memCapBytes` is its memory limit (or
 * the node's memory): a program that grows past it is OOM-killed.
 */
export function programFor(info: ImageInfo, c: Container, memCapBytes: number): Program {
  const hit = cache.get(c);
  if (hit && hit.memoryBaseBytes === info.memoryMiB * MiB && (hit as Program & { cap?: number }).cap === memCapBytes) return hit;
  const p = build(info, c);
  if (p.leakBytesPerSec > 0) {
    const afterMs = Math.max(1000, ((memCapBytes - p.memoryBaseBytes) / p.leakBytesPerSec) * 1000);
    if (!p.exit || p.exit.afterMs > afterMs) p.exit = { afterMs: Math.round(afterMs), code: 137, reason: 'OOMKilled' };
  } else if (p.memoryBaseBytes > memCapBytes) {
    p.exit = { afterMs: Math.max(200, p.serveAfterMs ?? 200), code: 137, reason: 'OOMKilled' };
  }
  (p as Program & { cap?: number }).cap = memCapBytes;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(c, p);
  return p;
}

function build(info: ImageInfo, c: Container): Program {
  const p = base(info);
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const cmd0 = (c.command?.[0] ?? '').split('/').pop() ?? '';
  if (!c.command && info.repo.endsWith('/agnhost')) return agnhost(p, info, c, c.args ?? []);
  if (!argv.length || (!c.command && !info.defaultCmd && !info.shell)) {
    if (info.special) return special(p, info, c);
    if (info.defaultCmd) return fromArgv(p, info, c, info.defaultCmd.split(' '));
    return asServer(p, info, c);
  }
  // args replace the image's CMD; only curl's image has an ENTRYPOINT they are appended to
  if (!c.command && info.defaultCmd) return fromArgv(p, info, c, info.defaultCmd === 'curl' ? ['curl', ...(c.args ?? [])] : argv);
  // args that are a shell command line replace CMD (`args: [/bin/sh, -c, ...]`); other args go to the server
  if (!c.command && /^(\/bin\/)?(sh|bash|ash)$/.test(argv[0])) return fromArgv(p, info, c, argv);
  if (!c.command) return asServer(p, info, c);
  if (cmd0 === 'agnhost') return agnhost(p, info, c, argv.slice(1));
  return fromArgv(p, info, c, argv);
}

function fromArgv(p: Program, info: ImageInfo, c: Container, argv: string[]): Program {
  const cmd = argv[0].split('/').pop() ?? '';
  const r: Run = { t: 0, code: 0, done: false, forever: false, server: false, p };
  if ((cmd === 'sh' || cmd === 'bash' || cmd === 'ash') && argv[1] === '-c') runScript(argv.slice(2, 3).join(' '), r);
  else if (cmd === 'sh' || cmd === 'bash' || cmd === 'ash' || cmd === 'python' || cmd === 'python3' || cmd === 'node' || (cmd === 'perl' && argv.length === 1)) {
    // an interactive interpreter without a terminal reads EOF and exits 0
    if (argv.length === 1) r.done = true;
    else r.server = r.forever = r.done = true;
  } else if (cmd === 'perl' && argv.join(' ').includes('bpi')) {
    r.t = 5000;
    r.p.logs.push({ atMs: 5000, line: '3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196' });
    r.done = true;
  } else if (cmd === 'python' || cmd === 'python3' || cmd === 'node' || cmd === 'perl') {
    r.server = r.forever = r.done = true;
  } else runCommand(argv, r);
  if (r.server) return asServer(p, info, c);
  if (r.forever) {
    // a script that never ends but does not serve: `sleep infinity`, `while true`
    p.sigterm = null; // sh and sleep as PID 1 ignore SIGTERM
    return p;
  }
  p.sigterm = null;
  p.exit = { afterMs: Math.max(r.t, 50), code: r.code, reason: r.code === 0 ? 'Completed' : 'Error' };
  return p;
}

function agnhost(p: Program, info: ImageInfo, c: Container, args: string[]): Program {
  const sub = args[0] ?? '';
  asServer(p, info, c);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  if (sub === 'liveness') {
    // the docs' liveness example: /healthz answers 200 for 10 s, then 500
    p.ports = [8080];
    p.http = { '/healthz': 200 };
    p.unhealthyAfterMs = 10_000;
    p.logs = [{ atMs: 0, line: 'Started HTTP server on port 8080' }];
  } else if (sub === 'netexec') {
    p.ports = [Number(flag('http-port') ?? 8080), Number(flag('udp-port') ?? 8081)];
    p.http = { '*': 200 };
    p.logs = [{ atMs: 0, line: `Started HTTP server on port ${p.ports[0]}` }, { atMs: 0, line: `Started UDP server on port  ${p.ports[1]}` }];
  } else if (sub === 'serve-hostname') {
    p.ports = [Number(flag('port') ?? 9376)];
    p.http = { '*': 200 };
  } else if (sub === 'pause') {
    p.serveAfterMs = null;
    p.ports = [];
  } else if (sub === 'test-webserver') {
    p.ports = [80];
  }
  return p;
}

function special(p: Program, info: ImageInfo, c: Container): Program {
  switch (info.special) {
    case 'crash':
      p.logs = info.logs.map((line, i) => ({ atMs: i ? 3000 : 0, line }));
      p.exit = { afterMs: 3000, code: 1, reason: 'Error' };
      return p;
    case 'job':
      p.logs = info.logs.map((line, i) => ({ atMs: i ? 10_000 : 0, line }));
      p.exit = { afterMs: 10_000, code: 0, reason: 'Completed' };
      return p;
    case 'leak':
      asServer(p, info, c);
      p.leakBytesPerSec = 10 * MiB;
      return p;
    case 'slow':
    default:
      return asServer(p, info, c);
  }
}

export type { Step };
