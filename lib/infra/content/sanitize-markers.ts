/** Shared by the sanitizer (server) and the message view (browser), without pulling sanitize-html into the page. */
export const REMOTE_IMAGE_ATTR = 'data-remote-image';

/** Marks a hidden character (direction override, zero-width, …) shown as `⟨U+202E⟩`; styled in globals.css. */
export const HIDDEN_CHAR_CLASS = 'bm-hidden-char';
