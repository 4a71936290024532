/** Page sizes a table offers; apart from the parser so the browser bundle carries no zod. */
export const PER_PAGE_OPTIONS = [10, 25, 50, 100] as const;
