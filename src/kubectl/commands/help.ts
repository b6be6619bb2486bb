/** Short help texts: the command list, and a command's usage with its flags. */
import type { CommandDef } from '../command';
import { COMMANDS } from './registry';

export function helpFor(cmd: CommandDef | null, path = ''): string {
  if (!cmd) {
    const lines = COMMANDS.filter((c) => c.short).map((c) => `  ${c.name.padEnd(15)}${c.short}`);
    return `kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nCommands:\n${lines.join('\n')}\n\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\n`;
  }
  let out = `${cmd.short}.\n\n`;
  if (cmd.subcommands) out += `Available Commands:\n${cmd.subcommands.map((s) => `  ${s.name.padEnd(14)}${s.short}`).join('\n')}\n\n`;
  if (cmd.flags?.length) {
    out += 'Options:\n';
    for (const f of cmd.flags) out += `    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${JSON.stringify(f.default ?? (f.type === 'bool' ? false : f.type === 'strings' ? [] : ''))}\n`;
    out += '\n';
  }
  out += `Usage:\n  kubectl ${path} ${cmd.subcommands ? 'SUBCOMMAND' : '[options]'}\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  return out;
}
