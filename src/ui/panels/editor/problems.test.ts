import { describe, expect, it } from 'vitest';
import { kubectlErrorLine, lineStart, safeFileName, yamlProblems } from './problems';

describe('yamlProblems', () => {
  it('finds nothing wrong in a valid multi-document manifest', () => {
    expect(yamlProblems('a: 1\n---\nb: [1, 2]\n')).toEqual([]);
  });

  it('points at the line and column of a syntax error in a later document', () => {
    const text = 'kind: Pod\n---\nkind: Service\nspec:\n  ports: [\n';
    const [p] = yamlProblems(text);
    expect(p.line).toBeGreaterThanOrEqual(5);
    expect(p.col).toBeGreaterThanOrEqual(1);
  });

  it('reports a duplicate key where it is', () => {
    const [p] = yamlProblems('metadata:\n  name: a\n  name: b\n');
    expect(p.line).toBe(3);
    expect(p.col).toBe(3);
    expect(p.message).toMatch(/unique/);
  });

  it('reports a tab used as indentation on its line', () => {
    const [p] = yamlProblems('spec:\n\treplicas: 3\n');
    expect(p.line).toBe(2);
  });
});

describe('kubectl messages', () => {
  it('reads the line kubectl names', () => {
    expect(kubectlErrorLine('error: error parsing x.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context')).toBe(7);
    expect(kubectlErrorLine('error: error parsing x.yaml: error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key "name" already set in map')).toBe(3);
    expect(kubectlErrorLine('Error from server (NotFound): x')).toBeUndefined();
  });

  it('finds line starts and makes file names kubectl accepts', () => {
    expect(lineStart('a\nbb\nccc', 3)).toBe(5);
    expect(safeFileName(' my app.yaml ')).toBe('my-app.yaml');
    expect(safeFileName('')).toBe('manifest.yaml');
  });
});
