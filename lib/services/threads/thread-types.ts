/** Thread types the filter offers; kept apart from the query code so the browser bundle stays small. */
export const THREAD_TYPES = ['thread', 'group', 'chat-room'] as const;
