import type { Clock } from '../clock';
import type { Vault } from '../vault/vault';

/** What every service function takes first. */
export interface ServiceDeps {
  vault: Vault;
  clock: Clock;
}
