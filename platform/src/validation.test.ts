import { describe, expect, it } from 'vitest';
import { optionalText, requireText } from './validation.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const { code, field } = (error as { extensions: { code: string; field: string } }).extensions;
    return { code, field, message: (error as Error).message };
  }
  return null;
};

describe('free text', () => {
  it('is trimmed and normalized to NFC, so the same words are stored as the same text', () => {
    expect(requireText('title', '  Cafe\u0301 路灯 ', { max: 200 })).toBe('Café 路灯');
    expect(requireText('title', '\uFF21\u030A', { max: 200 })).toBe('\uFF21\u030A'); // NFC, not NFKC: full-width letters stay
    expect(requireText('title', 'A\u030A', { max: 200 })).toBe('\u00C5');
    // The limit counts the stored text: five decomposed characters are five, not ten.
    expect(requireText('title', 'e\u0301'.repeat(5), { max: 5 })).toBe('é'.repeat(5));
  });

  it('keeps line breaks and tabs in long text, refuses them in a single line', () => {
    expect(requireText('content', '第一行\n\t第二行', { max: 5000 })).toBe('第一行\n\t第二行');
    expect(refusal(() => requireText('title', '第一行\n第二行', { max: 200 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'title' });
    expect(refusal(() => requireText('location', 'a\nb', { max: 500, multiline: false }))).toMatchObject({ field: 'location' });
  });

  it.each([
    ['a null byte', 'a\u0000b', 'null byte'],
    ['a lone high surrogate', 'a\ud800', 'lone surrogate'],
    ['a lone low surrogate', '\udc00b', 'lone surrogate'],
    ['a carriage return', 'a\r\nb', 'control character'],
    ['an escape', '\u001b[2J', 'control character'],
    ['a C1 control', 'a\u009bb', 'control character'],
    ['zero-width characters only', '\u200b\u2060\u200d', 'visible'],
    ['a byte-order mark and a zero-width joiner', '\ufeff\u200d', 'visible'],
    ['blank Braille only', '\u2800\u2800', 'visible'],
  ])('refuses %s, naming the field, in required and optional text alike', (_name, text, says) => {
    expect(refusal(() => requireText('content', text, { max: 5000 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'content', message: expect.stringContaining(says) });
    expect(refusal(() => optionalText('note', text, 2000))).toMatchObject({ code: 'INVALID_INPUT', field: 'note' });
  });

  it('reads absent or blank optional text as none', () => {
    expect(optionalText('note', null, 10)).toBeNull();
    expect(optionalText('note', '  \t ', 10)).toBeNull();
    expect(optionalText('note', ' 好 ', 10)).toBe('好');
  });
});
