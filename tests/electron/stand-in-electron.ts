/**
 * A stand-in for the Electron binary, for machines without the real one: a small file carrying an
 * Electron-style fuse wire (the sentinel, version 1, eight fuses at Electron 45's defaults), which
 * is all @electron/fuses and electron-builder's packaging of a Linux folder need from it. It cannot
 * run the app.
 */
import fs from 'node:fs';
import path from 'node:path';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 45's defaults in wire order: RunAsNode on, EnableCookieEncryption off,
 * EnableNodeOptionsEnvironmentVariable on, EnableNodeCliInspectArguments on,
 * EnableEmbeddedAsarIntegrityValidation off, OnlyLoadAppFromAsar off,
 * LoadBrowserProcessSpecificV8Snapshot off, GrantFileProtocolExtraPrivileges on.
 */
export const STAND_IN_DEFAULT_WIRE = '10110001';

/** Writes a stand-in binary file with that wire. */
export function writeStandInBinary(file: string, wire = STAND_IN_DEFAULT_WIRE): void {
  const body = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary" >&2\nexit 1\n'),
    Buffer.alloc(256),
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length]),
    Buffer.from(wire),
    Buffer.alloc(256),
  ]);
  fs.writeFileSync(file, body, { mode: 0o755 });
}

/** A stand-in for node_modules/electron/dist on Linux: the `electron` file and what sits beside it. */
export function writeStandInElectronDist(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  writeStandInBinary(path.join(dir, 'electron'));
  fs.writeFileSync(path.join(dir, 'version'), '45.0.0');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  return dir;
}

/** The raw fuse characters after the sentinel ('0', '1', 'r'), for checking fuses we do not set. */
export function readWire(file: string): string {
  const buf = fs.readFileSync(file);
  const at = buf.indexOf(SENTINEL);
  if (at < 0) throw new Error(`no fuse sentinel in ${file}`);
  const start = at + SENTINEL.length;
  return buf.subarray(start + 2, start + 2 + buf[start + 1]).toString('latin1');
}
