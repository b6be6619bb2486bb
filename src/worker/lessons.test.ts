import { describe, expect, it } from 'vitest';
import { LessonSession } from './lessons';

describe('LessonSession', () => {
  it('builds the lesson cluster, opens step 1, and "show me" plus time completes it', () => {
    const s = new LessonSession('03-deployments');
    expect(s.status().progress.current).toBe(0);
    expect(s.status().showMe[0]).toBe('kubectl create deployment web --image=playground/web:1.0 --replicas=3');
    expect(s.status().checklist).toEqual([{ label: '3 web pods Ready', met: false }]);
    s.showMe();
    s.cluster.runFor(20_000);
    const st = s.tick()!;
    expect(st.progress.completed).toEqual(['create']);
    expect(s.tick()).toBeUndefined(); // nothing changed
  });

  it('resumes after a reload by replaying the steps already done', () => {
    const s = new LessonSession('03-deployments', undefined, 2);
    expect(s.status().progress.completed).toEqual(['create', 'kill']);
  });
});
