/**
 * A readline for the terminal: the line being typed, the cursor, history (up/down keeps the
 * draft), and the escape sequences that redraw it. Pure — it returns the text to write, so it
 * is tested without a terminal. Redraws know the terminal's width: a long kubectl line wraps,
 * and the cursor must come back to the right row.
 */

/** Visible width of text with ANSI colour codes (the prompt). */
export function visibleWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')].length;
}

export class LineEditor {
  buffer = '';
  cursor = 0;
  /** the prompt as written (with colours) */
  prompt = '';
  cols = 80;
  /** oldest first */
  readonly history: string[];
  /** history index while browsing: history.length = the draft */
  private index: number;
  private draft = '';
  /** the row of the cursor, relative to the prompt's row, after the last write */
  private row = 0;

  constructor(history: string[] = []) {
    this.history = history;
    this.index = history.length;
  }

  /** Starts a fresh line after `prompt`; returns what to write. */
  start(prompt: string): string {
    this.prompt = prompt;
    this.buffer = '';
    this.cursor = 0;
    this.row = 0;
    this.index = this.history.length;
    this.draft = '';
    return prompt;
  }

  /** Adds a submitted line to the history (not blanks, not a repeat of the last one). */
  remember(line: string): void {
    const t = line.trim();
    if (!t || this.history[this.history.length - 1] === t) return;
    this.history.push(t);
    if (this.history.length > 500) this.history.splice(0, this.history.length - 500);
  }

  /** Rewrites the prompt and the line, and puts the cursor where it belongs. */
  redraw(): string {
    const p = visibleWidth(this.prompt);
    let out = this.row > 0 ? `\x1b[${this.row}A` : '';
    out += '\r\x1b[J' + this.prompt + this.buffer;
    const end = p + [...this.buffer].length;
    // at an exact multiple of the width the terminal waits to wrap; force it so rows add up
    if (end > 0 && end % this.cols === 0) out += ' \r';
    const endRow = Math.floor(end / this.cols);
    const target = p + [...this.buffer.slice(0, this.cursor)].length;
    const targetRow = Math.floor(target / this.cols);
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += `\x1b[${(target % this.cols) + 1}G`;
    this.row = targetRow;
    return out;
  }

  /** Moves to a new line below the whole input (before output or a submitted command). */
  finish(): string {
    const p = visibleWidth(this.prompt);
    const endRow = Math.floor((p + [...this.buffer].length) / this.cols);
    const down = endRow - this.row;
    this.row = 0;
    return (down > 0 ? `\x1b[${down}B` : '') + '\r\n';
  }

  insert(text: string): string {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
    return this.redraw();
  }

  /** Replaces `buffer[from, cursor)` with `text` (tab completion). */
  replace(from: number, text: string): string {
    this.buffer = this.buffer.slice(0, from) + text + this.buffer.slice(this.cursor);
    this.cursor = from + text.length;
    return this.redraw();
  }

  backspace(): string {
    if (this.cursor === 0) return '';
    this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
    this.cursor--;
    return this.redraw();
  }

  del(): string {
    if (this.cursor >= this.buffer.length) return '';
    this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
    return this.redraw();
  }

  move(to: number): string {
    const c = Math.max(0, Math.min(this.buffer.length, to));
    if (c === this.cursor) return '';
    this.cursor = c;
    return this.redraw();
  }

  /** Ctrl-W: deletes the word before the cursor, as readline's unix-word-rubout does. */
  deleteWord(): string {
    let i = this.cursor;
    while (i > 0 && this.buffer[i - 1] === ' ') i--;
    while (i > 0 && this.buffer[i - 1] !== ' ') i--;
    this.buffer = this.buffer.slice(0, i) + this.buffer.slice(this.cursor);
    this.cursor = i;
    return this.redraw();
  }

  killBefore(): string {
    this.buffer = this.buffer.slice(this.cursor);
    this.cursor = 0;
    return this.redraw();
  }

  killAfter(): string {
    this.buffer = this.buffer.slice(0, this.cursor);
    return this.redraw();
  }

  /** Up (-1) / down (+1) through history; the draft is kept at the bottom. */
  browse(step: -1 | 1): string {
    const next = this.index + step;
    if (next < 0 || next > this.history.length) return '';
    if (this.index === this.history.length) this.draft = this.buffer;
    this.index = next;
    this.buffer = next === this.history.length ? this.draft : this.history[next];
    this.cursor = this.buffer.length;
    return this.redraw();
  }
}
