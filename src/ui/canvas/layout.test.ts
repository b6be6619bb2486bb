import { describe, expect, it } from 'vitest';
import { defaultLayout } from './layout';

const machines = [
  { name: 'control-plane', role: 'control-plane' as const },
  { name: 'node-1', role: 'worker' as const },
  { name: 'node-2', role: 'worker' as const },
];

describe('defaultLayout', () => {
  it('puts the control plane on top, workers below, Deployments left of the nodes and Services further left', () => {
    const placed = defaultLayout({ machines, deployments: ['default/web'], services: ['default/web'], claims: ['default/data'] });
    const at = (id: string) => placed.find((p) => p.id === id)!;
    expect(at('machine:control-plane').y).toBeLessThan(at('machine:node-1').y);
    expect(at('machine:node-1').x).toBeLessThan(at('machine:node-2').x);
    expect(at('deployments:default/web').x).toBeLessThan(at('machine:node-1').x);
    expect(at('services:default/web').x).toBeLessThan(at('deployments:default/web').x);
    expect(at('users').x).toBeLessThan(at('services:default/web').x);
    expect(at('persistentvolumeclaims:default/data').y).toBeGreaterThan(at('machine:node-1').y);
  });

  it('puts 5,000 nodes in one virtualised grid, near square', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ name: `n${i}`, role: 'worker' as const }));
    const placed = defaultLayout({ machines: many, compact: true });
    expect(placed.filter((p) => p.type === 'machine')).toHaveLength(0);
    const grid = placed.find((p) => p.type === 'grid')!;
    expect(Number(grid.name)).toBeGreaterThan(50);
    expect(Number(grid.name)).toBeLessThan(120);
  });
});
