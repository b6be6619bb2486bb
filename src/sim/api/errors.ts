/**
 * API errors as the API server returns them: a `Status` object with the real reason, code and
 * message (apimachinery `pkg/api/errors`). Thrown by the API server, caught by clients.
 */
import type { FieldError } from './fielderrors';
import { formatFieldError } from './fielderrors';
import type { ResourceInfo } from './resources';
import { qualifiedKind, qualifiedResource } from './resources';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'Gone'
  | 'Expired'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'UnsupportedMediaType'
  | 'NotAcceptable';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason;
  }
}

/** The client could not reach the API server at all (its process is stopped). */
export class ConnectionRefusedError extends Error {
  constructor(readonly server = '127.0.0.1:6443') {
    super(`The connection to the server ${server} was refused - did you specify the right host or port?`);
    this.name = 'ConnectionRefusedError';
  }
}

function status(code: number, reason: StatusReason, message: string, details?: StatusBody['details']): ApiError {
  // API errors are answers, not bugs: skip the stack trace, which costs more than the rest of a
  // request when controllers meet NotFound or Conflict at scale
  const v8Error = Error as { stackTraceLimit?: number };
  const limit = v8Error.stackTraceLimit;
  v8Error.stackTraceLimit = 0;
  try {
    return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
  } finally {
    v8Error.stackTraceLimit = limit;
  }
}

function detailsFor(info: ResourceInfo, name: string): StatusBody['details'] {
  return { name, group: info.group || undefined, kind: info.resource };
}

export function notFound(info: ResourceInfo, name: string): ApiError {
  return status(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, detailsFor(info, name));
}

export function alreadyExists(info: ResourceInfo, name: string): ApiError {
  return status(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, detailsFor(info, name));
}

export function conflict(info: ResourceInfo, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, detailsFor(info, name));
}

/** `field.ErrorType` values, which Status causes carry as their reason. */
const CAUSE_TYPE: Record<FieldError['type'], string> = {
  'Invalid value': 'FieldValueInvalid',
  'Required value': 'FieldValueRequired',
  'Unsupported value': 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  'Duplicate value': 'FieldValueDuplicate',
  'Not found': 'FieldValueNotFound',
  'Too long': 'FieldValueTooLong',
  'Too many': 'FieldValueTooMany',
  'Internal error': 'InternalError',
};

export function invalid(info: ResourceInfo, name: string, errors: FieldError[]): ApiError {
  const causes = errors.map((e) => ({ reason: CAUSE_TYPE[e.type], message: formatFieldError(e, false), field: e.field }));
  const list = errors.map((e) => formatFieldError(e));
  const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return status(422, 'Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${joined}`, {
    name,
    group: info.group || undefined,
    kind: info.kind,
    causes,
  });
}

export function badRequest(message: string): ApiError {
  return status(400, 'BadRequest', message);
}

export function forbidden(info: ResourceInfo, name: string, why: string): ApiError {
  return status(403, 'Forbidden', `${qualifiedResource(info)} "${name}" is forbidden: ${why}`, detailsFor(info, name));
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
  return status(405, 'MethodNotAllowed', message);
}

export function expired(requested: number, oldest: number): ApiError {
  return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function tooManyRequests(message: string, retryAfterSeconds?: number): ApiError {
  return status(429, 'TooManyRequests', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
}

export function internalError(message: string): ApiError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function serviceUnavailable(message: string): ApiError {
  return status(503, 'ServiceUnavailable', message);
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.reason === 'Conflict';
}
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiError && e.reason === 'AlreadyExists';
}
