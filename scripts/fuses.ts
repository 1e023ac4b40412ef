/**
 * The Electron fuses the packaged app ships with: the one list, used by the packaging hook that flips
 * them (scripts/package-after-pack.ts) and by the tests that read them back. Fuses are bits compiled
 * into the Electron binary; flipping them after packaging turns features off for good, whatever
 * environment variables or command-line flags a later caller passes.
 */
import { FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';

/** The fuses Rapport sets, with why. The others keep Electron's defaults. */
export const RAPPORT_FUSES = {
  /** ELECTRON_RUN_AS_NODE would turn the signed app binary into a general-purpose Node. */
  [FuseV1Options.RunAsNode]: false,
  /** NODE_OPTIONS (e.g. `--require evil.js`) would run code in the main process, next to the keys. */
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  /** `--inspect` / `--inspect-brk` would let anyone attach a debugger to the main process. */
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  /** Check app.asar against the hash embedded at build time (Electron does this on macOS and Windows). */
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  /** Load the app only from app.asar, never from a loose app/ folder dropped next to it. */
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  /**
   * file:// pages get no extra privileges (fetch, reading other files): the renderer is served
   * from app://rapport/ instead (src/main/shell/appProtocol.ts), so nothing needs them.
   */
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies Partial<Record<FuseV1Options, boolean>>;

/** The fuses in RAPPORT_FUSES, by name, in wire order. */
export const RAPPORT_FUSE_NAMES = Object.keys(RAPPORT_FUSES)
  .map(Number)
  .sort((a, b) => a - b)
  .map((i) => FuseV1Options[i] as keyof typeof FuseV1Options);

/**
 * The argument for `flipFuses`. On macOS, changing the binary breaks its ad-hoc signature (which
 * Apple silicon requires), so it is re-signed ad hoc; a real signature comes after, when signing.
 */
export function fuseConfig(platform: NodeJS.Platform | string): FuseV1Config {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin',
    ...RAPPORT_FUSES,
  };
}

const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);

export type FuseReading = boolean | 'removed' | 'missing';

/** Reads a binary's fuse wire back: each of RAPPORT_FUSES by name, as on (true) or off (false). */
export async function readRapportFuses(pathToElectron: string): Promise<Record<string, FuseReading>> {
  const wire = await getCurrentFuseWire(pathToElectron);
  if (wire.version !== FuseVersion.V1) throw new Error(`Unexpected fuse wire version ${String(wire.version)} in ${pathToElectron}`);
  const states = wire as unknown as Record<number, number | undefined>;
  const out: Record<string, FuseReading> = {};
  for (const name of RAPPORT_FUSE_NAMES) {
    const s = states[FuseV1Options[name]];
    out[name] = s === ENABLED ? true : s === DISABLED ? false : s === undefined ? 'missing' : 'removed';
  }
  return out;
}

/** What RAPPORT_FUSES says, in the same shape as readRapportFuses. */
export function expectedRapportFuses(): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const byIndex: Partial<Record<number, boolean>> = RAPPORT_FUSES;
  for (const name of RAPPORT_FUSE_NAMES) out[name] = byIndex[FuseV1Options[name]] === true;
  return out;
}
