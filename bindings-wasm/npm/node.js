// Node entry (ESM): loads the package's one .wasm synchronously from disk, then re-exports
// the API. Browsers and bundlers use index.js instead.
import { readFileSync } from 'node:fs';
import { initSync, triplinkErrorClass } from './pkg/triplink_wasm.js';

initSync({ module: readFileSync(new URL('./pkg/triplink_wasm_bg.wasm', import.meta.url)) });

export * from './pkg/triplink_wasm.js';
/** The class of every error the package throws (`err instanceof TriplinkError`). */
export const TriplinkError = triplinkErrorClass();
