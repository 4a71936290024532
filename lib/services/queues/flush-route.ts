import 'server-only';
import { z } from 'zod';

type Result = { ok: true } | { ok: false; error: string; code: string };
type Runnable = { id: string; run: (i: FlushInput) => Promise<Result> };
type FlushInput = z.infer<typeof FlushItem>['input'];

// The shape only: each decision's own action validates its input, checks the member and audits.
const FlushItem = z.object({
  decisionId: z.string().max(40),
  input: z.object({
    siteId: z.number().int().positive(),
    messageId: z.number().int().positive(),
    reason: z.string().max(2000).optional(),
    reasonId: z.number().int().positive().optional(),
    notify: z.boolean().optional(),
    notifyShown: z.boolean().optional(),
    duration: z.number().int().min(0),
    scope: z.enum(['global', 'thread']),
  }),
});
const FlushBody = z.object({ decisions: z.array(FlushItem).min(1).max(100) });

export type FlushOutcome = { messageId: number } & ({ ok: true } | { ok: false; error: string });

/**
 * A queue's decisions still held in their undo window when the member leaves the page (the tab
 * closes or goes to the background): the page posts them here with `keepalive`, which the browser
 * delivers even as the page goes away, and they are sent at once through the same actions as
 * usual, one after the other. The answer is read if the page is still there to read it.
 */
export function flushRoute(decisions: Runnable[]) {
  return async function POST(request: Request): Promise<Response> {
    // JSON only, from BM Desk's own pages: a cross-site form cannot send JSON without a preflight.
    if (!request.headers.get('content-type')?.startsWith('application/json')) {
      return new Response('Send JSON.\n', { status: 415 });
    }
    const origin = request.headers.get('origin');
    const host =
      request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
    if (origin !== null && hostOf(origin) !== host) {
      return new Response('Refused: sent from another site.\n', { status: 403 });
    }
    const body = FlushBody.safeParse(await request.json().catch(() => null));
    if (!body.success) return new Response('Bad decisions.\n', { status: 400 });
    const outcomes: FlushOutcome[] = [];
    for (const { decisionId, input } of body.data.decisions) {
      const decision = decisions.find((d) => d.id === decisionId);
      if (!decision) {
        outcomes.push({ messageId: input.messageId, ok: false, error: 'No such decision in this queue.' });
        continue;
      }
      const r = await decision
        .run(input)
        .catch((e: Error): Result => ({ ok: false, error: `BM Desk failed: ${e.message}`, code: 'failed' }));
      outcomes.push(
        r.ok
          ? { messageId: input.messageId, ok: true }
          : { messageId: input.messageId, ok: false, error: r.error },
      );
    }
    return Response.json({ outcomes }, { headers: { 'cache-control': 'no-store' } });
  };
}

function hostOf(origin: string): string | null {
  try {
    return origin === 'null' ? null : new URL(origin).host;
  } catch {
    return null;
  }
}
