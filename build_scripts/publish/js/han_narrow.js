// After the worker marked whole tokens (theme_patches.py, `highlight-han-inside-words`): a <mark>
// around a token that contains a matched Han-only query term is narrowed to the term itself:
// 公平<mark>正义</mark>, <mark>平安</mark>浙江 for 平安. Latin terms are left as they were.
// value: the field as the worker highlighted it; found: query term → whether it matched; fold: a
// text → its characters folded to Simplified (query_fold.js), so that 書記<mark>習近平</mark> is
// marked for the folded query 习近平, on the text's own characters.
(value, found, fold) => {
  const han = Object.keys(found).filter((w) => found[w] && /^\p{sc=Han}+$/u.test(w));
  if (typeof value !== "string" || han.length === 0) return value;
  return value.replace(/<mark>([^<]*)<\/mark>/g, (whole, s) => {
    const folded = fold ? fold(s) : s;
    const w = han.find((term) => folded.includes(term));
    if (!w) return whole;
    let out = "";
    let at = 0;
    for (let i = folded.indexOf(w); i >= 0; i = folded.indexOf(w, at)) {
      out += s.slice(at, i) + `<mark>${s.slice(i, i + w.length)}</mark>`;
      at = i + w.length;
    }
    return out + s.slice(at);
  });
}
