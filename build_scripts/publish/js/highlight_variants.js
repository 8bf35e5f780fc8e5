// The page a search result opens (`?h=`) highlights the words the result was found by
// (theme_patches.py, `highlight-either-script`). Those words are the index's, Simplified (the
// query is folded before the search, query_fold.js); a Traditional edition's page writes them in its
// own characters, where the highlighter's pattern found nothing. Called with the index's query table
// (`chars`: Traditional and Simplified characters in pairs), it returns what turns the highlighter's
// pattern (the escaped words, `|` between them) into one that matches each such character in either
// script: 社会治理 marks 社會治理 on a Traditional page and 社会治理 on a Simplified one.
(table) => {
  const simplified = new Map();
  const forms = new Map(); // a Simplified character → it and its Traditional forms
  const pairs = [...(table.chars || "")];
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const [hant, hans] = [pairs[k], pairs[k + 1]];
    simplified.set(hant, hans);
    if (!forms.has(hans)) forms.set(hans, [hans]);
    if (!forms.get(hans).includes(hant)) forms.get(hans).push(hant);
  }
  // an alternation, not a class: the pattern has no `u` flag, and a form may be outside the BMP
  return (pattern) =>
    [...pattern]
      .map((c) => {
        const all = forms.get(simplified.get(c) || c);
        return all ? `(?:${all.join("|")})` : c;
      })
      .join("");
}
