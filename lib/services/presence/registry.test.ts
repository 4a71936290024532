import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from './memory-bus';
import { PresenceRegistry } from './registry';
import { until } from '@/tests/support/until';

const TOPIC = 'thread:1:42';
const sam = { memberId: 7, name: 'Sam' };
const olive = { memberId: 3, name: 'Olive' };

describe('presence registry on the in-process bus', () => {
  const started: PresenceRegistry[] = [];
  function registry(hub: EventEmitter, ttlMs = 15_000) {
    const r = new PresenceRegistry(createMemoryBus(hub), { ttlMs, sweepMs: 20 }).start();
    started.push(r);
    return r;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
  });

  it('two registries on one hub see each other, never themselves, and a leave', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    const b = registry(hub);
    const changes: string[] = [];
    b.watch([TOPIC], (t) => changes.push(t));

    a.announce({ topic: TOPIC, client: 'tab-a', ...sam, state: 'viewing' });
    expect(a.others(TOPIC, sam.memberId)).toEqual([]);
    expect(a.others(TOPIC)).toEqual([{ ...sam, state: 'viewing' }]);
    await until('b hears a', () => b.others(TOPIC).length === 1);
    expect(b.others(TOPIC, olive.memberId)).toEqual([{ ...sam, state: 'viewing' }]);
    expect(changes).toEqual([TOPIC]);

    a.announce({ topic: TOPIC, client: 'tab-a', ...sam, state: 'replying' });
    await until('b hears replying', () => b.others(TOPIC)[0]?.state === 'replying');
    // A heartbeat that changes nothing wakes no watcher.
    a.announce({ topic: TOPIC, client: 'tab-a', ...sam, state: 'replying' });
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toEqual([TOPIC, TOPIC]);

    a.leave(TOPIC, 'tab-a', sam.memberId);
    expect(a.others(TOPIC)).toEqual([]);
    await until('b hears the leave', () => b.others(TOPIC).length === 0);
    expect(b.others('thread:1:43')).toEqual([]);
  });

  it('one row per member: replying wins over viewing across tabs and processes', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    const b = registry(hub);
    a.announce({ topic: TOPIC, client: 'page', ...sam, state: 'viewing' });
    b.announce({ topic: TOPIC, client: 'composer', ...sam, state: 'replying' });
    b.announce({ topic: TOPIC, client: 'tab-o', ...olive, state: 'viewing' });
    await until('both merged', () => a.others(TOPIC).length === 2);
    expect(a.others(TOPIC)).toEqual([
      { ...olive, state: 'viewing' },
      { ...sam, state: 'replying' },
    ]);
    b.leave(TOPIC, 'composer', sam.memberId);
    await until('back to viewing', () => a.others(TOPIC)[1]?.state === 'viewing');
  });

  it('an announcement overtaken by a later one of the same tab is dropped', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'replying', seq: 1 });
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'viewing', seq: 3 });
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'replying', seq: 2 });
    expect(a.others(TOPIC)).toEqual([{ ...sam, state: 'viewing' }]);
    // The stream's own beats keep the tab's last word.
    expect(a.refresh(TOPIC, 'tab')).toBe(true);
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'replying', seq: 2 });
    expect(a.others(TOPIC)).toEqual([{ ...sam, state: 'viewing' }]);
    expect(a.refresh(TOPIC, 'other-tab')).toBe(false);
  });

  it("a member cannot take over or take away another member's entry", async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    a.announce({ topic: TOPIC, client: 'tab-s', ...sam, state: 'viewing' });
    a.leave(TOPIC, 'tab-s', olive.memberId);
    a.announce({ topic: TOPIC, client: 'tab-s', ...olive, state: 'replying' });
    expect(a.others(TOPIC)).toEqual([{ ...sam, state: 'viewing' }]);
  });

  it('a tab that stops beating disappears after the expiry, here and elsewhere', async () => {
    const hub = new EventEmitter();
    const a = registry(hub, 150);
    const b = registry(hub, 150);
    const changes: string[] = [];
    b.watch([TOPIC], (t) => changes.push(t));
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'viewing' });
    await until('b hears a', () => b.others(TOPIC).length === 1);
    const gone = await until('expired on b', () => changes.length === 2, 2_000);
    expect(b.others(TOPIC)).toEqual([]);
    expect(a.others(TOPIC)).toEqual([]);
    expect(gone).toBeGreaterThan(80);
  });

  it('a registry that joins late learns who is there at once, without waiting for a beat', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'replying' });
    const late = registry(hub);
    await until('late joiner hears the re-sent entry', () => late.others(TOPIC).length === 1, 500);
    expect(late.others(TOPIC)).toEqual([{ ...sam, state: 'replying' }]);
  });

  it('a stopping registry says goodbye for its tabs', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    const b = registry(hub);
    a.announce({ topic: TOPIC, client: 'tab', ...sam, state: 'viewing' });
    await until('b hears a', () => b.others(TOPIC).length === 1);
    await a.stop();
    await until('b hears the goodbye', () => b.others(TOPIC).length === 0, 500);
  });

  it('a watcher hears only its topics and stops hearing once unwatched', async () => {
    const hub = new EventEmitter();
    const a = registry(hub);
    const heard: string[] = [];
    const unwatch = a.watch(['thread:1:1', 'thread:1:2'], (t) => heard.push(t));
    a.announce({ topic: 'thread:1:2', client: 'x', ...sam, state: 'viewing' });
    a.announce({ topic: 'thread:1:3', client: 'x', ...sam, state: 'viewing' });
    unwatch();
    a.announce({ topic: 'thread:1:1', client: 'x', ...sam, state: 'viewing' });
    expect(heard).toEqual(['thread:1:2']);
  });
});
