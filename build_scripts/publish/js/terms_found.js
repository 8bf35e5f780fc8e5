// Which query words a result found, as the reader sees them (theme_patches.py, `other-name-found`).
// A name of a term that the text uses is searched with its term (query.py: `alias term`): the
// reader typed one word, the search looked for two. A result that has either found what was typed,
// so neither is listed as missing (struck through under "缺少"/"Missing") when the other matched.
// table: the index's query table (its `names`: name → what is searched instead); found: query word →
// whether this result matched it, as the worker computed it (a Han word may be cut into pieces).
(table, found) => {
  const names = table.names || {};
  const words = Object.keys(found);
  const bare = (w) => w.replace(/\*+$/, "").toLowerCase();
  for (const searched of Object.values(names)) {
    const group = searched.toLowerCase().split(" ");
    if (group.length < 2) continue;
    const mine = words.filter((w) => group.some((g) => bare(w) && g.includes(bare(w))));
    const whole = group.every((g) => mine.some((w) => g.includes(bare(w))));
    if (whole && mine.some((w) => found[w])) for (const w of mine) found[w] = true;
  }
  return found;
}
