"""Cell text normalisation: clean_text, header_key, match_key."""

import datetime
from decimal import Decimal

import pytest

from core.text import clean_text, header_key, match_key, to_simplified


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  张三  ", "张三"),
        ("张\u3000三", "张 三"),  # ideographic space → space
        ("\u3000\u3000张三\u3000", "张三"),
        ("张\u200b三\u200c\u200d\ufeff", "张三"),  # zero-width characters removed
        ("\ufeff张三", "张三"),
        ("张\u00ad三", "张三"),  # soft hyphen
        ("张\u2060三", "张三"),
        ("李\xa0四", "李 四"),  # no-break space
        ("天津市   第一  机床厂", "天津市 第一 机床厂"),
        ("天津市\n第一机床厂\r\n", "天津市 第一机床厂"),
        ("ＡＢＣ１２３", "ABC123"),  # full-width letters and digits
        ("用时（分钟）", "用时(分钟)"),
        ("１３８００１３８０００", "13800138000"),
        ("Hello   World ", "Hello World"),
        ("\tabc\t", "abc"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (0.1 + 0.2, "0.3"),
        (110101199003071234, "110101199003071234"),
        (-3, "-3"),
        (True, "TRUE"),
        (Decimal("1.50"), "1.50"),
        (datetime.date(2023, 5, 1), "2023-05-01"),
        (datetime.datetime(2023, 5, 1), "2023-05-01"),
        (datetime.datetime(2023, 5, 1, 8, 30), "2023-05-01 08:30:00"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_clean_text_keeps_chinese_punctuation_that_is_not_compatibility():
    # Middle dot in minority names and Chinese comma stay as typed.
    assert clean_text("阿卜杜拉·艾则孜") == "阿卜杜拉·艾则孜"
    assert clean_text("焊工、电工") == "焊工、电工"


def test_clean_text_is_idempotent():
    samples = ["  ＡＢＣ\u3000张\u200b三 ", "用时（分钟）", "a  b\nc", "天津市總工會"]
    for s in samples:
        once = clean_text(s)
        assert clean_text(once) == once


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("姓  名", "姓名"),
        ("姓\n名", "姓名"),
        (" 姓　名 ", "姓名"),
        ("身份证\n号", "身份证号"),
        ("用时（分钟）", "用时(分钟)"),
        ("用时(分钟)", "用时(分钟)"),
        ("姓名/單位", "姓名/单位"),
        ("單位", "单位"),
        ("*姓名", "姓名"),
        ("姓名*", "姓名"),
        ("＊身份证号", "身份证号"),
        ("身份证号（必填）", "身份证号"),
        ("手机号(选填)", "手机号"),
        ("ID Number", "idnumber"),
        ("ＱＱ号", "qq号"),
        (None, ""),
    ],
)
def test_header_key(value, expected):
    assert header_key(value) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("汽车维修工（新能源汽车）", "汽车维修工(新能源汽车)"),
        ("天津市總工會", "天津市总工会"),
        ("天津市 总工会", "天津市总工会"),
        ("天津市\u3000总工会\u200b", "天津市总工会"),
        ("ABB机器人", "abb机器人"),
        ("ＡＢＢ机器人", "abb机器人"),
        ("中国石化—天津分公司", "中国石化-天津分公司"),
        ("阿卜杜拉•艾则孜", "阿卜杜拉·艾则孜"),
    ],
)
def test_match_key_equal(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("焊工", "电工"),
        ("天津市总工会", "河北省总工会"),
        ("一等奖", "二等奖"),
    ],
)
def test_match_key_different(a, b):
    assert match_key(a) != match_key(b)


def test_match_key_non_str():
    assert match_key(None) == ""
    assert match_key(2023) == "2023"
    assert match_key(2023.0) == "2023"


def test_to_simplified_is_character_level_not_vocabulary():
    # zh-hans, not zh-cn: Taiwan vocabulary is not rewritten (軟體 stays 软体, not 软件).
    assert to_simplified("軟體") == "软体"
    assert to_simplified("滑鼠") == "滑鼠"
    assert to_simplified("天津市總工會") == "天津市总工会"
    assert to_simplified("abc") == "abc"


def test_simplified_text_is_unchanged():
    for s in ["天津市第一机床总厂", "干部", "头发", "后勤", "系统", "钟表", "乾隆"]:
        assert to_simplified(s) == s


def test_clean_name_keeps_the_chinese_punctuation_a_person_typed():
    from core.text import clean_name

    assert clean_name(" 汽车维修工（新能源汽车）\u200b ") == "汽车维修工（新能源汽车）"
    assert clean_name("第２届　“海河工匠杯”〔2023〕") == "第2届 “海河工匠杯”〔2023〕"
    assert clean_name(None) == "" and clean_name("  a  b ") == "a b"
