// After the worker marked whole tokens (theme_patches.py, `highlight-han-inside-words`): a <mark>
// around a token that contains a matched Han-only query term is narrowed to the term itself:
// 公平<mark>正义</mark>, <mark>平安</mark>浙江 for 平安. Latin terms are left as they were.
// value: the field as the worker highlighted it; found: query term → whether it matched.
(value, found) => {
  const han = Object.keys(found).filter((w) => found[w] && /^\p{sc=Han}+$/u.test(w));
  if (typeof value !== "string" || han.length === 0) return value;
  return value.replace(/<mark>([^<]*)<\/mark>/g, (whole, s) => {
    const w = han.find((term) => s.includes(term));
    return w ? s.split(w).join(`<mark>${w}</mark>`) : whole;
  });
}
