/**
 * What the page shows of a lesson, as plain JSON: the lesson's text, its steps' hints,
 * predictions, time notes and chaos, without the goals' functions (they stay in the worker,
 * where the cluster is). The page never imports the catalog itself: that would pull the
 * simulation's code into the UI bundle.
 */
import { describeItem } from '../lessons/actions';
import { LESSONS } from '../lessons/catalog/index';
import { allSteps, type Lesson, type ObjectRef } from '../lessons/schema';

export interface LessonStepView {
  id: string;
  narration: string;
  ask?: string;
  do?: string;
  command?: string;
  look?: ObjectRef[];
  explain: string;
  hints: [string, string, string];
  predict?: { question: string; options: string[]; explain: string };
  speed?: { speed: number; why: string };
  /** what the lesson does to the cluster when the step opens, as it reads on screen */
  chaos?: string[];
  /** the step opens once this holds (its goal label) */
  waitFor?: string;
  /** files the step hands out for `kubectl apply -f <name>` */
  files?: Record<string, string>;
  /** the chaos round */
  breakIt: boolean;
}

export interface LessonSummary {
  id: string;
  number: number;
  title: string;
  minutes: number;
  summary: string;
}

export interface LessonView extends LessonSummary {
  /** the clock speed the lesson starts at */
  speed: number;
  /** the steps in order, the chaos round last */
  steps: LessonStepView[];
}

export function lessonSummary(l: Lesson): LessonSummary {
  return { id: l.id, number: l.number, title: l.title, minutes: l.minutes, summary: l.summary };
}

export function lessonView(l: Lesson): LessonView {
  const steps = allSteps(l).map((s): LessonStepView => {
    const v: LessonStepView = { id: s.id, narration: s.narration, explain: s.explain, hints: s.hints, breakIt: s === l.breakIt };
    if (s.ask) v.ask = s.ask;
    if (s.do) v.do = s.do;
    if (s.command) v.command = s.command;
    if (s.look?.length) v.look = s.look.map((r) => ({ ...r }));
    if (s.predict) v.predict = { question: s.predict.question, options: [...s.predict.options], explain: s.predict.explain };
    if (s.speed) v.speed = { ...s.speed };
    if (s.chaos?.length) v.chaos = s.chaos.map(describeItem);
    if (s.waitFor) v.waitFor = s.waitFor.label;
    if (s.files) v.files = { ...s.files };
    return v;
  });
  return { ...lessonSummary(l), speed: l.setup.speed, steps };
}

/** The curriculum's 14 lessons, in order, for the lesson map. */
export function lessonCatalog(): LessonSummary[] {
  return LESSONS.map(lessonSummary);
}
