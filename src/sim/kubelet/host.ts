/**
 * What the pod worker and the node agent need from the component that hosts every node's
 * kubelet: time, the store, machines, API clients and events per node, image resolution, pod
 * IPs and timers. One interface so the worker stays a set of plain functions over plain state.
 */
import type { KObject } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Machine } from '../infra/machines';
import type { Random } from '../random';
import type { Store } from '../store/store';
import type { PullResult } from './images';
import type { NodeState, PodState } from './state';

export interface Host {
  now(): number;
  /** absolute ms of a virtual time */
  abs(t: number): number;
  /** RFC 3339 of a virtual time */
  ts(t: number): string;
  readonly random: Random;
  readonly store: Store;
  node(name: string): NodeState | undefined;
  machine(name: string): Machine | undefined;
  /** powered and the kubelet process runs */
  kubeletUp(node: string): boolean;
  /** the kubelet can reach the API server (network link up) */
  reachable(node: string): boolean;
  client(node: string): ApiClient;
  event(node: string, obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
  resolve(image: string): PullResult;
  containerID(): string;
  allocIP(node: NodeState): number;
  podIP(p: PodState): string;
  /** the pod worker wants to run at `t` (Infinity: only when something happens) */
  schedule(p: PodState, t: number): void;
  /** forget a pod: free its IP, drop its state */
  dropPod(p: PodState): void;
  /** the node's status (images) changed */
  nodeChanged(node: NodeState): void;
}
