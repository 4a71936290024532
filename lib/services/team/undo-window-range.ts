/** How long a queue decision waits, undoable, before it is sent: 0 sends at once. */
export const UNDO_WINDOW = { min: 0, max: 30, default: 5 } as const;
