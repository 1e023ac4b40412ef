import { describe, expect, test } from 'vitest';
import { CHOICE_TTL_MS, ChoiceRegistry } from './choices';

describe('ChoiceRegistry', () => {
  test('gives an opaque id for a chosen path, usable once, for its purpose only', () => {
    const choices = new ChoiceRegistry();
    const a = choices.add('backup-folder', '/home/sam/Backups');
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toContain('Backups');
    expect(a.name).toBe('Backups');
    expect(choices.take(a.id, ['backup-save', 'backup-folder'])).toEqual({ path: '/home/sam/Backups', purpose: 'backup-folder' });
    expect(() => choices.take(a.id, 'backup-folder')).toThrow(/Choose the file or folder again/);
  });

  test('a use for the wrong purpose refuses and uses the choice up', () => {
    const choices = new ChoiceRegistry();
    const a = choices.add('backup-save', '/tmp/b.rapport-backup');
    expect(() => choices.take(a.id, 'backup-folder')).toThrow(/Choose the file or folder again/);
    expect(() => choices.take(a.id, 'backup-save')).toThrow(/Choose the file or folder again/);
  });

  test('refuses unknown ids, paths given as ids, and expired choices', () => {
    let now = 0;
    const choices = new ChoiceRegistry(() => now);
    expect(() => choices.take('/etc/passwd', 'backup-save')).toThrow(/Choose/);
    expect(() => choices.take('00000000-0000-4000-8000-000000000000', 'backup-save')).toThrow(/Choose/);
    const b = choices.add('backup-save', '/tmp/x.rapport-backup');
    now = CHOICE_TTL_MS + 1;
    expect(() => choices.take(b.id, 'backup-save')).toThrow(/Choose/);
  });

  test('keeps a bounded number of choices, dropping the oldest', () => {
    const choices = new ChoiceRegistry();
    const first = choices.add('backup-save', '/tmp/0');
    for (let i = 1; i <= 40; i++) choices.add('backup-save', `/tmp/${i}`);
    expect(() => choices.take(first.id, 'backup-save')).toThrow(/Choose/);
  });

  test('accepts only absolute paths from a chooser', () => {
    expect(() => new ChoiceRegistry().add('backup-folder', 'relative/dir')).toThrow();
  });
});
