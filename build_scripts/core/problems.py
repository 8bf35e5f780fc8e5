"""Every problem the build, the checks and the tools report, each described once: what is wrong, how to
fix it, the key it names and whether it stops the build. A stage reports a problem by its code and the
values its description names; severity is decided in this table and nowhere else.

    found = Collector("source/glossary.yaml")
    found.add("glossary.unknown-key", 12, where="terms[3]", key="defn", allowed="term, pinyin, en, …")
    found.stop_if_errors()  # raises BuildError with everything found so far

Descriptions are `str.format` templates: a value is inserted as it is and never read as a template
(a `{` in a contributor's text stays a `{`); a brace meant literally in a description is doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NoReturn

from .model import BuildError, Problem, Severity


@dataclass(frozen=True)
class Kind:
    """One problem, described: templates for the message, the fix and the key; its severity."""

    message: str
    hint: str = ""
    key: str = ""
    severity: Severity = Severity.ERROR


def error(message: str, hint: str = "", key: str = "") -> Kind:
    """A problem that stops the build: nothing is written until it is fixed."""
    return Kind(message, hint, key, Severity.ERROR)


def warning(message: str, hint: str = "", key: str = "") -> Kind:
    """A problem the build reports and goes on past (`--strict` and CI stop on it too)."""
    return Kind(message, hint, key, Severity.WARNING)


# By where they are found, in the order the build reads. Codes are `area.what`, lower-case ASCII.
KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        # --- files (text/textio.py) ---
        "file.missing": error("no such file", "check the path and the file's name"),
        "file.not-regular": error("not a regular file", "point to a text file"),
        "file.too-large": error(
            "file of {size:,} bytes; at most {limit:,} are read", "split the file, or check that it is the right one"
        ),
        "file.unreadable": error("cannot read file: {reason}"),
        "file.undecodable": error("not valid UTF-8 (byte {byte}) and not GB18030 either", "save the file as UTF-8"),
        "file.gb18030": warning(
            "not UTF-8; decoded as GB18030 (GBK)",
            "the imported edition is written as UTF-8; convert the file itself with "
            "`iconv -f GB18030 -t UTF-8` to silence this",
        ),
        "file.outside": error(
            "links to a file outside the project", "copy the file into the project instead of linking to it"
        ),
        "text.invisible": error(
            "invisible character {char}", "delete it (an editor that shows invisible characters helps, e.g. `cat -A`)"
        ),
        "text.invisible-more": error("… and {count:,} more invisible characters"),
        # a raw file is provenance, never edited: its invisible characters are reported, not refused
        "text.invisible-in-raw": warning(
            "invisible character {char}", "delete it (an editor that shows invisible characters helps, e.g. `cat -A`)"
        ),
        "text.invisible-in-raw-more": warning("… and {count:,} more invisible characters"),
        "text.look-alike": warning(
            "`{word}` mixes Latin letters with {char}, which looks like one", "type the word in Latin letters only"
        ),
        # --- text/script.py ---
        "script.traditional-imported": warning(
            "Traditional characters: kept as they are; `script: hant` written into the front matter",
            "glossary terms are matched and searched across scripts; do not convert the text",
            key="script",
        ),
        "script.mixed-imported": warning(
            "mixed scripts ({traditional} Traditional only, {simplified} Simplified only)",
            "add `script: hant` to the front matter if the article was published in Traditional characters",
            key="script",
        ),
        # --- YAML (text/yamlpos.py) ---
        "yaml.too-deep": error(
            "lists and mappings nested more than {limit} levels deep",
            "write plain `key: value` lines, lists and quoted text",
        ),
        # PyYAML could not read the text: its words, and a fix for the mistakes it reads most often as
        "yaml.malformed": error(
            "malformed YAML: {what}", "check indentation, quoting and the `key: value` form on this line"
        ),
        "yaml.malformed-indented-key": error(
            "malformed YAML: {what}",
            "this key is indented more than the key above it, so YAML reads it as part of that value:"
            " line it up with the keys above",
        ),
        "yaml.malformed-colon-in-value": error(
            "malformed YAML: {what}",
            "a value holding `: ` (a colon and a space) must be quoted, or YAML reads a new key there: {fix}",
        ),
        "yaml.malformed-unclosed-quote": error(
            "malformed YAML: {what}",
            "the value opened with {quote} on this line is never closed: close it on the same line"
            " (a {quote} inside it is written {inside})",
        ),
        "yaml.malformed-no-colon": error(
            "malformed YAML: {what}",
            "this line has no `key: value` colon: write `key: value` (a colon and a space after the key)",
        ),
        "yaml.malformed-unclosed-bracket": error(
            "malformed YAML: {what}",
            'the [ or {{ opened on this line is never closed: close it on the same line, e.g. `sources: ["…", "…"]`',
        ),
        "yaml.malformed-tab": error(
            "malformed YAML: {what}", "YAML indents with spaces only: replace the tab with spaces"
        ),
        "yaml.malformed-after-quote": error("malformed YAML: {what}", "text follows the value's closing quote: {fix}"),
        # a character the reader refuses; nesting too deep for the parser
        "yaml.unreadable": error("malformed YAML: {what}", "write plain `key: value` lines, lists and quoted text"),
        "yaml.tag": error("the tag `{tag}` is not allowed here", "remove the tag; quote the value if it is text"),
        "yaml.merge-key": error("merge keys (`<<`) are not allowed", "write each value out in full"),
        "yaml.key-not-text": error("a key must be plain text", "write `key: value`, with a word as the key"),
        "yaml.duplicate-key": error(
            "key `{key}` appears twice in this mapping (first at line {first})", "keep one of the two", key="{path}"
        ),
        "yaml.escaped-invisible": error(
            "`{path}` holds {char}, written as an escape", "remove it: source files hold visible text only"
        ),
        "yaml.bad-value": error(
            "cannot read `{value}` as {kind}: {reason}", "write plain `key: value` lines, lists and quoted text"
        ),
        "yaml.alias": error("anchors and aliases (`&name`, `*name`) are not allowed", "write each value out in full"),
        # --- editions (read/edition.py) and the collection (read/collection.py) ---
        "collection.not-mapping": error(
            "the collection file must be a mapping of `key: value` lines",
            "write at least `name: <the site's Chinese name>` (see the comment in source/collection.yaml)",
        ),
        "collection.unknown-key": error("unknown key `{key}`", "allowed keys: {allowed}", key="{key}"),
        "collection.not-text": error("expected a string, got {got}", "quote the value", key="{key}"),
        "collection.empty": error("empty value", "fill it in or remove the key", key="{key}"),
        "collection.not-one-line": error("expected one line", "write the value on one line", key="{key}"),
        "collection.markup": error(
            "contains {chars}, which the theme would print as HTML",
            "use full-width quotes “ ” and 和 / and instead",
            key="{key}",
        ),
        "collection.missing-key": error("missing required key `{key}`", "add `{key}: …` to the file", key="{key}"),
        "collection.named-after-article": warning(
            "the site has {count} articles but is still named after one of them (《{name}》)",
            "give the collection a name of its own (`name:`, and `name_en:`, `description:`)",
            key="name",
        ),
        "collection.no-file": warning(
            "the site has {count} articles but no collection file: it is named after the first",
            "create source/collection.yaml with `name:`, `name_en:`, `description:`, `description_en:`",
        ),
        "edition.bad-slug": error(
            "file name `{slug}` is not an ASCII slug of at most 64 characters",
            "rename it to lower-case ASCII letters, digits and hyphens, e.g. pingan-zhejiang.md",
        ),
        "edition.no-front-matter": error(
            "missing front matter",
            "start the file with a `---` line, then `title:`, `raw:` …, then a closing `---` line",
        ),
        "edition.front-not-closed": error("front matter is not closed", "add a `---` line after it"),
        "edition.front-not-mapping": error("front matter must be a mapping of `key: value` lines"),
        "edition.unknown-key": error("unknown key `{key}`", "allowed keys: {allowed}", key="{key}"),
        "edition.missing-key": error(
            "required key `{key}` is missing or empty", "add `{key}: …` to the front matter", key="{key}"
        ),
        "edition.wrong-type": error("expected {type}, got {got}", key="{key}"),
        "edition.too-long": error(
            "{length:,} characters; at most {limit:,}", "shorten it (a paste gone wrong?)", key="{key}"
        ),
        "edition.credit-not-text": error(
            "a credit must be a line of text, got {got}",
            'write each credit as a quoted string: `  - "图为…… 张三 摄"`',
            key="{key}",
        ),
        "edition.erratum-not-mapping": error("an erratum must be a mapping with raw, edition, note", key="{key}"),
        "edition.erratum-unknown-key": error("unknown key `{key}`", "allowed keys: raw, edition, note", key="{path}"),
        "edition.erratum-not-text": error("expected a string, got {got}", "quote the value", key="{key}"),
        "edition.erratum-no-raw": error("missing `raw`: the passage as received", key="{key}"),
        "edition.erratum-no-note": error("missing `note`: why the reading was changed", key="{key}"),
        "edition.erratum-placeholder": error(
            "the note still reads `{placeholder}`", "say why the reading was changed", key="{key}"
        ),
        # `raw:` must name a file under source/raw/ by a path that stays there
        "edition.raw-too-long": error(
            "`{shown}` is a path of {length:,} characters",
            "copy the raw article into {raw_dir}/ and write `raw: {raw_dir}/<file>.txt`",
            key="raw",
        ),
        "edition.raw-absolute": error(
            "`{shown}` is an absolute path; it must be relative to the project",
            "copy the raw article into {raw_dir}/ and write `raw: {raw_dir}/<file>.txt`",
            key="raw",
        ),
        "edition.raw-dots": error(
            "`{shown}` is a path with `..`",
            "copy the raw article into {raw_dir}/ and write `raw: {raw_dir}/<file>.txt`",
            key="raw",
        ),
        "edition.raw-not-under": error(
            "`{shown}` is not a file under {raw_dir}/",
            "copy the raw article into {raw_dir}/ and write `raw: {raw_dir}/<file>.txt`",
            key="raw",
        ),
        "edition.raw-outside": error(
            "`{shown}` is a link to a file outside {raw_dir}/",
            "copy the raw article into {raw_dir}/ and write `raw: {raw_dir}/<file>.txt`",
            key="raw",
        ),
        "edition.unknown-script": error(
            "unknown script {script}",
            "write `script: hant` for a text in Traditional characters, or leave `script:` out (Simplified)",
            key="script",
        ),
        "edition.script-not-hant": warning(
            "the text is in {seen} characters ({traditional} Traditional only, {simplified} Simplified only), "
            "but the edition declares `script: {declared}`",
            "if the edition is in Simplified characters, remove `script: hant`; otherwise check the character",
            key="script",
        ),
        "edition.script-not-hans": warning(
            "the text is in {seen} characters ({traditional} Traditional only, {simplified} Simplified only), "
            "but the edition declares `script: {declared}`",
            "if the edition keeps Traditional characters, add `script: hant` to its front matter",
            key="script",
        ),
        "edition.script-undeclared": warning(
            "the text is in {seen} characters ({traditional} Traditional only, {simplified} Simplified only), "
            "but the front matter has no `script: hant`",
            "if the edition keeps Traditional characters, add `script: hant` to its front matter",
            key="script",
        ),
        "edition.no-english-title": warning(
            "no English title", "add `title_en: …` to the front matter", key="title_en"
        ),
        "edition.bad-heading": error(
            "cannot read heading `{heading}`", 'write section headings as `## 标题 {{#s1 en="English title"}}`'
        ),
        "edition.bad-heading-attributes": error(
            "heading attributes `{{{attrs}}}` are not understood",
            'use an ASCII id and an English title: {{#s1 en="English title"}}',
        ),
        "edition.section-id-notes": error(
            "section id `{id}` is an id its page already gives (the notes list): a link to one would open the other",
            "give the section an id of its own: s1, s2, …",
        ),
        "edition.section-id-paragraph": error(
            "section id `{id}` is an id its page already gives (a paragraph): a link to one would open the other",
            "give the section an id of its own: s1, s2, …",
        ),
        "edition.section-id-twice": error(
            "section id `{id}` is used twice (also line {first})", "give each section its own id: s1, s2, …"
        ),
        "edition.no-english-heading": warning(
            "section has no English title", 'add en="…" to the heading attributes', key="en"
        ),
        "edition.line-too-long": error(
            "line of {length:,} characters; the edition has one sentence per line (at most {limit:,})",
            "split the text into sentences, one per line (the importer does this for a raw article)",
        ),
        "edition.flattened-mark": warning(
            "`{mark}` in the text (…{near}…): the scrape's flattened punctuation, left as it was",
            "write the mark it stands for (，。、；： for `.`, “ ” for `'`) and end each line with its sentence;"
            " punctuation is free: no erratum",
        ),
        "edition.open-sentence": warning(
            "the line does not end a sentence (…{end}): the edition has one sentence per line, ended by 。！？"
            " (and any closing quote)",
            "end the sentence with its mark (。！？), or join the line to the sentence it belongs to;"
            " punctuation is free: no erratum (only the article's last sentence may stay open, where the"
            " raw file itself breaks off)",
        ),
        "edition.unclosed-conjecture": error(
            "a conjecture's bracket is not closed (or one is opened inside another)",
            "write an editor's conjecture as 〔words〕 within one sentence, 〔……〕 for a gap",
        ),
        "edition.no-text": error(
            "the edition has no text", "add the article's sentences after the front matter, one per line"
        ),
        # the fidelity check: the edition's wording against the raw article's, errata applied
        "fidelity.raw-missing": error(
            "raw file `{raw}` not found", "point `raw:` at the article as received, under source/raw/", key="raw"
        ),
        "fidelity.erratum-raw": error(
            "erratum raw passage `{passage}` occurs {count} times in {raw}",
            "copy the passage exactly from the raw file; make it long enough to be unique",
            key="errata.raw",
        ),
        "fidelity.erratum-raw-applied": error(
            "erratum raw passage `{passage}` occurs {count} times in {raw} (after the errata above it are applied)",
            "copy the passage exactly from the raw file; make it long enough to be unique",
            key="errata.raw",
        ),
        "fidelity.erratum-edition": error(
            "erratum edition text `{passage}` is not in the edition",
            "update the erratum to the edition's current reading",
            key="errata.edition",
        ),
        # {change}: changed, added in the edition, missing from the edition
        "fidelity.drift": error(
            "wording {change}, compared with the raw article\n"
            "    edition: …{edition}…\n"
            "    raw:     …{raw}…   ({where})",
            "restore the raw wording, or record the change as an erratum (raw: …, edition: …, note: …) "
            "in the front matter",
        ),
        "fidelity.drift-erratum": error(
            "wording {change}, compared with the raw article\n"
            "    edition: …{edition}…\n"
            "    raw:     …{raw}…   ({where})",
            "restore the raw wording, or record the change: add this erratum at the end of `errata:` in the "
            "front matter, and say why in its note:\n{erratum}",
        ),
        "fidelity.drift-first-erratum": error(
            "wording {change}, compared with the raw article\n"
            "    edition: …{edition}…\n"
            "    raw:     …{raw}…   ({where})",
            "restore the raw wording, or record the change: the article has no errata yet, so put these "
            "lines in the front matter in place of its `errata:` line (`errata: []`), or at its end if it "
            "has none, and say why in the note:\n{erratum}",
        ),
        "fidelity.look-alike": error(
            "look-alike character {char}, drawn like `{like}`",
            "write what the raw article has (`{like}`?) or delete it; or record the change as an erratum",
        ),
        "fidelity.radical": error(
            "look-alike character {char}",
            "write what the raw article has or delete it; or record the change as an erratum",
        ),
        "fidelity.number": error(
            "a number reads differently from the raw article: punctuation or a sign inside or beside it "
            "was added, removed or moved\n"
            "    edition: …{edition}…\n"
            "    raw:     …{raw}…   ({where})",
            "restore the raw reading (a point, a comma or a sign inside a number changes it), or "
            "record the change as an erratum (raw: …, edition: …, note: …) in the front matter",
        ),
        # --- the glossary (read/glossary.py) ---
        "glossary.empty": error("the glossary is empty", "start it with `terms:` and a list of entries"),
        "glossary.not-terms": error(
            "the glossary must be a mapping with one key, `terms`, holding a list",
            "see the comment at the top of the file for the form of an entry",
            key="terms",
        ),
        "glossary.entry-not-mapping": error("expected a mapping (term:, en:, …), got {value}", key="{where}"),
        "glossary.unknown-key": error("unknown key `{key}`", "allowed keys: {allowed}", key="{where}.{key}"),
        "glossary.not-a-list": error(
            "expected a list of strings, got {value}", "write `{key}: [a, b]`", key="{where}.{key}"
        ),
        "glossary.not-a-string": error("expected a string, got {value}", "quote the value", key="{where}.{key}"),
        "glossary.empty-item": error("expected a list of non-empty strings, got {value}", key="{where}.{key}"),
        "glossary.empty-value": error("empty value", "fill it in or remove the key", key="{where}.{key}"),
        "glossary.too-many-items": error("{count:,} items; at most {limit}", key="{where}.{key}"),
        "glossary.too-long": error(
            "{length:,} characters; at most {limit:,}", "shorten it (a paste gone wrong?)", key="{where}.{key}"
        ),
        "glossary.missing-key": error(
            "missing required key `{key}`", "every entry needs: {required}", key="{where}.{key}"
        ),
        "glossary.unknown-category": error(
            "unknown category `{category}`", "use one of: {categories}", key="{where}.category"
        ),
        "glossary.bad-id": error(
            "id `{id}` is not an ASCII slug of at most {limit} characters",
            "use lower-case ASCII letters, digits and hyphens",
            key="{where}.id",
        ),
        "glossary.duplicate-form": error(
            "`{form}` is already defined at line {first} ({other})", "keep it in one entry only", key="{path}"
        ),
        # the same form to a reader (chars.fold) written with other characters: the first that differ named
        "glossary.look-alike-form": error(
            "`{form}` is already defined at line {first} ({other}) (as `{written}`, which looks the same: {differ})",
            "keep it in one entry only",
            key="{path}",
        ),
        # `why`: querynames.why_not's reason, e.g. "`的` is too short to rewrite searches: …"
        "glossary.alias-not-searched": warning(
            "{why}; the search leaves it out",
            "keep it for linking if you wish (the warning stays), or remove it: searches for the term find it"
            "; a longer, unambiguous name may rewrite searches",
            key="{path}",
        ),
        "glossary.also-not-searched": warning(
            "{why}; the search leaves it out",
            "remove it (a reader searching for it finds the text that has it anyway)"
            "; a longer, unambiguous name may rewrite searches",
            key="{path}",
        ),
        "glossary.no-id": error(
            "no id can be made from `{term}`",
            "add an explicit `id:` of lower-case ASCII letters, digits and hyphens",
            key="{where}.id",
        ),
        "glossary.id-too-long": error(
            "no id can be made from `{term}`: its pinyin gives `{id}…`, longer than {limit}",
            "add an explicit `id:` of lower-case ASCII letters, digits and hyphens",
            key="{where}.id",
        ),
        "glossary.page-anchor-id": error(
            "id `{id}` is an anchor of the glossary page itself",
            "add an explicit `id:` of another name",
            key="{where}.id",
        ),
        "glossary.phrase-lacks-form": error(
            "the phrase `{phrase}` does not contain {missing}",
            "write the whole phrase as the text has it, the term and every alias in it",
            key="{where}.phrase",
        ),
        "glossary.phrase-pinyin-alone": error(
            "`phrase_pinyin` without a `phrase`",
            "add the whole `phrase:` it reads, or remove `phrase_pinyin:`",
            key="{where}.phrase_pinyin",
        ),
        "glossary.phrase-unread": warning(
            "the phrase `{phrase}` heads the entry but has no reading",
            "add `phrase_pinyin:`, the whole phrase in pinyin (GB/T 16159), e.g. zǒnglǎn quánjú, xiétiáo gèfāng",
            key="{where}.phrase_pinyin",
        ),
        # a reading that cannot be the phrase's (glossary.Misreading), as the two below for a term's
        "glossary.phrase-pinyin-not-syllables": error(
            "`{token}` in the pinyin `{pinyin}` is not pinyin syllables",
            "give one syllable for each Han character of the phrase",
            key="{where}.phrase_pinyin",
        ),
        "glossary.phrase-pinyin-miscounted": error(
            "the pinyin `{pinyin}` has {syllables} syllables; the term `{term}` has {han} Han characters",
            "give one syllable for each Han character of the phrase",
            key="{where}.phrase_pinyin",
        ),
        "glossary.phrase-pinyin-opens-otherwise": warning(
            "`{term}` reads {pinyin} in its entry but `phrase_pinyin` opens otherwise: {phrase_pinyin}",
            "give the term the phrase's reading of it in `pinyin:`, or correct `phrase_pinyin:`",
            key="{where}.phrase_pinyin",
        ),
        "glossary.pinyin-not-syllables": error(
            "`{token}` in the pinyin `{pinyin}` is not pinyin syllables",
            "give one syllable for each Han character, or remove `pinyin:` to have it derived",
            key="{where}.pinyin",
        ),
        "glossary.pinyin-miscounted": error(
            "the pinyin `{pinyin}` has {syllables} syllables; the term `{term}` has {han} Han characters",
            "give one syllable for each Han character, or remove `pinyin:` to have it derived",
            key="{where}.pinyin",
        ),
        "glossary.duplicate-id": error(
            "id `{id}` is already used by the entry at line {other}",
            "add an explicit `id:` (ASCII) to one of them",
            key="{where}.id",
        ),
        "glossary.unknown-see-also": error(
            "see_also names `{other}`, which is not an entry",
            "use another entry's `term` exactly",
            key="{term}.see_also",
        ),
        "glossary.see-also-itself": error("an entry cannot refer to itself", key="{term}.see_also"),
        # --- notes (read/notes.py) ---
        "notes.not-notes": error(
            "a notes file is a mapping with one key, `notes`, holding a list",
            "start it with `notes:` and a list of `- at: …` entries",
            key="notes",
        ),
        "notes.not-a-mapping": error("a note is a mapping (at:, phrase:, kind:, zh:, en:)", key="{where}"),
        "notes.unknown-key": error("unknown key `{key}`", "allowed keys: {allowed}", key="{where}.{key}"),
        "notes.not-texts": error("expected a list of texts", 'write {key}: ["…"]', key="{where}.{key}"),
        "notes.not-text": error("expected text, got {value}", "quote the value", key="{where}.{key}"),
        "notes.too-long": error("{length:,} characters is too long", key="{where}.{key}"),
        "notes.missing-key": error("missing `{key}`", "every note needs: {required}", key="{where}.{key}"),
        "notes.unknown-kind": error("unknown kind `{kind}`", "use one of: {kinds}", key="{where}.kind"),
        "notes.unknown-place": error(
            "`{at}` is no place of the article",
            "name a paragraph (s2-p3; intro-p1 for the lede), a section's heading ({sections}) or `dateline`",
            key="{where}.at",
        ),
        # `text`: the beginning of the paragraph (or heading, dateline) the phrase was looked for in
        "notes.phrase-not-found": error(
            "the phrase `{phrase}` occurs 0 times in {what}: “{text}”",
            "copy the phrase exactly from the edition",
            key="{where}.phrase",
        ),
        "notes.phrase-ambiguous": error(
            "the phrase `{phrase}` occurs {count} times in {what}",
            "copy the phrase exactly from the edition; make it long enough to occur once",
            key="{where}.phrase",
        ),
        "notes.same-place": error(
            "two notes would follow the same place in {what} (the other at line {other})",
            "join the two notes into one",
            key="phrase",
        ),
        # --- consistency checks (read/consistency.py) ---
        # warnings all: an editor decides (`check --strict`, as `make check` and CI run it, stops on them)
        "consistency.number-not-translated": warning(
            "sentence {sentence} of {anchor}: the Chinese says {said} ({value}), the English does not\n"
            "    zh {zh}\n    en {en}",
            "give the number {value} in the English sentence (digits, or a word up to twenty)",
            key="{anchor}.{sentence}",
        ),
        "consistency.number-added": warning(
            "sentence {sentence} of {anchor}: the English says {said}, a number the Chinese does not give\n"
            "    zh {zh}\n    en {en}",
            "translate the number the Chinese gives, or move an editor's figure to a note",
            key="{anchor}.{sentence}",
        ),
        "consistency.term-english-missing": warning(
            "sentence {sentence} of {anchor} links {form} ({term}), whose glossary English "
            "`{rendering}` is not in the English sentence\n    en {en}",
            "use `{rendering}` in the sentence, or, if this rendering is right here, "
            "add it to the entry's `en_also` (source/glossary.yaml, line {entry})",
            key="{term}",
        ),
        "consistency.term-marked-otherwise": warning(
            "sentence {sentence} of {anchor} marks `{marked}` as {term}, whose glossary English is "
            "`{rendering}`: neither it nor one of the entry's `en_also` is the marked words",
            "if `{marked}` renders {term} here, add it to the entry's `en_also` (source/glossary.yaml, "
            "line {entry}); otherwise write `{rendering}` in the sentence",
            key="{term}",
        ),
        # `reading`: the syllables the term is read by (Term.syllables), without their tone numbers
        "consistency.pinyin-search-forms": warning(
            "`{term}` is shown as {pinyin}, but its search forms read it {reading}",
            "give the reading in the entry's `pinyin:` (the build then makes the anchor and search "
            "forms from it), or an explicit `id:`",
            key="{term}.pinyin",
        ),
        "consistency.pinyin-search-forms-and-anchor": warning(
            "`{term}` is shown as {pinyin}, but its search forms and its anchor read it {reading}",
            "give the reading in the entry's `pinyin:` (the build then makes the anchor and search "
            "forms from it), or an explicit `id:`",
            key="{term}.pinyin",
        ),
        "consistency.pinyin-anchor": warning(
            "`{term}` is shown as {pinyin}, but its anchor read it {id}",
            "give the reading in the entry's `pinyin:` (the build then makes the anchor and search "
            "forms from it), or an explicit `id:`",
            key="{term}.pinyin",
        ),
        "consistency.conjecture-unsourced": warning(
            "the conjecture {conjecture} in {anchor} has no note giving its source",
            "add a note at `{anchor}` (kind: textual) saying why, with `sources:`",
            key="{anchor}",
        ),
        "consistency.conjecture-unmarked": warning(
            "sentence {sentence} of {anchor} has the conjecture {conjecture}, which its English does not mark",
            "write the supplied words in square brackets ending “(conjecture)]”",
            key="{anchor}.{sentence}",
        ),
        "consistency.use-count": warning(
            "the glossary would show {shown} use(s) of `{term}` in {anchor} ({source}), where the "
            "text has its phrase `{phrase}` {phrases} time(s) and {outside} part(s) outside it",
            "give as `phrase:` the words the text has, its parts joined only by 、，； as there, "
            "or give each part an entry of its own",
            key="{term}.phrase",
        ),
        "consistency.note-unsourced": warning(
            "the note on {phrase} ({at}) states {claims}, which neither the text nor any of the note's sources gives",
            "name in `sources:` where the date or figure comes from (with the figure, in brackets, "
            "as the other sources give it), or write less and say it is not verified",
            key="notes[{index}].sources",
        ),
        "consistency.note-claim-not-in-note": warning(
            "the note on {phrase} ({at}) lists the claim `{claim}`, which is not a passage of its `zh:` or `en:`",
            "copy the words the note states as fact, exactly as its `zh:` (or `en:`) has them, or remove the claim",
            key="notes[{index}].claims",
        ),
        "consistency.note-claim-unsourced": warning(
            "the note on {phrase} ({at}) states as fact `{claim}` (its `claims:`), but names no source",
            "name in `sources:` where it comes from, or write less: say in the note that it is not verified "
            "and take it out of `claims:`",
            key="notes[{index}].sources",
        ),
        "consistency.note-figure-only-in-chinese": warning(
            "the note on {phrase} ({at}) gives {claim} in its Chinese, not in its English",
            "give the same year or figure in both `zh:` and `en:`, or correct the one that is wrong",
            key="notes[{index}].en",
        ),
        "consistency.note-figure-only-in-english": warning(
            "the note on {phrase} ({at}) gives {claim} in its English, not in its Chinese",
            "give the same year or figure in both `zh:` and `en:`, or correct the one that is wrong",
            key="notes[{index}].zh",
        ),
        "consistency.official-unnamed": warning(
            "`{term}` is rendered `{en}`, but its official English `{official}` is named nowhere in its definition",
            'make `en` the official English, or name it in `def_en` (Also rendered "{official}", '
            "with where it is used)",
            key="{term}.official",
        ),
        # --- translations (read/translation.py) ---
        "translation.front-unclosed": error("front matter is not closed", "add a `---` line after it"),
        "translation.front-not-mapping": error("front matter must be a mapping of `key: value` lines"),
        "translation.front-not-text": error("expected text", "quote it", key="{key}"),
        "translation.bad-heading": error("cannot read heading `{heading}`", "write a section's line as `## {{#s1}}`"),
        "translation.line-too-long": error("{length:,} characters on one line", "one sentence per line"),
        "translation.bad-term-mark": error(
            "unclosed or malformed term mark in `{text}`",
            "mark a glossary term as `[[term|English words]]`, e.g. `[[平安浙江|Safe Zhejiang]]` (the term or its id)",
        ),
        # the translation mirrors the edition: where the two part, both sides are shown
        "translation.sections-differ": error(
            "the translation's sections do not match the edition's\n    zh {edition}: {zh}\n    en {translation}: {en}",
            "the translation mirrors the edition: the lede's paragraphs, then `## {{#s1}}` and its paragraphs, …; "
            "one English sentence per line, in the order of the Chinese sentences; "
            "`[untranslated]` for one not yet translated",
        ),
        "translation.paragraphs-differ": error(
            "section {section} has {zh} paragraph(s) in the edition and {en} in the translation; "
            "they part at paragraph {at}\n{both}",
            "the translation mirrors the edition: the lede's paragraphs, then `## {{#s1}}` and its paragraphs, …; "
            "one English sentence per line, in the order of the Chinese sentences; "
            "`[untranslated]` for one not yet translated",
        ),
        "translation.lines-differ": error(
            "paragraph {paragraph} has {zh} Chinese sentence(s) and {en} English line(s)\n{both}",
            "the translation mirrors the edition: the lede's paragraphs, then `## {{#s1}}` and its paragraphs, …; "
            "one English sentence per line, in the order of the Chinese sentences; "
            "`[untranslated]` for one not yet translated",
        ),
        "translation.untranslated": warning(
            "sentence {sentence} of paragraph {paragraph} is not yet translated: {zh}",
            "replace `[untranslated]` with the English sentence",
        ),
        "translation.unknown-term": error(
            "`{mark}` marks `{ref}`, which is not in the glossary",
            "write the term as source/glossary.yaml has it (`term:`) or its `id:`; "
            "mark a glossary term as `[[term|English words]]`, e.g. `[[平安浙江|Safe Zhejiang]]` (the term or its id)",
            key="{anchor}",
        ),
        # --- sources and citations (read/cite.py) ---
        "source.not-a-mapping": error(
            "`source` must be a mapping (outlet:, author:, published:, url:, retrieved:, unknown:)",
            "write one `key: value` per line under `source:`, null where not known",
            key="source",
        ),
        "source.unknown-key": error("unknown key `{name}`", "allowed keys: {allowed}", key="source.{name}"),
        "source.bad-inferred": error(
            "`inferred` lists the keys whose value you inferred, got {got}",
            "write e.g. inferred: [published] (keys: {keys})",
            key="source.inferred",
        ),
        "source.date-with-time": error(
            "`{date}` has a time of day; write the date alone",
            "write an ISO date, e.g. 2017-06-23, or null if unknown",
            key="source.{name}",
        ),
        "source.not-a-date": error(
            "`{date:.40}` is not a date of the form YYYY-MM-DD",
            "write an ISO date, e.g. 2017-06-23, or null if unknown",
            key="source.{name}",
        ),
        "source.not-text": error("expected text, got {got}", "quote the value, or null", key="source.{name}"),
        "source.too-long": error("{length:,} characters; at most {limit:,}", key="source.{name}"),
        # an address a reader is shown must go where it seems to go
        "source.url-backslash": error(
            "`{url}` holds a backslash, which a browser reads as `/`: the host it opens is not the one shown",
            "write the address as the browser shows it",
            key="source.url",
        ),
        "source.url-user": error(
            "`{url}` names a user before `@`: a browser opens the host after it, not the one before",
            "write the address as the browser shows it",
            key="source.url",
        ),
        "source.url-encoded-host": error(
            "`{url}` encodes characters of its host (`%..`): write the host as it is",
            "write the address as the browser shows it",
            key="source.url",
        ),
        "source.url-not-http": error(
            "`{url}` is not an http(s) address",
            "write the address as the browser shows it, starting https:// or http://, or null",
            key="source.url",
        ),
        "source.inferred-without-value": error(
            "`{name}` is listed as inferred but has no value",
            "give `{name}` the value you inferred, or take it off the list",
            key="source.inferred",
        ),
        # BibTeX has no escape for a lone brace: the title, author and outlet are refused, never altered
        "citation.brace-closes-nothing": error(
            "`}}` at character {at} ({around}) closes no `{{`: the BibTeX citation of every paragraph would end "
            "the field there, and a BibTeX reader would take the rest for fields of its own "
            "(BibTeX has no escape for a lone brace)",
            "pair every `{{` with a later `}}` (or use other brackets, such as （） or 【】)",
            key="{key}",
        ),
        "citation.brace-never-closed": error(
            "`{{` at character {at} ({around}) is never closed: the BibTeX citation of every paragraph would end "
            "the field there, and a BibTeX reader would take the rest for fields of its own "
            "(BibTeX has no escape for a lone brace)",
            "pair every `{{` with a later `}}` (or use other brackets, such as （） or 【】)",
            key="{key}",
        ),
        # --- the importer (tools/importer.py) ---
        "import.empty": error("the file is empty", "line 1 must be the title, line 2 the body"),
        "import.title-only": error("the article has a title but no text", "put the body on line 2"),
        "import.dateline-only": error("the article has no text after its dateline", "put the body on line 2"),
        # what the reading of the raw lines could not decide (tools/forms.py)
        "import.repeated-apparatus": warning(
            "`{passage}` looks like a {kind} but occurs {count} times in the raw file; it is left in the text",
            "if it is one, remove it from the edition and record an erratum whose raw passage is unique"
            " (CONTRIBUTING.md, Fix a sentence); and add it to the front matter",
        ),
        "import.repeated-marker": warning(
            "`{passage}` looks like a {kind} but occurs {count} times in the raw file; it is left in the text",
            "if it is one, remove it from the edition and record an erratum whose raw passage is unique"
            " (CONTRIBUTING.md, Fix a sentence)",
        ),
        "import.sentence-as-title": warning(
            "the title line is {length} characters long and ends like a sentence; it is taken as"
            " the title, though it may be the text's first sentence",
            "check the article as published: if it came without its title, say so to the other editors"
            " before adding it (the raw file is never edited)",
        ),
        "import.subtitle-guessed": warning(
            "`{text}` is read as the subtitle (副题) and shown in the article's header",
            "if it is the first subhead, write it as a `## ` heading and remove `subtitle:` and its erratum",
        ),
        # what the draft had to guess
        "import.no-headings": warning(
            "no section headings found; the whole text becomes one section",
            'add `## 标题 {{#s1 en="…"}}` lines to the edition where sections begin',
        ),
        "import.odd-quotes": warning(
            "odd number of ' quote marks in section `{section}`; the draft's “” after the unpaired one are guesses",
            "check the quotation marks of that section in the edition",
        ),
        "import.mixed-marks": warning(
            "the line has full-width marks and the scrape's flattened `.` or `'` both; the draft keeps"
            " them as they are",
            "restore the flattened marks of this line by hand (punctuation is free: no erratum)",
        ),
        "import.cut-off": warning(
            "the text ends in the middle of a sentence (…{end}); the draft leaves it unfinished",
            "check the article as published: if the rest is lost, keep the sentence as it is and say so in a"
            " note on that paragraph (the draft adds no 。)",
        ),
        # what the scrape is known to damage
        "import.lowercase": warning(
            "`{word}` may be a lowercased acronym or model ({upper}): …{before}[{word}]{after}…",
            "if it reads {upper}, print that in the edition and add to the edition's errata:\n"
            "      - raw: {raw}\n"
            "        edition: {edition}\n"
            "        note: {note}\n"
            "    if `{word}` is right in lower case (pinyin, an English word, a unit), leave it"
            " (import --keep-lower {word} silences this)",
        ),
        "import.lowercase-repeated": warning(
            "`{word}` may be a lowercased acronym or model ({upper}): …{before}[{word}]{after}…",
            "if it reads {upper}, print that in the edition and record an erratum whose raw passage is long"
            " enough to be unique\n"
            "    if `{word}` is right in lower case (pinyin, an English word, a unit), leave it"
            " (import --keep-lower {word} silences this)",
        ),
        "import.lost-percent": warning(
            "`{passage}` may have lost a % sign", "if so, write the % in the edition and record an erratum"
        ),
        # the slug names the article's pages (docs/<slug>/…)
        "import.slug-reserved": error(
            "`{slug}` is reserved: the site's own pages and folders use it ({reserved})",
            "pass another --slug, e.g. --slug {other}",
        ),
        "import.slug-shape": error(
            "`{slug}` is not a slug for the article's pages: lower-case ASCII letters, digits and hyphens,"
            " starting with a letter or digit",
            "pass --slug {other}",
        ),
        "import.slug-shape-derived": error(
            "`{slug}` is not a slug for the article's pages: lower-case ASCII letters, digits and hyphens,"
            " starting with a letter or digit",
            "pass --slug {derived} (the title in pinyin), or leave --slug out to get that one",
        ),
        "import.slug-shape-no-ascii": error(
            "`{slug}` is not a slug for the article's pages: lower-case ASCII letters, digits and hyphens,"
            " starting with a letter or digit",
            "pass --slug with an ASCII name of your choice, e.g. the title in pinyin",
        ),
        "import.slug-too-long": error(
            "`{slug}` is {length} characters long; at most {limit} keep the pages' addresses readable",
            "pass a shorter --slug, e.g. --slug {other}",
        ),
        # an edition, its notes or its translation are editors' work: an import never overwrites them
        "import.slug-taken-by-file": error(
            "`{stem}` is taken: {files} is editors' work, which an import never overwrites",
            "pass another --slug, e.g. --slug {derived} (the title in pinyin; leaving --slug out picks it);"
            " or, to draft the article again, first remove {stem}'s files (CONTRIBUTING.md, Remove an article)",
        ),
        "import.slug-taken-by-files": error(
            "`{stem}` is taken: {files} are editors' work, which an import never overwrites",
            "pass another --slug, e.g. --slug {derived} (the title in pinyin; leaving --slug out picks it);"
            " or, to draft the article again, first remove {stem}'s files (CONTRIBUTING.md, Remove an article)",
        ),
        "import.raw-name-taken": error(
            "a different file of that name is already there; {raw} is not copied over it"
            " (raw files are the record of what was received)",
            "if it is the same article, import {ref}; if not, rename {name} (e.g. to {other}) and import it again",
        ),
        # --- the change report (tools/changes.py) ---
        "changes.no-git": error("cannot run git: {reason}", "install git"),
        "changes.git-failed": error("{message}"),
        "changes.git-exit": error("exit {status}"),
        "changes.not-a-repository": error(
            "not inside a git repository; the change report compares commits",
            "run it in a clone of the project (git clone …), from the folder holding source/",
        ),
        "changes.unknown-ref": error(
            "`{ref}` is not a commit of this repository",
            "name a branch, tag or commit; fetch the base branch first (git fetch origin main) "
            "or clone with its history (fetch-depth: 0)",
        ),
        # what the copy of a version refuses to write or to read: the report names it instead
        "changes.source-not-a-folder": error(
            "refused: `{folder}` is {what} in commit {commit}",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.source-link": error(
            "refused: `{folder}` is a symbolic link",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.refused-path": error(
            "refused: {why}", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.committed-link": error(
            "refused: a symbolic link (to {target}); the report follows no link, and neither may the site",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.not-a-file": error(
            "refused: a {what}, not a file", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.committed-too-large": error(
            "refused: a file of {size:,} bytes, more than the {limit:,} the build reads",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.uncopyable": error(
            "refused: cannot be copied ({reason})",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.unreadable": error(
            "refused: cannot be read ({reason})",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.link": error(
            "refused: a symbolic link (to {target}); the report follows no link",
            "copy the file into source/ instead of linking to it",
        ),
        "changes.special-file": error(
            "refused: not a regular file (a pipe, socket or device)",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.not-regular": error(
            "refused: not a regular file", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.too-large": error(
            "refused: larger than {limit:,} bytes, the most the build reads",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        # --- the build and its writer (pipeline/build.py, pipeline/write.py) and the command line ---
        # the build (pipeline/build.py): what no single file shows
        "build.no-articles": error(
            "no article found", "import one: python -m build_scripts import source/raw/<file>.txt"
        ),
        "build.reserved-slug": error("article file name `{slug}` is reserved for the site", "rename the file"),
        "build.slug-of-conventions": error(
            "article file name `{slug}` would give the about page two `#{slug}` anchors (the conventions): "
            "a link to one would open the other",
            "rename the file (a slug that is neither `conventions` nor ends in `-errata`)",
        ),
        "build.slug-of-errata": error(
            "article file name `{slug}` would give the about page two `#{slug}` anchors (an article errata): "
            "a link to one would open the other",
            "rename the file (a slug that is neither `conventions` nor ends in `-errata`)",
        ),
        "build.stray-file": warning(
            "this file is not read: it is not an edition (`<slug>.md`), and no edition stands beside it",
            "a translation is `<slug>{translation}` and notes are `<slug>{notes}`, beside the edition `<slug>.md`: "
            "rename it after its edition, or delete it if the edition was removed",
        ),
        "build.unused-term": warning(
            "term `{term}` is found nowhere in the articles",
            "check its spelling and aliases, or remove the entry",
            key="{term}",
        ),
        "build.missing-tables": error("{reason}", "pip install -r requirements.txt"),
        # the writer (pipeline/write.py): the disk refused a change
        "write.no-space": error(
            "cannot {what}: {reason}",
            "free some space on the disk that holds docs/, then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.not-writable": error(
            "cannot {what}: {reason}",
            "make docs/ and the folders in it writable for this user, then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.own-file-link": error(
            "cannot {what}: {reason}",
            "it is a symbolic link: delete it (the build makes its own), then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.failed": error(
            "cannot {what}: {reason}",
            "fix the cause, then build again (no --force needed: the next build completes this one)",
        ),
        "write.locked": error(
            "another build is writing docs/ (it holds docs/{lock}); this one was refused",
            "wait until it ends, then build again (a build that was killed holds nothing)",
        ),
        # symbolic links: docs/ may hold none
        "write.docs-link": error(
            "the output folder is a symbolic link (to {target}): the build would write and "
            "delete files wherever it points; nothing was written",
            "replace the link with a real folder (move what it points to into docs/, then delete the link)",
        ),
        "write.link-as-own-file": error(
            "is a symbolic link (to {target}); docs/ may hold none: the build would write through it",
            "delete it: the build makes its own",
        ),
        "write.link": error(
            "is a symbolic link (to {target}); docs/ may hold none: MkDocs would publish what it points to",
            "replace it with a copy of what it points to, or delete it",
        ),
        # the manifest: a plain build stops on what is wrong with it; --force builds past it (`-forced`)
        "write.manifest-unreadable": error(
            "cannot read the manifest: {reason}",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-unreadable-forced": warning(
            "cannot read the manifest: {reason}",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-json": error(
            "the manifest is damaged (not JSON: {reason})",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-json-forced": warning(
            "the manifest is damaged (not JSON: {reason})",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-files": error(
            'the manifest is damaged (expected {{"files": {{path: sha256, …}}}})',
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-files-forced": warning(
            'the manifest is damaged (expected {{"files": {{path: sha256, …}}}})',
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-bad-entry": error(
            "the manifest lists {path}: {why}; it is ignored",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-bad-entry-forced": warning(
            "the manifest lists {path}: {why}; it is ignored",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        # pages the writer would not write
        "write.same-path": error(
            "two pages would be written to this path", "give the two sections or articles different ids"
        ),
        "write.bad-path": error("a page may not be written here: {why}"),
        "write.not-generated": error(
            "exists but was not generated by the build; refusing to overwrite it",
            "move or rename the file, or rename the article/section whose page would land here",
        ),
        "write.edited": error(
            "was edited by hand since the last build; the change would be lost",
            "make the change in {where} instead (docs/ is generated), or "
            "rebuild with --force to overwrite it after keeping a backup (under {backups}/)",
        ),
    }
)


def problem(code: str, file: str, line: int | None = None, *, column: int | None = None, **values: object) -> Problem:
    """The problem `code` describes, in `file` at `line` (and `column`), with `values` in its templates."""
    kind = KINDS[code]
    return Problem(
        file,
        line,
        kind.message.format(**values),
        key=kind.key.format(**values),
        hint=kind.hint.format(**values),
        severity=kind.severity,
        column=column,
        code=code,
    )


def fail(code: str, file: str, line: int | None = None, *, column: int | None = None, **values: object) -> NoReturn:
    """Stop here: raise BuildError with the one problem `code` describes."""
    raise BuildError([problem(code, file, line, column=column, **values)])


def is_error(p: Problem) -> bool:
    return p.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of `problems` stops the build."""
    return any(is_error(p) for p in problems)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Those of `problems` that stop the build, in order."""
    return [p for p in problems if is_error(p)]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """Those of `problems` the build goes on past, in order."""
    return [p for p in problems if not is_error(p)]


def strict(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """`--strict`: every problem stops the build, warnings included."""
    return tuple(replace(p, severity=Severity.ERROR) for p in problems)


class Collector:
    """The problems of one file, in the order they are found."""

    def __init__(self, file: str, found: Iterable[Problem] = ()) -> None:
        self.file = file
        self._found: list[Problem] = list(found)

    def add(self, code: str, line: int | None = None, *, column: int | None = None, **values: object) -> Problem:
        """Record the problem `code` describes, at `line` (and `column`) of this collector's file."""
        found = problem(code, self.file, line, column=column, **values)
        self._found.append(found)
        return found

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found elsewhere (another stage's, or another file's)."""
        self._found.extend(problems)

    def fail(self, code: str, line: int | None = None, *, column: int | None = None, **values: object) -> NoReturn:
        """Record the problem `code` describes and stop with everything recorded."""
        self.add(code, line, column=column, **values)
        raise BuildError(list(self._found))

    def stop_if_errors(self) -> None:
        """Raise BuildError with everything recorded if any of it stops the build."""
        if has_errors(self._found):
            raise BuildError(list(self._found))

    @property
    def problems(self) -> list[Problem]:
        return list(self._found)

    def has_errors(self) -> bool:
        return has_errors(self._found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(list(self._found))

    def __len__(self) -> int:
        return len(self._found)

    def __bool__(self) -> bool:
        return bool(self._found)
