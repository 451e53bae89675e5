import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ClusterBus, ClusterMessage } from '../kernel/ports';

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
