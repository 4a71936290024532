import { afterEach, describe, expect, it } from 'vitest';
import { approveMessage, BM, getAdminMessages } from '@/lib/infra/better-messages';
import { callsTo, clearFaults, setFaults } from './support/demo-control';
import { bmErrorOf, expectApiError } from './support/errors';
import { admin, clientFor, isDemo, site } from './support/site';

const GET_MESSAGES = `${BM}/admin/getMessages`;
const APPROVE = `${BM}/admin/approveMessage`;
// The client would honour a maintenance page's Retry-After (600 s, cut to 30 s): no retries here.
const noRetry = clientFor(site.admin, { maxRetries: 0 });

// Faults are injected through the demo site's control API; a real site has none, so this file
// runs only against the demo stand-in.
describe.runIf(isDemo)('faults (demo site only)', () => {
  afterEach(() => clearFaults());

  it('an HTML maintenance page is a bad-response naming route and status', async () => {
    await setFaults({ maintenance: true });
    const error = await bmErrorOf(getAdminMessages(noRetry));
    expect(error).toMatchObject({ kind: 'bad-response', route: GET_MESSAGES, status: 503 });
    expect(error.message).toMatch(/getMessages.*HTTP 503.*HTML/);
    expect(error.message).toMatch(/maintenance/);
  });

  it('malformed JSON is a bad-response', async () => {
    await setFaults({ malformedJson: true });
    const error = await bmErrorOf(getAdminMessages(noRetry));
    expect(error).toMatchObject({ kind: 'bad-response', route: GET_MESSAGES, status: 200 });
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('a rate-limited read waits for Retry-After and succeeds once the limit lifts', async () => {
    await setFaults({ rateLimit: { retryAfterSeconds: 1 }, only: GET_MESSAGES });
    const calls = await callsTo(GET_MESSAGES);
    const read = getAdminMessages(admin);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await clearFaults();
    const page = await read;
    expect(page.perPage).toBe(20);
    expect((await callsTo(GET_MESSAGES)) - calls).toBe(2);
  });

  it('a read still limited after its retries fails with a clear error', async () => {
    await setFaults({ rateLimit: { retryAfterSeconds: 0 }, only: GET_MESSAGES });
    const calls = await callsTo(GET_MESSAGES);
    const error = await bmErrorOf(getAdminMessages(clientFor(site.admin, { maxRetries: 2 })));
    expect(error).toMatchObject({ kind: 'bad-response', status: 429, route: GET_MESSAGES });
    expect((await callsTo(GET_MESSAGES)) - calls).toBe(3);
  });

  it('a rate-limited write is not repeated', async () => {
    await setFaults({ rateLimit: { retryAfterSeconds: 0 }, only: APPROVE });
    const calls = await callsTo(APPROVE);
    const error = await bmErrorOf(approveMessage(admin, 999_999_999));
    expect(error).toMatchObject({ status: 429, route: APPROVE });
    expect((await callsTo(APPROVE)) - calls).toBe(1);
  });

  it('a revoked application password is an auth error', async () => {
    await setFaults({ revokePassword: site.admin.login });
    await expectApiError(getAdminMessages(admin), { status: 401, code: 'rest_forbidden', kind: 'auth' });
    await clearFaults();
    expect((await getAdminMessages(admin)).page).toBe(1);
  });

  it('a route switched off is 404 rest_no_route', async () => {
    await setFaults({ routesOff: [GET_MESSAGES] });
    const error = await expectApiError(getAdminMessages(admin), {
      status: 404,
      code: 'rest_no_route',
      kind: 'http',
    });
    expect(error.message).toMatch(/switched off/);
  });
});
