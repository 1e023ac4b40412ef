/** fontkit (installed with @react-pdf/renderer) ships no types; pdf-lib only needs its create(). */
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
