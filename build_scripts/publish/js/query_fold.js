// The search worker's query rewrite (theme_patches.py, `query-folds-variants`). Called once with the
// index's query table (publish/query.py: `chars`, Traditional and Simplified characters in pairs;
// `names`, another name of a term → the term), it returns what the worker applies to every query
// before cutting it into words: each Traditional character becomes the Simplified one the index
// holds, each other name becomes its term (a name that starts or ends with a Latin letter or digit
// only as a whole word: `Zhe` is not replaced inside `Zhejiang`), and a number or Latin word typed
// against Han text (13年, G20峰会) is split from it, as jieba split it in the index.
(table) => {
  const chars = new Map();
  const pairs = [...(table.chars || "")];
  for (let k = 0; k + 1 < pairs.length; k += 2) chars.set(pairs[k], pairs[k + 1]);
  const names = table.names || {};
  const alternatives = Object.keys(names)
    .sort((x, y) => y.length - x.length)
    .map(
      (w) =>
        (/^[\p{sc=Latin}0-9]/u.test(w) ? "(?<![\\p{sc=Latin}0-9])" : "") +
        w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") +
        (/[\p{sc=Latin}0-9]$/u.test(w) ? "(?![\\p{sc=Latin}0-9])" : ""),
    );
  const pattern = alternatives.length ? new RegExp(alternatives.join("|"), "gu") : null;
  return (query) => {
    let s = [...query].map((c) => chars.get(c) || c).join("");
    s = pattern ? s.replace(pattern, (w) => names[w]) : s;
    return s.replace(/(\p{sc=Han})(?=[\p{sc=Latin}0-9])|([\p{sc=Latin}0-9%])(?=\p{sc=Han})/gu, "$1$2 ");
  };
}
