import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, unwrap } from './api';

export const settingsQuery = {
  queryKey: ['settings'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/settings')),
  staleTime: 60_000,
};

interface ChannelState {
  channels: string[];
  channel: string;
  setChannel(channel: string): void;
}

const ChannelContext = createContext<ChannelState | null>(null);
const STORAGE_KEY = 'likeness.channel';

/** The primary channel the overview and the file grid show statuses for (default: the first channel). */
export function ChannelProvider({ children }: { children: ReactNode }) {
  const settings = useQuery(settingsQuery);
  const channels = useMemo(() => settings.data?.channels ?? [], [settings.data]);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const channel = chosen && channels.includes(chosen) ? chosen : (channels[0] ?? 'web');
  const setChannel = useCallback((c: string) => {
    localStorage.setItem(STORAGE_KEY, c);
    setChosen(c);
  }, []);
  const value = useMemo(() => ({ channels, channel, setChannel }), [channels, channel, setChannel]);
  return <ChannelContext.Provider value={value}>{children}</ChannelContext.Provider>;
}

export function useChannel(): ChannelState {
  const state = useContext(ChannelContext);
  if (!state) throw new Error('useChannel outside ChannelProvider');
  return state;
}
