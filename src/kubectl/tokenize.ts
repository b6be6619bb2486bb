/**
 * Splits a command line the way a POSIX shell would for simple cases: whitespace separates
 * words; single quotes keep everything literally; double quotes allow `\"` and `\\`; a backslash
 * outside quotes escapes the next character. No globbing, variables or pipes — the terminal
 * is not a shell, but learners paste lines like `-o jsonpath='{.items[*].metadata.name}'`.
 */
export class TokenizeError extends Error {}

export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new TokenizeError('unexpected EOF while looking for matching `\'\'');
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) i++;
        cur += line[i++];
      }
      if (i >= line.length) throw new TokenizeError('unexpected EOF while looking for matching `"\'');
      inWord = true;
      i++;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(cur);
  return out;
}
