/**
 * The worker's side of a guided lesson: the lesson's cluster (built from its setup), the progress
 * reducer evaluated after every frame, chaos effects performed when a step opens, and "show me"
 * (the reference solution of the open step, played on the same cluster). Not wired into
 * host.ts yet: the host builds its cluster at construction, so a lesson starts with a fresh host
 * (`new LessonSession(lesson)` gives the cluster to use). Everything it posts is plain JSON.
 */
import { runKubectl } from '../kubectl/index';
import { Cluster } from '../sim/cluster';
import { performAction, performItem, describeItem, type KubectlRunner } from '../lessons/actions';
import { lessonById } from '../lessons/catalog/index';
import { checklist, currentStep, evaluate, recordPrediction, revealHint, startLesson, type LessonProgress } from '../lessons/runner';
import { allSteps, lessonFiles, type Lesson } from '../lessons/schema';

export interface LessonStatus {
  lessonId: string;
  progress: LessonProgress;
  /** the open step's goal lines */
  checklist: { label: string; met: boolean }[];
  /** the open step's reference solution, as it reads on screen */
  showMe: string[];
}

export class LessonSession {
  readonly cluster: Cluster;
  readonly lesson: Lesson;
  private readonly kubectl: KubectlRunner;
  private progress: LessonProgress;
  private last = '';

  constructor(lessonId: string, epochMs?: number, replaySteps = 0) {
    const lesson = lessonById(lessonId);
    if (!lesson) throw new Error(`lesson "${lessonId}" not found`);
    this.lesson = lesson;
    const s = lesson.setup;
    this.cluster = Cluster.create({ seed: s.seed, machines: s.machines, epochMs });
    const files: Record<string, string> = { ...lessonFiles(lesson) };
    s.manifests.forEach((m, i) => (files[`setup-${i}.yaml`] = m));
    const c = this.cluster;
    this.kubectl = (line, extra) => runKubectl(line, { client: c.client('kubectl'), nowMs: () => c.nowMs(), files: extra ? { ...files, ...extra } : files });
    s.manifests.forEach((_m, i) => this.kubectl(`kubectl apply -f setup-${i}.yaml`));
    for (const a of s.actions ?? []) performAction(c, a, this.kubectl);
    c.runFor(s.warmupMs ?? 0);
    this.progress = startLesson(lesson, c.clock.now);
    this.tick();
    // a reload resumes: the steps already done are replayed from the reference solution
    for (let i = 0; i < replaySteps && i < lesson.solution.length; i++) {
      for (const item of lesson.solution[i]) {
        performItem(c, item, this.kubectl);
        this.tick();
      }
    }
  }

  /** The files a terminal in lesson mode offers to `kubectl apply -f`. */
  files(): Record<string, string> {
    return lessonFiles(this.lesson);
  }

  /** Evaluates; performs a step's chaos when it opens. Returns the status when it changed. */
  tick(): LessonStatus | undefined {
    for (let i = 0; i < 20; i++) {
      const ev = evaluate(this.lesson, this.progress, this.cluster);
      this.progress = ev.progress;
      if (!ev.effects.length) break;
      for (const a of ev.effects) performAction(this.cluster, a, this.kubectl);
    }
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.last) return undefined;
    this.last = key;
    return status;
  }

  status(): LessonStatus {
    const step = currentStep(this.lesson, this.progress);
    const idx = allSteps(this.lesson).indexOf(step!);
    return {
      lessonId: this.lesson.id,
      progress: this.progress,
      checklist: checklist(this.lesson, this.progress, this.cluster),
      showMe: idx >= 0 ? (this.lesson.solution[idx] ?? []).map(describeItem) : [],
    };
  }

  predict(stepId: string, guess: string): void {
    this.progress = recordPrediction(this.progress, stepId, guess);
  }

  hint(stepId: string): void {
    this.progress = revealHint(this.progress, stepId);
  }

  /** Plays the open step's reference solution's actions (time passing is left to the clock). */
  showMe(): string {
    const idx = this.progress.current;
    let out = '';
    for (const item of this.lesson.solution[idx] ?? []) {
      if (typeof item === 'object' && 'advance' in item) continue;
      out += performItem(this.cluster, item, this.kubectl).output;
    }
    return out;
  }
}
