/** The Better Messages REST client: import from here. Server-side only (it holds credentials). */
export * from './errors';
export * from './http';
export { normaliseSiteUrl, BM, type RestMode } from './base-url';
export { retryAfterMs } from './retry';
export * from './schemas';
export * from './messages-admin';
export * from './moderation-lists';
export * from './users';
export * from './guests';
export * from './threads';
export * from './participants';
export * from './attachments';
export * from './settings';
export * from './chat-rooms';
export * from './reports';
export * from './probe';
