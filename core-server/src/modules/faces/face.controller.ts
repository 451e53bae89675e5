import { faceContract } from '@likeness/shared';
import { route } from '../../kernel/route';
import type { FacesFacade } from './index';

export function faceRoutes(s: FacesFacade) {
  return [
    route(faceContract.assetFaces, ({ ctx, params }) => s.review.assetFaces(ctx, params.id)),
    route(faceContract.approve, ({ ctx, params }) => s.review.approve(ctx, params.id)),
    route(faceContract.reject, ({ ctx, params }) => s.review.reject(ctx, params.id)),
    route(faceContract.startReindex, ({ ctx, body }) => s.reindex.start(ctx, body)),
    route(faceContract.listReindex, ({ ctx }) => s.reindex.list(ctx)),
    route(faceContract.getReindex, ({ ctx, params }) => s.reindex.get(ctx, params.id)),
  ];
}
