/** The exposure counter over PGlite: an item counts once a day, days roll over at UTC midnight, bad input is refused in words. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '@/lib/infra/auth/members';
import {
  countExposures,
  exposureDay,
  exposureItem,
  getMediaCare,
  recordExposure,
  setMediaCare,
} from './exposure';

let memberId: number;
let other: number;
/** Item keys name a site id; the counter does not need the site row. */
const siteId = 3;

beforeAll(async () => {
  const stamp = Date.now();
  memberId = (
    await createMember({
      email: `care-${stamp}@example.test`,
      name: 'Care',
      password: 'care-password-long',
      role: 'moderator',
    })
  ).id;
  other = (
    await createMember({
      email: `care2-${stamp}@example.test`,
      name: 'Other',
      password: 'care-password-long',
      role: 'support',
    })
  ).id;
});

const at = (iso: string) => new Date(iso);

describe('exposure counter', () => {
  it('counts an item once a day, however often it is revealed', async () => {
    const noon = at('2026-03-10T12:00:00Z');
    expect(await recordExposure(memberId, { siteId, kind: 'attachment', id: 812 }, noon)).toBe(1);
    expect(
      await recordExposure(memberId, { siteId, kind: 'attachment', id: 812 }, at('2026-03-10T12:05:00Z')),
    ).toBe(1);
    expect(await recordExposure(memberId, { siteId, kind: 'attachment', id: 813 }, noon)).toBe(2);
    // The same id as a message is another item.
    expect(await recordExposure(memberId, { siteId, kind: 'message', id: 812 }, noon)).toBe(3);
    expect(await countExposures(memberId, at('2026-03-10T23:59:59Z'))).toBe(3);
    // Another member's count is their own.
    expect(await countExposures(other, noon)).toBe(0);
    expect(await recordExposure(other, { siteId, kind: 'attachment', id: 812 }, noon)).toBe(1);
    expect(await countExposures(memberId, noon)).toBe(3);
  });

  it('starts again on the next UTC day, where the same item counts again', async () => {
    const next = at('2026-03-11T00:00:00Z');
    expect(await countExposures(memberId, next)).toBe(0);
    expect(await recordExposure(memberId, { siteId, kind: 'attachment', id: 812 }, next)).toBe(1);
    // The day before is kept as it was.
    expect(await countExposures(memberId, at('2026-03-10T08:00:00Z'))).toBe(3);
    expect(exposureDay(at('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10');
    expect(exposureDay(at('2026-03-11T00:00:00Z'))).toBe('2026-03-11');
    // A time given with an offset is still counted on its UTC day.
    expect(exposureDay(at('2026-03-11T01:30:00+02:00'))).toBe('2026-03-10');
  });

  it('refuses bad input in words', async () => {
    expect(() => exposureItem(0, 'attachment', 5)).toThrow('The site id must be a positive whole number.');
    expect(() => exposureItem(siteId, 'photo' as never, 5)).toThrow('Unknown kind of media "photo".');
    expect(() => exposureItem(siteId, 'attachment', -1)).toThrow(
      'The item id must be a positive whole number.',
    );
    expect(() => exposureItem(siteId, 'attachment', 1.5)).toThrow(
      'The item id must be a positive whole number.',
    );
    expect(() => exposureDay(new Date('not a date'))).toThrow(
      'The time of the exposure is not a valid date.',
    );
    await expect(recordExposure(memberId, { siteId, kind: 'attachment', id: 0 })).rejects.toThrow(
      'The item id must be a positive whole number.',
    );
    expect(exposureItem(3, 'attachment', 812)).toBe('3:attachment:812');
  });
});

describe('media care settings', () => {
  it('defaults to blur, greyscale and a limit of 40, and keeps what the member sets', async () => {
    expect(await getMediaCare(memberId)).toEqual({
      blurImages: true,
      greyscaleMedia: true,
      exposureLimit: 40,
    });
    await setMediaCare(memberId, { blurImages: false, greyscaleMedia: true, exposureLimit: 5 });
    expect(await getMediaCare(memberId)).toEqual({
      blurImages: false,
      greyscaleMedia: true,
      exposureLimit: 5,
    });
  });

  it('refuses a limit outside 1–500 in words', async () => {
    for (const exposureLimit of [0, 501, 2.5]) {
      await expect(
        setMediaCare(memberId, { blurImages: true, greyscaleMedia: true, exposureLimit }),
      ).rejects.toThrow('The daily limit must be a whole number from 1 to 500.');
    }
    expect((await getMediaCare(memberId)).exposureLimit).toBe(5);
  });
});
