/**
 * LabelSelector validation (apimachinery `ValidateLabelSelector`) and whether
 * `metav1.LabelSelectorAsSelector` would accept it — workload validation only checks the
 * template against a selector that converts.
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import type { LabelSelector } from '../types';
import { labelValueErrors, qualifiedNameErrors, validateLabels } from './labels';

export function validateLabelSelector(sel: LabelSelector | undefined | null, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(fieldErr.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(fieldErr.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErr.invalid(`${p}.operator`, r.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of qualifiedNameErrors(r.key ?? '')) errs.push(fieldErr.invalid(`${p}.key`, r.key ?? '', m));
    values.forEach((v, j) => {
      for (const m of labelValueErrors(v)) errs.push(fieldErr.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/** True when LabelSelectorAsSelector would fail (then templates are not checked against it). */
export function selectorUnconvertible(sel: LabelSelector | undefined | null): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (qualifiedNameErrors(k).length || typeof v !== 'string' || labelValueErrors(v).length) return true;
  }
  for (const r of sel.matchExpressions ?? []) {
    const values = r.values ?? [];
    if (qualifiedNameErrors(r.key ?? '').length) return true;
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (!values.length) return true;
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length) return true;
    } else return true;
    if (values.some((v) => labelValueErrors(v).length)) return true;
  }
  return false;
}

export function selectorIsEmpty(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
}
