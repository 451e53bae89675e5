// push bench: one thread of clients. Plain JS, so the worker needs no TypeScript loader.
//
// Two kinds of client, chosen by workerData.kind:
// - "wire" (default): a WebSocket that speaks the Engine.IO 4 / socket.io 5 protocol itself. It takes the
//   arrival time of each frame and decodes it after the round, so ten thousand clients in one process do not
//   queue behind each other's JSON parsing and the figure is the server's delivery, not the generator's.
// - "socket.io": socket.io-client, as the SDK uses it; it parses on arrival, so the generator's own CPU
//   shows in the latencies at high client counts.
import { parentPort, workerData } from 'node:worker_threads';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const NAMESPACE = '/live';
const clients = [];
let armed = null;
let pending = 0;
let waiter = null;
/** One 'statuses' frame as it came over the wire, for the baseline to send the same bytes. */
let sample = null;
const settle = () => {
  if (waiter && pending === 0) {
    const w = waiter;
    waiter = null;
    w();
  }
};

/** One event seen by client c at time t: the chosen file's hide, and when every file's hide is in. */
function onStatus(c, t, e) {
  const a = armed;
  if (a === null || e.channel !== 'web' || e.newStatus !== a.status) return;
  if (e.assetId === a.assetId && Number.isNaN(c.hit)) {
    c.hit = t;
    c.seq = e.seq;
  }
  if (a.all.has(e.assetId) && Number.isNaN(c.all) && !c.seen.has(e.assetId)) {
    c.seen.add(e.assetId);
    if (c.seen.size === a.all.size) c.all = t;
  }
}

function newClient(index) {
  return { index, hello: false, error: null, disconnects: 0, hit: NaN, all: NaN, seq: -1, seen: new Set(), named: new Set(), frames: [], done: false, close: () => {} };
}

// ---------------------------------------------------------------------------------------------
// socket.io-client

