import type http from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server, type Namespace, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LiveHello, LiveResync, LiveServerMessages, StatusChangedEvent } from '@likeness/shared';
import { SESSION_COOKIE, originAllowed, type AdminFacade } from '../admin';
import type { EventRepository } from './live.repository';
import type { ClusterMessage } from '../../kernel/ports';
import type { EventListener } from './event.publisher';
import { MAX_REPLAY, type ReplayPolicy } from './replay-policy';


interface LiveSocketData {
  tenantId: string;
  public: boolean;
  /** Rooms naming the credential (API key, session, user), so revoking it closes the socket. */
  owners: string[];
}

const room = (tenantId: string, audience: 'full' | 'public') => `tenant:${tenantId}:${audience}`;
const keyRoom = (id: string) => `key:${id}`;
const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;
const userRoom = (id: string) => `user:${id}`;
const withoutReasons = (e: StatusChangedEvent): StatusChangedEvent => ({ ...e, reasons: [] });

/**
 * socket.io namespace /live: one room per organisation (and audience), replay from a sequence
 * number on (re)connect, resync when too far behind. With Redis, emits reach every node's clients once.
 */
export class LiveGateway implements EventListener {
  private readonly io: Server<Record<string, never>, LiveServerMessages>;
  private readonly live: Namespace<Record<string, never>, LiveServerMessages>;
  private redis: Redis[] = [];

  constructor(
    server: http.Server,
    private readonly auth: Pick<AdminFacade['auth'], 'fromApiKey' | 'fromSession'>,
    private readonly events: Pick<EventRepository, 'after'>,
    private readonly replayPolicy: ReplayPolicy,
    private readonly logger: Logger,
  ) {
    this.io = new Server<Record<string, never>, LiveServerMessages>(server, {
      path: '/socket.io',
      serveClient: false,
      // Origins are checked per key in the middleware below; cookies only count same-origin.
      cors: { origin: true, credentials: false },
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    this.live = this.io.of('/live');
    this.live.use((socket, next) => {
      this.authenticate(socket).then(
        (data) => {
          socket.data = data;
          next();
        },
        (err: Error) => next(err),
      );
    });
    this.live.on('connection', (socket) => void this.onConnection(socket));
  }

  async useRedis(url: string): Promise<void> {
    const pub = new Redis(url, { maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    this.redis = [pub, sub];
    this.io.adapter(createAdapter(pub, sub));
  }

  private async authenticate(socket: Socket): Promise<LiveSocketData> {
    const { apiKey } = (socket.handshake.auth ?? {}) as { apiKey?: unknown };
    const origin = socket.handshake.headers.origin;
    if (typeof apiKey === 'string' && apiKey) {
      const ctx = await this.auth.fromApiKey(apiKey);
      if (!ctx) throw new Error('unauthenticated');
      if (!ctx.permissions.includes('status:read')) throw new Error('forbidden');
      if (ctx.publicOrigins && !originAllowed(origin, ctx.publicOrigins)) throw new Error('forbidden');
      // An Office session travels as a bearer token: it is a session, so logout and disabling close it too.
      const owners = ctx.sessionTokenHash ? [sessionRoom(ctx.sessionTokenHash), userRoom(ctx.actor.id!)] : [keyRoom(ctx.actor.id!)];
      return { tenantId: ctx.tenantId, public: Boolean(ctx.publicOrigins), owners };
    }
    const token = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const ctx = token ? await this.auth.fromSession(token) : null;
    if (!ctx) throw new Error('unauthenticated');
    if (origin && new URL(origin).host !== socket.handshake.headers.host) throw new Error('forbidden');
    return { tenantId: ctx.tenantId, public: false, owners: [sessionRoom(ctx.sessionTokenHash!), userRoom(ctx.actor.id!)] };
  }

  private async onConnection(socket: Socket): Promise<void> {
    const { tenantId, public: isPublic, owners } = socket.data as LiveSocketData;
    // Joined before anything else is awaited: a revocation from now on finds this socket.
    await socket.join(owners);
    const rawSince = (socket.handshake.auth as { since?: unknown })?.since;
    const since = typeof rawSince === 'number' && Number.isInteger(rawSince) && rawSince >= 0 ? rawSince : null;
    const channel = typeof socket.handshake.auth?.channel === 'string' ? socket.handshake.auth.channel : null;
    const shape = isPublic ? withoutReasons : (e: StatusChangedEvent) => e;
    try {
      const { head, resync: reason } = await this.replayPolicy.decide(tenantId, since ?? Number.MAX_SAFE_INTEGER);
      let resumed = false;
      let last = since ?? head;
      if (since !== null && since < head) {
        if (reason) {
          const resync: LiveResync = { seq: head, reason };
          socket.emit('resync', resync);
          last = head;
        } else {
          last = this.replay(socket, await this.events.after(tenantId, since, MAX_REPLAY), shape, last);
          resumed = true;
        }
      } else resumed = since !== null;
      // Join, then replay what committed meanwhile; clients drop duplicates by seq.
      await socket.join(room(tenantId, isPublic ? 'public' : 'full'));
      last = this.replay(socket, await this.events.after(tenantId, last, MAX_REPLAY), shape, last);
      const hello: LiveHello = { seq: last, resumed, channel };
      socket.emit('hello', hello);
    } catch (err) {
      this.logger.warn({ err }, 'live connection setup failed');
      socket.disconnect(true);
    }
  }

  private replay(socket: Socket, rows: Array<{ seq: number; payload: unknown }>, shape: (e: StatusChangedEvent) => StatusChangedEvent, last: number): number {
    if (rows.length === 0) return last;
    socket.emit('statuses', rows.map((row) => shape(row.payload as StatusChangedEvent)));
    return Math.max(last, ...rows.map((r) => r.seq));
  }

  /**
   * One message per commit and audience, not one per event: a withdrawal touching 5 files in
   * 3 channels is 15 events, and per-socket work dominates with a thousand clients. The fan-out
   * waits for the next turn of the event loop: with 10,000 sockets it takes a few hundred ms
   * of writes, and the request that caused it should not wait for them (order is kept: FIFO).
   */
  deliver(tenantId: string, events: StatusChangedEvent[]): void {
    setImmediate(() => {
      this.live.to(room(tenantId, 'full')).emit('statuses', events);
      this.live.to(room(tenantId, 'public')).emit('statuses', events.map(withoutReasons));
    });
  }

  /**
   * A cluster message arrives on every node, so each closes its own sockets (`local`): a revoked key, an ended
   * session or a disabled user is cut off at once everywhere, without waiting for its next reconnect.
   */
  revoked(m: ClusterMessage): void {
    const target = m.kind === 'api_key' ? keyRoom(m.id) : m.kind === 'session_ended' ? sessionRoom(m.tokenHash) : m.kind === 'user_sessions_ended' ? userRoom(m.userId) : null;
    if (target) this.live.local.in(target).disconnectSockets(true);
  }

  connectedCount(): number {
    return this.live.sockets.size;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    for (const r of this.redis) r.disconnect();
  }
}
