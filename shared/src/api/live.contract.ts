import { z } from 'zod';
import { IdParamsSchema, OkSchema } from '../schemas/common.schema';
import {
  EventListQuerySchema,
  EventListSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  WebhookCreateSchema,
  WebhookCreatedSchema,
  WebhookDeliverySchema,
  WebhookSchema,
  WebhookUpdateSchema,
} from '../schemas/event.schema';
import { defineOperation } from './operation';

export const eventContract = {
  list: defineOperation({
    operationId: 'listEvents',
    method: 'get',
    path: '/events',
    tag: 'Live',
    summary: 'Status-change events after a sequence number, in order. The polling fallback to the socket.',
    permission: 'status:read',
    query: EventListQuerySchema,
    response: EventListSchema,
  }),
};

export const webhookContract = {
  list: defineOperation({
    operationId: 'listWebhooks',
    method: 'get',
    path: '/webhooks',
    tag: 'Webhooks',
    summary: 'Webhook endpoints that receive signed status-change events.',
    permission: 'apikeys:manage',
    response: z.object({ items: z.array(WebhookSchema) }).meta({ id: 'WebhookList' }),
  }),
  create: defineOperation({
    operationId: 'createWebhook',
    method: 'post',
    path: '/webhooks',
    tag: 'Webhooks',
    summary: 'Register a webhook. The signing secret is in the response once.',
    description:
      'Each delivery is a POST with headers `X-Likeness-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, ' +
      '`X-Likeness-Event`, and `Idempotency-Key` (the event id). Reject timestamps older than 5 minutes. Delivery is at least once, retried with backoff.',
    permission: 'apikeys:manage',
    body: WebhookCreateSchema,
    response: WebhookCreatedSchema,
    successStatus: 201,
  }),
  update: defineOperation({
    operationId: 'updateWebhook',
    method: 'patch',
    path: '/webhooks/:id',
    tag: 'Webhooks',
    summary: 'Rename, move or pause a webhook.',
    permission: 'apikeys:manage',
    params: IdParamsSchema,
    body: WebhookUpdateSchema,
    response: WebhookSchema,
  }),
  delete: defineOperation({
    operationId: 'deleteWebhook',
    method: 'delete',
    path: '/webhooks/:id',
    tag: 'Webhooks',
    summary: 'Remove a webhook and its delivery log.',
    permission: 'apikeys:manage',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  deliveries: defineOperation({
    operationId: 'listWebhookDeliveries',
    method: 'get',
    path: '/webhooks/:id/deliveries',
    tag: 'Webhooks',
    summary: 'The delivery log of a webhook, newest first (last 200).',
    permission: 'apikeys:manage',
    params: IdParamsSchema,
    response: z.object({ items: z.array(WebhookDeliverySchema) }).meta({ id: 'WebhookDeliveryList' }),
  }),
};

export const notificationContract = {
  list: defineOperation({
    operationId: 'listNotifications',
    method: 'get',
    path: '/notifications',
    tag: 'Notifications',
    summary: 'Warnings for the dashboard, e.g. agreements about to expire.',
    permission: 'persons:read',
    query: NotificationListQuerySchema,
    response: NotificationListSchema,
  }),
  markRead: defineOperation({
    operationId: 'markNotificationRead',
    method: 'post',
    path: '/notifications/:id/read',
    tag: 'Notifications',
    summary: 'Mark a notification as read.',
    permission: 'persons:read',
    params: IdParamsSchema,
    response: OkSchema,
  }),
};
