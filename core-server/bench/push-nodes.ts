/** push bench: Likeness servers as real child processes, and what they cost (RSS, CPU). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionBenchEnv } from './support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// ---------------------------------------------------------------------------------------------
// Server nodes (child processes)

export interface Node {
  name: string;
  url: string;
  child: ChildProcess;
  /** The last few KB of its stdout/stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startNode(name: string, env: Record<string, string | undefined>): Promise<Node> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...productionBenchEnv() };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  // PUSH_SERVER_PROF=<dir>: each server writes a V8 CPU profile there when it stops (open in Chrome DevTools).
  const profile = process.env.PUSH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.PUSH_SERVER_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d: Buffer) => {
    output += d.toString();
    if (output.length > 16_000) output = output.slice(-8_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const node: Node = {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node ${name} did not start within 90 s:\n${output.slice(-3000)}`)), 90_000);
      const check = () => {
        if (output.includes('Likeness is running')) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`node ${name} exited (${code ?? signal}) while starting:\n${output.slice(-3000)}`));
      });
    });
  } catch (err) {
    await node.stop();
    throw err;
  }
  return node;
}

/** VmRSS of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux
/** User + system CPU time a process has used so far, in ms (10 ms resolution). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime (fields 14 and 15 of the line)
}
export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
