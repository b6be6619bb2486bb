#!/usr/bin/env node
// Fails when src/sim is impure or an import goes against DESIGN.md's direction.
import { resolve } from 'node:path';
import { checkTree } from './import-rules.mjs';

const violations = checkTree(resolve('src'));
if (violations.length) {
  console.error(`Import rules broken (${violations.length}):`);
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log('import rules hold: src/sim is pure and imports flow sim ← kubectl ← worker/server ← ui');
