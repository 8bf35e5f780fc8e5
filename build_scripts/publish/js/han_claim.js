// The result list's marks for a Han word found inside a longer word (theme_patches.py,
// `highlight-han-inside-words`): lunr matched 正义 only in the hidden `subwords` field of 公平正义, so
// the shown field has no position to mark. For one shown field, every text token that contains a
// matched Han-only query term (not at its start: lunr's prefix match found those) is added to the
// positions to mark, so that the right paragraphs are picked as the teaser.
// value: the field's text; positions: the worker's token table for it; marked: the positions lunr
// matched (added to in place); found: query term → whether it matched; fold: a text → its
// characters folded to Simplified (query_fold.js): a Traditional token (習近平, indexed by its fold
// in a hidden field) contains the folded query term wherever its fold does, at its start too.
(value, positions, marked, found, fold) => {
  const han = Object.keys(found).filter((w) => found[w] && /^\p{sc=Han}+$/u.test(w));
  if (typeof value !== "string" || han.length === 0 || !positions) return;
  positions.forEach((tokens, b) =>
    tokens.forEach((e, j) => {
      const token = value.substr(e >>> 12, (e >>> 2) & 1023);
      const folded = fold ? fold(token) : token;
      const at = (b << 20) | j;
      const inside = (w) => folded.includes(w) && (folded !== token || !token.startsWith(w));
      if ((e & 3) === 1 && han.some(inside) && !marked.includes(at)) marked.push(at);
    }),
  );
}
