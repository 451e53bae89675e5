import { z } from 'zod';
import { GdprStatusSchema } from '../domain/enums';
import { IdSchema, InstantSchema } from './common.schema';
import { StatusReasonSchema } from './status.schema';

export const EventStatusSchema = z.union([GdprStatusSchema, z.literal('unknown')]).meta({
  id: 'EventStatus',
  description: 'A GDPR status, or `unknown` when the asset no longer exists.',
});

/** Sent over socket.io (`status`), in webhooks, and by GET /events. */
export const StatusChangedEventSchema = z
  .object({
    type: z.literal('asset.status.changed'),
    seq: z.number().int().meta({ description: 'Per-organisation sequence number, strictly increasing.' }),
    id: z.string().meta({ description: 'Unique event id; use as idempotency key.' }),
    at: InstantSchema,
    assetId: IdSchema,
    channel: z.string(),
    oldStatus: EventStatusSchema.nullable(),
    newStatus: EventStatusSchema,
    approved: z.boolean(),
    visible: z.boolean().meta({ description: 'Whether hosts may show the file under the organisation\'s policy.' }),
    approvedUntil: InstantSchema.nullable(),
    reasons: z.array(StatusReasonSchema).meta({ description: 'Empty for public (browser) keys.' }),
  })
  .meta({ id: 'StatusChangedEvent' });
export type StatusChangedEvent = z.infer<typeof StatusChangedEventSchema>;

export const EventListQuerySchema = z.strictObject({
  // A seq is a 32-bit integer in the database: anything larger can never have been seen.
  since: z.coerce.number().int().min(0).max(2_147_483_647).default(0).meta({ description: 'Return events with seq greater than this.' }),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const EventListSchema = z
  .object({
    items: z.array(StatusChangedEventSchema),
    headSeq: z.number().int(),
    resync: z.boolean().meta({ description: 'true: `since` is older than the retained history; fetch every status again.' }),
  })
  .meta({ id: 'EventList' });
export type EventList = z.infer<typeof EventListSchema>;

/** What a socket client receives first: the head sequence, and whether its `since` could be replayed. */
export const LiveHelloSchema = z
  .object({ seq: z.number().int(), resumed: z.boolean(), channel: z.string().nullable() })
  .meta({ id: 'LiveHello' });
export type LiveHello = z.infer<typeof LiveHelloSchema>;

export const LiveResyncSchema = z
  .object({ seq: z.number().int(), reason: z.enum(['too_far_behind', 'history_pruned']) })
  .meta({ id: 'LiveResync' });
export type LiveResync = z.infer<typeof LiveResyncSchema>;

/** socket.io namespace `/live`: the messages the server sends, by event name (server and SDK type their sockets with it). */
export interface LiveServerMessages {
  /** After (re)connecting and replaying: the head sequence. */
  hello: (hello: LiveHello) => void;
  /** One commit's events, in sequence order (also the replay after a reconnect). */
  statuses: (events: StatusChangedEvent[]) => void;
  /** Too far behind to replay: refetch, then continue from `seq`. */
  resync: (resync: LiveResync) => void;
}

export const WebhookCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    url: z.url({ protocol: /^https?$/ }).max(2000),
  })
  .meta({ id: 'WebhookCreate' });
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

export const WebhookUpdateSchema = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), url: z.url({ protocol: /^https?$/ }).max(2000).optional(), active: z.boolean().optional() })
  .meta({ id: 'WebhookUpdate' });
export type WebhookUpdate = z.infer<typeof WebhookUpdateSchema>;

export const WebhookSchema = z
  .object({ id: IdSchema, name: z.string(), url: z.string(), active: z.boolean(), createdAt: InstantSchema })
  .meta({ id: 'Webhook' });
export type WebhookDto = z.infer<typeof WebhookSchema>;

export const WebhookCreatedSchema = WebhookSchema.extend({
  secret: z.string().meta({ description: 'The signing secret. Shown once.' }),
}).meta({ id: 'WebhookCreated' });
export type WebhookCreatedDto = z.infer<typeof WebhookCreatedSchema>;

export const WebhookDeliverySchema = z
  .object({
    id: IdSchema,
    webhookId: IdSchema,
    eventSeq: z.number().int(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: InstantSchema.nullable(),
    lastError: z.string().nullable(),
    responseStatus: z.number().int().nullable(),
    deliveredAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliverySchema>;

export const NotificationSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['agreement.expiring']),
    agreementId: IdSchema.nullable(),
    personId: IdSchema.nullable(),
    data: z.object({ personName: z.string(), validUntil: InstantSchema, channels: z.array(z.string()) }),
    read: z.boolean(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.strictObject({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const NotificationListSchema = z.object({ items: z.array(NotificationSchema), unread: z.number().int() }).meta({ id: 'NotificationList' });

