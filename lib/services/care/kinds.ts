/** Shared by the browser and the server: what the exposure counter counts, and the limit's range. */
export const EXPOSURE_KINDS = ['attachment', 'message'] as const;
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** A reported or flagged item whose media counts when revealed. */
export type ExposureRef = { kind: ExposureKind; id: number };

export const EXPOSURE_LIMIT_MIN = 1;
export const EXPOSURE_LIMIT_MAX = 500;

export type MediaCareSettings = {
  /** Images and videos stay covered (blurred) until revealed, one at a time. */
  blurImages: boolean;
  /** Images and videos show in greyscale, covered or revealed, until "Show colours" on one. */
  greyscaleMedia: boolean;
  /** Past this many reveals of reported or flagged media in a day, a break is suggested. */
  exposureLimit: number;
};

export const DEFAULT_MEDIA_CARE: MediaCareSettings = {
  blurImages: true,
  greyscaleMedia: true,
  exposureLimit: 40,
};
