import type { Result } from './errors';
import type { AppEvent } from './types';

/**
 * The only thing the renderer sees of the outside world: `window.rapport`.
 * Exposed by the Electron preload, or by the web host's bridge script, with the same shape.
 */
export interface RapportBridge {
  platform: 'electron' | 'web';
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export const IPC_INVOKE = 'rapport:invoke';
export const IPC_EVENT = 'rapport:event';
