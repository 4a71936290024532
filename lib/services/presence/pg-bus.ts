import type { Client, Notification } from 'pg';
import { PresenceEventSchema, type PresenceBus, type PresenceBusHandlers, type PresenceEvent } from './bus';

const PRESENCE_CHANNEL = 'bmdesk_presence';

type Options = {
  /** A test may use its own channel; identifiers are quoted, so keep it [a-z0-9_]. */
  channel?: string;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Shown in pg_stat_activity; tests use it to find (and cut) this bus's connection. */
  applicationName?: string;
};

/**
 * PostgreSQL LISTEN/NOTIFY: every BM Desk process on one database hears every other one. One
 * dedicated connection per process (a pooled one would lose its LISTEN when handed back), used
 * for both LISTEN and NOTIFY. When the connection drops, it reconnects with backoff and tells
 * the subscribers, who re-send what they hold: nothing is queued while disconnected.
 */
export function createPgBus(url: string, options: Options = {}): PresenceBus & { ready(): Promise<void> } {
  const channel = options.channel ?? PRESENCE_CHANNEL;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad presence channel ${channel}`);
  const appName = options.applicationName ?? 'bmdesk-presence';
  const retryMin = options.retryMinMs ?? 250;
  const retryMax = options.retryMaxMs ?? 5_000;
  const handlers = new Set<PresenceBusHandlers>();
  /** The connection being opened or in use; `listening` once its LISTEN succeeded. */
  let current: Client | null = null;
  let listening = false;
  let closed = false;
  let attempt = 0;
  // pg runs one query at a time per connection: NOTIFYs wait their turn, in order.
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let firstReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (firstReady = resolve));

  function dispatch(msg: Notification) {
    if (msg.channel !== channel || !msg.payload) return;
    let parsed;
    try {
      parsed = PresenceEventSchema.safeParse(JSON.parse(msg.payload));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const h of handlers) h.event(parsed.data as PresenceEvent);
  }

  function dropped(client: Client, err?: Error) {
    if (client !== current) return;
    current = null;
    listening = false;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (closed) return;
    console.warn(
      `[bmdesk] presence bus lost its PostgreSQL connection${err ? `: ${err.message}` : ''}; reconnecting`,
    );
    schedule();
  }

  function schedule() {
    const delay = Math.min(retryMax, retryMin * 2 ** attempt);
    attempt++;
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
  }

  async function connect() {
    if (closed) return;
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url, application_name: appName });
    // Until connected, an error only means this attempt failed.
    client.on('error', (err) => dropped(client, err));
    client.on('end', () => dropped(client));
    client.on('notification', dispatch);
    current = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
    } catch (err) {
      if (current === client) {
        current = null;
        void client.end().catch(() => undefined);
        if (!closed) schedule();
      }
      if (attempt <= 1) console.warn(`[bmdesk] presence bus cannot listen: ${(err as Error).message}`);
      return;
    }
    if (closed || current !== client) {
      void client.end().catch(() => undefined);
      return;
    }
    attempt = 0;
    listening = true;
    firstReady();
    for (const h of handlers) h.connected();
  }

  void connect();

  return {
    kind: 'postgres',
    ready: () => ready,
    async publish(e) {
      const client = current;
      if (!client || !listening) return;
      const sent = queue.then(() => client.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(e)]));
      // A failure is the 'error'/'end' handler's to reconnect; the next beat repairs what was lost.
      queue = sent.catch(() => undefined);
      await queue;
    },
    subscribe(h) {
      handlers.add(h);
      // Already listening: this subscriber still needs its first "connected".
      if (listening) queueMicrotask(() => h.connected());
      return () => handlers.delete(h);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      handlers.clear();
      const client = current;
      current = null;
      listening = false;
      if (client) await client.end().catch(() => undefined);
    },
  };
}
