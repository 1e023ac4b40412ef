// electron-builder looks for this file; the configuration itself is in scripts/package-config.ts
// (type-checked with the rest of the project). Build with `npm run package`.
export { default } from './scripts/package-config';
