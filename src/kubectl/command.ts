/**
 * The typed shape every kubectl command shares: its flags, how it runs once (`run`, for the
 * terminal's request/response and for tests) and, for the commands that wait or follow
 * (`get -w`, `logs -f`, `rollout status`, `drain`), how it streams (`stream`).
 */
import type { ApiClient } from '../sim/apiserver/client';
import type { KObject } from '../sim/api/types';
import type { FlagSpec, FlagValues } from './flags';

export interface KubectlEnv {
  client: ApiClient;
  /** absolute ms of the cluster's now (never the wall clock) */
  nowMs(): number;
  /** the current context's namespace; `default` when unset */
  namespace?: string;
  /** files `-f` can name: path → content */
  files?: Record<string, string>;
  /** `kubectl edit`: shows text to the user and calls back with the edited text (not used yet) */
  openEditor?: (text: string, done: (edited: string | null) => void) => void;
  /**
   * Calls `fn` after `ms` of cluster time; returns a cancel function. The streaming commands
   * need it for retries and timeouts (drain's 5 s retry, `--timeout`, `logs -f` polling).
   * Without it they only react to watch events.
   */
  after?: (ms: number, fn: () => void) => () => void;
  /**
   * The metrics-server, read in-process for `kubectl top` (what metrics.k8s.io serves). Absent:
   * `top` answers "Metrics API not available", as kubectl does without a metrics server.
   */
  metrics?: MetricsSource;
  /** `kubectl config set-context --current --namespace=x`: the host keeps the new namespace */
  setNamespace?: (namespace: string) => void;
}

/** PodMetrics / NodeMetrics objects (metrics.k8s.io/v1beta1), as the metrics-server builds them. */
export interface MetricsSource {
  podMetrics(namespace?: string): KObject[];
  nodeMetrics(): KObject[];
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One chunk of a streaming command's output; `exitCode` set means the command has ended. */
export interface KubectlChunk {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export interface Running {
  stop(): void;
}

export interface Ctx {
  env: KubectlEnv;
  client: ApiClient;
  args: string[];
  flags: FlagValues;
  changed: Set<string>;
  /** `get`, `rollout status`, … for messages */
  path: string;
  namespace: string;
  /** whether `-n` was given explicitly */
  explicitNamespace: boolean;
  out(s: string): void;
  err(s: string): void;
  now(): number;
  str(flag: string): string;
  bool(flag: string): boolean;
  num(flag: string): number;
  list(flag: string): string[];
}

export interface Stream {
  out(s: string): void;
  err(s: string): void;
  /** ends the command; later output is dropped */
  exit(code: number): void;
}

export interface CommandDef {
  name: string;
  aliases?: string[];
  short: string;
  flags?: FlagSpec[];
  subcommands?: CommandDef[];
  /** returns the exit code (0 when omitted) */
  run?(ctx: Ctx): number | void;
  /** the streaming form; return null to fall back to `run` (e.g. `get` without `-w`) */
  stream?(ctx: Ctx, s: Stream): Running | null;
}
