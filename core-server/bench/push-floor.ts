/**
 * push bench baseline, measured in the same run as Likeness: the same clients (kind, threads, count)
 * on a bare `ws` server (push-floor-server.mjs, a child process) that sends the very frame Likeness
 * sent, once per round, to every socket. Its p99 from sending the trigger is the floor this machine
 * sets for a fan-out of those bytes to that many sockets; Likeness's p99 is reported against it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ClientPool, now, sleep, type ClientKind } from './push-clients';
import { cpuMs } from './push-nodes';
import { median, stats } from './push-report';

export interface FloorOptions {
  clients: number;
  rounds: number;
  warmup: number;
  threads: number;
  client: ClientKind;
}

export interface FloorResult {
  p50_ms: number;
  p99_ms: number;
  lost: number;
  server_cpu_ms_per_round: number;
}

/** The frame's armed ids: the withdrawn files on channel web, and the first one as the chosen hide. */
function armedIds(frame: string): string[] {
  const [, events] = JSON.parse(frame.slice(frame.indexOf(',') + 1)) as [string, Array<{ assetId: string; channel: string; newStatus: string }>];
  return [...new Set(events.filter((e) => e.channel === 'web' && e.newStatus === 'withdrawn').map((e) => e.assetId))];
}

export async function runFloor(o: FloorOptions, frame: string, log: (line: string) => void): Promise<FloorResult> {
  const script = fileURLToPath(new URL('./push-floor-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let pool: ClientPool | null = null;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`baseline server exited (${code}) before listening`)));
    });
    const url = `http://127.0.0.1:${port}`;
    pool = await ClientPool.start(Math.min(o.threads, o.clients), o.client);
    const c = await pool.connect(o.clients, [url], 'baseline');
    if (c.connected !== o.clients) throw new Error(`baseline: only ${c.connected} of ${o.clients} clients connected: ${c.errors.join('; ')}`);
    const ids = armedIds(frame);
    const series: Float64Array[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < o.warmup + o.rounds; r++) {
      await sleep(300);
      await pool.arm(ids[0]!, 'withdrawn', ids);
      const cpu0 = cpuMs(child.pid!);
      const tSend = now();
      const res = await fetch(`${url}/broadcast`, { method: 'POST', body: frame });
      await res.text();
      const got = await pool.collect();
      await sleep(100);
      if (r < o.warmup) continue;
      series.push(got.hit.map((x) => x - tSend));
      cpu.push(cpuMs(child.pid!) - cpu0);
    }
    const s = stats(series);
    log(`  baseline (bare ws, same frame of ${frame.length} bytes, same clients): p50 ${s.p50.toFixed(1)} p99 ${s.p99.toFixed(1)} ms from the trigger, ${s.received}/${s.expected} received`);
    return { p50_ms: s.p50, p99_ms: s.p99, lost: s.expected - s.received, server_cpu_ms_per_round: median(cpu) };
  } finally {
    await pool?.close();
    child.kill('SIGTERM');
    await exited;
  }
}
