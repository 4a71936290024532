/**
 * The client's address for throttling. Behind a proxy the closest hop's value is the last
 * entry of X-Forwarded-For (earlier ones are whatever the client claimed).
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last || headers.get('x-real-ip') || 'unknown';
}
