/**
 * `kubectl rollout undo` for apps/v1 Deployments, which is client-side
 * (`kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker`): find the ReplicaSet of
 * the wanted revision (default: the second highest), and patch its template — minus the
 * pod-template-hash label — back into the Deployment, with its annotations. The controller then
 * rolls out as for any template change, re-using that ReplicaSet and giving it revision max+1.
 *
 * Pure: the caller passes the Deployment and the ReplicaSets of its namespace (only those the
 * Deployment controls count, as kubectl filters them), and applies the JSON patch (`PATCH` with
 * `application/json-patch+json`).
 */
import type { Deployment, ReplicaSet } from '../../api/types';
import { DEPRECATED_ROLLBACK_TO, DESIRED_REPLICAS, equalIgnoreHash, HASH_LABEL, LAST_APPLIED, MAX_REPLICAS, REVISION, REVISION_HISTORY, revisionOf } from './util';

export interface JsonPatchOp {
  op: 'replace';
  path: string;
  value: unknown;
}

export type RollbackResult =
  /** apply `patch`, then print `output` (`deployment.apps/web rolled back`) */
  | { kind: 'patch'; patch: JsonPatchOp[]; output: string }
  /** nothing to do; print `output` (exit 0) */
  | { kind: 'skipped'; output: string }
  /** print `message` on stderr (exit 1) */
  | { kind: 'error'; message: string };

/** kubectl's `annotationsToSkip`: kept from the Deployment, never copied from the RS. */
const SKIP = [LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO];

export function rollbackTemplate(d: Deployment, rss: readonly ReplicaSet[], toRevision = 0): RollbackResult {
  const name = d.metadata?.name ?? '';
  const ref = `deployment.apps/${name}`;
  if (toRevision < 0) return { kind: 'error', message: `error: unable to find specified revision ${toRevision} in history` };

  const uid = d.metadata?.uid;
  const owned = rss.filter((rs) => rs.metadata?.namespace === d.metadata?.namespace && rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid));
  const found = revisionRS(owned, toRevision);
  if (!found) {
    return toRevision > 0
      ? { kind: 'error', message: `error: unable to find specified revision ${toRevision} in history` }
      : { kind: 'error', message: `error: no rollout history found for deployment "${name}"` };
  }
  if (d.spec?.paused) {
    return { kind: 'error', message: `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again` };
  }
  if (equalIgnoreHash(found.spec?.template, d.spec?.template)) {
    return { kind: 'skipped', output: `${ref} skipped rollback (current template already matches revision ${toRevision})` };
  }

  const template = found.spec!.template!;
  const { [HASH_LABEL]: _hash, ...labels } = template.metadata?.labels ?? {};
  const restored = { ...template, metadata: { ...template.metadata, labels } };
  const annotations: Record<string, string> = {};
  const current = d.metadata?.annotations ?? {};
  for (const k of SKIP) if (k in current) annotations[k] = current[k];
  for (const [k, v] of Object.entries(found.metadata?.annotations ?? {})) if (!SKIP.includes(k)) annotations[k] = v;

  return {
    kind: 'patch',
    patch: [
      { op: 'replace', path: '/spec/template', value: restored },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    output: `${ref} rolled back`,
  };
}

/** `deploymentRevision`: revision N, or for 0 the second highest revision. */
function revisionRS(rss: readonly ReplicaSet[], toRevision: number): ReplicaSet | undefined {
  let latest: ReplicaSet | undefined;
  let latestRev = -1;
  let previous: ReplicaSet | undefined;
  let previousRev = -1;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  return toRevision > 0 ? undefined : previous;
}
