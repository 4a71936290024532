/** The site index: sync worker, targeted refreshes, progress, and the queries pages use. Server-side only. */
export { startSyncWorkers, stopSyncWorkers, SyncWorker, type SyncWorkerOptions } from './worker';
export { refreshMessages, refreshThread, requestSync } from './refresh';
export { getSyncProgress, type SyncProgress } from './progress';
export * from './queries/threads';
export * from './queries/messages';
export * from './queries/users';
export * from './queries/attachments';
export type { PageRequest, PageResult, Sort } from './queries/common';
