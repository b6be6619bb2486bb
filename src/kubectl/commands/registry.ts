/**
 * Every kubectl command, in kubectl's registration order (which is also the order cobra's
 * "Did you mean this?" suggestions come in), and the suggestion rule (Levenshtein ≤ 2 or prefix).
 */
import type { CommandDef } from '../command';
import { KubectlError } from '../errors';
import { apply } from './apply';
import { create } from './create';
import { del } from './delete';
import { describe } from '../describe/describe';
import { explain } from './explain';
import { expose } from './expose';
import { get } from './get';
import { apiResources, clusterInfo, config, version } from './info';
import { annotate, label } from './label';
import { logs } from './logs';
import { cordon, drain, taint, uncordon } from './nodes';
import { rollout } from './rollout';
import { scale, set } from './scale';
import { top } from './top';

function unsupported(name: string): CommandDef {
  return {
    name,
    short: '',
    run() {
      throw new KubectlError(`error: "kubectl ${name}" is not available in this playground`);
    },
  };
}

/** kubectl's commands in registration order; the ones the playground lacks answer so. */
export const COMMANDS: CommandDef[] = [
  create, expose, unsupported('run'), set,
  explain, get, unsupported('edit'), del,
  rollout, scale, unsupported('autoscale'),
  unsupported('certificate'), clusterInfo, top, cordon, uncordon, drain, taint,
  describe, logs, unsupported('attach'), unsupported('exec'), unsupported('port-forward'), unsupported('proxy'), unsupported('cp'), unsupported('auth'), unsupported('debug'), unsupported('events'),
  unsupported('diff'), apply, unsupported('patch'), unsupported('replace'), unsupported('wait'), unsupported('kustomize'),
  label, annotate, unsupported('completion'),
  unsupported('alpha'), apiResources, unsupported('api-versions'), config, unsupported('plugin'), version, unsupported('options'),
];

export function findCommand(list: CommandDef[], word: string): CommandDef | undefined {
  return list.find((c) => c.name === word || c.aliases?.includes(word));
}

function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** cobra `SuggestionsFor`: distance ≤ 2 or a prefix. */
export function suggestionsFor(typed: string): string[] {
  return COMMANDS.map((c) => c.name).filter((n) => levenshtein(typed, n) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()));
}
