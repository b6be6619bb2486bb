/**
 * Rewinding time: a 50-pod cluster played for 20 simulated minutes (a pod deleted every 30 s),
 * then seeks from t back to t − 600 s (restore the keyframe ≤ target, replay the input log).
 * Bar: median seek ≤ 200 ms. Also the share-link size of the default demo with ten learner
 * actions (bar ≤ 2 KB).
 */
import type { Pod } from '../src/sim/api/types';
import { DEMO_END, playScript } from '../src/worker/timeline/demo';
import { encodeTimeline } from '../src/worker/timeline/share';
import { Timeline } from '../src/worker/timeline/timeline';
import { fmt, type BenchResult } from './report';

const END = 1_200_000;
const SEEKS = 7;

export default async function run(): Promise<BenchResult> {
  const tl = new Timeline({ seed: 13, epochMs: Date.UTC(2026, 0, 1) });
  tl.act({
    op: 'api',
    verb: 'create',
    resource: 'deployments',
    namespace: 'default',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 50,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '50m', memory: '32Mi' } } }] } },
      },
    },
  });
  const playStart = performance.now();
  for (let t = 30_000; t <= END; t += 30_000) {
    tl.runUntil(t);
    const victim = tl.cluster.store.list<Pod>('pods', 'default').find((p) => !p.metadata?.deletionTimestamp);
    if (victim) tl.act({ op: 'deletePod', namespace: 'default', name: victim.metadata!.name! });
  }
  tl.runUntil(END);
  const playMs = performance.now() - playStart;
  const running = tl.cluster.store.list<Pod>('pods', 'default').filter((p) => p.status?.phase === 'Running').length;
  const snapshotChars = tl.keyframes[tl.keyframes.length - 1]?.json.length ?? 0;

  const times: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const from = END - i * 37_000; // a different instant each time, rarely on a keyframe
    tl.seek(from);
    const start = performance.now();
    tl.seek(from - 600_000);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];

  const demo = new Timeline({ seed: 1, epochMs: Date.UTC(2026, 0, 1) });
  playScript({ runUntil: (t) => demo.runUntil(t), pods: () => demo.cluster.store.list<Pod>('pods', 'default'), act: (i) => demo.act(i) });
  const link = await encodeTimeline(demo);

  return {
    id: 'rewind',
    title: 'Rewinding time: seek back 10 simulated minutes in a 50-pod cluster',
    description:
      `A 50-replica Deployment on the default cluster, a pod deleted every 30 simulated seconds for ${END / 60_000} minutes; keyframes every 30 s. ` +
      `Each seek goes from t back to t − 600 s (${SEEKS} seeks at different t): restore the latest keyframe ≤ target, replay the logged inputs. ` +
      `Share link: the default demo (Deployment web + ${demo.inputs.length - 1} learner actions over ${DEMO_END / 60_000} minutes).`,
    figures: [
      { name: 'Running pods', value: fmt(running), unit: '' },
      { name: 'play 20 min incl. keyframes', value: fmt(playMs / 1000, 2), unit: 's' },
      { name: 'keyframes kept', value: fmt(tl.keyframes.length), unit: '' },
      { name: 'keyframe size', value: fmt(snapshotChars / 1024), unit: 'KiB' },
      { name: 'seek back 600 s (median)', value: fmt(median, 1), unit: 'ms', bar: '≤ 200 ms', pass: median <= 200 },
      { name: 'seek back 600 s (max)', value: fmt(times[times.length - 1], 1), unit: 'ms' },
      { name: 'share link (default demo)', value: fmt(link.length), unit: 'chars', bar: '≤ 2048', pass: link.length <= 2048 },
    ],
  };
}
