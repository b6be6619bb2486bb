/**
 * A lesson as data (DESIGN.md rule 9, LESSONS.md): the cluster it starts from, its steps (ask →
 * do → look → explain → check), a chaos round, and a reference solution a test replays. Goals are
 * declarative checks (goals.ts); actions are what the learner does on the canvas or in the
 * terminal (actions.ts performs them on a Cluster, in tests and in the worker alike).
 */
import type { MachineSpec } from '../sim/infra/machines';
import type { Target } from '../sim/network/traffic';
import type { Cluster } from '../sim/cluster';
import type { Goal, StepContext } from './goals';

/** Names a pod: by name, or the first (by name) of the pods a label selector matches. */
export interface PodPick {
  namespace?: string;
  name?: string;
  selector?: string;
  /** only pods bound to this node */
  node?: string;
}

/**
 * What a learner (or a lesson's chaos round) can do. The `op` names follow the worker
 * protocol's calls (src/worker/protocol.ts `Call`) so the page and the lessons speak alike.
 */
export type LessonAction =
  | { op: 'kubectl'; line: string; files?: Record<string, string> }
  | ({ op: 'deletePod' } & PodPick)
  | ({ op: 'crashContainer'; container?: string } & PodPick)
  | { op: 'powerMachine'; name: string; on: boolean }
  | { op: 'setProcess'; machine: string; process: string; running: boolean }
  | { op: 'setNetwork'; name: string; up: boolean }
  | { op: 'addMachine'; size: 'small' | 'medium' | 'large' }
  /** `kubectl cordon` (or uncordon) a node by name, or the node of the first pod a selector matches */
  | { op: 'cordon'; name?: string; nodeOf?: string; on?: boolean }
  /** adds the traffic client, or changes its rate; rps 0 stops it */
  | { op: 'traffic'; client: string; target: Target; rps: number; from?: string }
  /** a synthetic CPU load on every pod the selector matches (millicores each), for the HPA lesson */
  | { op: 'cpuLoad'; selector: string; namespace?: string; millicores: number };

/** One entry of a reference solution: a kubectl line, an action, or virtual time passing. */
export type SolutionItem = string | LessonAction | { advance: number };

export interface Prediction {
  question: string;
  options: string[];
  /** what really happened, read from the cluster when the step's goal is met */
  answer: (cluster: Cluster, ctx: StepContext) => string;
  /** why, shown next to the learner's guess */
  explain: string;
}

/** An object the step points at, for the canvas to highlight. */
export interface ObjectRef {
  kind: 'pod' | 'node' | 'deployment' | 'replicaset' | 'service' | 'ingress' | 'pvc' | 'pv' | 'hpa' | 'pdb' | 'component';
  /** a name, or a name prefix ending in `*` (pods of a Deployment: `web-*`) */
  name: string;
  namespace?: string;
}

export interface Step {
  id: string;
  /** what the learner reads while the step is open (≤ 60 words, with ask/do/explain) */
  narration: string;
  /** one sentence that makes the learner curious */
  ask?: string;
  /** the exact kubectl line, or the canvas action named as on screen (with its kubectl line) */
  do?: string;
  /** the kubectl line the UI can copy or run for this step */
  command?: string;
  look?: ObjectRef[];
  /** shown when the goal turns green: why, naming the component that acted */
  explain: string;
  goal: Goal;
  /** a nudge, the concept, the exact command */
  hints: [string, string, string];
  /** the step opens only once this holds (a sim event or condition) */
  waitFor?: Goal;
  predict?: Prediction;
  /** a clock speed the lesson switches to while this step is open, and why */
  speed?: { speed: number; why: string };
  /** done to the cluster when the step opens (the chaos round breaks things here) */
  chaos?: LessonAction[];
  /** files the step hands the terminal and the editor, for `kubectl apply -f <name>` */
  files?: Record<string, string>;
}

export interface LessonSetup {
  machines?: MachineSpec[];
  seed: number;
  /** the clock speed the lesson starts at (virtual seconds per real second) */
  speed: number;
  /** YAML applied in order with `kubectl apply -f` */
  manifests: string[];
  actions?: LessonAction[];
  /** virtual ms run after the manifests, before the first step opens (pods come up) */
  warmupMs?: number;
}

export interface Lesson {
  id: string;
  number: number;
  title: string;
  minutes: number;
  summary: string;
  setup: LessonSetup;
  steps: Step[];
  /** the chaos round: the last step */
  breakIt: Step;
  /** per step (steps then breakIt), what a learner who knows the answer does */
  solution: SolutionItem[][];
}

/** The steps in order, the chaos round last. */
export function allSteps(lesson: Lesson): Step[] {
  return [...lesson.steps, lesson.breakIt];
}

/** Every file the lesson's steps hand out, by name (names are unique within a lesson). */
export function lessonFiles(lesson: Lesson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of allSteps(lesson)) Object.assign(out, s.files);
  return out;
}
