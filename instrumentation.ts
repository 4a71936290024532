// Opens the database (and runs migrations) when the server starts, so a broken
// configuration fails at boot with its message rather than at the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` loads this too; the build must not open (and lock) the data folder.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Before the first request: the sign-in throttle needs each connection's own address.
  const { stampPeerAddresses } = await import('./lib/infra/auth/client-address');
  stampPeerAddresses();
  const { getHandle } = await import('./lib/infra/db/client');
  const { kind } = await getHandle();
  console.log(`[bmdesk] database ready (${kind})`);
  // Passwords sealed before they were bound to their site's origin are re-sealed, bound, once.
  const { rebindLegacySitePasswords } = await import('./lib/services/sites/queries');
  const { rebindLegacySupportPasswords } = await import('./lib/services/triage/support-accounts');
  const rebound = (await rebindLegacySitePasswords()) + (await rebindLegacySupportPasswords());
  if (rebound > 0) console.log(`[bmdesk] ${rebound} stored password(s) bound to their site's origin`);
  const demo = process.env.BMDESK_DEMO_BOOTSTRAP;
  if (demo) {
    const { bootstrapDemo } = await import('./lib/services/demo/bootstrap');
    await bootstrapDemo(demo);
    console.log('[bmdesk] demo owner and demo site ready');
  }
  // Planner statistics for BM Desk's own tables, which nothing else keeps when autovacuum is off
  // (and PGlite has none).
  if (process.env.BMDESK_STATISTICS !== 'off') {
    const { startStatisticsKeeper } = await import('./lib/infra/db/statistics');
    startStatisticsKeeper();
  }
  // The sync worker lives in the app's process: with PGlite only this process may open the data.
  if (process.env.BMDESK_SYNC !== 'off') {
    const { startSyncWorkers } = await import('./lib/services/site-index/worker');
    startSyncWorkers();
  }
  // Durable jobs (ban everywhere …): claimed from the database, so they go on after a restart.
  if (process.env.BMDESK_JOBS !== 'off') {
    const { startJobRunner } = await import('./lib/services/jobs/runner');
    startJobRunner();
  }
  // Alerts: detection and delivery in loops of their own, never in the sync's or a decision's path.
  if (process.env.BMDESK_ALERTS !== 'off') {
    const { startAlertLoops } = await import('./lib/services/alerts/loops');
    startAlertLoops();
  }
}
