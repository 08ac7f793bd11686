// The contract layer's forward proxy (scripts/test-contract.sh): the SDK reaches the sandbox
// through it (`http_proxy`), and it sends each call through the Prism validating proxy of its
// API. Prism matches routes without the swagger's basePath and has one fixed upstream, so the
// call goes to Prism with the base path stripped and the real origin + base path in a header;
// Prism forwards to this script's back port, which sends it on to that origin. Calls no swagger
// describes (Itinerary v1, the sandbox's admin routes) go straight to the sandbox; the XML
// bodies the SDK sends to Itinerary v1 are saved for xmllint.
//
// Usage: node router.mjs FRONT_PORT BACK_PORT OUT_DIR ROUTE...   ROUTE = basePath=prismPort
// (the longest matching base path wins; `basePath` is kept in the path Prism sees when it is
// written `+basePath`, as for the OAuth2 description, whose paths are absolute).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const [front, back, out, ...specs] = process.argv.slice(2);
const routes = specs
  .map((s) => {
    const [base, port] = s.split('=');
    const keep = base.startsWith('+');
    return { base: keep ? base.slice(1) : base, keep, port: Number(port) };
  })
  .sort((a, b) => b.base.length - a.base.length);
const HEADER = 'x-contract-upstream';
const exchanges = fs.createWriteStream(path.join(out, 'exchanges.log'), { flags: 'a' });
let saved = 0;

function forward(req, res, target, extraHeaders, onResponse) {
  const headers = { ...req.headers };
  delete headers[HEADER];
  delete headers['proxy-connection'];
  Object.assign(headers, extraHeaders);
  headers.host = target.host;
  const up = http.request(target, { method: req.method, headers }, (r) => {
    onResponse?.(r);
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`contract router: ${e.message}`);
  });
  return up;
}

// Front: absolute-form requests from the SDK (or origin-form ones naming the sandbox in Host).
http
  .createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const route = routes.find((r) => url.pathname === r.base || url.pathname.startsWith(r.base + '/'));
    if (!route) {
      const chunks = [];
      const up = forward(req, res, url, {}, (r) =>
        exchanges.write(`direct ${req.method} ${url.pathname} ${r.statusCode}\n`));
      req.on('data', (c) => {
        chunks.push(c);
        up.write(c);
      });
      req.on('end', () => {
        up.end();
        const body = Buffer.concat(chunks);
        const type = String(req.headers['content-type'] || '');
        if (url.pathname.startsWith('/api/travel/') && body.length && type.includes('xml')) {
          saved += 1;
          fs.writeFileSync(path.join(out, `itinerary-${String(saved).padStart(4, '0')}.xml`), body);
        }
      });
      return;
    }
    const rest = route.keep ? url.pathname : url.pathname.slice(route.base.length) || '/';
    const target = new URL(`http://127.0.0.1:${route.port}${rest}${url.search}`);
    const upstream = `${url.origin}${route.keep ? '' : route.base}`;
    const up = forward(req, res, target, { [HEADER]: upstream }, (r) => {
      const v = r.headers['sl-violations'];
      exchanges.write(`prism:${route.base} ${req.method} ${url.pathname} ${r.statusCode}${v ? ' VIOLATIONS' : ''}\n`);
    });
    req.pipe(up);
  })
  .listen(Number(front), '127.0.0.1');

// Back: Prism's upstream; the origin comes from the header the front added.
http
  .createServer((req, res) => {
    const origin = req.headers[HEADER];
    if (!origin) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('contract router: no upstream header');
      return;
    }
    const target = new URL(`${origin}${req.url}`);
    req.pipe(forward(req, res, target, {}));
  })
  .listen(Number(back), '127.0.0.1');

process.on('SIGTERM', () => exchanges.end(() => process.exit(0)));
