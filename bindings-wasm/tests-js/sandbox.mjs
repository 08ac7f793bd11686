// Starts the triplink sandbox binary on free loopback ports and stops it: shared by the
// Node tests and the checkout page test. TRIPLINK_SANDBOX_BIN names the binary.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const DEMO = {
  clientId: 'triplink-demo-client',
  clientSecret: 'triplink-demo-secret',
  supplierLogin: 'supplier@example.com',
  supplierPassword: 'sandbox-password',
  bookingSource: 'Acme Hotels',
  zoeUserId: '0d3e0000-0000-4000-8000-000000000001',
};

export async function startSandbox() {
  const bin = process.env.TRIPLINK_SANDBOX_BIN;
  if (!bin) throw new Error('set TRIPLINK_SANDBOX_BIN to the triplink-sandbox binary');
  const child = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const urls = {};
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
    lines.on('line', (line) => {
      const us = line.match(/us \(and GLZ\):\s+(\S+)/);
      const eu = line.match(/eu:\s+(\S+)/);
      if (us) urls.us = us[1];
      if (eu) urls.eu = eu[1];
      if (urls.us && urls.eu) resolve();
    });
  });
  return {
    ...urls,
    async advanceClock(secs) {
      const r = await fetch(`${urls.us}/_sandbox/clock/advance?secs=${secs}`, { method: 'POST' });
      if (!r.ok) throw new Error(`clock advance failed: ${r.status}`);
    },
    stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    },
  };
}
