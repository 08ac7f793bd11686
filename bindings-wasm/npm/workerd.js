// Edge entry (the `workerd` condition: Cloudflare Workers, wrangler, miniflare): the .wasm is
// imported as a module, which the runtime compiles at deploy (it refuses to compile bytes at
// run time), then started synchronously.
import wasmModule from './pkg/triplink_wasm_bg.wasm';
import { initSync } from './slim.js';

initSync(wasmModule);

export * from './slim.js';
