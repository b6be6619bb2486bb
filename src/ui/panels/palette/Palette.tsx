/**
 * The palette: create a Deployment, a Service, an Ingress, a claim — each a short form that
 * writes a real manifest (shown) and applies it with `kubectl apply -f`, so the API server's
 * answer, created or its errors, is what appears — and add a machine (small/medium/large).
 * Keys: c opens it, n opens "add a node", Escape closes it.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { stringify } from 'yaml';
import { MACHINE_SIZES, type MachineSize } from '../../../worker/protocol';
import { addMachine, runAction } from '../../actions';
import { useStore } from '../../state/hooks';
import { openPalette, resetPositions, select, setShowSystem, type PaletteForm } from '../../state/store';
import { claimManifest, deploymentManifest, ingressManifest, serviceManifest } from './manifests';

const FORMS: { form: PaletteForm; label: string; hint: string }[] = [
  { form: 'deployment', label: 'Deployment', hint: 'c' },
  { form: 'service', label: 'Service', hint: '' },
  { form: 'ingress', label: 'Ingress', hint: '' },
  { form: 'pvc', label: 'Claim', hint: '' },
  { form: 'node', label: 'Node', hint: 'n' },
];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A labelled text input (names, images, quantities: no spell-checking). */
function TextField({ label, testid, value, onChange, autoFocus }: { label: string; testid?: string; value: string; onChange: (v: string) => void; autoFocus?: boolean }) {
  return (
    <Field label={label}>
      <input autoFocus={autoFocus} data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
    </Field>
  );
}

/** A labelled choice among existing objects' names (the current value stays listed). */
function NameChoice({ label, testid, value, names, onChange }: { label: string; testid: string; value: string; names: string[]; onChange: (v: string) => void }) {
  return (
    <Field label={label}>
      <select data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
        {[...new Set([...names, value])].map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </Field>
  );
}

function Submit({ file, manifest, onApply, busy }: { file: string; manifest: object; onApply: () => void; busy: boolean }) {
  return (
    <>
      <details className="manifest">
        <summary>{file}</summary>
        <pre className="mono">{stringify(manifest)}</pre>
      </details>
      <code className="kubectl">$ kubectl apply -f {file}</code>
      <div className="form-buttons">
        <button type="submit" className="btn primary" data-testid="palette.submit" disabled={busy} onClick={onApply}>
          Create
        </button>
        <button type="button" className="btn" onClick={() => openPalette(null)}>
          Cancel
        </button>
      </div>
    </>
  );
}

function useApply(file: string, manifest: object, select_?: () => void) {
  const [busy, setBusy] = useState(false);
  const apply = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    const ok = await runAction(`kubectl apply -f ${file}`, { [file]: stringify(manifest) });
    setBusy(false);
    if (ok) {
      openPalette(null);
      select_?.();
    }
  };
  return { busy, apply };
}

function DeploymentFormView() {
  const [name, setName] = useState('hello');
  const [image, setImage] = useState('nginx:1.27');
  const [replicas, setReplicas] = useState(2);
  const [cpu, setCpu] = useState('250m');
  const manifest = deploymentManifest({ name, image, replicas, cpu, memory: '64Mi' });
  const { busy, apply } = useApply('deployment.yaml', manifest, () => select({ kind: 'object', resource: 'deployments', id: `default/${name}` }));
  return (
    <form onSubmit={apply} aria-label="Create a Deployment">
      <TextField label="name" testid="palette.name" value={name} onChange={setName} autoFocus />
      <TextField label="image" testid="palette.image" value={image} onChange={setImage} />
      <Field label="replicas">
        <input data-testid="palette.replicas" type="number" min={0} max={200} value={replicas} onChange={(e) => setReplicas(Number(e.target.value))} />
      </Field>
      <TextField label="cpu request" testid="palette.cpu" value={cpu} onChange={setCpu} />
      <Submit file="deployment.yaml" manifest={manifest} onApply={() => undefined} busy={busy} />
    </form>
  );
}

function ServiceFormView() {
  const apps = useStore(useShallow((s) => Object.values(s.objects.deployments).filter((d) => d.metadata?.namespace === 'default').map((d) => d.metadata?.name ?? '')));
  const [app, setApp] = useState(apps[0] ?? 'web');
  const [name, setName] = useState(apps[0] ?? 'web');
  const [type, setType] = useState<'ClusterIP' | 'NodePort' | 'LoadBalancer'>('ClusterIP');
  const [port, setPort] = useState(80);
  const manifest = serviceManifest({ name, type, app, port, targetPort: 80 });
  const { busy, apply } = useApply('service.yaml', manifest, () => select({ kind: 'object', resource: 'services', id: `default/${name}` }));
  return (
    <form onSubmit={apply} aria-label="Create a Service">
      <NameChoice label="selects app=" testid="palette.app" value={app} names={apps} onChange={setApp} />
      <TextField label="name" testid="palette.name" value={name} onChange={setName} />
      <Field label="type">
        <select value={type} onChange={(e) => setType(e.target.value as typeof type)}>
          <option>ClusterIP</option>
          <option>NodePort</option>
          <option>LoadBalancer</option>
        </select>
      </Field>
      <Field label="port → 80">
        <input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value))} />
      </Field>
      <Submit file="service.yaml" manifest={manifest} onApply={() => undefined} busy={busy} />
    </form>
  );
}

