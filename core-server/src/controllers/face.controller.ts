import { faceContract } from '@likeness/shared';
import { route } from '../http/route.binder';
import type { Services } from '../container';

export function faceRoutes(s: Services) {
  return [
    route(faceContract.assetFaces, ({ ctx, params }) => s.faces.assetFaces(ctx, params.id)),
    route(faceContract.approve, ({ ctx, params }) => s.faces.approve(ctx, params.id)),
    route(faceContract.reject, ({ ctx, params }) => s.faces.reject(ctx, params.id)),
    route(faceContract.startReindex, ({ ctx, body }) => s.faces.startReindex(ctx, body)),
    route(faceContract.listReindex, ({ ctx }) => s.faces.listReindex(ctx)),
    route(faceContract.getReindex, ({ ctx, params }) => s.faces.getReindex(ctx, params.id)),
  ];
}
