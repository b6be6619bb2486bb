/**
 * The FailedScheduling message (`framework/types.go` FitError.Error):
 * `0/<N> nodes are available: <count> <reason>, ….` — entries formatted "%d %s" and sorted as
 * strings (so "10 Insufficient cpu" sorts before "2 …"), or the PreFilter message without
 * counts — followed by the PostFilter (preemption) message, if any.
 */

export function sortedHistogram(counts: ReadonlyMap<string, number>): string {
  const entries: string[] = [];
  for (const [reason, n] of counts) entries.push(`${n} ${reason}`);
  // Go's sort.Strings: byte order, not locale order
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.join(', ');
}

export function fitErrorMessage(numAllNodes: number, counts: ReadonlyMap<string, number>, preFilterMsg?: string, postFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const h = sortedHistogram(counts);
    if (h) msg += ` ${h}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

/** When there are no nodes at all (`ErrNoNodesAvailable`). */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';
