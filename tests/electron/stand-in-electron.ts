/**
 * A stand-in for the Electron binary, for machines without the real one: a small file carrying an
 * Electron-style fuse wire (the sentinel, version 1, eight fuses at Electron 45's defaults), which
 * is all @electron/fuses and electron-builder's packaging of a Linux folder need from it. It cannot
 * run the app. Likewise a stand-in for the Electron build of better-sqlite3-multiple-ciphers (which
 * needs Electron's headers to build): a file naming the installed Electron's module ABI, as a real
 * build does, with its stamp: what packaging checks, and cannot load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BINARY_NAME, HOST, expectedStamp, writeStamp, type Target } from '../../scripts/native-electron';

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

/**
 * A stand-in for native/electron/: better_sqlite3.node naming the installed Electron's ABI
 * (node_register_module_v<abi>, the symbol Node's loader looks up) and its stamp. Returns the file.
 */
export function writeStandInNativeElectron(dir: string, projectRoot: string, target: Target = HOST): string {
  const stamp = expectedStamp(projectRoot, target);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, BINARY_NAME);
  fs.writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF stand-in for the Electron build\0'), Buffer.from(`node_register_module_v${stamp.abi}\0`)]));
  writeStamp(dir, stamp);
  return file;
}
