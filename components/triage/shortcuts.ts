/** The inbox's shortcuts as its help lists them: the keys are bound with useKeys. */
export const LIST_SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation'],
  ['Enter', 'Open the conversation'],
  ['a', 'Assign to me'],
  ['e', 'Resolve'],
  ['s', 'Snooze…'],
  ['l', 'Label…'],
  ['?', 'Show these shortcuts'],
];

export const CONVERSATION_SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation in the inbox'],
  ['a', 'Assign to me'],
  ['e', 'Resolve'],
  ['s', 'Snooze…'],
  ['l', 'Label…'],
  ['r', 'Reply'],
  ['n', 'Add a private note'],
  ['Esc', 'Leave the field you are typing in'],
  ['?', 'Show these shortcuts'],
];
