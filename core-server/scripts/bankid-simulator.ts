// A local BankID (RP API v6.0) for development: `npm run bankid:simulator -w @likeness/core-server`.
// Mutual TLS with certificates made at start (openssl) in --dir; start Likeness with BANKID_SIMULATOR=<dir>.
//   --port 7443        HTTPS port of the RP API (the control page is on the next port)
//   --dir <path>       where certificates and connection.json go (default data/bankid-simulator)
//   --manual           orders wait for you on the control page instead of completing by themselves
//   --complete-ms 6000 how long an automatic order takes
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BankIdSimulator, type SimOrder } from '../dev/bankid-simulator';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7443' },
    dir: { type: 'string', default: path.join(process.env.LIKENESS_DATA_DIR ?? 'data', 'bankid-simulator') },
    manual: { type: 'boolean', default: false },
    'complete-ms': { type: 'string', default: '6000' },
  },
});

const dir = path.resolve(values.dir!);
const port = Number(values.port);
const sim = await BankIdSimulator.start({ dir, port, mode: values.manual ? 'manual' : 'auto', autoCompleteMs: Number(values['complete-ms']) });

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const row = (o: SimOrder) => {
  const shown = o.userVisibleData ? Buffer.from(o.userVisibleData, 'base64').toString('utf8') : '';
  const actions =
    o.status === 'pending'
      ? ['userSign', 'complete', 'userCancel', 'certificateErr', 'expiredTransaction', 'startFailed']
          .map((a) => `<form method="post" action="/orders/${o.orderRef}/${a}"><button>${a}</button></form>`)
          .join('')
      : '';
  return `<tr><td><code>${o.orderRef.slice(0, 8)}</code></td><td>${o.kind}</td><td>${o.status}${o.hintCode ? ` / ${o.hintCode}` : ''}</td><td><pre>${esc(shown)}</pre></td><td class="a">${actions}</td></tr>`;
};

const control = http.createServer((req, res) => {
  const m = /^\/orders\/([0-9a-f-]{36})\/(\w+)$/.exec(req.url ?? '');
  if (req.method === 'POST' && m) {
    const [, ref, action] = m;
    try {
      if (action === 'complete') sim.complete(ref!);
      else sim.setHint(ref!, action!);
    } catch (err) {
      res.writeHead(404).end((err as Error).message);
      return;
    }
    res.writeHead(303, { Location: '/' }).end();
    return;
  }
  if (req.url === '/orders.json') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([...sim.orders.values()], null, 2));
    return;
  }
  const orders = [...sim.orders.values()].reverse();
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>BankID simulator</title><style>body{font:15px system-ui;margin:2rem}td{border-top:1px solid #ddd;padding:6px;vertical-align:top}pre{margin:0;white-space:pre-wrap;max-width:40ch}.a form{display:inline}</style>
<h1>BankID simulator</h1><p>RP API: <code>${sim.url}</code> (mutual TLS) · mode: ${values.manual ? 'manual' : 'automatic'}</p>
<table><tr><th>order</th><th>kind</th><th>status</th><th>shown to the user</th><th></th></tr>${orders.map(row).join('') || '<tr><td colspan="5">No orders yet.</td></tr>'}</table>`);
});
await new Promise<void>((r) => control.listen(port + 1, '127.0.0.1', r));

console.log(`
  BankID simulator (RP API v6.0, mutual TLS) on ${sim.url}
  Control page:   http://127.0.0.1:${port + 1}/   (${values.manual ? 'orders wait for you there' : `orders complete by themselves after ${values['complete-ms']} ms`})
  Certificates:   ${dir}

  Start Likeness with:
    BANKID_SIMULATOR=${dir} npm start
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    control.close();
    void sim.close().then(() => process.exit(0));
  });
}
