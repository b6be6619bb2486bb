/**
 * What changed since the last patch: the latest version of each changed mirrored object (pods
 * and events in their compact views), the keys removed, the machines changed or removed. The
 * host feeds it from the store's watch and the infrastructure, and empties it into one patch
 * per frame (or drops it when a full snapshot goes out instead).
 */
import type { Event, KObject, Pod } from '../sim/api/types';
import type { Machine } from '../sim/infra/machines';
import type { StoreEvent } from '../sim/store/store';
import { eventView } from './eventview';
import { podView } from './podview';
import { MIRRORED_RESOURCES, objectKey, type MachineView, type ObjectKey, type PatchMessage } from './protocol';

const MIRRORED = new Set<string>(MIRRORED_RESOURCES);

/**
 * Events streamed per patch at most (the newest). Under churn events outnumber pod changes
 * two to one, and the page only shows the newest few; the rest stay in the API server
 * (`kubectl get events`, describe).
 */
export const EVENTS_PER_PATCH = 8;

export function machineView(m: Machine): MachineView {
  return {
    name: m.name,
    role: m.role,
    powered: m.powered,
    network: m.network,
    processes: { ...m.processes },
    cpuMillis: m.cpuMillis,
    memoryBytes: m.memoryBytes,
    maxPods: m.maxPods,
    internalIP: m.internalIP,
  };
}

export class PendingChanges {
  private upserts = new Map<ObjectKey, KObject>();
  private removed = new Set<ObjectKey>();
  private changedMachines = new Set<string>();
  private removedMachines = new Set<string>();

  get empty(): boolean {
    return !this.upserts.size && !this.removed.size && !this.changedMachines.size && !this.removedMachines.size;
  }

  onStoreEvent(e: StoreEvent): void {
    if (!MIRRORED.has(e.resource)) return;
    const md = e.object.metadata;
    const key = objectKey(e.resource, md?.namespace, md?.name);
    if (e.type === 'DELETED') {
      this.upserts.delete(key);
      this.removed.add(key);
    } else {
      this.removed.delete(key);
      // pods travel compact (what the canvas draws); the inspector fetches the full object
      this.upserts.set(key, e.resource === 'pods' ? podView(e.object as Pod) : e.resource === 'events' ? eventView(e.object as Event) : e.object);
    }
  }

  onMachine(name: string, removed: boolean): void {
    if (removed) {
      this.removedMachines.add(name);
      this.changedMachines.delete(name);
    } else {
      this.changedMachines.add(name);
      this.removedMachines.delete(name);
    }
  }

  /** Forgets everything (a snapshot went out that holds it). */
  clear(): void {
    this.upserts.clear();
    this.removed.clear();
    this.changedMachines.clear();
    this.removedMachines.clear();
  }

  /** The changes as a patch (objects, removals, machines), emptied; the caller adds the rest. */
  take(seq: number, machine: (name: string) => Machine | undefined): PatchMessage {
    this.trimEvents();
    const patch: PatchMessage = { type: 'patch', seq, upserts: Object.fromEntries(this.upserts), removed: [...this.removed] };
    if (this.changedMachines.size) {
      patch.machines = [];
      for (const name of this.changedMachines) {
        const m = machine(name);
        if (m) patch.machines.push(machineView(m));
      }
    }
    if (this.removedMachines.size) patch.removedMachines = [...this.removedMachines];
    this.clear();
    return patch;
  }

  /** Keeps only the newest EVENTS_PER_PATCH events (insertion order is arrival order). */
  private trimEvents(): void {
    let n = 0;
    for (const k of this.upserts.keys()) if (k.startsWith('events/')) n++;
    if (n <= EVENTS_PER_PATCH) return;
    for (const k of this.upserts.keys()) {
      if (n <= EVENTS_PER_PATCH) break;
      if (k.startsWith('events/')) {
        this.upserts.delete(k);
        n--;
      }
    }
  }
}
