import { describe, expect, it } from 'vitest';
import { fnv32a, podTemplateHash, safeEncodeString, stableStringify } from './hash';

describe('fnv32a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });
});

describe('safeEncodeString', () => {
  it('maps each character through the alphabet modulo 27, as rand.SafeEncodeString does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(safeEncodeString('abc')).toBe('vwx'); // 97 % 27 = 16
  });
});

describe('podTemplateHash', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

  it('looks like a real pod-template-hash: the decimal FNV sum in the safe alphabet', () => {
    const h = podTemplateHash(template);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(h).toBe(safeEncodeString(String(fnv32a(stableStringify(template)))));
  });

  it('is the same for equal templates whatever their key order, and differs when the template does', () => {
    const reordered = { spec: { containers: [{ image: 'nginx:1.27', name: 'nginx' }] }, metadata: { labels: { app: 'web' } } };
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
    const changed = { ...template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } };
    expect(podTemplateHash(changed)).not.toBe(podTemplateHash(template));
  });

  it('changes with the collision count, and count 0 differs from none (8 bytes are hashed)', () => {
    const none = podTemplateHash(template);
    const zero = podTemplateHash(template, 0);
    const one = podTemplateHash(template, 1);
    expect(new Set([none, zero, one]).size).toBe(3);
  });
});
