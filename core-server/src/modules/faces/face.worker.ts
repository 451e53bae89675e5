/**
 * Worker thread entry: loads the face models once, then answers detection requests one at a time.
 * Started by FacePool with `--import tsx`, so it runs from TypeScript like the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { detectFaces, loadHuman, type DetectRequest } from './face-engine';

export type WorkerRequest = { id: number; kind: 'detect'; request: DetectRequest } | { id: number; kind: 'warmup' };
export type WorkerReply =
  | { id: number; ok: true; faces: Array<{ box: { x: number; y: number; w: number; h: number }; score: number; sizePx: number; embedding: Float32Array }> }
  | { id: number; ok: false; error: string };

// One image at a time per worker: libvips' own thread pool would compete with the other workers.
sharp.concurrency(1);
sharp.cache(false);

// Below the API in the CPU scheduler: on Linux a thread has its own nice value, so the event loop
// serving requests wins the cores whenever both want them (elsewhere this is a no-op).
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, (workerData as { nice?: number } | null)?.nice ?? 10);
} catch {
  // not Linux, or not permitted: run at normal priority
}

const port = parentPort;
if (!port) throw new Error('face.worker.ts must run in a worker thread');

port.on('message', async (msg: WorkerRequest) => {
  try {
    if (msg.kind === 'warmup') {
      await loadHuman();
      port.postMessage({ id: msg.id, ok: true, faces: [] } satisfies WorkerReply);
      return;
    }
    const faces = await detectFaces(msg.request);
    port.postMessage({ id: msg.id, ok: true, faces } satisfies WorkerReply, faces.map((f) => f.embedding.buffer as ArrayBuffer));
  } catch (err) {
    port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
  }
});
