/**
 * Go's text/tabwriter, faithfully: text is cut into cells at `\t`; consecutive lines that have
 * a cell in column k form a column block whose width is the widest cell + padding (at least
 * minwidth); a line without that cell ends the block. The text after a line's last tab is not
 * a cell and is never padded. kubectl get uses (minwidth 6, padding 3); describe (0, 2), and
 * its quirks — `Controlled By:` aligned with the `  IP:` line above it — come from this.
 */
export function tabwriter(text: string, minwidth: number, padding: number): string {
  const lines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  const out: string[] = new Array(cells.length);
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = cells[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        if (j < widths.length && j < line.length - 1) s += c + ' '.repeat(Math.max(0, widths[j] - width(c)));
        else s += c;
      }
      out[i] = s;
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= cells[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = minwidth;
      for (; cur < line1; cur++) {
        const line = cells[cur];
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column]) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the for-loop's ++ brings us back to `cur`
    }
    writeLines(line0, line1);
  };
  format(0, cells.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
