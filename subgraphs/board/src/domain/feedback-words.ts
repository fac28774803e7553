/**
 * The most frequent words and phrases in citizens' return-visit comments, for "the words of 2022"
 * (效率高, 圆满解决, 感谢, 暖心). Intl.Segmenter splits Chinese into words without a dictionary
 * dependency, but it cuts phrases people think of as one (效率|高, 圆满|解决, 暖|心), so runs of up
 * to three adjacent words within a clause are counted as candidate phrases, and a shorter phrase
 * only counts for the occurrences that a kept longer phrase does not already explain.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const CLAUSE_BREAK = /[，。！？、；：,.!?;:\s]+/u;
const MAX_WORDS = 3;

export interface PhraseCount {
  text: string;
  count: number;
}

/** Phrases are counted once per comment (how many citizens said it), most frequent first. */
export function frequentPhrases(comments: readonly string[], limit: number, minCount = 2): PhraseCount[] {
  const counts = new Map<string, number>();
  const parts = new Map<string, string[]>(); // phrase → its words, to know which shorter phrases it contains
  for (const comment of comments) {
    const inThisComment = new Set<string>();
    for (const clause of comment.split(CLAUSE_BREAK)) {
      const words = [...segmenter.segment(clause)].filter((s) => s.isWordLike).map((s) => s.segment);
      for (let n = 1; n <= MAX_WORDS; n++) {
        for (let i = 0; i + n <= words.length; i++) {
          const run = words.slice(i, i + n);
          const text = run.join('');
          if ([...text].length < 2) continue; // a lone character (高, 心) is not a word people quote
          if (/[\d０-９*＊]/u.test(text)) continue; // numbers (and masks) are never a citizen's word
          inThisComment.add(text);
          parts.set(text, run);
        }
      }
    }
    for (const text of inThisComment) counts.set(text, (counts.get(text) ?? 0) + 1);
  }

  // Longest first: a phrase keeps only the count its kept longer phrases do not account for.
  const byLength = [...counts.keys()].sort((a, b) => parts.get(b)!.length - parts.get(a)!.length);
  const explained = new Map<string, number>();
  const kept: PhraseCount[] = [];
  for (const text of byLength) {
    const count = counts.get(text)! - (explained.get(text) ?? 0);
    if (count < minCount) continue;
    kept.push({ text, count });
    for (const shorter of subPhrases(parts.get(text)!)) explained.set(shorter, (explained.get(shorter) ?? 0) + count);
  }
  return kept.sort((a, b) => b.count - a.count || a.text.localeCompare(b.text, 'zh')).slice(0, limit);
}

function subPhrases(words: string[]): Set<string> {
  const found = new Set<string>();
  for (let n = 1; n < words.length; n++) {
    for (let i = 0; i + n <= words.length; i++) found.add(words.slice(i, i + n).join(''));
  }
  return found;
}
