// CommonJS entry (the `require` condition: Node's `require`, Jest's default configuration):
// wasm-bindgen's nodejs glue, which reads the .wasm from disk and starts it synchronously on
// load. A second instance of the package when a process both imports and requires it.
'use strict';
const sdk = require('./pkg/cjs/triplink_wasm.js');

module.exports = {
  ...sdk,
  /** The class of every error the package throws (`err instanceof TriplinkError`). */
  TriplinkError: sdk.triplinkErrorClass(),
  /** Already started on load: `init()` resolves at once (code written for `slim` runs as is). */
  init: async () => {},
  /** Already started on load: does nothing. */
  initSync: () => {},
};