async function connectSocketIo(t, apiKey, timeoutMs) {
  const { io } = await import(workerData.socketIoClient);
  return new Promise((resolve) => {
    const socket = io(t.url + NAMESPACE, { path: '/socket.io', transports: ['websocket'], auth: { apiKey }, reconnection: false, forceNew: true, timeout: timeoutMs });
    const c = newClient(t.index);
    c.connected = () => socket.connected;
    c.close = () => socket.close();
    clients.push(c);
    const timer = setTimeout(() => {
      if (!c.hello) c.error = c.error || 'no hello within ' + timeoutMs + ' ms';
      resolve();
    }, timeoutMs);
    socket.on('hello', () => {
      c.hello = true;
      clearTimeout(timer);
      resolve();
    });
    socket.on('connect_error', (err) => {
      c.error = 'connect_error: ' + err.message;
      clearTimeout(timer);
      resolve();
    });
    socket.on('disconnect', (reason) => {
      c.disconnects++;
      c.error = c.error || 'disconnected: ' + reason;
    });
    socket.on('statuses', (events) => {
      if (armed === null || c.done) return;
      const t = now();
      sample ??= EVENT_PREFIX + JSON.stringify(['statuses', events]);
      for (const e of events) onStatus(c, t, e);
      if (!Number.isNaN(c.hit) && !Number.isNaN(c.all)) {
        c.done = true;
        pending--;
        settle();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The wire protocol: "0{open}", "2" ping / "3" pong, "4" + a socket.io packet ("40/live,{…}" connected,
// "44/live,{…}" refused, "42/live,[name, data]" an event, "41/live," disconnected by the server).

const EVENT_PREFIX = '42' + NAMESPACE + ',';
const STATUSES_PREFIX = Buffer.from(EVENT_PREFIX + '["statuses"');

/**
 * Cheap test, on the raw bytes, that the frames so far name every armed file with its new status: it ends
 * the wait; decoding decides what counts. Frames stay Buffers until then (no strings for the GC to chase).
 */
function looksComplete(c, frame, a) {
  if (frame.compare(STATUSES_PREFIX, 0, STATUSES_PREFIX.length, 0, STATUSES_PREFIX.length) !== 0 || !frame.includes(a.statusNeedle)) return false;
  for (const id of a.allBytes) if (!c.named.has(id) && frame.includes(id)) c.named.add(id);
  return c.named.size === a.allBytes.length;
}

async function connectWire(t, apiKey, timeoutMs) {
  const { WebSocket } = await import(workerData.ws);
  return new Promise((resolve) => {
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket', { perMessageDeflate: false });
    const c = newClient(t.index);
    let open = false;
    c.connected = () => open && ws.readyState === WebSocket.OPEN;
    c.close = () => ws.close();
    clients.push(c);
    const finish = (error) => {
      if (error && !c.error) c.error = error;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => finish(c.hello ? null : 'no hello within ' + timeoutMs + ' ms'), timeoutMs);
    ws.on('error', (err) => finish('socket error: ' + err.message));
    ws.on('close', () => {
      if (open) c.disconnects++;
      open = false;
      finish('closed by the server');
    });
    ws.on('message', (data) => {
      if (armed !== null && !c.done && data.length > STATUSES_PREFIX.length) {
        c.frames.push(now(), data);
        if (looksComplete(c, data, armed)) {
          c.done = true;
          pending--;
          settle();
        }
        return;
      }
      const text = data.toString();
      if (text === '2') return ws.send('3');
      if (text[0] === '0') return ws.send('40' + NAMESPACE + ',' + JSON.stringify({ apiKey }));
      if (text.startsWith('40' + NAMESPACE + ',')) return void (open = true);
      if (text.startsWith('44' + NAMESPACE + ',')) return finish('connect_error: ' + JSON.parse(text.slice(4 + NAMESPACE.length)).message);
      if (text.startsWith('41' + NAMESPACE + ',')) {
        c.disconnects++;
        return finish('disconnected by the server');
      }
      if (text.startsWith(EVENT_PREFIX + '["hello"')) {
        c.hello = true;
        finish(null);
      }
    });
  });
}

/** After the round: decode what each wire client received, at the times the frames arrived. */
function decodeFrames() {
  for (const c of clients) {
    for (let i = 0; i < c.frames.length; i += 2) {
      const text = c.frames[i + 1].toString();
      if (!text.startsWith(EVENT_PREFIX)) continue;
      const [name, events] = JSON.parse(text.slice(EVENT_PREFIX.length));
      if (name !== 'statuses') continue;
      sample ??= text;
      for (const e of events) onStatus(c, c.frames[i], e);
    }
    c.frames = [];
  }
}

// ---------------------------------------------------------------------------------------------

const connectOne = workerData.kind === 'socket.io' ? connectSocketIo : connectWire;

const ops = {
  async connect({ targets, apiKey, concurrency, timeoutMs }) {
    let next = 0;
    const lane = async () => {
      while (next < targets.length) await connectOne(targets[next++], apiKey, timeoutMs);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, lane));
    const failed = clients.filter((c) => !c.hello);
    return { connected: clients.length - failed.length, errors: failed.slice(0, 5).map((c) => 'client ' + c.index + ': ' + c.error) };
  },
  arm({ assetId, status, all }) {
    armed = { assetId, status, all: new Set(all), allBytes: all.map((id) => Buffer.from(id)), statusNeedle: Buffer.from('"newStatus":"' + status + '"') };
    pending = 0;
    sample = null;
    for (const c of clients) {
      c.hit = NaN;
      c.all = NaN;
      c.seq = -1;
      c.seen = new Set();
      c.named = new Set();
      c.frames = [];
      c.done = false;
      if (c.hello && c.connected()) pending++;
    }
    return null;
  },
  async collect({ timeoutMs }) {
    if (pending > 0) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiter = null;
          resolve();
        }, timeoutMs);
        waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    decodeFrames();
    armed = null;
    const n = clients.length;
    const index = new Int32Array(n), hit = new Float64Array(n), all = new Float64Array(n), seq = new Float64Array(n);
    const problems = [];
    clients.forEach((c, i) => {
      index[i] = c.index;
      hit[i] = c.hit;
      all[i] = c.all;
      seq[i] = c.seq;
      if (Number.isNaN(c.hit) && problems.length < 5) problems.push('client ' + c.index + ': ' + (c.error || (c.connected() ? 'connected, no event' : 'not connected')));
    });
    return { index, hit, all, seq, problems, disconnected: clients.filter((c) => c.disconnects > 0).length, sample };
  },
  close() {
    for (const c of clients) c.close();
    clients.length = 0;
    return null;
  },
};

parentPort.on('message', async (m) => {
  try {
    parentPort.postMessage({ id: m.id, ok: true, result: await ops[m.op](m.args) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, error: err && err.stack ? err.stack : String(err) });
  }
});
parentPort.postMessage({ ready: true });
