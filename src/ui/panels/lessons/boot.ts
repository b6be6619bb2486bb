/**
 * Lessons at boot (main.tsx, before React loads): which lesson the address names and how many
 * of its finished steps the worker must replay (a reload resumes), then the worker's lesson
 * messages into the lessons store. Kept tiny: it is part of the first chunk.
 */
import type { SimClient } from '../../../worker/client';
import type { InitMessage } from '../../../worker/protocol';
import type { LessonSummary } from '../../../worker/lessonview';
import { lessonFromSearch, replayCount } from './progress';
import { initLessons, receiveCatalog, receiveStatus } from './store';

/** The `lesson` field of the worker's init, from the address and the saved progress. */
export function lessonInit(search: string): InitMessage['lesson'] {
  const id = lessonFromSearch(search);
  const saved = initLessons(id);
  return id ? { id, replay: replayCount(saved, id) } : undefined;
}

export function attachLessons(client: SimClient): void {
  client.listen((msg) => {
    if (msg.type === 'lesson') receiveStatus(msg.status, msg.view);
    else if (msg.type === 'snapshot') {
      // the lesson map's titles: asked once the worker is up (it answers in the sandbox too)
      client.send<LessonSummary[]>({ op: 'lessonCatalog' }).then(receiveCatalog, () => undefined);
    }
  });
}
