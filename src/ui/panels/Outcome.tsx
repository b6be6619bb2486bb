/**
 * The last action's result, as a terminal would show it: the command (kubectl, or what the
 * act would be on a machine) and what it printed. Stays until the next action or ×.
 */
import { useStore } from '../state/hooks';
import { setOutcome } from '../state/store';

export function Outcome() {
  const outcome = useStore((s) => s.outcome);
  if (!outcome) return null;
  return (
    <div className={`outcome-toast outcome ${outcome.ok ? 'ok' : 'err'}`} data-testid="action.outcome-box" role="status" aria-live="polite">
      <button type="button" className="close" aria-label="Dismiss" onClick={() => setOutcome(null)}>
        ×
      </button>
      {outcome.command && <code className="mono outcome-cmd">$ {outcome.command}</code>}
      <pre data-testid="action.outcome">{outcome.text}</pre>
    </div>
  );
}
