import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { getDb } from '@/lib/infra/db/client';
import { auditCsvStream, csvCell } from './csv';
import { getAuditBatch, getAuditPage, type AuditFilter } from './queries';

const tag = `t${Date.now()}`;
const member = { id: 990_001, email: `${tag}@example.test`, role: 'moderator' as const };

beforeAll(async () => {
  for (let i = 0; i < 7; i++) {
    const id = await recordIntent(i % 2 ? 'banUserInThread' : 'muteUserInThread', member, {
      target: { name: `${tag} user ${i}`, threadId: i },
      params: { reason: i === 3 ? '=HYPERLINK("http://evil")' : 'spam, "quoted"\nline' },
    });
    if (i < 6)
      await recordOutcome(id, i === 4 ? 'refused' : 'ok', 10 + i, { code: i === 4 ? 'no' : undefined });
  }
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('audit where-builder', () => {
  it('gives rows and count from the same filter', async () => {
    const filter: AuditFilter = { memberId: member.id, action: 'banUserInThread' };
    const page = await getAuditPage(filter, { perPage: 2 });
    expect(page.total).toBe(3);
    expect(page.rows).toHaveLength(2);
    expect(page.rows.every((r) => r.action === 'banUserInThread')).toBe(true);
  });

  it('filters by outcome (including none), target words and date range', async () => {
    expect((await getAuditPage({ memberId: member.id, outcome: 'refused' })).total).toBe(1);
    expect((await getAuditPage({ memberId: member.id, outcome: 'none' })).total).toBe(1);
    expect((await getAuditPage({ memberId: member.id, target: `${tag} user 5` })).total).toBe(1);
    // LIKE wildcards in the words are literal.
    expect((await getAuditPage({ memberId: member.id, target: '%' })).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await getAuditPage({ memberId: member.id, from: today, to: today })).total).toBe(7);
    expect((await getAuditPage({ memberId: member.id, to: '2000-01-01' })).total).toBe(0);
  });

  it('pages the export by id cursor without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: number | null = null;
    for (;;) {
      const batch = await getAuditBatch({ memberId: member.id }, cursor, 3);
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.id));
      cursor = batch[batch.length - 1]!.id;
    }
    expect(seen).toHaveLength(7);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });
});

describe('audit CSV', () => {
  it('escapes quotes, commas and newlines and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(bad)).toBe(`'${bad}`);
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('shows hidden characters in names as markers, in plain cells and in parameters', () => {
    expect(csvCell('invoice\u202Egnp.txt')).toBe('invoice⟨U+202E⟩gnp.txt');
    expect(csvCell({ name: 'Eve\u200B' })).toBe('"{""name"":""Eve⟨U+200B⟩""}"');
    expect(csvCell('\u2066=1+1')).toBe('⟨U+2066⟩=1+1');
    expect(csvCell('محمد عبد الله')).toBe('محمد عبد الله');
  });

  it('streams every filtered row in small batches, header first', async () => {
    const text = await readAll(auditCsvStream({ memberId: member.id }, 2));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,when \(UTC\),member/);
    // 7 rows; embedded newlines stay inside quoted cells.
    const ids = text.match(/^\d+,/gm) ?? [];
    expect(ids).toHaveLength(7);
    expect(text).toContain('refused');
    expect(text).toContain('no outcome');
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('keeps the log append-only', async () => {
    const db = await getDb();
    await expect(db.execute(sql`DELETE FROM audit_log WHERE member_id = ${member.id}`)).rejects.toThrow();
  });
});
