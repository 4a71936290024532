import type { Announce, PresenceRegistry } from './registry';
import { HEARTBEAT_MS, type PresenceUpdate } from './topics';

/** Comment lines keep proxies from closing an idle stream. */
const PING_MS = 20_000;
/**
 * A stream ends after this long and the browser's EventSource reconnects at once: the session
 * is checked again then, so a disabled member stops hearing within minutes.
 */
const STREAM_MAX_MS = 5 * 60_000;

type Options = {
  topics: readonly string[];
  /** Who watches: they never see themselves. */
  memberId: number;
  /** Aborted when the browser goes away (tab closed, navigated, EventSource closed). */
  signal: AbortSignal;
  /**
   * Present the watcher on `announce.topic` for as long as the stream is open. The server beats
   * for the tab: a hidden tab's timers are throttled by the browser, an open connection is not.
   */
  announce?: Announce;
};

/** Server-sent events: one `presence` event per topic at once, then one per change. */
export function presenceStream(presence: PresenceRegistry, o: Options): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop: () => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const last = new Map<string, string>();
      let open = true;
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const send = (topic: string) => {
        const update: PresenceUpdate = { topic, others: presence.others(topic, o.memberId) };
        const json = JSON.stringify(update);
        if (last.get(topic) === json) return;
        last.set(topic, json);
        write(`event: presence\ndata: ${json}\n\n`);
      };
      write('retry: 1000\n\n');
      for (const t of o.topics) send(t);
      const unwatch = presence.watch(o.topics, send);
      const a = o.announce;
      // A reconnecting tab keeps the state it set since (replying), not the one in its URL.
      if (a && !presence.refresh(a.topic, a.client)) presence.announce(a);
      const beat = a ? setInterval(() => presence.refresh(a.topic, a.client), HEARTBEAT_MS) : undefined;
      const ping = setInterval(() => write(': ping\n\n'), PING_MS);
      // Timed out, the tab stays: it reconnects within a second, well inside the entry's expiry.
      const end = setTimeout(() => finish(false), STREAM_MAX_MS);
      const finish = (left: boolean) => {
        if (!open) return;
        open = false;
        unwatch();
        clearInterval(beat);
        clearInterval(ping);
        clearTimeout(end);
        if (a && left) presence.leave(a.topic, a.client, a.memberId);
        o.signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // the reader already went away
        }
      };
      stop = () => finish(true);
      if (o.signal.aborted) stop();
      else o.signal.addEventListener('abort', stop);
    },
    cancel() {
      stop();
    },
  });
}
