/** What the renderer sees of sync between devices (docs/SYNC.md). */

export interface SyncStatusView {
  /** False while this vault does not sync; the rest is then empty. */
  on: boolean;
  /** The sync folder's own name, for display. */
  folderName: string | null;
  paused: boolean;
  /** When this device last finished a sync pass (wrote and read the folder). */
  lastSyncedAt: string | null;
  /** Local changes not yet written to the folder. */
  waiting: number;
  devices: { id: string; thisDevice: boolean; lastSeq: number; lastActivity: string | null }[];
  conflicts: number;
  /** Files that are missing, damaged or not from a device with the key: named, never applied. */
  problems: { kind: string; message: string }[];
  /** Why the last sync pass failed (the folder gone, a full disk), if it did. */
  error: string | null;
}

export interface SyncConflictView {
  id: string;
  /** What was edited on two devices at once, for display ("Acme: notes"). */
  what: string;
  field: string;
  /** The version in the vault now. */
  kept: string;
  /** The other device's version, kept here to pick or merge. */
  lost: string;
  foundAt: string;
}
