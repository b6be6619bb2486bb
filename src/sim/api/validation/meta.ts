/**
 * ObjectMeta validation shared by every kind (apimachinery `ValidateObjectMeta`):
 * the name by the kind's rule, labels, annotations, owner references, finalizers.
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { dns1035Errors, labelErrors, subdomainErrors } from '../names';
import type { ResourceInfo } from '../resources';
import type { ObjectMeta } from '../types';
import { validateLabels, validateAnnotations } from './labels';

/** Which name rule each resource follows. */
const NAME_RULE: Record<string, (n: string) => string[]> = {
  namespaces: labelErrors,
  services: dns1035Errors,
};

export function nameErrorsFor(resource: string, name: string): string[] {
  return (NAME_RULE[resource] ?? subdomainErrors)(name);
}

export function validateObjectMeta(md: ObjectMeta, info: ResourceInfo): FieldError[] {
  const errs: FieldError[] = [];
  if (!md.name && !md.generateName) errs.push(fieldErr.required('metadata.name', 'name or generateName is required'));
  if (md.name) for (const msg of nameErrorsFor(info.resource, md.name)) errs.push(fieldErr.invalid('metadata.name', md.name, msg));
  if (info.namespaced && md.namespace) for (const msg of labelErrors(md.namespace)) errs.push(fieldErr.invalid('metadata.namespace', md.namespace, msg));
  errs.push(...validateLabels(md.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(md.annotations, 'metadata.annotations'));
  const controllers = (md.ownerReferences ?? []).filter((r) => r.controller);
  if (controllers.length > 1) {
    errs.push(fieldErr.invalid('metadata.ownerReferences', undefined, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.map((r) => `${r.kind}/${r.name}`).join(' and ')}`));
  }
  (md.ownerReferences ?? []).forEach((r, i) => {
    if (!r.uid) errs.push(fieldErr.invalid(`metadata.ownerReferences[${i}].uid`, r.uid ?? '', 'uid must not be empty'));
  });
  return errs;
}
