// The words a result item's page link highlights (theme_patches.py, `page-link-highlights-found`):
// when the page's own entry did not match, the worker gave its link no words, so a page opened by
// its title (`?h=`) highlighted nothing. It gets every word one of its sections found.
// docs: the item's results, best first.
(docs) => {
  const terms = {};
  for (const doc of docs) for (const [word, found] of Object.entries(doc.terms || {})) terms[word] = terms[word] || found;
  return terms;
}
