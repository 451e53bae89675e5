import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/test-server';

/** Runs one job that opens a transaction and waits inside it until `release` is called. */
function jobInTransaction(server: Awaited<ReturnType<typeof startTestServer>>) {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const outcome: { committed: boolean; error: unknown } = { committed: false, error: null };
  // Any job name will do: the test replaces the handler of the sweep it does not otherwise run.
  server.services.infra.jobs.process('maintenance.sweep', async () => {
    try {
      await server.services.uow.run(async (repos) => {
        entered();
        await gate;
        await repos.tenants.create({ slug: 'written-during-shutdown', name: 'Late', channels: ['web'] });
      });
      outcome.committed = true;
    } catch (err) {
      outcome.error = err;
    }
  });
  return { release, inside, outcome, start: () => server.services.infra.jobs.add('maintenance.sweep', { slot: 1 }) };
}

describe('shutdown', () => {
  it('lets a job that is inside a transaction finish and commit before the database is closed', async () => {
    const server = await startTestServer();
    const job = jobInTransaction(server);
    await job.start();
    await job.inside;
    const stopping = server.stop();
    // Well after the old shutdown had closed the database under the open transaction.
    setTimeout(job.release, 300);
    await stopping;
    expect(job.outcome.error).toBeNull();
    expect(job.outcome.committed).toBe(true);
  });

  it('does not wait for ever on a stuck job: the step is logged and the shutdown goes on', async () => {
    const lines: string[] = [];
    const log = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const server = await startTestServer({ shutdownStepMs: 200 }, { logDestination: log });
    const job = jobInTransaction(server);
    await job.start();
    await job.inside;
    await server.stop();
    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.msg?.startsWith('shutdown step'));
    expect(warnings.map((w) => w.step)).toContain('finishing running jobs');
    job.release();
  });
});
