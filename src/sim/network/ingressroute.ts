/**
 * How ingress-nginx picks a backend for a request (the Ingress spec's matching rules, as
 * documented on kubernetes.io `concepts/services-networking/ingress`):
 * - host: an exact host rule wins, then a wildcard `*.foo.com` matching exactly one more label,
 *   then the rules without host (the default server);
 * - path: `Exact` is string equality; `Prefix` is element-wise on `/`-split paths, a trailing
 *   slash ignored (`/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`); nginx treats
 *   `ImplementationSpecific` as a plain prefix;
 * - several matches: the longest path wins; on equal length `Exact` beats `Prefix`;
 * - nothing matches: an Ingress `defaultBackend` if one is set, else the controller's own
 *   default backend (`404 Not Found`).
 */
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';

export interface Route {
  namespace: string;
  ingress: string;
  backend: IngressBackend;
}

function hostMatches(ruleHost: string, host: string): 'exact' | 'wildcard' | null {
  if (ruleHost === host) return 'exact';
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1); // `.foo.com`
    if (host.endsWith(suffix)) {
      const label = host.slice(0, host.length - suffix.length);
      if (label && !label.includes('.')) return 'wildcard';
    }
  }
  return null;
}

export function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.split('/').filter(Boolean);
  const q = path.split('/').filter(Boolean);
  if (p.length > q.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}

interface Candidate {
  route: Route;
  len: number;
  exact: boolean;
}

/** The backend for `host` + `path` among the Ingresses a controller serves; null → 404. */
export function matchIngress(ingresses: readonly Ingress[], host: string, path: string): Route | null {
  const hostOnly = host.split(':')[0].toLowerCase();
  const tiers: Candidate[][] = [[], [], []]; // exact host, wildcard host, no host
  const hostTierSeen = [false, false, false];
  for (const ing of ingresses) {
    const ns = ing.metadata?.namespace ?? '';
    const name = ing.metadata?.name ?? '';
    for (const rule of ing.spec?.rules ?? []) {
      let tier: number;
      if (!rule.host) tier = 2;
      else {
        const m = hostMatches(rule.host, hostOnly);
        if (!m) continue;
        tier = m === 'exact' ? 0 : 1;
      }
      hostTierSeen[tier] = true;
      for (const p of rule.http?.paths ?? []) {
        const rp = p.path ?? '/';
        let ok = false;
        if (p.pathType === 'Exact') ok = rp === path;
        else if (p.pathType === 'Prefix') ok = prefixMatches(rp, path);
        else ok = path.startsWith(rp);
        if (ok) tiers[tier].push({ route: { namespace: ns, ingress: name, backend: p.backend }, len: rp.length, exact: p.pathType === 'Exact' });
      }
    }
  }
  // a server exists for the host: its locations decide (falling back to the default backend)
  for (let t = 0; t < 3; t++) {
    if (!hostTierSeen[t]) continue;
    const best = tiers[t].reduce<Candidate | null>((b, c) => (!b || c.len > b.len || (c.len === b.len && c.exact && !b.exact) ? c : b), null);
    if (best) return best.route;
    break;
  }
  for (const ing of ingresses) {
    if (ing.spec?.defaultBackend) return { namespace: ing.metadata?.namespace ?? '', ingress: ing.metadata?.name ?? '', backend: ing.spec.defaultBackend };
  }
  return null;
}
