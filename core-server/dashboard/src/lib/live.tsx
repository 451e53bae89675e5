import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import type { StatusChangedEvent } from './api';

export type LiveState = 'connecting' | 'live' | 'offline';

interface LiveValue {
  state: LiveState;
  /** The newest event sequence number seen (from `hello` or a `status` event). */
  seq: number | null;
  /** The sequence number when the socket first connected: older events come from GET /events. */
  firstSeq: number | null;
  /** Status changes received since the page loaded, newest first (at most 50). */
  recent: StatusChangedEvent[];
}

const LiveContext = createContext<LiveValue>({ state: 'connecting', seq: null, firstSeq: null, recent: [] });

/** What a status change can affect on screen: file lists, counts and details; persons' consent summaries; warnings. */
function invalidateAfterStatusChanges(queryClient: QueryClient, assetIds: Set<string> | 'all') {
  if (assetIds === 'all') {
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'settings' });
    return;
  }
  void queryClient.invalidateQueries({ queryKey: ['assets'] });
  void queryClient.invalidateQueries({ queryKey: ['counts'] });
  void queryClient.invalidateQueries({ queryKey: ['persons'] });
  void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/**
 * One socket.io connection to /live with the session cookie. Each `status` event (and a `resync`)
 * invalidates the affected queries, batched over 150 ms, so every open view refreshes without a reload.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [seq, setSeq] = useState<number | null>(null);
  const [firstSeq, setFirstSeq] = useState<number | null>(null);
  const [recent, setRecent] = useState<StatusChangedEvent[]>([]);
  const pending = useRef<{ ids: Set<string> | 'all'; timer: ReturnType<typeof setTimeout> | null }>({ ids: new Set(), timer: null });

  useEffect(() => {
    const schedule = (ids: string[] | 'all') => {
      const p = pending.current;
      if (ids === 'all') p.ids = 'all';
      else if (p.ids !== 'all') for (const id of ids) p.ids.add(id);
      p.timer ??= setTimeout(() => {
        const batch = p.ids;
        p.ids = new Set();
        p.timer = null;
        invalidateAfterStatusChanges(queryClient, batch);
      }, 150);
    };
    let lastSeq: number | null = null;
    let connectedBefore = false;
    const socket = io('/live', {
      path: '/socket.io',
      withCredentials: true,
      // On a reconnect the server replays what we missed after `since` (or tells us to resync).
      auth: (cb) => cb(lastSeq === null ? {} : { since: lastSeq }),
    });
    socket.on('hello', (hello: { seq: number; resumed: boolean }) => {
      lastSeq = Math.max(lastSeq ?? 0, hello.seq);
      setSeq(lastSeq);
      setState('live');
      setFirstSeq((f) => f ?? hello.seq);
      if (connectedBefore && !hello.resumed) schedule('all');
      connectedBefore = true;
    });
    // The server sends each commit's status changes as one `statuses` message.
    socket.on('statuses', (events: StatusChangedEvent[]) => {
      const fresh = events.filter((e) => !(lastSeq !== null && e.seq <= lastSeq && connectedBefore));
      if (fresh.length === 0) return;
      lastSeq = Math.max(lastSeq ?? 0, ...fresh.map((e) => e.seq));
      setSeq(lastSeq);
      setRecent((r) => [...[...fresh].reverse(), ...r].slice(0, 50));
      schedule(fresh.map((e) => e.assetId));
    });
    socket.on('resync', (r: { seq: number }) => {
      lastSeq = r.seq;
      setSeq(r.seq);
      schedule('all');
    });
    socket.on('disconnect', () => setState('offline'));
    socket.on('connect_error', () => setState('offline'));
    return () => {
      socket.close();
      if (pending.current.timer) clearTimeout(pending.current.timer);
      pending.current.timer = null;
    };
  }, [queryClient]);

  const value = useMemo(() => ({ state, seq, firstSeq, recent }), [state, seq, firstSeq, recent]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLive = () => useContext(LiveContext);
