// Node entry (ESM): reads the package's .wasm from disk and starts it synchronously (no
// top-level await), then re-exports the API. CommonJS gets index.cjs; browsers index.js.
import { readFileSync } from 'node:fs';
import { initSync } from './slim.js';

initSync(readFileSync(new URL('./pkg/triplink_wasm_bg.wasm', import.meta.url)));

export * from './slim.js';
