/**
 * The DefaultIngressClass admission plugin (`plugin/pkg/admission/network/defaultingressclass`):
 * an Ingress created without `ingressClassName` (and without the legacy
 * `kubernetes.io/ingress.class` annotation) gets the class annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"`; more than one default → refused.
 */
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import { forbidden } from '../api/errors';
import { resourceInfo } from '../api/resources';
import type { KObject } from '../api/types';
import type { Store } from '../store/store';

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function defaultIngressClass(obj: KObject, store: Store, op: 'create' | 'update'): KObject {
  if (op !== 'create') return obj;
  const ing = obj as Ingress;
  if (ing.spec?.ingressClassName || ing.metadata?.annotations?.[LEGACY_CLASS_ANNOTATION]) return obj;
  const defaults: IngressClass[] = [];
  for (const ic of store.iterate<IngressClass>('ingressclasses', '')) {
    if (ic.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') defaults.push(ic);
  }
  if (!defaults.length) return obj;
  if (defaults.length > 1) {
    throw forbidden(resourceInfo('ingresses')!, ing.metadata?.name ?? '', `${defaults.length} default IngressClasses were found, only 1 allowed`);
  }
  return { ...ing, spec: { ...(ing.spec ?? {}), ingressClassName: defaults[0].metadata?.name } };
}
