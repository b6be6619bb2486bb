/**
 * Where saves live: a small key-value interface (several named saves, an autosave slot, reset)
 * so the page can use IndexedDB (`idb.ts`) and tests an in-memory map. Saves are stored as the
 * save file's text: what is written is exactly what "Download" would give, and opening goes
 * through the same strict checks as an uploaded file.
 */
import type { Checked } from '../protocol';
import { openSave, parseSave, saveDocumentText } from './save';
import type { Timeline, TimelineOptions } from './timeline';

export interface SaveEntry {
  name: string;
  savedAt: string;
  /** characters of the save text */
  size: number;
}

export interface SaveStorage {
  list(): Promise<SaveEntry[]>;
  read(name: string): Promise<string | undefined>;
  write(entry: SaveEntry, text: string): Promise<void>;
  remove(name: string): Promise<void>;
}

/** The slot autosave writes to (not a name a learner can type: it has parentheses). */
export const AUTOSAVE = '(autosave)';
export const MAX_SAVE_NAME = 100;

export class MemoryStorage implements SaveStorage {
  private readonly items = new Map<string, { entry: SaveEntry; text: string }>();
  async list(): Promise<SaveEntry[]> {
    return [...this.items.values()].map((i) => ({ ...i.entry }));
  }
  async read(name: string): Promise<string | undefined> {
    return this.items.get(name)?.text;
  }
  async write(entry: SaveEntry, text: string): Promise<void> {
    this.items.set(entry.name, { entry: { ...entry }, text });
  }
  async remove(name: string): Promise<void> {
    this.items.delete(name);
  }
}

/** Named saves, autosave and reset over any storage. `savedAt` comes from the page's clock. */
export class Saves {
  constructor(private readonly storage: SaveStorage) {}

  list(): Promise<SaveEntry[]> {
    return this.storage.list();
  }

  async save(name: string, tl: Timeline, savedAt: string): Promise<SaveEntry> {
    const n = name.trim();
    if (!n || n.length > MAX_SAVE_NAME) throw new Error(`a save needs a name of 1 to ${MAX_SAVE_NAME} characters`);
    const text = saveDocumentText(tl, { name: n, savedAt });
    const entry = { name: n, savedAt, size: text.length };
    await this.storage.write(entry, text);
    return entry;
  }

  autosave(tl: Timeline, savedAt: string): Promise<SaveEntry> {
    return this.save(AUTOSAVE, tl, savedAt);
  }

  /** Opens a named save; a clear sentence when it is missing or damaged. */
  async open(name: string, opts?: TimelineOptions): Promise<Checked<{ timeline: Timeline; warnings: string[] }>> {
    const text = await this.storage.read(name);
    if (text === undefined) return { ok: false, error: `There is no save named "${name}".` };
    const doc = parseSave(text);
    if (!doc.ok) return doc;
    return { ok: true, value: openSave(doc.value, opts) };
  }

  remove(name: string): Promise<void> {
    return this.storage.remove(name);
  }

  /** Reset: forget the autosave, so the next load starts a fresh playground. */
  reset(): Promise<void> {
    return this.storage.remove(AUTOSAVE);
  }
}
