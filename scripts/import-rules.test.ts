import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { checkFile } from './import-rules.mjs';

const src = '/repo/src';
const check = (file: string, text: string): string[] => checkFile(src, `${src}/${file}`, text);

describe('import rules', () => {
  it('refuses impurity inside src/sim', () => {
    expect(check('sim/x.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(check('sim/x.ts', 'const r = Math.random();')).toHaveLength(1);
    expect(check('sim/x.ts', 'setTimeout(() => 1, 5);')).toHaveLength(1);
    expect(check('sim/x.ts', "import { useState } from 'react';")).toHaveLength(1);
    expect(check('sim/x.ts', 'document.body.innerHTML = "";')).toHaveLength(1);
  });

  it('lets tests and comments mention what code may not use', () => {
    expect(check('sim/x.test.ts', 'const t = Date.now();')).toEqual([]);
    expect(check('sim/x.ts', '// never Date.now() here\nconst a = new Date(5);')).toEqual([]);
  });

  it('enforces the direction sim ← kubectl ← worker ← ui', () => {
    expect(check('sim/a.ts', "import { x } from '../kubectl/parse';")).toHaveLength(1);
    expect(check('kubectl/a.ts', "import { x } from '../worker/host';")).toHaveLength(1);
    expect(check('ui/a.ts', "import { Cluster } from '../sim/cluster';")).toHaveLength(1);
    expect(check('ui/a.ts', "import type { Pod } from '../sim/api/types';")).toEqual([]);
    expect(check('worker/a.ts', "import { Cluster } from '../sim/cluster';")).toEqual([]);
    expect(check('kubectl/a.ts', "import { Cluster } from '../sim/cluster';")).toEqual([]);
  });
});
