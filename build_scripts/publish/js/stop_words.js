// English words too common to mean anything (lunr's English stop words), taken out of what a result
// found (theme_patches.py, `no-stop-word-marks`): `rule of law` marked every "of" in the results and,
// through the link's `?h=`, on the page a result opens, and listed "of" as missing where a result
// lacked it. They are still searched (the site's search has no stop-word filter); a result found
// only by them shows no mark.
// found: query word → whether this result matched it; metadata: what lunr matched, by indexed word
// (both changed in place; metadata returned).
(found, metadata) => {
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
  const common = (word) => stop.has(word.replace(/\*+$/, "").toLowerCase());
  if (!Object.keys(found).some((word) => !common(word))) return metadata;
  for (const word of Object.keys(found)) if (common(word)) delete found[word];
  for (const word of Object.keys(metadata)) if (common(word)) delete metadata[word];
  return metadata;
}
