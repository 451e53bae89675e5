/**
 * The real Likeness core-server for the WordPress suites: the harness the core-server ships for host
 * tests (spawned from the monorepo's sources with its own SQLite database). One server serves a whole run
 * (one WordPress release): global-setup.ts starts it, and the test files reach it with
 * LikenessServer.shared(); stop() and boot() then go through the setup's small control endpoint.
 */
import { SpawnedLikeness } from '../../../../core-server/test/support/spawned-server';

export { freePort, inDays, inMs, login, photo, until } from '../../../../core-server/test/support/spawned-server';

export const OWNER = { email: 'owner@wordpress.test', password: 'correct horse battery staple' };

export interface SharedLikeness {
  dir: string;
  port: number;
  cookie: string;
  control: string;
}

export class LikenessServer extends SpawnedLikeness {
  /** Set on a server owned by the global setup: stop()/boot() ask it. */
  private control: string | null = null;
  private remoteRunning = true;

  static launch(dir: string): Promise<LikenessServer> {
    return LikenessServer.start(dir, OWNER);
  }

  /** The run's server, started by global-setup.ts. */
  static shared(shared: SharedLikeness): LikenessServer {
    const server = new LikenessServer(shared.dir, shared.port, OWNER);
    server.control = shared.control;
    server.signedIn(shared.cookie);
    return server;
  }

  override get running(): boolean {
    return this.control ? this.remoteRunning : super.running;
  }

  override async boot(): Promise<void> {
    if (!this.control) return super.boot();
    await this.remote('boot');
    this.remoteRunning = true;
  }

  override async stop(): Promise<void> {
    if (!this.control) return super.stop();
    await this.remote('stop');
    this.remoteRunning = false;
  }

  private async remote(action: 'boot' | 'stop'): Promise<void> {
    const res = await fetch(`${this.control}/${action}`, { method: 'POST' });
    if (!res.ok) throw new Error(`core-server ${action} failed: ${await res.text()}`);
  }

  override apiKey(scopes: string[], extra: { public?: boolean; origins?: string[] } = {}) {
    return super.apiKey(scopes, { name: `wordpress ${scopes.join(' ')}`, ...extra });
  }

  override webhook(url: string) {
    return super.webhook(url, 'WordPress');
  }
}
