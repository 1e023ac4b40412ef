import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { APP_URL, resolveAppRequest } from './appProtocol';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-approto-'));
const renderer = path.join(root, 'renderer');
fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
fs.writeFileSync(path.join(renderer, 'index.html'), '<html></html>');
fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), '1');
fs.writeFileSync(path.join(renderer, 'assets', 'font.woff2'), '1');
fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');
fs.symlinkSync(path.join(root, 'secret.txt'), path.join(renderer, 'assets', 'link.js'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('resolveAppRequest', () => {
  test('serves files of the renderer folder with their type', () => {
    expect(resolveAppRequest(APP_URL, 'GET', renderer)).toEqual({ file: path.join(renderer, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://rapport/', 'GET', renderer)).toMatchObject({ file: path.join(renderer, 'index.html') });
    expect(resolveAppRequest('app://rapport/assets/index-abc.js?x=1#f', 'GET', renderer)).toEqual({
      file: path.join(renderer, 'assets', 'index-abc.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://rapport/assets/font.woff2', 'GET', renderer)).toMatchObject({ mimeType: 'font/woff2' });
  });

  test('refuses other hosts, methods, escapes, encoded separators, NUL, symlinks out and missing files', () => {
    const refused: [string, string, number][] = [
      ['app://evil/index.html', 'GET', 404],
      ['app://rapport@evil/index.html', 'GET', 404],
      ['app://rapport:1/index.html', 'GET', 404],
      ['file:///etc/passwd', 'GET', 404],
      ['app://rapport/index.html', 'POST', 405],
      ['app://rapport/../secret.txt', 'GET', 404],
      ['app://rapport/%2e%2e/secret.txt', 'GET', 404],
      ['app://rapport/assets%2f..%2f..%2fsecret.txt', 'GET', 404],
      ['app://rapport/assets%5c..%5c..%5csecret.txt', 'GET', 404],
      ['app://rapport/index.html%00.js', 'GET', 404],
      ['app://rapport/%ZZ', 'GET', 404],
      ['app://rapport/assets/link.js', 'GET', 404],
      ['app://rapport/assets', 'GET', 404],
      ['app://rapport/nope.html', 'GET', 404],
      ['not a url', 'GET', 404],
    ];
    for (const [url, method, status] of refused) expect(resolveAppRequest(url, method, renderer), url).toEqual({ status });
  });
});
