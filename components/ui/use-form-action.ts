'use client';

import { startTransition, useActionState, type FormEvent } from 'react';

/**
 * useActionState for a form that keeps what the member typed when the server says no.
 * (A plain `<form action>` is reset by React after every submission, errors included.)
 */
export function useFormAction<S>(action: (state: S | null, data: FormData) => Promise<S>) {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return [state, onSubmit, pending] as const;
}