function IngressFormView() {
  const services = useStore(useShallow((s) => Object.values(s.objects.services).filter((v) => v.metadata?.namespace === 'default' && v.metadata?.name !== 'kubernetes').map((v) => v.metadata?.name ?? '')));
  const [service, setService] = useState(services[0] ?? 'web');
  const [name, setName] = useState(`${services[0] ?? 'web'}`);
  const [host, setHost] = useState('shop.example.com');
  const [path, setPath] = useState('/');
  const manifest = ingressManifest({ name, host, path, service, port: 80 });
  const { busy, apply } = useApply('ingress.yaml', manifest, () => select({ kind: 'object', resource: 'ingresses', id: `default/${name}` }));
  return (
    <form onSubmit={apply} aria-label="Create an Ingress">
      <NameChoice label="to Service" testid="palette.service" value={service} names={services} onChange={setService} />
      <TextField label="name" testid="palette.name" value={name} onChange={setName} />
      <TextField label="host" value={host} onChange={setHost} />
      <TextField label="path" value={path} onChange={setPath} />
      <Submit file="ingress.yaml" manifest={manifest} onApply={() => undefined} busy={busy} />
    </form>
  );
}

function ClaimFormView() {
  const [name, setName] = useState('data');
  const [size, setSize] = useState('1Gi');
  const manifest = claimManifest({ name, size, storageClassName: '' });
  const { busy, apply } = useApply('claim.yaml', manifest, () => select({ kind: 'object', resource: 'persistentvolumeclaims', id: `default/${name}` }));
  return (
    <form onSubmit={apply} aria-label="Create a PersistentVolumeClaim">
      <TextField label="name" testid="palette.name" value={name} onChange={setName} />
      <TextField label="size" value={size} onChange={setSize} />
      <p className="muted small">No storage class named: the default class provisions a volume.</p>
      <Submit file="claim.yaml" manifest={manifest} onApply={() => undefined} busy={busy} />
    </form>
  );
}

function NodeFormView() {
  const [size, setSize] = useState<MachineSize>('medium');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const name = await addMachine(size);
    setBusy(false);
    if (name) {
      openPalette(null);
      select({ kind: 'node', name });
    }
  };
  return (
    <form onSubmit={submit} aria-label="Add a node">
      <fieldset className="sizes">
        <legend>machine size</legend>
        {(Object.keys(MACHINE_SIZES) as MachineSize[]).map((s) => (
          <label key={s} className="size">
            <input type="radio" name="size" value={s} checked={size === s} data-testid={`palette.size.${s}`} onChange={() => setSize(s)} autoFocus={s === 'medium'} />
            <b>{s}</b> {MACHINE_SIZES[s].cpu} cpu · {MACHINE_SIZES[s].memoryGiB}Gi
          </label>
        ))}
      </fieldset>
      <p className="muted small">A new machine boots; its kubelet registers a Node, which turns Ready once the node's network is up.</p>
      <code className="kubectl">$ kubeadm join … # on the new machine</code>
      <div className="form-buttons">
        <button type="submit" className="btn primary" data-testid="palette.submit" disabled={busy}>
          Add node
        </button>
        <button type="button" className="btn" onClick={() => openPalette(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function Palette() {
  const open = useStore((s) => s.palette);
  const showSystem = useStore((s) => s.showSystem);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [open]);
  return (
    <div className="palette" data-testid="palette">
      <div className="palette-bar" role="toolbar" aria-label="Create">
        <span className="palette-title">Create</span>
        {FORMS.map((f) => (
          <button key={f.form} type="button" className={`btn${open === f.form ? ' active' : ''}`} data-testid={`palette.${f.form}`} aria-expanded={open === f.form} aria-keyshortcuts={f.hint || undefined} onClick={() => openPalette(open === f.form ? null : f.form)}>
            + {f.label}
            {f.hint && <kbd>{f.hint}</kbd>}
          </button>
        ))}
        <span className="palette-sep" />
        <label className="small toggle">
          <input type="checkbox" checked={showSystem} data-testid="palette.system" onChange={(e) => setShowSystem(e.target.checked)} /> system namespaces
        </label>
        <button type="button" className="btn small" onClick={resetPositions} title="Forget dragged positions">
          Reset layout
        </button>
      </div>
      {open && (
        <div className="palette-form" ref={panel} data-testid={`palette.form.${open}`}>
          {open === 'deployment' && <DeploymentFormView />}
          {open === 'service' && <ServiceFormView />}
          {open === 'ingress' && <IngressFormView />}
          {open === 'pvc' && <ClaimFormView />}
          {open === 'node' && <NodeFormView />}
        </div>
      )}
    </div>
  );
}
