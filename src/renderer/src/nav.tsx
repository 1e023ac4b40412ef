/** Moving around the app from anywhere: sections, a client's dossier, a person's page, the quick-add dialog. */
import { createContext, useContext } from 'react';

export type Section = 'clients' | 'timeline' | 'follow-ups' | 'reviews' | 'letters' | 'settings';

export interface Navigation {
  section: Section;
  /** The client whose dossier is open in the Clients section, or null for the list. */
  clientId: string | null;
  /** The contact whose person page is open in the Clients section, or null. */
  personId: string | null;
  go(section: Section): void;
  openClient(id: string | null): void;
  /** Opens a contact's person page; their client becomes the current one (Back, Log interaction). */
  openPerson(id: string, clientId: string): void;
  /** Opens "Log interaction", for one client when given. */
  logInteraction(clientId?: string): void;
}

export const NavContext = createContext<Navigation | null>(null);

export function useNav(): Navigation {
  const nav = useContext(NavContext);
  if (!nav) throw new Error('useNav outside the app frame');
  return nav;
}
