/** Shared by the sanitizer (server) and the message view (browser), without pulling sanitize-html into the page. */
export const REMOTE_IMAGE_ATTR = 'data-remote-image';
