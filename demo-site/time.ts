// Better Messages keeps three clocks: 1/10 000 s integers for messages and threads, GMT strings for
// user activity, and site-local strings for the admin viewer and reports. The demo site runs in UTC
// (WordPress's default, and what the real test site uses), so site-local equals GMT unless offset.

/** Site timezone offset in hours (WordPress `gmt_offset`). */
const GMT_OFFSET_HOURS = 0;

let lastMicro = 0;

/** Current time in 1/10 000 s, strictly increasing so two messages never share a stamp. */
export function microNow(): number {
  const now = Date.now() * 10;
  lastMicro = now > lastMicro ? now : lastMicro + 1;
  return lastMicro;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD HH:MM:SS" in GMT for a Unix time in milliseconds. */
export function gmtString(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** Site-local "YYYY-MM-DD HH:MM:SS" (what get_date_from_gmt / wp_date give). */
export function localString(ms: number): string {
  return gmtString(ms + GMT_OFFSET_HOURS * 3_600_000);
}

export function microToMs(micro: number): number {
  return Math.floor(micro / 10);
}
