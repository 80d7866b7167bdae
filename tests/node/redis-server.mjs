// Shared by the Node tests (not a test file itself): a real redis-server (Debian's, installed by
// scripts/setup.sh --browser) on 127.0.0.1 and a free port, no persistence, started and stopped by
// the test that needs it.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../scripts/free-port.mjs';

/** Resolves once something accepts connections on `port`, or rejects after `ms`. */
async function accepting(port, ms, child) {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on port ${port} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `redis-server --port N --save '' --appendonly no` on 127.0.0.1.
 * @returns {Promise<{ port: number, url: string, stop(signal?: NodeJS.Signals): Promise<void> }>}
 *   `stop('SIGKILL')` makes it vanish the way a crashed server does.
 */
export async function startRedis() {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const failedToSpawn = new Promise((_, reject) => child.once('error', reject));
    try {
      await Promise.race([accepting(port, 5000, child), failedToSpawn]);
    } catch (err) {
      child.kill('SIGKILL');
      if (err.code === 'ENOENT') throw new Error('redis-server is not installed: run `bash scripts/setup.sh --browser` (Debian package redis-server).');
      if (attempt < 3 && /Address already in use/.test(output)) continue; // the port was taken meanwhile
      throw new Error(`${err.message}\n${output}`);
    }
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
  }
}
