/** Says that the simulation worker died and was restarted from the last checkpoint. */
import { useStore as useZustand } from 'zustand';
import { setRecovery, timelineStore } from './state';

export function RecoveryBanner() {
  const recovery = useZustand(timelineStore, (s) => s.recovery);
  if (!recovery) return null;
  return (
    <div className={`recovery ${recovery.state}`} role="alert" data-testid="recovery" data-state={recovery.state}>
      <span aria-hidden="true">{recovery.state === 'restarting' ? '⟳' : '✓'}</span>
      <span>{recovery.text}</span>
      {recovery.state === 'recovered' && (
        <button type="button" className="btn notice-close" aria-label="Dismiss" onClick={() => setRecovery(null)}>
          ×
        </button>
      )}
    </div>
  );
}
