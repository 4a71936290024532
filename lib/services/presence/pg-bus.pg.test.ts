/**
 * The bus across processes, on PostgreSQL only: each bus here has its own dedicated connection,
 * exactly what two BM Desk processes on one database have. Runs in `npm run test:pg`.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceEvent } from './bus';
import { createPgBus } from './pg-bus';
import { PresenceRegistry } from './registry';
import { until } from '@/tests/support/until';

const url = process.env.DATABASE_URL!;
const TOPIC = 'thread:1:42';

describe('presence bus on PostgreSQL LISTEN/NOTIFY', () => {
  const closers: (() => Promise<void>)[] = [];
  // Each test its own channel, so nothing else on this database is heard.
  const channel = () => `bmdesk_presence_test_${crypto.randomBytes(4).toString('hex')}`;
  function bus(ch: string, applicationName?: string) {
    const b = createPgBus(url, { channel: ch, applicationName, retryMinMs: 50 });
    closers.push(() => b.close());
    return b;
  }
  function registry(b: ReturnType<typeof bus>, ttlMs = 15_000) {
    const r = new PresenceRegistry(b, { ttlMs, sweepMs: 20 }).start();
    closers.unshift(() => r.stop());
    return r;
  }
  async function sql(query: string, params: unknown[] = []) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(query, params)).rows;
    } finally {
      await c.end();
    }
  }
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('two buses on one database hear each other (and themselves) in order', async () => {
    const ch = channel();
    const one = bus(ch);
    const two = bus(ch);
    await Promise.all([one.ready(), two.ready()]);
    const heardByTwo: PresenceEvent[] = [];
    const heardByOne: PresenceEvent[] = [];
    two.subscribe({ event: (e) => heardByTwo.push(e), connected: () => undefined });
    one.subscribe({ event: (e) => heardByOne.push(e), connected: () => undefined });
    const sent = performance.now();
    for (let i = 1; i <= 20; i++) await one.publish({ t: 'hello', pid: `p${i}` });
    await until('all 20 delivered', () => heardByTwo.length === 20);
    const ms = performance.now() - sent;
    expect(heardByTwo.map((e) => (e as { pid: string }).pid)).toEqual(
      Array.from({ length: 20 }, (_, i) => `p${i + 1}`),
    );
    await until('the sender hears its own', () => heardByOne.length === 20);
    console.log(`[presence] 20 NOTIFYs from one connection reached the other in ${ms.toFixed(1)} ms`);
  });

  it('two registries, one per connection: see each other, states, leave and expiry', async () => {
    const ch = channel();
    const [busA, busB] = [bus(ch), bus(ch)];
    await Promise.all([busA.ready(), busB.ready()]);
    const a = registry(busA, 1_000);
    const b = registry(busB, 1_000);
    const sam = { memberId: 7, name: 'Sam' };
    const olive = { memberId: 3, name: 'Olive' };

    a.announce({ topic: TOPIC, client: 'tab-s', ...sam, state: 'viewing' });
    const seenA = await until('b sees sam', () => b.others(TOPIC, olive.memberId).length === 1);
    b.announce({ topic: TOPIC, client: 'tab-o', ...olive, state: 'viewing' });
    const t0 = performance.now();
    await until('a sees olive', () => a.others(TOPIC, sam.memberId).length === 1);
    const seenB = performance.now() - t0;
    expect(a.others(TOPIC, sam.memberId)).toEqual([{ ...olive, state: 'viewing' }]);
    expect(b.others(TOPIC, olive.memberId)).toEqual([{ ...sam, state: 'viewing' }]);

    a.announce({ topic: TOPIC, client: 'tab-s', ...sam, state: 'replying' });
    await until('b sees replying', () => b.others(TOPIC, olive.memberId)[0]?.state === 'replying');
    a.leave(TOPIC, 'tab-s', sam.memberId);
    await until('b hears the leave', () => b.others(TOPIC, olive.memberId).length === 0);

    // Olive's tab stops beating: gone from a once the 1 s expiry passes.
    await until('olive expires on a', () => a.others(TOPIC).length === 0, 4_000);
    console.log(
      `[presence] across two connections: first sighting ${seenA.toFixed(1)} ms, reply ${seenB.toFixed(1)} ms`,
    );
  });

  it('a registry that starts late hears who is already there from the others at once', async () => {
    const ch = channel();
    const busA = bus(ch);
    await busA.ready();
    const a = registry(busA);
    a.announce({ topic: TOPIC, client: 'tab', memberId: 7, name: 'Sam', state: 'replying' });
    const late = registry(bus(ch));
    const ms = await until('late hears sam', () => late.others(TOPIC).length === 1, 2_000);
    expect(late.others(TOPIC)).toEqual([{ memberId: 7, name: 'Sam', state: 'replying' }]);
    console.log(`[presence] a late process learned the topic in ${ms.toFixed(1)} ms`);
  });

  it('reconnects after its connection is killed and re-sends what it holds', async () => {
    const ch = channel();
    const app = `bmdesk-presence-test-${crypto.randomBytes(4).toString('hex')}`;
    const cut = bus(ch, app);
    const other = bus(ch);
    await Promise.all([cut.ready(), other.ready()]);
    const a = registry(cut);
    const b = registry(other);
    a.announce({ topic: TOPIC, client: 'tab', memberId: 7, name: 'Sam', state: 'viewing' });
    await until('b sees sam', () => b.others(TOPIC).length === 1);
    const heard: PresenceEvent[] = [];
    other.subscribe({ event: (e) => heard.push(e), connected: () => undefined });

    const killed = await sql(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
      [app],
    );
    expect(killed).toEqual([{ ok: true }]);
    // Back on the bus, a says hello and re-sends its entry, for whatever it missed meanwhile.
    // A routine heartbeat sent just before the kill may be heard too: what counts is a hello
    // from the new connection and the entry re-sent after it.
    const resentAfterHello = () => {
      const hello = heard.findIndex((e) => e.t === 'hello' && e.pid === a.processId);
      return (
        hello >= 0 &&
        heard.slice(hello + 1).some((e) => e.t === 'beat' && e.pid === a.processId && e.client === 'tab')
      );
    };
    const ms = await until('a says hello and re-sends after reconnecting', resentAfterHello, 5_000);
    expect(b.others(TOPIC)).toEqual([{ memberId: 7, name: 'Sam', state: 'viewing' }]);
    console.log(`[presence] after its connection was killed, a was back on the bus in ${ms.toFixed(1)} ms`);

    // And the reconnected bus still carries new events both ways.
    b.announce({ topic: TOPIC, client: 'tab-o', memberId: 3, name: 'Olive', state: 'viewing' });
    await until('a hears olive', () => a.others(TOPIC, 7).length === 1);
  });

  it('ignores payloads on the channel that are not presence events', async () => {
    const ch = channel();
    const busB = bus(ch);
    await busB.ready();
    const b = registry(busB);
    await sql('SELECT pg_notify($1, $2)', [ch, 'not json']);
    await sql('SELECT pg_notify($1, $2)', [
      ch,
      JSON.stringify({
        t: 'beat',
        pid: 'x',
        topic: TOPIC,
        client: 'c',
        memberId: -1,
        name: 'x',
        state: 'viewing',
        ttl: 1000,
      }),
    ]);
    await sql('SELECT pg_notify($1, $2)', [
      ch,
      JSON.stringify({
        t: 'beat',
        pid: 'x',
        topic: TOPIC,
        client: 'c',
        memberId: 9,
        name: 'Ok',
        state: 'viewing',
        ttl: 1000,
      }),
    ]);
    await until('the valid one arrives', () => b.others(TOPIC).length === 1);
    expect(b.others(TOPIC)).toEqual([{ memberId: 9, name: 'Ok', state: 'viewing' }]);
  });
});
