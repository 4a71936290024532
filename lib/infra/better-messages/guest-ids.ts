/**
 * The one place guest ids change sign. The admin guest routes (`getGuests`, `getGuest`,
 * `deleteAccount`) speak positive guest ids; threads, messages and every other route speak
 * negative bmUserIds. No imports: schemas and routes both use it.
 */
export function guestIdToBmUserId(guestId: number): number {
  if (!Number.isInteger(guestId) || guestId === 0) throw new RangeError(`Not a guest id: ${guestId}`);
  return -Math.abs(guestId);
}

export function bmUserIdToGuestId(bmUserId: number): number {
  if (!Number.isInteger(bmUserId) || bmUserId >= 0) {
    throw new RangeError(`bmUserId ${bmUserId} is not a guest (guests are negative)`);
  }
  return -bmUserId;
}
