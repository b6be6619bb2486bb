/**
 * Label and annotation validation with apimachinery's messages.
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { subdomainErrors } from '../names';

const QNAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QNAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Problems with a qualified name (label or annotation key): `prefix/name`. */
export function qualifiedNameErrors(key: string): string[] {
  const out: string[] = [];
  const parts = key.split('/');
  let name = key;
  if (parts.length > 2) {
    return [`a qualified name ${QNAME_MSG.replace('name part must', 'must')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (!prefix) out.push('prefix part must be non-empty');
    else for (const m of subdomainErrors(prefix)) out.push(`prefix part ${m}`);
  }
  if (!name) out.push('name part must be non-empty');
  else {
    if (name.length > 63) out.push('name part must be no more than 63 characters');
    if (!QNAME.test(name)) out.push(QNAME_MSG);
  }
  return out;
}

export function labelValueErrors(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (v && !QNAME.test(v)) out.push(VALUE_MSG);
  return out;
}

/**
 * Results for frozen label maps: a frozen map cannot change, and the pods of one template share
 * theirs, so 150,000 pods validate their labels once.
 */
const validLabelMaps = new WeakMap<object, string>();

export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  if (labels && validLabelMaps.get(labels) === path) return [];
  const errs = checkLabels(labels, path);
  if (labels && !errs.length && Object.isFrozen(labels)) validLabelMaps.set(labels, path);
  return errs;
}

function checkLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of qualifiedNameErrors(k)) errs.push(fieldErr.invalid(path, k, m));
    if (typeof v !== 'string') errs.push(fieldErr.invalid(`${path}`, v, 'label values must be strings'));
    else for (const m of labelValueErrors(v)) errs.push(fieldErr.invalid(path, v, m));
  }
  return errs;
}

const MAX_ANNOTATIONS = 256 * 1024;

export function validateAnnotations(ann: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(ann ?? {})) {
    for (const m of qualifiedNameErrors(k.toLowerCase())) errs.push(fieldErr.invalid(path, k, m));
    total += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (total > MAX_ANNOTATIONS) errs.push({ type: 'Too long', field: path, detail: `may not be more than ${MAX_ANNOTATIONS} bytes` });
  return errs;
}
