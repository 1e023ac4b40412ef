/**
 * What a file or folder is chosen for. The renderer asks main to show its own dialog for one of
 * these purposes and gets back an opaque choice id, never a path it could forge (issue 15,
 * finding 1); main resolves the id, once, for that purpose only.
 */
export const CHOICE_PURPOSES = ['vault-open', 'vault-create', 'backup-folder', 'backup-save', 'backup-open', 'letter-save', 'letters-folder', 'sync-folder'] as const;
export type ChoicePurpose = (typeof CHOICE_PURPOSES)[number];

/** The answer to `files.choose`: `choice` is null when the person cancelled. */
export interface FileChoice {
  /** False where the host has no chooser (the web host without --choose-dir). */
  supported: boolean;
  /** `name` is the file or folder's own name, for display only. */
  choice: { id: string; name: string } | null;
}
