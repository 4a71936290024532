/**
 * Mute and ban durations are whole MINUTES (the plugin multiplies by 60; its docs say seconds),
 * at least 1; there is no "permanent", so "until lifted" is ten years: long enough to mean it,
 * small enough for MySQL DATETIME and PHP ints. No imports: the browser uses these too.
 */
export const BAN_UNTIL_LIFTED_MINUTES = 10 * 365 * 24 * 60;
export const MIN_RESTRICTION_MINUTES = 1;
