import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../server/src/services/crypto';

describe('createSecretBox', () => {
  it('round-trips and never stores the plain text', () => {
    const box = createSecretBox('app-key');
    const sealed = box.seal('lk_secret_value');
    expect(sealed).not.toContain('lk_secret_value');
    expect(sealed).toMatch(/^v1\./);
    expect(box.open(sealed)).toBe('lk_secret_value');
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox('app-key');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('gives null for another key or a damaged value instead of throwing', () => {
    const sealed = createSecretBox('app-key').seal('lk_x');
    expect(createSecretBox('other-key').open(sealed)).toBeNull();
    expect(createSecretBox('app-key').open(sealed.slice(0, -2) + 'AA')).toBeNull();
    expect(createSecretBox('app-key').open('garbage')).toBeNull();
  });
});
