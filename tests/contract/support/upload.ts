/**
 * Uploads a file the way the plugin's own uploader does. The dashboard never uploads, so the
 * client has no upload call; the attachment tests need a file in a thread on every site.
 */
import { site } from './site';
import type { SiteAccount } from './site-info';

export async function uploadFile(
  account: SiteAccount,
  threadId: number,
  file: { name: string; type: string; content: string },
): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([file.content], { type: file.type }), file.name);
  const basic = Buffer.from(`${account.login}:${account.appPassword}`).toString('base64');
  const res = await fetch(`${site.url}/wp-json/better-messages/v1/thread/${threadId}/upload`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: form,
  });
  const body = (await res.json()) as { id?: number; error?: string };
  // Success is `result:false` with an `id` (API doc §5.9).
  if (res.status !== 200 || !body.id)
    throw new Error(`upload failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  return Number(body.id);
}
