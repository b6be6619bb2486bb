/**
 * The infrastructure under Kubernetes: machines with power, a network link, CPU and memory,
 * and the processes that run on them. Chaos acts here; the control plane only ever learns of
 * it through what it observes (missing heartbeats, refused connections).
 */
export type Role = 'control-plane' | 'worker';

export interface MachineSpec {
  name: string;
  role?: Role;
  /** CPU cores, e.g. 4 */
  cpu?: number;
  /** memory in GiB, e.g. 8 */
  memoryGiB?: number;
  maxPods?: number;
  zone?: string;
  labels?: Record<string, string>;
}

/** Processes on every node, and the control-plane components on the control-plane node. */
export const NODE_PROCESSES = ['containerd', 'kubelet', 'kube-proxy'] as const;
export const CONTROL_PLANE_PROCESSES = ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager'] as const;

/**
 * The n-th node's /24 of pod addresses. The first 256 nodes use 10.244.0.0/16, the range kind and
 * most tutorials show; bigger clusters continue in 10.128.0.0/9, clear of the 10.96.0.0/12 Services.
 */
export function podNetFor(n: number): string {
  if (n < 256) return `10.244.${n}`;
  const m = n - 256;
  return `10.${128 + (m >> 8)}.${m & 255}`;
}

export interface Machine {
  name: string;
  role: Role;
  cpuMillis: number;
  memoryBytes: number;
  maxPods: number;
  zone: string;
  labels: Record<string, string>;
  internalIP: string;
  /** the first three octets of this node's /24 pod range: pods get `<podNet>.2`, `.3`, ... */
  podNet: string;
  powered: boolean;
  /** the node's network link is up */
  network: boolean;
  /** process name → running */
  processes: Record<string, boolean>;
  /** virtual time of the last boot */
  bootedAt: number;
}

export interface InfraState {
  machines: Machine[];
  nextIP: number;
}

export type InfraListener = (machine: Machine, what: 'power' | 'network' | 'process' | 'added' | 'removed', detail?: string) => void;

export class Infra {
  machines = new Map<string, Machine>();
  private nextIP = 10;
  private listeners: InfraListener[] = [];

  constructor(private readonly now: () => number) {}

  onChange(fn: InfraListener): void {
    this.listeners.push(fn);
  }

  private notify(m: Machine, what: Parameters<InfraListener>[1], detail?: string): void {
    for (const fn of this.listeners) fn(m, what, detail);
  }

  add(spec: MachineSpec): Machine {
    if (this.machines.has(spec.name)) throw new Error(`machine ${spec.name} already exists`);
    const role = spec.role ?? 'worker';
    const processes: Record<string, boolean> = {};
    for (const p of NODE_PROCESSES) processes[p] = true;
    if (role === 'control-plane') for (const p of CONTROL_PLANE_PROCESSES) processes[p] = true;
    const index = this.nextIP++;
    const m: Machine = {
      name: spec.name,
      role,
      cpuMillis: Math.round((spec.cpu ?? (role === 'control-plane' ? 2 : 4)) * 1000),
      memoryBytes: Math.round((spec.memoryGiB ?? (role === 'control-plane' ? 4 : 8)) * 1024 ** 3),
      maxPods: spec.maxPods ?? 110,
      zone: spec.zone ?? '',
      labels: spec.labels ?? {},
      internalIP: `172.18.${Math.floor(index / 250)}.${(index % 250) + 2}`,
      podNet: podNetFor(index - 10),
      powered: true,
      network: true,
      processes,
      bootedAt: this.now(),
    };
    this.machines.set(m.name, m);
    this.notify(m, 'added');
    return m;
  }

  remove(name: string): void {
    const m = this.machines.get(name);
    if (!m) return;
    this.machines.delete(name);
    this.notify(m, 'removed');
  }

  get(name: string): Machine | undefined {
    return this.machines.get(name);
  }

  controlPlane(): Machine | undefined {
    for (const m of this.machines.values()) if (m.role === 'control-plane') return m;
    return undefined;
  }

  /** A process runs when its machine has power and the process itself is not stopped. */
  running(machine: string, process: string): boolean {
    const m = this.machines.get(machine);
    return !!m && m.powered && m.processes[process] === true;
  }

  setPower(name: string, on: boolean): void {
    const m = this.machines.get(name);
    if (!m || m.powered === on) return;
    m.powered = on;
    if (on) m.bootedAt = this.now();
    this.notify(m, 'power');
  }

  setNetwork(name: string, up: boolean): void {
    const m = this.machines.get(name);
    if (!m || m.network === up) return;
    m.network = up;
    this.notify(m, 'network');
  }

  setProcess(name: string, process: string, running: boolean): void {
    const m = this.machines.get(name);
    if (!m || !(process in m.processes) || m.processes[process] === running) return;
    m.processes[process] = running;
    this.notify(m, 'process', process);
  }

  state(): InfraState {
    return { machines: [...this.machines.values()].map((m) => ({ ...m, labels: { ...m.labels }, processes: { ...m.processes } })), nextIP: this.nextIP };
  }

  restore(s: InfraState): void {
    this.machines.clear();
    for (const m of s.machines) this.machines.set(m.name, { ...m, labels: { ...m.labels }, processes: { ...m.processes } });
    this.nextIP = s.nextIP;
  }
}
