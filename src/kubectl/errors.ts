/**
 * How kubectl turns an error into text (`cmd/util/helpers.go` checkErr / StandardErrorMessage):
 * Status errors as `Error from server (Reason): message`, Invalid ones as
 * `The Kind "name" is invalid: …` (several causes one per line with `* `), client-side
 * errors as `error: …`, cobra usage errors as `Error: …` + the help hint. Exit code 1.
 */
import { ApiError, ConnectionRefusedError } from '../sim/api/errors';

/** A client-side failure; `message` is printed as is (add `error: ` yourself when kubectl does). */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A cobra usage error: `Error: <msg>` then `See 'kubectl <cmd> --help' for usage.` */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly commandPath: string,
  ) {
    super(message);
  }
}

/** `error: <msg>` + `See 'kubectl <cmd> -h' for help and examples` (cmdutil.UsageErrorf). */
export function usageErrorf(commandPath: string, message: string): KubectlError {
  return new KubectlError(`error: ${message}\nSee 'kubectl ${commandPath} -h' for help and examples`);
}

/** The Status of an ApiError, with a message prefixed as `AddSourceToErr` does for -f files. */
export function withSource(e: unknown, verb: string, source: string): unknown {
  if (!(e instanceof ApiError) || !source) return e;
  return new ApiError({ ...e.status, message: `error when ${verb} "${source}": ${e.status.message}` });
}

export function renderError(e: unknown): { text: string; exitCode: number } {
  const line = (s: string) => (s.endsWith('\n') ? s : s + '\n');
  if (e instanceof KubectlError) return { text: line(e.message), exitCode: e.exitCode };
  if (e instanceof UsageError) return { text: `Error: ${e.message}\nSee 'kubectl ${e.commandPath} --help' for usage.\n`, exitCode: 1 };
  if (e instanceof ConnectionRefusedError) return { text: line(e.message), exitCode: 1 };
  if (e instanceof ApiError) {
    const s = e.status;
    if (s.reason === 'Invalid' && s.details) {
      let head = 'The request is invalid';
      if (s.details.kind || s.details.name) head = `The ${s.details.kind ?? ''} ${JSON.stringify(s.details.name ?? '')} is invalid`;
      const seen = new Set<string>();
      const causes: string[] = [];
      for (const c of s.details.causes ?? []) {
        const msg = `${c.field}: ${c.message}`;
        if (seen.has(msg)) continue;
        seen.add(msg);
        causes.push(msg);
      }
      if (!causes.length) return { text: line(head), exitCode: 1 };
      if (causes.length === 1) return { text: `${head}: ${causes[0]}\n`, exitCode: 1 };
      return { text: `${head}: \n` + causes.map((c) => `* ${c}\n`).join(''), exitCode: 1 };
    }
    if (s.reason === ('Unauthorized' as string)) return { text: `error: You must be logged in to the server (${s.message})\n`, exitCode: 1 };
    return { text: s.reason ? `Error from server (${s.reason}): ${s.message}\n` : `Error from server: ${s.message}\n`, exitCode: 1 };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { text: line(msg.startsWith('error: ') ? msg : `error: ${msg}`), exitCode: 1 };
}
