import { describe, expect, test } from 'vitest';
import { APP_URL } from './appProtocol';
import { isAppUrl, isTrustedSender } from './trust';

const APP_DEV = 'http://localhost:5173/';

describe('isAppUrl', () => {
  test('accepts the app protocol page and the dev server, nothing else', () => {
    expect(APP_URL).toBe('app://rapport/index.html');
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl('app://rapport/index.html#/settings', APP_URL)).toBe(true);
    expect(isAppUrl('app://rapport/', APP_URL)).toBe(true);
    expect(isAppUrl('https://evil.example/', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/clients', APP_DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', APP_DEV)).toBe(false);
    expect(isAppUrl('not a url', APP_DEV)).toBe(false);
    expect(isAppUrl('', APP_URL)).toBe(false);
  });

  test('refuses other hosts, user info and ports on the app protocol (issue 15, finding 4)', () => {
    for (const url of [
      'app://evil/index.html',
      'app://rapport.evil.example/index.html',
      'app://evil.example/rapport/index.html',
      'app://rapport@evil/index.html',
      'app://user:pw@rapport/index.html',
      'app://rapport:8080/index.html',
      'app:///index.html',
      'app:index.html',
      'APP://EVIL/index.html',
      'apps://rapport/index.html',
    ]) {
      expect(isAppUrl(url, APP_URL), url).toBe(false);
    }
  });

  test('refuses every file: URL: UNC paths, other hosts, the old bundled page (issue 15, finding 4)', () => {
    const oldPage = 'file:///opt/Rapport/resources/app.asar/out/renderer/index.html';
    for (const url of [
      oldPage,
      'file://attacker/C:/Program%20Files/Rapport/resources/app.asar/out/renderer/index.html',
      'file://attacker/opt/Rapport/resources/app.asar/out/renderer/index.html',
      'file:////attacker/share/out/renderer/index.html',
      'file://///attacker/share/index.html',
      'file://localhost/opt/Rapport/resources/app.asar/out/renderer/index.html',
      'file:///C:/Users/x/index.html',
      'file:///etc/passwd',
      'file://rapport/index.html',
    ]) {
      expect(isAppUrl(url, APP_URL), url).toBe(false);
      // Even were the app page itself a file: URL, another host never matches it.
      if (url !== oldPage) expect(isAppUrl(url, oldPage), `${url} vs file page`).toBe(false);
    }
  });

  test('the dev server matches on scheme, host and port only', () => {
    expect(isAppUrl('http://localhost:5173@evil.example/', APP_DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', APP_DEV)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', APP_DEV)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const contents = { id: 1 };
  const top = { url: APP_URL, parent: null };

  test('accepts the app window top frame on the app page', () => {
    expect(isTrustedSender(contents, contents, top, APP_URL)).toBe(true);
  });

  test('rejects a sub-frame, another window, a foreign page and a missing frame', () => {
    expect(isTrustedSender(contents, contents, { url: APP_URL, parent: top }, APP_URL)).toBe(false);
    expect(isTrustedSender({ id: 2 }, contents, top, APP_URL)).toBe(false);
    expect(isTrustedSender(contents, contents, { url: 'https://evil.example/', parent: null }, APP_URL)).toBe(false);
    expect(isTrustedSender(contents, contents, null, APP_URL)).toBe(false);
    expect(isTrustedSender(null, contents, top, APP_URL)).toBe(false);
  });

  test('rejects a top frame on a UNC file path or another app host', () => {
    for (const url of ['file://attacker/C:/Rapport/out/renderer/index.html', 'file:////attacker/share/index.html', 'app://evil/index.html']) {
      expect(isTrustedSender(contents, contents, { url, parent: null }, APP_URL), url).toBe(false);
    }
  });
});
