import { faceContract } from '@likeness/shared';
import { route } from '../http/route.binder';
import type { Services } from '../container';

export function faceRoutes(s: Services) {
  return [
    route(faceContract.assetFaces, ({ ctx, params }) => s.faces.review.assetFaces(ctx, params.id)),
    route(faceContract.approve, ({ ctx, params }) => s.faces.review.approve(ctx, params.id)),
    route(faceContract.reject, ({ ctx, params }) => s.faces.review.reject(ctx, params.id)),
    route(faceContract.startReindex, ({ ctx, body }) => s.faces.reindex.start(ctx, body)),
    route(faceContract.listReindex, ({ ctx }) => s.faces.reindex.list(ctx)),
    route(faceContract.getReindex, ({ ctx, params }) => s.faces.reindex.get(ctx, params.id)),
  ];
}
