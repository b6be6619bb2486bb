import { describe, expect, it } from 'vitest';
import { editDistance, parseImageRef, resolveImage } from './images';
import { inBackOffSince, next, goDuration, type BackoffEntry } from './backoff';

describe('image references and the registry', () => {
  it('normalises references as containerd does', () => {
    expect(parseImageRef('nginx')?.full).toBe('docker.io/library/nginx:latest');
    expect(parseImageRef('nginx:1.27')?.full).toBe('docker.io/library/nginx:1.27');
    expect(parseImageRef('bitnami/redis:7.2')?.full).toBe('docker.io/bitnami/redis:7.2');
    expect(parseImageRef('registry.k8s.io/e2e-test-images/agnhost:2.40')?.full).toBe('registry.k8s.io/e2e-test-images/agnhost:2.40');
    expect(parseImageRef('NGINX')).toBeNull();
  });

  it('pulls catalogue images with plausible tags and refuses unknown tags with "not found"', () => {
    for (const img of ['nginx', 'nginx:1.27', 'nginx:stable-alpine', 'nginx:1.25-alpine', 'redis:7', 'busybox:1.36', 'python:3.12-slim']) {
      expect(resolveImage(img).ok, img).toBe(true);
    }
    const r = resolveImage('nginx:doesnotexist');
    expect(r).toMatchObject({
      ok: false,
      reason: 'ErrImagePull',
      error:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    });
  });

  it('answers a misspelt name with "pull access denied" and runs anything else as a server', () => {
    expect(editDistance('ngnix', 'nginx')).toBe(1);
    const typo = resolveImage('ngnix');
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.error).toContain('pull access denied, repository does not exist or may require authorization');
    expect(!resolveImage('reddis:7').ok).toBe(true);
    const other = resolveImage('ghcr.io/acme/shop:v3');
    expect(other.ok && other.info.http).toEqual({ '*': 200 });
    expect(resolveImage('NGINX')).toMatchObject({ ok: false, reason: 'InvalidImageName' });
  });
});

describe('restart back-off', () => {
  it('waits 10, 20, 40, 80, 160, 300, 300 s and resets after 10 min of running', () => {
    let e: BackoffEntry | undefined;
    let t = 0;
    // first exit: no entry yet → restart at once
    expect(inBackOffSince(e, t, t)).toBe(false);
    e = next(e, t, t);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      t += 5000; // runs 5 s, exits
      expect(inBackOffSince(e, t, t + 1000)).toBe(true);
      waits.push(e!.backoffMs / 1000);
      t += e!.backoffMs;
      expect(inBackOffSince(e, t - e!.backoffMs, t)).toBe(false);
      e = next(e, t - e!.backoffMs, t);
    }
    expect(waits).toEqual([10, 20, 40, 80, 160, 300, 300]);
    const reset = next(e, t + 11 * 60_000, t + 11 * 60_000);
    expect(reset.backoffMs).toBe(10_000);
    expect([goDuration(10_000), goDuration(80_000), goDuration(300_000), goDuration(2_300), goDuration(512)]).toEqual(['10s', '1m20s', '5m0s', '2.3s', '512ms']);
  });
});
