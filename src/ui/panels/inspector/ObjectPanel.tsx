/** Services, Ingress and claims: the facts kubectl get prints, and delete. */
import type { PersistentVolumeClaim, Service } from 'kubernetes-types/core/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { deleteObject, sendTraffic } from '../../actions';
import { useStore } from '../../state/hooks';
import { endpointsByNode } from '../../state/workloads';
import { Action, age, KUBECTL_NAME, nsFlag, Row, useNowMs } from './common';

function ServiceFacts({ svc }: { svc: Service }) {
  const eps = useStore((s) => {
    const e = endpointsByNode(s.objects.endpointslices, svc);
    return [...e.pods].map((p) => p.split('/')[1]).join(', ');
  });
  return (
    <>
      <Row k="TYPE" v={svc.spec?.type ?? 'ClusterIP'} mono />
      <Row k="CLUSTER-IP" v={svc.spec?.clusterIP ?? '<pending>'} mono />
      <Row k="PORT(S)" v={(svc.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',')} mono />
      <Row k="Selector" v={Object.entries(svc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'} mono />
      <Row k="Endpoints" v={eps || '<none>'} mono />
    </>
  );
}

function IngressFacts({ ing }: { ing: Ingress }) {
  const lb = ing.status?.loadBalancer?.ingress?.[0];
  return (
    <>
      <Row k="CLASS" v={ing.spec?.ingressClassName ?? '<none>'} mono />
      <Row k="HOSTS" v={(ing.spec?.rules ?? []).map((r) => r.host ?? '*').join(',') || '*'} mono />
      <Row k="ADDRESS" v={lb?.ip ?? lb?.hostname ?? ''} mono />
      <Row k="Rules" v={(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => `${r.host ?? '*'}${p.path ?? '/'} → ${p.backend.service?.name}:${p.backend.service?.port?.number ?? p.backend.service?.port?.name}`)).join('; ')} mono />
    </>
  );
}

function ClaimFacts({ pvc }: { pvc: PersistentVolumeClaim }) {
  return (
    <>
      <Row k="STATUS" v={pvc.status?.phase ?? 'Pending'} mono />
      <Row k="VOLUME" v={pvc.spec?.volumeName ?? ''} mono />
      <Row k="CAPACITY" v={pvc.status?.capacity?.storage ?? ''} mono />
      <Row k="ACCESS MODES" v={(pvc.spec?.accessModes ?? []).join(',')} mono />
      <Row k="STORAGECLASS" v={pvc.spec?.storageClassName ?? '<unset>'} mono />
    </>
  );
}

function TrafficButtons({ name, target }: { name: string; target: Parameters<typeof sendTraffic>[1] }) {
  return (
    <div className="traffic-buttons" role="group" aria-label="Send traffic">
      <span className="small muted">requests from users:</span>
      {[0, 5, 20, 100].map((rps) => (
        <button key={rps} type="button" className="btn small" data-testid={`action.traffic.${rps}`} onClick={() => sendTraffic(name, target, rps)}>
          {rps ? `${rps}/s` : 'stop'}
        </button>
      ))}
    </div>
  );
}

export function ObjectSummary({ resource, id }: { resource: string; id: string }) {
  const obj = useStore((s) => (s.objects as Record<string, Record<string, unknown>>)[resource]?.[id]) as (Service & Ingress & PersistentVolumeClaim) | undefined;
  const nowMs = useNowMs();
  if (!obj) return <p className="muted">This object is gone.</p>;
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace ?? 'default';
  const kind = KUBECTL_NAME[resource] ?? resource;
  return (
    <>
      <dl className="facts">
        {resource === 'services' && <ServiceFacts svc={obj as Service} />}
        {resource === 'ingresses' && <IngressFacts ing={obj as Ingress} />}
        {resource === 'persistentvolumeclaims' && <ClaimFacts pvc={obj as PersistentVolumeClaim} />}
        <Row k="AGE" v={age(nowMs, obj.metadata?.creationTimestamp)} mono />
      </dl>
      {resource === 'persistentvolumeclaims' && <p className="muted small">Drag the disk onto a Deployment to mount it at /data: the template changes, so a new ReplicaSet rolls out.</p>}
      <div className="action">
        {resource === 'ingresses' && (obj as Ingress).spec?.rules?.[0] && (
          <TrafficButtons
            name={`users-${name}`}
            target={{ kind: 'ingress', host: (obj as Ingress).spec!.rules![0].host ?? '', path: (obj as Ingress).spec!.rules![0].http?.paths?.[0]?.path ?? '/' }}
          />
        )}
        {resource === 'services' && (obj as Service).spec?.ports?.[0] && <TrafficButtons name={`users-svc-${name}`} target={{ kind: 'service', namespace: ns, name, port: (obj as Service).spec!.ports![0].port }} />}
        <Action label="Delete" testid="action.delete" danger command={`kubectl delete ${kind} ${name}${nsFlag(ns)}`} onClick={() => deleteObject(kind, ns, name)} />
      </div>
    </>
  );
}
