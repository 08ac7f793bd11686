// Headless Debian Chromium for the page tests, driven by playwright-core from the pinned tools
// (bindings-wasm/tools): the flags keep it off the closed network at start-up.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function launchChromium(toolsDir) {
  const { chromium } = createRequire(join(toolsDir, 'package.json'))('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
