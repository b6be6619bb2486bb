import type { Node, Pod } from '../../sim/api/types';
import { isPodReady } from '../../sim/api/podutil';
import { volumeContents } from '../../sim/storage/data';
import { all, exists, predicate } from '../goals';
import type { Lesson } from '../schema';
import type { Cluster } from '../../sim/cluster';
import { activePods, createdSince, NETWORK_DISK_CLASS } from './common';

const photos = (volume: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: photos
  labels: { app: photos }
spec:
  replicas: 1
  strategy: { type: Recreate }
  selector:
    matchLabels: { app: photos }
  template:
    metadata:
      labels: { app: photos }
    spec:
      containers:
        - name: uploads
          image: playground/uploads:1.0
          volumeMounts:
            - name: photos
              mountPath: /photos
      volumes:
        - name: photos
${volume}
`;

const EMPTYDIR = photos('          emptyDir: {}');
const PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: photos
spec:
  storageClassName: network-disk
  accessModes: [ReadWriteOnce]
  resources:
    requests: { storage: 1Gi }
---
${photos(`          persistentVolumeClaim:
            claimName: photos`)}`;

/** Uploads on the Ready photos pod's volume that an earlier pod wrote (each upload names its writer). */
function inherited(c: Cluster): number {
  const pod = activePods(c, 'app=photos').find((p) => isPodReady(p));
  if (!pod) return 0;
  const files = volumeContents(c, { namespace: 'default', pod: pod.metadata!.name!, volume: 'photos' })?.files ?? [];
  return files.filter((f) => !f.content.includes(pod.metadata!.name!)).length;
}
const newReady = (c: Cluster, start: number): Pod | undefined => activePods(c, 'app=photos').find((p) => isPodReady(p) && createdSince(c, p, start));
/** Uploads written by an earlier pod are still there. */
const kept = (c: Cluster, _start: number) => inherited(c) > 0;
const cordoned = (c: Cluster) => c.store.list<Node>('nodes', '').filter((n) => n.spec?.unschedulable).map((n) => n.metadata!.name!);

/** Lesson 6: an emptyDir dies with its pod; a PersistentVolume outlives pods and follows them. */
export const lesson06: Lesson = {
  id: '06-storage',
  number: 6,
  title: 'Where data lives',
  minutes: 10,
  summary: 'Profile photos must survive pods. Lose them on an emptyDir, then keep them on a PersistentVolume that follows the pod to another node.',
  setup: { seed: 106, speed: 1, manifests: [NETWORK_DISK_CLASS, EMPTYDIR], warmupMs: 60_000 },
  steps: [
    {
      id: 'lose-data',
      ask: 'The photos pod has stored uploads. Do they survive the pod?',
      narration: 'The photos service writes an upload every 10 s to /photos, an emptyDir volume: scratch space created with the pod, on its node. Delete the photos pod and look at the new pod\'s volume.',
      do: 'Click the photos pod → Delete',
      look: [{ kind: 'pod', name: 'photos-*' }],
      explain: 'The ReplicaSet made a new pod with a new, empty emptyDir. The kubelet deleted the old one with its pod: an emptyDir lives exactly as long as its pod.',
      goal: predicate('new-pod', 'a new photos pod is Ready', (c, ctx) => !!newReady(c, ctx.startedAt)),
      hints: ['The pod is on the canvas.', 'emptyDir: created with the pod, deleted with the pod.', 'kubectl delete pod -l app=photos'],
      predict: {
        question: 'Will the uploads survive the pod?',
        options: ['Yes', 'No'],
        answer: (c, ctx) => (kept(c, ctx.startedAt) ? 'Yes' : 'No'),
        explain: 'emptyDir data is gone for good when the pod leaves its node.',
      },
    },
    {
      id: 'claim',
      ask: 'Where can data live that outlives a pod?',
      narration: 'A PersistentVolumeClaim asks for storage; a provisioner creates a PersistentVolume — here a network disk — and binds it. Apply photos-pvc.yaml: a claim, and the Deployment mounting it.',
      do: 'kubectl apply -f photos-pvc.yaml',
      command: 'kubectl apply -f photos-pvc.yaml',
      files: { 'photos-pvc.yaml': PVC },
      look: [{ kind: 'pvc', name: 'photos' }],
      explain: 'The scheduler picked a node; the disk provisioner created a PV for the claim; the attach/detach controller attached the disk to that node, and the kubelet mounted it.',
      goal: all('photos runs on the claim', exists('persistentvolumeclaims', 'photos', { 'status.phase': 'Bound' }, 'claim photos is Bound'), predicate('on-claim', 'a photos pod using the claim is Ready', (c) => activePods(c, 'app=photos').some((p) => isPodReady(p) && !!p.spec?.volumes?.some((v) => v.persistentVolumeClaim?.claimName === 'photos')))),
      hints: ['The step gives you a file.', 'Claims are bound to volumes; pods mount claims.', 'kubectl apply -f photos-pvc.yaml'],
    },
    {
      id: 'move',
      ask: 'If the pod moves to another node, does the disk come with it?',
      narration: 'Cordon the node the photos pod runs on, so nothing new lands there, then delete the pod. Its replacement must start on another node.',
      do: 'kubectl cordon <node of the photos pod>, then delete the photos pod',
      look: [{ kind: 'pod', name: 'photos-*' }, { kind: 'pvc', name: 'photos' }],
      explain: 'The old pod left; the attach/detach controller detached the disk from the old node and attached it to the new one. The files were on the disk, not the node.',
      goal: predicate('moved', 'a new photos pod is Ready on another node, with the old uploads', (c, ctx) => {
        const p = newReady(c, ctx.startedAt);
        return !!p && cordoned(c).length > 0 && !cordoned(c).includes(p.spec!.nodeName!) && kept(c, ctx.startedAt);
      }),
      hints: ['Two commands: one for the node, one for the pod.', 'A cordoned node takes no new pods.', 'kubectl cordon <node>; kubectl delete pod -l app=photos'],
      predict: {
        question: 'On the new node, will the uploads be there?',
        options: ['Yes', 'No'],
        answer: (c, ctx) => (kept(c, ctx.startedAt) ? 'Yes' : 'No'),
        explain: 'A network disk is detached and attached where the pod goes; the claim names the same PV.',
      },
    },
  ],
  breakIt: {
    id: 'delete-again',
    ask: 'Break it: the photos pod was deleted once more. Are the photos safe?',
    narration: 'The lesson deleted the photos pod. The Deployment replaces it, and the new pod mounts the same claim. Wait for it to be Ready and check the uploads are all there.',
    look: [{ kind: 'pvc', name: 'photos' }],
    explain: 'Pods are disposable; the claim and its volume are not. That is why databases keep their data on PersistentVolumes.',
    goal: predicate('safe', 'a new photos pod is Ready with the old uploads', (c, ctx) => !!newReady(c, ctx.startedAt) && kept(c, ctx.startedAt)),
    hints: ['Just watch.', 'The claim outlives the pod.', 'kubectl get pods -l app=photos'],
    chaos: [{ op: 'deletePod', selector: 'app=photos' }],
  },
  solution: [
    [{ op: 'deletePod', selector: 'app=photos' }, { advance: 40_000 }],
    ['kubectl apply -f photos-pvc.yaml', { advance: 90_000 }],
    [{ op: 'cordon', nodeOf: 'app=photos' }, { op: 'deletePod', selector: 'app=photos' }, { advance: 90_000 }],
    [{ advance: 90_000 }],
  ],
};
