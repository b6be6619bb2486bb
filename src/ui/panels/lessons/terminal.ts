/**
 * "Run it": the step's kubectl line goes into the Terminal tab's session, as if the learner
 * had pasted it and pressed Enter — they see the prompt, the line and kubectl's answer where
 * they will type the next one. The terminal is a lazily loaded xterm.js; a paste event on its
 * input is the one door it offers, so this opens the tab, waits for it, and pastes.
 * If the terminal cannot be reached the line runs as a canvas action (its outcome shows).
 */
import { runAction } from '../../actions';
import { openTab } from '../dock/store';

const INPUT = '[data-testid="terminal"] .xterm-helper-textarea';

function waitForElement<T extends Element>(selector: string, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const found = document.querySelector<T>(selector);
    if (found) return resolve(found);
    const obs = new MutationObserver(() => {
      const el = document.querySelector<T>(selector);
      if (!el) return;
      obs.disconnect();
      clearTimeout(timer);
      resolve(el);
    });
    const timer = setTimeout(() => {
      obs.disconnect();
      resolve(null);
    }, ms);
    obs.observe(document.body, { childList: true, subtree: true });
  });
}

/** Types `line` + Enter into the terminal; resolves to where it ran. */
export async function runInTerminal(line: string): Promise<'terminal' | 'action'> {
  openTab('terminal');
  const input = await waitForElement<HTMLTextAreaElement>(INPUT, 8000);
  if (input && typeof DataTransfer !== 'undefined' && typeof ClipboardEvent !== 'undefined') {
    try {
      const data = new DataTransfer();
      data.setData('text/plain', `${line}\r`);
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return 'terminal';
    } catch {
      // a browser without constructible clipboard events: fall through
    }
  }
  await runAction(line);
  return 'action';
}

/** Copies text; false when the clipboard is not available (the learner can select it). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
