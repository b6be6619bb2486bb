/** The curriculum, in order (LESSONS.md's storyline: the dating app, built and broken). */
import type { Lesson } from '../schema';
import { lesson01 } from './01-nodes';
import { lesson02 } from './02-pods';
import { lesson03 } from './03-deployments';
import { lesson04 } from './04-scheduling';
import { lesson05 } from './05-node-failure';
import { lesson06 } from './06-storage';
import { lesson07 } from './07-services';
import { lesson08 } from './08-ingress';
import { lesson09 } from './09-rollouts';
import { lesson10 } from './10-probes';
import { lesson11 } from './11-control-plane';
import { lesson12 } from './12-autoscaling';
import { lesson13 } from './13-maintenance';
import { lesson14 } from './14-capstone';

export const LESSONS: Lesson[] = [lesson01, lesson02, lesson03, lesson04, lesson05, lesson06, lesson07, lesson08, lesson09, lesson10, lesson11, lesson12, lesson13, lesson14];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
