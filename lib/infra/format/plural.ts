/**
 * A count with its noun, agreed: "1 report", "2 reports", "1,204 messages". One place, so no
 * page prints "1 reports". Plain module: server and client components both use it.
 */

/** The noun alone, for a count printed elsewhere: `noun(n, 'reply', 'replies')`. */
export function noun(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** The count (grouped the English way) and its noun: `plural(3, 'person', 'people')` is "3 people". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${noun(n, singular, pluralForm)}`;
}
