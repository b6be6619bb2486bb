import { afterEach, describe, expect, it } from 'vitest';
import type { SimClient } from '../../../worker/client';
import type { FromWorker, Marker, TimelineView } from '../../../worker/protocol';
import { appStore } from '../../state/store';
import { applyView, attachTimeline, timelineStore } from './state';

function fakeClient() {
  const fns = new Set<(m: FromWorker) => void>();
  const client = { send: () => Promise.reject(new Error('none')), listen: (fn: (m: FromWorker) => void) => (fns.add(fn), () => fns.delete(fn)), terminate: () => undefined } as unknown as SimClient;
  return { client, emit: (m: FromWorker) => fns.forEach((fn) => fn(m)) };
}

const marker = (t: number, text: string): Marker => ({ t, kind: 'action', text });
const view = (end: number, markers?: Marker[]): TimelineView => ({ enabled: true, end, branch: 0, branches: [{ id: 0, end, inputs: markers?.length ?? 0, current: true } as never], ...(markers ? { markers } : {}) });
const patch = (seq: number, timeline: TimelineView): FromWorker => ({ type: 'patch', seq, upserts: {}, removed: [], timeline });

let stop = () => undefined as unknown;
afterEach(() => {
  stop();
  appStore.setState({ seq: 0 });
  applyView(view(0, []));
});

describe('the timeline bar follows the stream', () => {
  it('shows a streamed view with the store update of its patch, not before (the bar and the clock agree)', () => {
    const { client, emit } = fakeClient();
    stop = attachTimeline(client);
    appStore.setState({ seq: 4 });
    emit(patch(5, view(5000, [marker(1000, 'kubectl scale deployment web --replicas=5')])));
    emit(patch(6, view(6000)));
    // the page has not applied patch 5 or 6 yet: the bar still shows the old extent
    expect(timelineStore.getState().end).toBe(0);
    appStore.setState({ seq: 6 });
    // one update with the newest view, and the markers an earlier message carried
    expect(timelineStore.getState().end).toBe(6000);
    expect(timelineStore.getState().markers.map((m) => m.text)).toEqual(['kubectl scale deployment web --replicas=5']);
  });

  it('keeps the markers and branches it has when a view repeats them', () => {
    const { client, emit } = fakeClient();
    stop = attachTimeline(client);
    emit(patch(1, view(1000, [marker(500, 'a')])));
    appStore.setState({ seq: 1 });
    const { markers, branches } = timelineStore.getState();
    emit(patch(2, { ...view(1000, [marker(500, 'a')]) }));
    appStore.setState({ seq: 2 });
    expect(timelineStore.getState().markers).toBe(markers);
    expect(timelineStore.getState().branches).toBe(branches);
    emit(patch(3, view(2000, [marker(500, 'a'), marker(1500, 'b')])));
    appStore.setState({ seq: 3 });
    expect(timelineStore.getState().markers.map((m) => m.text)).toEqual(['a', 'b']);
    // the marker that was already there is the same object (its pin does not render again)
    expect(timelineStore.getState().markers[0]).toBe(markers[0]);
  });

  it('a seek answer wins over views streamed before it', () => {
    const { client, emit } = fakeClient();
    stop = attachTimeline(client);
    emit(patch(7, view(9000)));
    applyView({ ...view(9000), end: 9000, branch: 1 });
    appStore.setState({ seq: 7 });
    expect(timelineStore.getState().branch).toBe(1);
  });
});
