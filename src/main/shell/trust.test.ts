import { describe, expect, test } from 'vitest';
import { isAppUrl, isTrustedSender } from './trust';

const APP_FILE = 'file:///opt/Rapport/resources/app.asar/out/renderer/index.html';
const APP_DEV = 'http://localhost:5173/';

describe('isAppUrl', () => {
  test('accepts the bundled page and the dev server, nothing else', () => {
    expect(isAppUrl(APP_FILE, APP_FILE)).toBe(true);
    expect(isAppUrl(`${APP_FILE}#/settings`, APP_FILE)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', APP_FILE)).toBe(false);
    expect(isAppUrl('https://evil.example/', APP_FILE)).toBe(false);
    expect(isAppUrl('http://localhost:5173/clients', APP_DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', APP_DEV)).toBe(false);
    expect(isAppUrl('not a url', APP_DEV)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const contents = { id: 1 };
  const top = { url: APP_FILE, parent: null };

  test('accepts the app window top frame on the app page', () => {
    expect(isTrustedSender(contents, contents, top, APP_FILE)).toBe(true);
  });

  test('rejects a sub-frame, another window, a foreign page and a missing frame', () => {
    expect(isTrustedSender(contents, contents, { url: APP_FILE, parent: top }, APP_FILE)).toBe(false);
    expect(isTrustedSender({ id: 2 }, contents, top, APP_FILE)).toBe(false);
    expect(isTrustedSender(contents, contents, { url: 'https://evil.example/', parent: null }, APP_FILE)).toBe(false);
    expect(isTrustedSender(contents, contents, null, APP_FILE)).toBe(false);
    expect(isTrustedSender(null, contents, top, APP_FILE)).toBe(false);
  });
});
