// The words the opened page highlights (`?h=`, theme_patches.py, `no-stop-word-highlight`): the
// query words the result found, without the English words too common to mean anything (lunr's
// English stop words): `rule of law` marks "rule" and "law" on the page, not every "of".
// terms: query word → whether the result found it.
(terms) => {
  const stop = new Set(
    (
      "a able about across after all almost also am among an and any are as at be because been but by can " +
      "cannot could dear did do does either else ever every for from get got had has have he her hers him his " +
      "how however i if in into is it its just least let like likely may me might most must my neither no nor " +
      "not of off often on only or other our own rather said say says she should since so some than that the " +
      "their them then there these they this tis to too twas us wants was we were what when where which while " +
      "who whom why will with would yet you your"
    ).split(" "),
  );
  return Object.entries(terms)
    .filter(([word, found]) => found && !stop.has(word.toLowerCase()))
    .map(([word]) => word)
    .join(" ");
}
