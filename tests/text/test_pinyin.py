"""Glossary pinyin by GB/T 16159-2012: word division, capitals, hyphens, apostrophes (build_scripts/text/pinyin.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.pipeline.build import glossary_file
from build_scripts.text.pinyin import numeral_words, render, search_forms

# (term, category, pinyin): the standard's own examples, and its rules applied to terms of this site.
STANDARD = [
    # 5.1 words joined; 5.5 an apostrophe before a, o, e inside a word
    ("人民", "concept", "rénmín"),
    ("海风", "concept", "hǎifēng"),
    ("吃饭", "concept", "chīfàn"),
    ("皮袄", "concept", "pí'ǎo"),
    ("西安", "place", "Xī'ān"),
    ("天安门", "place", "Tiān'ānmén"),
    # 6.1.1 a name of four syllables or more: its words apart
    ("全国人民代表大会", "institution", "Quánguó Rénmín Dàibiǎo Dàhuì"),
    ("中华人民共和国", "place", "Zhōnghuá Rénmín Gònghéguó"),
    # 6.1.5 numerals
    ("十五", "concept", "shíwǔ"),
    ("十四", "concept", "shísì"),
    ("三十五", "concept", "sānshíwǔ"),
    ("六百", "concept", "liùbǎi"),
    ("七千", "concept", "qīqiān"),
    ("第十三", "concept", "dì-shísān"),
    ("第十四", "concept", "dì-shísì"),
    ("第七十八", "concept", "dì-qīshíbā"),
    ("第三百五十六", "concept", "dì-sānbǎi wǔshíliù"),
    ("九亿七千三百零五万二千三百四十五", "concept", "jiǔyì qīqiān sānbǎi língwǔ wàn èrqiān sānbǎi sìshíwǔ"),
    ("初五", "concept", "chūwǔ"),
    ("两个人", "concept", "liǎng gè rén"),
    # 6.1.9 a four-character idiom read as two halves
    ("风平浪静", "concept", "fēngpíng-làngjìng"),
    # 6.3.4 personal names: surname and given name apart, each capitalised
    ("习近平", "person", "Xí Jìnpíng"),
    ("鲁迅", "person", "Lǔ Xùn"),
    ("毛泽东", "person", "Máo Zédōng"),
    ("诸葛孔明", "person", "Zhūgě Kǒngmíng"),
    ("东方朔", "person", "Dōngfāng Shuò"),
    # 6.3.5 place names: proper and generic parts apart, each capitalised
    ("中国", "place", "Zhōngguó"),
    ("北京市", "place", "Běijīng Shì"),
    ("河北省", "place", "Héběi Shěng"),
    ("鸭绿江", "place", "Yālù Jiāng"),
    ("洞庭湖", "place", "Dòngtíng Hú"),
    ("台湾海峡", "place", "Táiwān Hǎixiá"),
    ("浙江省", "place", "Zhèjiāng Shěng"),
    # 6.3.6 other proper names: every word capitalised
    ("中国共产党", "institution", "Zhōngguó Gòngchǎndǎng"),
    ("浙江省委", "institution", "Zhèjiāng Shěngwěi"),
    ("省第十四次党代会", "institution", "Shěng Dì-shísì Cì Dǎngdàihuì"),
    ("平安浙江", "programme", "Píng'ān Zhèjiāng"),
    ("G20杭州峰会", "event", "G20 Hángzhōu Fēnghuì"),
    # common terms: words apart, a proper noun in them capitalised
    ("公共服务", "concept", "gōnggòng fúwù"),
    ("中国特色社会主义", "concept", "Zhōngguó tèsè shèhuì zhǔyì"),
    ("二次分配", "policy", "èr cì fēnpèi"),
    ("一张蓝图绘到底", "slogan", "yī zhāng lántú huì dàodǐ"),
]


@pytest.mark.parametrize(("term", "category", "expected"), STANDARD, ids=[t for t, _, _ in STANDARD])
def test_pinyin_by_the_standard(term: str, category: str, expected: str) -> None:
    assert render(term, category) == expected


def test_the_glossarys_names_are_names_in_every_term() -> None:
    assert render("毛泽东思想", "concept") != "Máo Zédōng sīxiǎng"
    assert render("毛泽东思想", "concept", people=frozenset({"毛泽东"})) == "Máo Zédōng sīxiǎng"
    assert render("桐乡经验", "concept", proper=frozenset({"桐乡"})) == "Tóngxiāng jīngyàn"


def test_numerals_are_divided_at_bai_qian_wan_yi() -> None:
    assert numeral_words("九亿七千三百零五万二千三百四十五") == [
        "九亿",
        "七千",
        "三百",
        "零五",
        "万",
        "二千",
        "三百",
        "四十五",
    ]


def test_an_entrys_pinyin_overrides_the_rules(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n"
        "  - term: 泰山\n    pinyin: Tài Shān\n    en: Mount Tai\n    category: place\n"
        "    def_zh: 山名。\n    def_en: A mountain.\n"
        "  - term: 习近平\n    en: Xi Jinping\n    category: person\n    def_zh: 人名。\n    def_en: A name.\n"
        "  - term: 平安中国\n    en: Safe China\n    category: programme\n    def_zh: 目标。\n    def_en: A goal.\n",
        encoding="utf-8",
    )
    terms, problems = glossary_file(tmp_path / "glossary.yaml", tmp_path)
    assert not problems
    assert {t.term: t.pinyin for t in terms} == {
        "泰山": "Tài Shān",
        "习近平": "Xí Jìnpíng",
        "平安中国": "Píng'ān Zhōngguó",
    }


def test_search_finds_a_term_by_what_readers_type() -> None:
    # the written pinyin divides words; a reader may type the tones run together, or syllable by syllable
    assert search_forms("yīpiào fǒujué", ("yi1", "piao4", "fou3", "jue2")) == ["yīpiàofǒujué", "yi piao fou jue"]
    assert search_forms("fǎzhì", ("fa3", "zhi4")) == ["fa zhi"]


def test_the_numbered_syllables_are_pypinyins_own_from_the_one_reading() -> None:
    """A term is read by pypinyin once (text/pinyin.tone_marked); its numbered syllables, which give
    its id and its place in the glossary, are converted from that reading. They are what pypinyin's
    Style.TONE3 gives: for the glossary's terms, words of jieba's dictionary, and terms mixing Han
    characters with digits, Latin letters, full-width forms and characters without a reading."""
    import random

    import jieba
    import yaml
    from pypinyin import Style, lazy_pinyin

    from build_scripts.text.pinyin import numbered
    from tests.support.paths import ROOT

    glossary = yaml.safe_load((ROOT / "source" / "glossary.yaml").read_text(encoding="utf-8"))
    with jieba.get_dict_file() as dictionary:
        words = [line.split()[0] for line in dictionary.read().decode("utf-8").splitlines() if line.strip()]
    terms = [str(e["term"]) for e in glossary["terms"]] + random.Random(16159).sample(words, 3000)
    terms += ["G20峰会", "5G网络", "第〇号", "〇", "Ａ〇Ｂ", "咖啡café", "绿色发展", "女儿", "嗯", "２０１８年", "臺灣"]
    for term in terms:
        assert numbered(term) == tuple(lazy_pinyin(term, style=Style.TONE3, errors="default")), term
