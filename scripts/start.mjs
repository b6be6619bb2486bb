#!/usr/bin/env node
// `npm start` = `vite build && node scripts/start.mjs`: serve the built app with `vite preview`
// on 127.0.0.1:4173, or the next free port, and print the address to open.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const HOST = '127.0.0.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function free(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

let port = Number(process.env.PORT ?? 4173);
for (let i = 0; i < 50 && !(await free(port)); i++) port++;

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const child = spawn(process.execPath, [vite, 'preview', '--host', HOST, '--port', String(port), '--strictPort'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
let announced = false;
child.stdout.on('data', (chunk) => {
  // vite prints its own banner; we print one clear line once it listens
  if (!announced && /Local|localhost|127\.0\.0\.1/.test(String(chunk))) {
    announced = true;
    console.log(`Kubernetes playground: http://${HOST}:${port}/`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
