// Opens the database (and runs migrations) when the server starts, so a broken
// configuration fails at boot with its message rather than at the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getHandle } = await import('./lib/db/client');
  const { kind } = await getHandle();
  console.log(`[bmdesk] database ready (${kind})`);
}
