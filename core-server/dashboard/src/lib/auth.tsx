import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, LOGGED_OUT_EVENT, LikenessApiError, unwrap, type Me, type Permission } from './api';

const MeContext = createContext<Me | null>(null);

export const meQuery = {
  queryKey: ['me'] as const,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET('/api/v1/auth/me'));
    } catch (err) {
      if (err instanceof LikenessApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 5 * 60_000,
};

/** Resolves the session; renders `login` while there is none. */
export function SessionGate({ login, loading, children }: { login: ReactNode; loading: ReactNode; children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  useEffect(() => {
    const onLoggedOut = () => {
      if (queryClient.getQueryData(['me'])) {
        queryClient.clear();
        queryClient.setQueryData(['me'], null);
      }
    };
    window.addEventListener(LOGGED_OUT_EVENT, onLoggedOut);
    return () => window.removeEventListener(LOGGED_OUT_EVENT, onLoggedOut);
  }, [queryClient]);
  if (me.isPending) return <>{loading}</>;
  if (!me.data) return <>{login}</>;
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside SessionGate');
  return me;
}

/** Whether the logged-in user holds a permission. The server enforces it anyway; this only hides controls. */
export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}

export function Can({ permission, children, otherwise = null }: { permission: Permission; children: ReactNode; otherwise?: ReactNode }) {
  return <>{useCan(permission) ? children : otherwise}</>;
}
