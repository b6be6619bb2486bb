/**
 * A client of the API server, as each component holds one. It names its user agent (so the
 * canvas can show who talks to the API server) and fails with "connection refused" while the
 * API server process is stopped — every client alike, kubectl included.
 */
import { ConnectionRefusedError } from '../api/errors';
import type { KObject } from '../api/types';
import type { ApiServer, DeleteOptions, ListOptions, ListResult, LogOptions, Watch, WatchEvent, WatchOptions, WriteOptions } from './apiserver';
import type { PatchType } from './patch';

export interface RequestStats {
  /** requests per user agent since the start */
  byAgent: Record<string, number>;
  total: number;
  writes: number;
}

export interface ApiAvailability {
  apiServerUp(): boolean;
}

export class ApiClient {
  constructor(
    private readonly server: ApiServer,
    readonly userAgent: string,
    private readonly availability: ApiAvailability,
    private readonly stats: RequestStats,
  ) {}

  private request(write: boolean): ApiServer {
    if (!this.availability.apiServerUp()) throw new ConnectionRefusedError();
    this.stats.total++;
    if (write) this.stats.writes++;
    this.stats.byAgent[this.userAgent] = (this.stats.byAgent[this.userAgent] ?? 0) + 1;
    return this.server;
  }

  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T {
    return this.request(false).get<T>(resource, namespace, name);
  }
  list<T extends KObject = KObject>(resource: string, namespace?: string, opts?: ListOptions): ListResult<T> {
    return this.request(false).list<T>(resource, namespace, opts);
  }
  watch(resource: string, opts: WatchOptions, onEvent: (e: WatchEvent) => void): Watch {
    return this.request(false).watch(resource, opts, onEvent);
  }
  create<T extends KObject = KObject>(resource: string, namespace: string | undefined, obj: KObject, opts?: WriteOptions): T {
    return this.request(true).create<T>(resource, namespace, obj, opts);
  }
  update<T extends KObject = KObject>(resource: string, namespace: string | undefined, obj: KObject, opts?: WriteOptions): T {
    return this.request(true).update<T>(resource, namespace, obj, opts);
  }
  updateStatus<T extends KObject = KObject>(resource: string, namespace: string | undefined, obj: KObject): T {
    return this.request(true).update<T>(resource, namespace, obj, { subresource: 'status' });
  }
  patch<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, type?: PatchType, opts?: WriteOptions): T {
    return this.request(true).patch<T>(resource, namespace, name, patch, type, opts);
  }
  delete<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): T {
    return this.request(true).delete<T>(resource, namespace, name, opts);
  }
  bind(namespace: string, name: string, nodeName: string): KObject {
    return this.request(true).bind(namespace, name, nodeName);
  }
  evict(namespace: string, name: string, opts?: DeleteOptions): void {
    this.request(true).evict(namespace, name, opts);
  }
  getScale(resource: string, namespace: string, name: string): KObject {
    return this.request(false).getScale(resource, namespace, name);
  }
  updateScale(resource: string, namespace: string, name: string, replicas: number, resourceVersion?: string): KObject {
    return this.request(true).updateScale(resource, namespace, name, replicas, resourceVersion);
  }
  logs(namespace: string, name: string, opts?: LogOptions): string {
    return this.request(false).logs(namespace, name, opts);
  }
}
