import type { Contact } from '../../../../shared/types';

/** The "About" choice meaning the client as a whole rather than one contact. */
export const WHOLE_CLIENT = 'whole-client';

/** Choices for "who is this about": the client as a whole or one contact. */
export function contactOptions(contacts: Contact[]) {
  return [{ value: WHOLE_CLIENT, label: 'The client as a whole' }, ...contacts.map((c) => ({ value: c.id, label: c.name }))];
}

export function contactIdOf(choice: string): string | null {
  return choice === WHOLE_CLIENT ? null : choice;
}
