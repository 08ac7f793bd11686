// Turns the wasm-bindgen snippets (js/host.js, js/model.js: ES modules of top-level
// `export function|class|const|let` declarations, no imports) into CommonJS for the package's
// `require` glue, which `require`s them. Refuses anything else, so a snippet that grows an
// import or an export form this does not handle fails the build instead of shipping broken.
//   node snippets-to-cjs.mjs DIR   (every .js under DIR, in place)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DECL = /^export (async function|function|class|const|let) ([A-Za-z_$][\w$]*)/gm;

function convert(path) {
  const src = readFileSync(path, 'utf8');
  const names = [...src.matchAll(DECL)].map((m) => m[2]);
  const body = src.replace(DECL, '$1 $2');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`${path}: an import or export form this converter does not handle`);
  writeFileSync(path, `'use strict';\n${body}\nObject.assign(module.exports, { ${names.join(', ')} });\n`);
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.js')) convert(p);
  }
}

walk(process.argv[2]);
