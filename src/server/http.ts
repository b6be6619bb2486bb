/**
 * The small HTTP vocabulary every handler shares: JSON and Status answers, request bodies,
 * query parameters, and which representation the client asked for (`as=Table`, aggregated
 * discovery). Errors are apimachinery `Status` objects with the real HTTP code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type StatusBody, type StatusReason } from '../sim/api/errors';

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function statusError(code: number, reason: StatusReason, message: string, details?: StatusBody['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

/** The real server's 404 for a path or resource it does not serve. */
export function notServed(): ApiError {
  return statusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(res, e.code, e.status);
}

export function sendSuccess(res: ServerResponse, code: number, details?: Record<string, unknown>): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code });
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A JSON body, or 400 with the decoder's complaint, as the API server answers garbage. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw statusError(400, 'BadRequest', `couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export interface Accept {
  /** `application/json;as=Table;v=v1;g=meta.k8s.io` */
  table: boolean;
  /** `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` */
  aggregatedDiscovery: boolean;
}

/** What the client will take, from its Accept header (kubectl lists a fallback after each). */
export function parseAccept(header: string | undefined): Accept {
  const parts = (header ?? '').split(',').map((p) => p.trim().toLowerCase());
  const has = (kv: string[]) => parts.some((p) => kv.every((x) => p.split(';').map((s) => s.trim()).includes(x)));
  return {
    table: has(['as=table', 'g=meta.k8s.io']),
    aggregatedDiscovery: has(['as=apigroupdiscoverylist', 'g=apidiscovery.k8s.io', 'v=v2']),
  };
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw statusError(400, 'BadRequest', `invalid value for ${name}: ${v}`);
  return n;
}
