/** describe.go's Endpoints and EndpointSlice (discovery/v1) describers. */
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline } from './writer';

export function describeEndpoints(ep: Endpoints, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${ep.metadata?.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', ep.metadata?.labels);
  annotationsMultiline(w, 'Annotations', ep.metadata?.annotations);
  w.write(0, 'Subsets:\n');
  for (const s of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(s.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(s.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if (s.ports?.length) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of s.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
    }
    w.write(0, '\n');
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

export function describeEndpointSlice(eps: EndpointSlice, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${eps.metadata?.name}\n`);
  w.write(0, `Namespace:\t${eps.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', eps.metadata?.labels);
  annotationsMultiline(w, 'Annotations', eps.metadata?.annotations);
  w.write(0, `AddressType:\t${eps.addressType}\n`);
  if (!eps.ports?.length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of eps.ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  if (!eps.endpoints?.length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    const text = (v: string | boolean | undefined | null) => (v === undefined || v === null ? '<unset>' : String(v));
    for (const e of eps.endpoints) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${text(e.conditions?.ready)}\n`);
      w.write(2, `Hostname:\t${text(e.hostname)}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(2, `NodeName:\t${text(e.nodeName)}\n`);
      w.write(2, `Zone:\t${text(e.zone)}\n`);
    }
  }
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}
