// push bench baseline: the least a server can do to push one frame to every socket. A bare `ws` server
// that speaks just enough Engine.IO / socket.io for the bench's clients (open, namespace connect, hello,
// pong), and on POST /broadcast sends the request body, as one text frame, to every socket. No auth, no
// rooms, no database: what it takes is the kernel's and the event loop's share of the fan-out.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const NAMESPACE = '/live';
const OPEN = '0' + JSON.stringify({ sid: 'floor', upgrades: [], pingInterval: 25_000, pingTimeout: 20_000, maxPayload: 1_000_000 });
const HELLO = '42' + NAMESPACE + ',' + JSON.stringify(['hello', { seq: 0, resumed: false, channel: null }]);
const MAX_BODY = 1_000_000;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const frame = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(String(wss.clients.size));
    // After the answer, as Likeness does: the caller is not held up by the fan-out.
    setImmediate(() => {
      for (const ws of wss.clients) ws.send(frame, { binary: false });
    });
  });
});

const wss = new WebSocketServer({ server, path: '/socket.io/', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.send(OPEN);
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('40' + NAMESPACE)) {
      ws.send('40' + NAMESPACE + ',' + JSON.stringify({ sid: 'floor' }));
      ws.send(HELLO);
    }
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
