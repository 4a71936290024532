import { getHandle } from '@/lib/infra/db/client';

export const dynamic = 'force-dynamic';

/** For the demo script and load balancers: the database opened and migrated. */
export async function GET() {
  const { kind } = await getHandle();
  return Response.json({ ok: true, database: kind });
}
