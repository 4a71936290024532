/** Assertions on how a call fails: the typed error is the contract, not only the status. */
import { expect } from 'vitest';
import { BmApiError, BmError, type BmErrorKind } from '@/lib/infra/better-messages';

export async function apiErrorOf(promise: Promise<unknown>): Promise<BmApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(BmApiError);
  return error as BmApiError;
}

export async function expectApiError(
  promise: Promise<unknown>,
  expected: { status: number; code: string; kind?: BmErrorKind },
): Promise<BmApiError> {
  const error = await apiErrorOf(promise);
  expect({ status: error.status, code: error.code }).toEqual({
    status: expected.status,
    code: expected.code,
  });
  if (expected.kind) expect(error.kind).toBe(expected.kind);
  return error;
}

export async function bmErrorOf(promise: Promise<unknown>): Promise<BmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(BmError);
  return error as BmError;
}
