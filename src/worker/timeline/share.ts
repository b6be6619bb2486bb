/**
 * Share links: the seed, the options and the input log — not the snapshot, the receiver replays —
 * deflated (`CompressionStream('deflate-raw')`, in browsers and Node 20) and base64url-encoded
 * into the URL fragment (`#s1.<data>`), which never reaches a server. Decoding is as strict as
 * opening a save, with bounds on every stage: the fragment's length, the inflated size (a
 * deflate bomb stops at the limit), the JSON, the number of inputs.
 */
import type { Checked } from '../protocol';
import type { LoggedInput } from './input';
import { checkLog, checkOptions } from './save';
import { isNum, isObj, parseUntrusted } from './safejson';
import { Timeline, type PlaygroundOptions, type TimelineOptions } from './timeline';

export const SHARE_PREFIX = 's1.';
export const SHARE_VERSION = 1;
export const MAX_FRAGMENT = 8 * 1024;
export const MAX_SHARE_INPUTS = 1000;
export const MAX_SHARE_JSON = 256 * 1024;

export interface SharePayload {
  options: PlaygroundOptions;
  inputs: LoggedInput[];
  /** the virtual time the sender was at */
  at: number;
}

/** On the wire: short keys and `[t, input]` pairs (every byte counts in a URL). */
interface Wire {
  v: number;
  o: PlaygroundOptions;
  i: Array<[number, unknown]>;
  at: number;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

// ---- base64url (strict: no padding, no other characters) ----------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += ALPHABET[n & 63];
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    const chunk = text.slice(i, i + 4);
    for (let j = 0; j < 4; j++) {
      const d = j < chunk.length ? DECODE.get(chunk[j]) : 0;
      if (d === undefined) return undefined;
      n = (n << 6) | d;
    }
    out[o++] = (n >> 16) & 255;
    if (chunk.length > 2) out[o++] = (n >> 8) & 255;
    if (chunk.length > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

// ---- deflate-raw ----------------------------------------------------------------------------

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `limit` bytes; undefined when the data is not deflate, 'too-big' past the limit. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | 'too-big' | undefined> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        reader.cancel().catch(() => {});
        return 'too-big';
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

// ---- encode / decode ------------------------------------------------------------------------

/** The fragment (without `#`) for a timeline's current branch up to now. */
export function encodeTimeline(tl: Timeline): Promise<string> {
  return encodeShare({ options: tl.options, inputs: tl.inputs.slice(0, tl.cursor), at: tl.now });
}

export async function encodeShare(p: SharePayload): Promise<string> {
  if (p.inputs.length > MAX_SHARE_INPUTS) throw new Error(`This playground has ${p.inputs.length} actions; a link can carry at most ${MAX_SHARE_INPUTS}. Save it to a file instead.`);
  const wire: Wire = { v: SHARE_VERSION, o: p.options, i: p.inputs.map((x) => [x.t, x.input]), at: p.at };
  const json = JSON.stringify(wire);
  if (json.length > MAX_SHARE_JSON) throw new Error(`This playground's actions are too large for a link (${json.length} characters). Save it to a file instead.`);
  const fragment = SHARE_PREFIX + toBase64Url(await deflate(new TextEncoder().encode(json)));
  if (fragment.length > MAX_FRAGMENT) throw new Error(`The link would be ${fragment.length} characters long (the limit is ${MAX_FRAGMENT}). Save it to a file instead.`);
  return fragment;
}

/** Decodes a fragment (with or without `#`) strictly; a plain sentence for every failure. */
export async function decodeShare(fragment: string): Promise<Checked<SharePayload>> {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (f.length > MAX_FRAGMENT) return fail(`The link is too long (${f.length} characters; the limit is ${MAX_FRAGMENT}).`);
  if (!f.startsWith(SHARE_PREFIX)) {
    const m = /^s(\d+)\./.exec(f);
    return fail(m ? `The link was made by a newer playground (link version ${m[1]}); this one reads version ${SHARE_VERSION}.` : 'This is not a playground link.');
  }
  const bytes = fromBase64Url(f.slice(SHARE_PREFIX.length));
  if (!bytes) return fail('The link is damaged: it is not valid base64url (was it cut off or edited?).');
  const raw = await inflate(bytes, MAX_SHARE_JSON);
  if (raw === 'too-big') return fail(`The link is refused: it unpacks to more than ${MAX_SHARE_JSON} bytes.`);
  if (!raw) return fail('The link is damaged: its data does not unpack (bad deflate data).');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('The link is damaged: its data is not UTF-8 text.');
  }
  const parsed = parseUntrusted(text, 'The link', MAX_SHARE_JSON);
  if (!parsed.ok) return parsed;
  const w = parsed.value;
  if (!isObj(w)) return fail('The link is damaged: it does not hold a playground.');
  if (w.v !== SHARE_VERSION) return fail(typeof w.v === 'number' && w.v > SHARE_VERSION ? `The link was made by a newer playground (version ${w.v}); this one reads version ${SHARE_VERSION}.` : `The link has an unknown version ${JSON.stringify(w.v)}.`);
  const options = checkOptions(w.o);
  if (!options.ok) return fail(`The link is damaged: ${options.error}`);
  if (!Array.isArray(w.i)) return fail('The link is damaged: its actions are missing.');
  if (w.i.length > MAX_SHARE_INPUTS) return fail(`The link has ${w.i.length} actions (the limit is ${MAX_SHARE_INPUTS}).`);
  const pairs = w.i.map((x) => (Array.isArray(x) && x.length === 2 ? { t: x[0], input: x[1] } : null));
  const inputs = checkLog(pairs, MAX_SHARE_INPUTS, 'actions');
  if (!inputs.ok) return fail(`The link is damaged: ${inputs.error}`);
  if (!isNum(w.at) || w.at < 0 || w.at > 366 * 24 * 3600_000) return fail('The link is damaged: its time is not valid.');
  const last = inputs.value[inputs.value.length - 1];
  if (last && last.t > w.at) return fail('The link is damaged: an action lies after its time.');
  return { ok: true, value: { options: options.value, inputs: inputs.value, at: w.at } };
}

/** A timeline replaying a shared log to the sender's instant. */
export function openShare(p: SharePayload, opts: TimelineOptions = {}): Timeline {
  const tl = new Timeline(p.options, opts);
  tl.loadBranches([{ id: 0, inputs: p.inputs, end: p.at, markers: [], keyframes: [] }], 0, p.at);
  return tl;
}
