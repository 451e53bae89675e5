export * from './client';
export { LiveStatus, type LiveStatusOptions } from './live/live-status';
export type { LiveChange, LiveHello, LiveResync, LiveServerMessages, LiveState, LiveStatusValue, StatusChangedEvent } from './live/types';
export { reportUsage, extractAssetIds, type UsageReport, type UsageReportResult } from './usage/usage-reporter';
export { buildBrowserScript } from './browser/build';
export { deliveryUrl, deliverySrcset, DELIVERY_WIDTHS, type DeliveryWidth } from './delivery/delivery-url';
