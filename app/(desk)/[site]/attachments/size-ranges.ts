/** The size filter's choices; a plain module so the toolbar's bundle carries no zod. */
export const SIZE_RANGES = {
  small: { label: 'Under 100 KB', min: undefined, max: 100 * 1024 - 1 },
  medium: { label: '100 KB – 1 MB', min: 100 * 1024, max: 1024 * 1024 - 1 },
  large: { label: '1 – 10 MB', min: 1024 * 1024, max: 10 * 1024 * 1024 - 1 },
  huge: { label: '10 MB and more', min: 10 * 1024 * 1024, max: undefined },
} as const;

export type SizeRange = keyof typeof SIZE_RANGES;

export const FILE_KINDS = [
  ['image', 'Images'],
  ['video', 'Video'],
  ['audio', 'Audio'],
  ['other', 'Documents'],
] as const;

export type AttachmentsView = 'table' | 'grid';

/** Files one grid request brings; the grid asks for the chunks its window needs. */
export const GRID_CHUNK = 100;
