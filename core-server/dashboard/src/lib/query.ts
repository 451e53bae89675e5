import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** Marks every query under the given first key parts stale, e.g. `invalidate('persons', 'counts')`. */
export function useInvalidate(): (...roots: string[]) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (...roots: string[]) => {
      for (const root of roots) void queryClient.invalidateQueries({ queryKey: [root] });
    },
    [queryClient],
  );
}

/** Sets (or, with null or '', removes) one search parameter of the URL without adding a history entry. */
export function useSetSearchParam(): (key: string, value: string | null) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (key: string, value: string | null) => {
      setParams(
        (p) => {
          if (value) p.set(key, value);
          else p.delete(key);
          return p;
        },
        { replace: true },
      );
    },
    [setParams],
  );
}
