import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Cache invalidations every node must apply after a write on any node. */
export type ClusterMessage =
  | { kind: 'assets'; tenantId: string; ids: string[] }
  | { kind: 'persons'; tenantId: string; ids: string[] }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'settings'; tenantId: string }
  | { kind: 'api_key'; id: string }
  /** Face embeddings or their tags changed: every node re-reads these faces into its vector index (null: drop the tenant's). */
  | { kind: 'faces'; tenantId: string; ids: string[] | null };

export interface ClusterBus {
  /** Applies locally at once, then tells the other nodes. */
  publish(message: ClusterMessage): void;
  subscribe(handler: (message: ClusterMessage) => void): void;
  close(): Promise<void>;
}

export class LocalClusterBus implements ClusterBus {
  protected readonly handlers: Array<(m: ClusterMessage) => void> = [];

  publish(message: ClusterMessage): void {
    this.deliverLocally(message);
  }

  protected deliverLocally(message: ClusterMessage): void {
    for (const h of this.handlers) h(message);
  }

  subscribe(handler: (message: ClusterMessage) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {}
}

const CHANNEL = 'likeness:cluster';

export class RedisClusterBus extends LocalClusterBus {
  private readonly nodeId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;

  private constructor(url: string) {
    super();
    this.pub = new Redis(url, { maxRetriesPerRequest: null });
    this.sub = new Redis(url, { maxRetriesPerRequest: null });
  }

  static async connect(url: string): Promise<RedisClusterBus> {
    const bus = new RedisClusterBus(url);
    await bus.sub.subscribe(CHANNEL);
    bus.sub.on('message', (_channel, raw: string) => {
      const { from, message } = JSON.parse(raw) as { from: string; message: ClusterMessage };
      if (from !== bus.nodeId) bus.deliverLocally(message);
    });
    return bus;
  }

  override publish(message: ClusterMessage): void {
    this.deliverLocally(message);
    void this.pub.publish(CHANNEL, JSON.stringify({ from: this.nodeId, message }));
  }

  override async close(): Promise<void> {
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
