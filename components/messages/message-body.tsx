'use client';

import { REMOTE_IMAGE_ATTR } from '@/lib/infra/content/sanitize-markers';

/**
 * Renders a message body that the server already passed through the sanitizer (allow-list,
 * safe links, remote images replaced by markers). A marker opens its image only when clicked,
 * in a new tab: nothing remote loads inside the dashboard.
 */
export function MessageBody({ html }: { html: string }) {
  if (!html) return null;
  return (
    <div
      className="message-body text-sm break-words [&_a]:text-accent [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-border [&_blockquote]:pl-2 [&_pre]:overflow-x-auto [&_.bm-remote-image]:cursor-pointer [&_.bm-remote-image]:rounded [&_.bm-remote-image]:bg-surface-2 [&_.bm-remote-image]:px-1 [&_.bm-remote-image]:text-xs"
      onClick={(e) => {
        const marker = (e.target as HTMLElement).closest(`[${REMOTE_IMAGE_ATTR}]`);
        const url = marker?.getAttribute(REMOTE_IMAGE_ATTR);
        if (url && /^https?:\/\//i.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
      }}
      // Sanitized on the server by sanitizeMessageHtml (lib/infra/content/sanitize.ts) before it got here.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
