import { describe, expect, it } from 'vitest';
import { inActionScope, oncePerAction, outsideActionScope } from './action-scope';

const counter = () => {
  let made = 0;
  return { make: async () => ++made, made: () => made };
};

describe('oncePerAction', () => {
  it('makes once per action, for concurrent callers too, and again in the next action', async () => {
    const c = counter();
    const first = await inActionScope(() =>
      Promise.all([oncePerAction('k', c.make), oncePerAction('k', c.make), oncePerAction('other', c.make)]),
    );
    expect(first).toEqual([1, 1, 2]);
    expect(await inActionScope(() => oncePerAction('k', c.make))).toBe(3);
  });

  it('makes every time outside an action, and for what an action starts outside its scope', async () => {
    const c = counter();
    await oncePerAction('k', c.make);
    await oncePerAction('k', c.make);
    expect(c.made()).toBe(2);
    const detached = await inActionScope(async () => {
      await oncePerAction('k', c.make);
      return outsideActionScope(() => oncePerAction('k', c.make));
    });
    expect(detached).toBe(4);
  });

  it('does not keep a failure: the next call in the same action tries again', async () => {
    let calls = 0;
    const flaky = async () => {
      if (++calls === 1) throw new Error('first fails');
      return calls;
    };
    const result = await inActionScope(async () => {
      await expect(oncePerAction('k', flaky)).rejects.toThrow('first fails');
      return [await oncePerAction('k', flaky), await oncePerAction('k', flaky)];
    });
    expect(result).toEqual([2, 2]);
  });
});
