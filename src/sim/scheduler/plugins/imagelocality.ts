/**
 * ImageLocality (`plugins/imagelocality`), weight 1: prefers nodes that already have the pod's
 * images (from the node's `status.images`), each image's size scaled by the share of nodes that
 * have it, so one node holding a popular image does not attract everything. Sum clamped between
 * 23 MB and 1000 MB per container, mapped to 0–100. Nodes that report no images score 0.
 */
import type { NodeInfo } from '../nodeinfo';
import { imageStates, normalizeImage } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { type CycleState, type ScorePlugin } from '../types';

// a module-local copy: imported bindings cost a getter call per use under some loaders (tsx)
const MAX_SCORE = 100;

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

interface ImageState {
  images: string[];
  /** image → how many nodes have it */
  spread: Map<string, number>;
  total: number;
}

export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';
  readonly weight = 1;

  constructor(private readonly allNodes: () => readonly NodeInfo[]) {}

  preScore(pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[], count: number): 'skip' | void {
    let any = false;
    for (let i = 0; i < count && !any; i++) any = nodes[i].images !== null;
    if (!any) return 'skip';
    const images = pod.spec.images.map(normalizeImage);
    const all = this.allNodes();
    if (this.countedAt !== imageStates.version || this.countedNodes !== all.length) {
      this.counts.clear();
      this.countedAt = imageStates.version;
      this.countedNodes = all.length;
    }
    const spread = new Map<string, number>();
    for (const img of images) {
      let n = this.counts.get(img);
      if (n === undefined) {
        n = 0;
        for (const node of all) if (node.images?.has(img)) n++;
        this.counts.set(img, n);
      }
      spread.set(img, n);
    }
    state.images = { images, spread, total: all.length } satisfies ImageState;
  }

  /** image → nodes that have it, valid while no node's images and no node count changed */
  private counts = new Map<string, number>();
  private countedAt = -1;
  private countedNodes = -1;

  score(pod: PodInfo, node: NodeInfo, state: CycleState): number {
    const s = state.images as ImageState;
    if (!node.images) return 0;
    let sum = 0;
    for (const img of s.images) {
      const size = node.images.get(img);
      if (size !== undefined) sum += Math.trunc(size * ((s.spread.get(img) ?? 0) / s.total));
    }
    const max = MAX_CONTAINER_THRESHOLD * Math.max(1, pod.spec.images.length);
    if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
    else if (sum > max) sum = max;
    return Math.trunc((MAX_SCORE * (sum - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  }
}
