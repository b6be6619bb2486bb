/**
 * ControllerRevisions as the StatefulSet and DaemonSet controllers keep them
 * (`pkg/controller/history`): one immutable revision per distinct pod template, named
 * `<owner>-<hash>`, labelled with the template's labels plus `controller.kubernetes.io/hash`,
 * numbered 1, 2, 3…; going back to an old template re-numbers the old revision instead of
 * creating a new one, which is how `kubectl rollout undo` finds history for these kinds.
 */
import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { ApiError } from '../api/errors';
import { podTemplateHash } from '../api/hash';
import { controllerOf } from '../api/podutil';
import type { KObject, OwnerReference, PodTemplateSpec } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Store } from '../store/store';
import { deepEqual } from '../util/immutable';

export const HASH_LABEL = 'controller.kubernetes.io/hash';
export const REVISION_LABEL = 'controller-revision-hash';

/** What a revision stores: the template as a strategic-merge patch that replaces it whole. */
export function revisionData(template: PodTemplateSpec | undefined): Record<string, unknown> {
  return { spec: { template: { ...(template ?? {}), $patch: 'replace' } } };
}

export function templateOf(rev: ControllerRevision): PodTemplateSpec | undefined {
  const t = (rev.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  return rest;
}

export function ownedRevisions(store: Store, owner: KObject): ControllerRevision[] {
  const uid = owner.metadata?.uid ?? '';
  return store
    .dependents<ControllerRevision>(uid)
    .filter((r) => r.kind === 'ControllerRevision' && controllerOf(r)?.uid === uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

export function ownerRef(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion ?? 'apps/v1', kind: owner.kind ?? '', name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/**
 * The revision for the owner's current template, created (or re-numbered) if needed.
 * Returns it with the whole list of revisions after the write.
 */
export function ensureRevision(client: ApiClient, store: Store, owner: KObject, template: PodTemplateSpec | undefined, collisionCount = 0): { update: ControllerRevision; all: ControllerRevision[] } {
  const all = ownedRevisions(store, owner);
  const data = revisionData(template);
  const max = all.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const equal = all.filter((r) => deepEqual(r.data, data));
  const ns = owner.metadata?.namespace;
  if (equal.length) {
    const latest = equal[equal.length - 1];
    if ((latest.revision ?? 0) === max) return { update: latest, all };
    // rolling back to an older template: that revision becomes the newest
    const updated = client.update<ControllerRevision>('controllerrevisions', ns, { ...latest, revision: max + 1 } as KObject);
    return { update: updated, all: ownedRevisions(store, owner) };
  }
  const hash = podTemplateHash(data, collisionCount || undefined);
  const rev: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata?.name}-${hash}`,
      namespace: ns,
      labels: { ...(template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
      ownerReferences: [ownerRef(owner)],
    },
    data,
    revision: max + 1,
  };
  try {
    const created = client.create<ControllerRevision>('controllerrevisions', ns, rev as KObject);
    return { update: created, all: ownedRevisions(store, owner) };
  } catch (e) {
    // a name collision with a revision of different content: the real controller bumps
    // status.collisionCount; a differently salted hash does the same job here
    if (e instanceof ApiError && e.code === 409 && collisionCount < 5) return ensureRevision(client, store, owner, template, collisionCount + 1);
    throw e;
  }
}

/** Deletes the oldest revisions beyond `limit` that no live pod uses. */
export function truncateHistory(client: ApiClient, all: ControllerRevision[], keep: ReadonlySet<string>, limit: number): void {
  const removable = all.filter((r) => !keep.has(r.metadata?.name ?? ''));
  const excess = removable.length - limit;
  for (let i = 0; i < excess; i++) {
    try {
      client.delete('controllerrevisions', removable[i].metadata?.namespace, removable[i].metadata?.name ?? '');
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
}
