import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from './memory-bus';
import { PresenceRegistry } from './registry';
import { presenceStream } from './stream';
import { until } from '@/tests/support/until';

const TOPIC = 'thread:1:42';

/** Reads server-sent events off the stream as they come. */
function reader(stream: ReadableStream<Uint8Array>) {
  const events: unknown[] = [];
  let text = '';
  let done = false;
  const r = stream.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { value, done: end } = await r.read();
      if (end) break;
      text += decoder.decode(value);
      let i;
      while ((i = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, i);
        text = text.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.startsWith('event: presence') && data) events.push(JSON.parse(data.slice(6)));
      }
    }
    done = true;
  })();
  return { events, closed: () => done };
}

describe('presence stream', () => {
  const regs: PresenceRegistry[] = [];
  afterEach(async () => {
    await Promise.all(regs.splice(0).map((r) => r.stop()));
  });

  it('sends each topic at once, then changes; announces while open and leaves when aborted', async () => {
    const hub = new EventEmitter();
    const here = new PresenceRegistry(createMemoryBus(hub)).start();
    const elsewhere = new PresenceRegistry(createMemoryBus(hub)).start();
    regs.push(here, elsewhere);

    const watcher = new AbortController();
    const watch = reader(
      presenceStream(here, { topics: [TOPIC, 'thread:1:43'], memberId: 3, signal: watcher.signal }),
    );
    await until('both snapshots', () => watch.events.length === 2);
    expect(watch.events).toEqual([
      { topic: TOPIC, others: [] },
      { topic: 'thread:1:43', others: [] },
    ]);

    const tab = new AbortController();
    const announce = {
      topic: TOPIC,
      client: 'tab-sam-1',
      memberId: 7,
      name: 'Sam',
      state: 'viewing' as const,
    };
    const own = reader(
      presenceStream(elsewhere, { topics: [TOPIC], memberId: 7, signal: tab.signal, announce }),
    );
    await until('sam shown', () => watch.events.length === 3);
    expect(watch.events[2]).toEqual({
      topic: TOPIC,
      others: [{ memberId: 7, name: 'Sam', state: 'viewing' }],
    });
    // Sam's own stream never lists Sam.
    await until('own snapshot', () => own.events.length === 1);
    expect(own.events[0]).toEqual({ topic: TOPIC, others: [] });

    // Replying, then the tab closes: the watcher hears both, the closed stream ends.
    elsewhere.announce({ ...announce, state: 'replying' });
    await until('replying shown', () => watch.events.length === 4);
    tab.abort();
    await until('sam gone', () => watch.events.length === 5);
    expect(watch.events[4]).toEqual({ topic: TOPIC, others: [] });
    await until('stream closed', () => own.closed());

    watcher.abort();
    await until('watcher closed', () => watch.closed());
  });
});
