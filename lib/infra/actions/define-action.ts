import 'server-only';
import { z } from 'zod';
import { can, type Permission } from '@/lib/infra/auth/permissions';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import type { Member } from '@/lib/infra/auth/members';
import type { AuditOutcome } from './outcomes';
import { inActionScope } from './action-scope';
import { recordIntent, recordOutcome, type AuditSubject } from './audit';
import { classifyError } from './classify-error';
import { ActionRefusal, type ActionResult } from './result';

type Access = Permission | 'anyone';

type ActionMeta = { name: string; permission: Access; audited: boolean };

type Spec<S extends z.ZodType, T, A extends Access> = {
  /** verb + noun, as it shows in the audit log */
  name: string;
  permission: A;
  input: S;
  /** What the audit log keeps: site, target and parameters. Never secrets. Omit to skip auditing. */
  audit?: (input: z.infer<S>) => AuditSubject | Promise<AuditSubject>;
  run: (
    input: z.infer<S>,
    /** auditId: this call's audit row (null when not audited), for records that point at it. */
    ctx: { member: A extends 'anyone' ? Member | null : Member; auditId: number | null },
  ) => Promise<T>;
  /**
   * For calls that act on many items and answer per item: whether every item went through.
   * A result with some failures is audited `partial`, one where all failed `failed`.
   */
  settled?: (data: T) => { done: number; failed: number };
};

export type WrappedAction<T> = ((...args: unknown[]) => Promise<ActionResult<T>>) & { meta: ActionMeta };

/**
 * Every server action goes through here: session → permission → zod input → audit intent →
 * call → audit outcome. An exported action is a public HTTP endpoint, so nothing is assumed
 * from the page that rendered the form.
 */
export function defineAction<S extends z.ZodType, T, A extends Access>(
  spec: Spec<S, T, A>,
): WrappedAction<T> {
  const action = async (...args: unknown[]): Promise<ActionResult<T>> => {
    // Form actions are called as (formData) or, with useActionState, (previousState, formData).
    const raw = toPlain(args[args.length - 1]);
    const member = await getCurrentMember();
    if (spec.permission !== 'anyone') {
      if (!member) {
        return { ok: false, code: 'unauthenticated', error: 'Your session has ended. Sign in again.' };
      }
      if (!can(member.role, spec.permission)) {
        // Every refused attempt is kept, audited action or not: it is how probing shows up,
        // so it names what was tried (site, target, parameters) when the input says.
        await auditDenied(spec.name, member, await deniedSubject(spec, raw));
        return {
          ok: false,
          code: 'forbidden',
          error: `Your role (${member.role}) is not allowed to do this.`,
        };
      }
    }
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'invalid-input',
        error: 'Some fields need attention.',
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      };
    }
    const input = parsed.data;
    const started = performance.now();
    const auditId = spec.audit ? await recordIntent(spec.name, member, await spec.audit(input)) : null;
    try {
      // One scope per call: a site is opened once for everything the action does.
      const data = await inActionScope(() =>
        spec.run(input, { member, auditId } as Parameters<typeof spec.run>[1]),
      );
      if (auditId !== null) {
        const [outcome, detail] = settledOutcome(spec.settled?.(data));
        await recordOutcome(auditId, outcome, performance.now() - started, detail);
      }
      return { ok: true, data };
    } catch (err) {
      if (isNextControlFlow(err)) {
        if (auditId !== null) await recordOutcome(auditId, 'ok', performance.now() - started);
        throw err;
      }
      const c = classifyError(err);
      if (auditId !== null) {
        await recordOutcome(auditId, c.outcome, performance.now() - started, c);
      }
      if (c.outcome === 'failed' && !(err instanceof ActionRefusal)) {
        console.error(`[action ${spec.name}] failed: ${c.code}: ${c.message}`);
      }
      return { ok: false, code: c.code, error: c.message, fieldErrors: c.fieldErrors };
    }
  };
  return Object.assign(action, {
    meta: { name: spec.name, permission: spec.permission, audited: Boolean(spec.audit) },
  });
}

async function auditDenied(name: string, member: Member, subject: AuditSubject) {
  const id = await recordIntent(name, member, subject);
  await recordOutcome(id, 'denied', 0, { code: 'forbidden', message: `role ${member.role}` });
}

/** What a refused call aimed at, through the action's own audit description (never secrets). */
async function deniedSubject<S extends z.ZodType>(
  spec: { input: S; audit?: (input: z.infer<S>) => AuditSubject | Promise<AuditSubject> },
  raw: unknown,
): Promise<AuditSubject> {
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) return { params: { input: 'not valid for this action' } };
  if (!spec.audit) return {};
  try {
    return await spec.audit(parsed.data);
  } catch {
    return {};
  }
}

function settledOutcome(
  counts: { done: number; failed: number } | undefined,
): [AuditOutcome, { code?: string; message?: string }?] {
  if (!counts || counts.failed === 0) return ['ok'];
  const message = `${counts.failed} of ${counts.done + counts.failed} failed`;
  return counts.done === 0
    ? ['failed', { code: 'all-failed', message }]
    : ['partial', { code: 'some-failed', message }];
}

function toPlain(value: unknown): unknown {
  if (!(value instanceof FormData)) return value;
  const out: Record<string, unknown> = {};
  for (const key of new Set(value.keys())) {
    if (key.startsWith('$')) continue; // React's own form-action fields
    const all = value.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key.endsWith('[]') ? key.slice(0, -2) : key] = key.endsWith('[]') ? all : all[0];
  }
  return out;
}

// redirect() and notFound() throw; they are how an action finishes, not failures.
function isNextControlFlow(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === 'string' && /^(NEXT_REDIRECT|NEXT_HTTP_ERROR_FALLBACK|NEXT_NOT_FOUND)/.test(digest)
  );
}
