/** A small icon per status family, so colour is never the only signal. */
import type { Tone } from '../state/views';

const PATHS: Record<Tone, string> = {
  ok: 'M3 8.5l3 3 7-7', // check
  progress: 'M8 3v5l3 2M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13', // clock
  warning: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 12v.01', // triangle
  failed: 'M4 4l8 8M12 4l-8 8', // cross
  terminating: 'M4 4l8 8M12 6v6H6', // arrow leaving
  unknown: 'M6 6a2 2 0 1 1 3 1.7c-.7.4-1 1-1 1.8M8 12v.01', // question
};

export function StatusIcon({ tone, size = 12 }: { tone: Tone; size?: number }) {
  return (
    <svg className={`icon tone-${tone}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[tone]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
