import { describe, expect, it } from 'vitest';
import { withoutPersonalData } from '@civicgraph/platform';
import { frequentPhrases } from './feedback-words.ts';

describe('frequent phrases in return-visit comments', () => {
  it('keeps phrases whole (效率高, 圆满解决, 暖心) and ranks them by how many citizens said them', () => {
    const comments = [
      '效率高，感谢！', '圆满解决，暖心。', '效率高', '圆满解决，感谢', '暖心，效率高', '感谢',
      '问题没有解决', '回复及时', '问题没有解决，不满意',
    ];
    // Ties are ordered by pinyin (gǎn < xiào, nuǎn < wèn < yuán).
    expect(frequentPhrases(comments, 10)).toEqual([
      { text: '感谢', count: 3 },
      { text: '效率高', count: 3 },
      { text: '暖心', count: 2 },
      { text: '问题没有解决', count: 2 },
      { text: '圆满解决', count: 2 },
    ]);
  });

  it('counts a phrase once per comment, and drops what only one citizen said', () => {
    expect(frequentPhrases(['感谢感谢，非常感谢', '感谢'], 5)).toEqual([{ text: '感谢', count: 2 }]);
    expect(frequentPhrases(['独一无二的意见'], 5)).toEqual([]);
  });

  it('never counts a phone number, an e-mail, a masked token or the poster’s name as a word', () => {
    const comments = ['王小明说效率高，电话13912345678', '王小明：效率高 13912345678 a@b.cn', '效率高，电话139****5678', '139****5678'];
    const words = frequentPhrases(comments.map((c) => withoutPersonalData(c, ['王小明'])), 10).map((w) => w.text);
    expect(words).toContain('效率高');
    for (const word of words) expect(word).not.toMatch(/\d|\*|王小明|@/u);
  });
});
