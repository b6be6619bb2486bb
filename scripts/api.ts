/**
 * `npm run api -- --port 8080 [--speed 1] [--seed N] [--kubeconfig PATH] [--verbose]`: a simulated
 * cluster behind a Kubernetes HTTP API on 127.0.0.1, and a kubeconfig for the real kubectl.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kubeconfigFor } from '../src/server/kubeconfig';
import { startApiServer } from '../src/server/server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    kubeconfig: { type: 'string', default: './kubeconfig.playground' },
    verbose: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const speed = Number(values.speed);
const seed = Number(values.seed);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
if (!(speed >= 0)) throw new Error(`--speed: not a number ≥ 0: ${values.speed}`);

// virtual time starts at the wall clock's now, so the ages kubectl computes itself (describe's
// event ages) agree with the server's
const epochMs = Math.floor(Date.now() / 1000) * 1000;
const server = await startApiServer({ port, speed, seed, epochMs, log: values.verbose ? (l) => console.log(l) : undefined });
const path = resolve(values.kubeconfig!);
writeFileSync(path, kubeconfigFor(server.url));
console.log(`Simulated Kubernetes v1.32 API at ${server.url} (time ×${speed}, seed ${seed})`);
console.log(`kubeconfig written to ${path}; use it with:\n\n  export KUBECONFIG=${path}\n  kubectl get nodes\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
