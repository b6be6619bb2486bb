/**
 * Saves in the browser's IndexedDB (available in the page and in workers). One database, two
 * object stores: `meta` (the small entries a list shows) and `saves` (the text), so listing
 * never reads megabytes. Browser-only: the minimal IndexedDB shapes it needs are declared here,
 * so the file type-checks without the DOM library and is never imported by Node tests.
 */
import type { SaveEntry, SaveStorage } from './storage';

interface IdbRequest<T = unknown> {
  result: T;
  error: unknown;
  onsuccess: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: ((ev: unknown) => void) | null;
}
interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>;
  getAll(): IdbRequest<unknown[]>;
  put(value: unknown, key: string): IdbRequest;
  delete(key: string): IdbRequest;
}
interface IdbTransaction {
  objectStore(name: string): IdbObjectStore;
  oncomplete: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onabort: ((ev: unknown) => void) | null;
  error: unknown;
}
interface IdbDatabase {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(stores: string[], mode: 'readonly' | 'readwrite'): IdbTransaction;
}
interface IdbFactory {
  open(name: string, version: number): IdbOpenRequest;
}

const DB_NAME = 'kubernetes-playground';
const DB_VERSION = 1;
const META = 'meta';
const SAVES = 'saves';

function request<T>(r: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the save was aborted (storage quota?)'));
  });
}

export class IndexedDbStorage implements SaveStorage {
  private db: Promise<IdbDatabase> | undefined;

  constructor(private readonly factory: IdbFactory = (globalThis as unknown as { indexedDB: IdbFactory }).indexedDB) {}

  /** Whether this environment has IndexedDB at all (private windows of some browsers do not). */
  static available(): boolean {
    return typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object';
  }

  private open(): Promise<IdbDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const r = this.factory.open(DB_NAME, DB_VERSION);
      r.onupgradeneeded = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
        if (!db.objectStoreNames.contains(SAVES)) db.createObjectStore(SAVES);
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    return this.db;
  }

  async list(): Promise<SaveEntry[]> {
    const db = await this.open();
    const all = await request(db.transaction([META], 'readonly').objectStore(META).getAll());
    return (all as SaveEntry[]).filter((e) => e && typeof e.name === 'string').sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
  }

  async read(name: string): Promise<string | undefined> {
    const db = await this.open();
    const v = await request(db.transaction([SAVES], 'readonly').objectStore(SAVES).get(name));
    return typeof v === 'string' ? v : undefined;
  }

  async write(entry: SaveEntry, text: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([META, SAVES], 'readwrite');
    tx.objectStore(SAVES).put(text, entry.name);
    tx.objectStore(META).put({ ...entry }, entry.name);
    await done(tx);
  }

  async remove(name: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([META, SAVES], 'readwrite');
    tx.objectStore(SAVES).delete(name);
    tx.objectStore(META).delete(name);
    await done(tx);
  }
}
