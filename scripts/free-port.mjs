// A free TCP port on 127.0.0.1 (the OS's pick, released again for the caller's server to take):
// the one helper every script and test that starts a server on loopback uses.
import { createServer } from 'node:net';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
