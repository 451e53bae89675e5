import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Asset } from '../../lib/api';
import { notifyError } from '../../lib/errors';
import { useInvalidate } from '../../lib/query';
import type { Rect } from '../BoxEditor';

/** After a change to a file: store the file as the server answered (when it did), and refresh what depends on it. */
export function useAssetRefresh(assetId: string): (asset?: Asset) => void {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return (asset?: Asset) => {
    if (asset) queryClient.setQueryData(['assets', 'detail', assetId], asset);
    invalidate('assets', 'counts', 'audit');
  };
}

/** Drawing, moving, tagging and removing a file's boxes, and deciding on face suggestions. */
export function useBoxMutations(assetId: string) {
  const refresh = useAssetRefresh(assetId);
  const createBox = useMutation({
    mutationFn: (input: Rect & { personId: string | null }) =>
      unwrap(api.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: input })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  const updateBox = useMutation({
    mutationFn: ({ id, ...body }: Partial<Rect> & { id: string; personId?: string | null }) =>
      unwrap(api.PATCH('/api/v1/boxes/{id}', { params: { path: { id } }, body })),
    onSuccess: () => refresh(),
    onError: (err) => {
      notifyError(err);
      refresh();
    },
  });
  const deleteBox = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/boxes/{id}', { params: { path: { id } } })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) =>
      approve
        ? unwrap(api.POST('/api/v1/face-suggestions/{id}/approve', { params: { path: { id } } }))
        : unwrap(api.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id } } })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  return { createBox, updateBox, deleteBox, decide };
}
