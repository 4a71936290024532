/**
 * Uploads a file to a thread the way the plugin's own uploader does (multipart field `file`,
 * POST /thread/:id/upload, success is `result:false` with an `id`: API doc §5.9), then the
 * member sends it. The dashboard never uploads; the "seen before" tests need re-uploads. Test-only.
 */
import { createBmClient, sendMessage } from '@/lib/infra/better-messages';

export interface Member {
  siteUrl: string;
  login: string;
  appPassword: string;
}

export async function uploadFile(
  member: Member,
  threadId: number,
  file: { name: string; type: string; bytes: Buffer },
): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const basic = Buffer.from(`${member.login}:${member.appPassword}`).toString('base64');
  const res = await fetch(`${member.siteUrl}/wp-json/better-messages/v1/thread/${threadId}/upload`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: form,
  });
  const body = (await res.json()) as { id?: number; error?: string };
  if (res.status !== 200 || !body.id)
    throw new Error(`upload failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  return Number(body.id);
}

/** Uploads one file and sends it in a message of its own; answers the file's and the message's ids. */
export async function postFile(
  member: Member,
  threadId: number,
  file: { name: string; type: string; bytes: Buffer },
): Promise<{ fileId: number; messageId: number }> {
  const fileId = await uploadFile(member, threadId, file);
  const client = createBmClient({
    siteUrl: member.siteUrl,
    username: member.login,
    appPassword: member.appPassword,
    restMode: 'pretty',
  });
  const sent = await sendMessage(client, threadId, { message: `file ${file.name}`, fileIds: [fileId] });
  return { fileId, messageId: sent.message_id };
}
