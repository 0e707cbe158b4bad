"""ID number parsing and masking. Every number here is built by the test, not taken from a person."""

import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.idcard import (
    IdInfo,
    IdNumberError,
    make_demo_id_number,
    mask_id_number,
    mask_phone,
    parse_id_number,
)

TODAY = date(2026, 11, 15)

# GB 11643-1999, written out independently of python-stdnum.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True)) % 11]


def build(body17: str) -> str:
    return body17 + check_char(body17)


def wrong_check(body17: str) -> str:
    right = check_char(body17)
    return body17 + ("0" if right != "0" else "1")


def parse(raw):
    return parse_id_number(raw, today=TODAY)


def error_of(raw) -> IdNumberError:
    with pytest.raises(IdNumberError) as info:
        parse(raw)
    return info.value


# --- the test's own check-digit helper -------------------------------------------------


def test_helper_matches_the_standard_example_digits():
    # Worked by hand: weights·digits of 12010119900101005 = 123, 123 % 11 = 2 → "X".
    assert check_char("12010119900101005") == "X"
    assert build("12010119900101005") == "12010119900101005X"


# --- valid numbers -----------------------------------------------------------------------


def test_valid_number_parts():
    number = build("12010119880315123")
    info = parse(number)
    assert info == IdInfo(number=number, birth_date=date(1988, 3, 15), gender="M")


def test_ends_with_x_lowercase_accepted_and_uppercased():
    body = "12010119900101005"
    assert check_char(body) == "X"
    info = parse(body + "x")
    assert info.number == body + "X"
    assert info.number.endswith("X")


def test_whitespace_fullwidth_and_zero_width_are_removed():
    number = build("12010119880315123")
    messy = " " + number[:6] + " " + number[6:14] + "\u200b" + number[14:] + "\u3000\n"
    assert parse(messy).number == number
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse(fullwidth).number == number


def test_fullwidth_lowercase_x():
    body = "12010119900101005"
    assert parse(body + "ｘ").number == body + "X"


@pytest.mark.parametrize(
    "body",
    [
        "12011619880601004",  # 滨海新区 (2009) with a 1988 birth date
        "12011419930707003",  # 武清区 (2000) with a 1993 birth date
        "99999920000101001",  # no such district at all
    ],
)
def test_area_code_is_never_a_reason_to_refuse(body):
    info = parse(build(body))
    assert info.number == build(body)


def test_stdnum_would_refuse_the_young_district():
    # Documents why parse_id_number does not use stdnum's validate (DESIGN §4b).
    from stdnum.cn import ric

    number = build("12011619880601004")
    assert not ric.is_valid(number)
    assert parse(number).birth_date == date(1988, 6, 1)


def test_agrees_with_stdnum_check_digit():
    from stdnum.cn.ric import calc_check_digit

    for body in ("12010119880315123", "12010119900101005", "44030420000229006", "65010219700101999"):
        assert calc_check_digit(body + "?") == check_char(body)


@given(
    st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
)
def test_any_well_formed_number_round_trips(area, birth, order):
    body = f"{area}{birth:%Y%m%d}{order:03d}"
    info = parse(build(body))
    assert info.birth_date == birth
    assert info.gender == ("M" if order % 2 else "F")
    with pytest.raises(IdNumberError) as err:
        parse(wrong_check(body))
    assert err.value.code == "check_digit"


def test_born_today_accepted():
    info = parse(build(f"120101{TODAY:%Y%m%d}001"))
    assert info.birth_date == TODAY


def test_leap_day_birth_accepted():
    assert parse(build("44030420000229006")).birth_date == date(2000, 2, 29)


# --- gender ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "gender"),
    [("001", "M"), ("002", "F"), ("123", "M"), ("120", "F"), ("999", "M"), ("000", "F")],
)
def test_gender_from_seventeenth_digit(order, gender):
    assert parse(build(f"12010119880315{order}")).gender == gender


# --- refusals ----------------------------------------------------------------------------


def test_wrong_check_digit():
    body = "12010119880315123"
    err = error_of(wrong_check(body))
    assert err.code == "check_digit"
    assert err.message == f"身份证号校验位错误（应为{check_char(body)}），请逐位核对号码"
    assert f"应为{check_char(body)}" in str(err)


def test_wrong_check_digit_when_x_expected():
    err = error_of("120101199001010051")
    assert err.code == "check_digit"
    assert "应为X" in err.message


@pytest.mark.parametrize(("length", "shown"), [(17, "17"), (19, "19"), (16, "16"), (1, "1")])
def test_wrong_length(length, shown):
    text = (build("12010119880315123") + "5")[:length]
    err = error_of(text)
    assert err.code == "length"
    assert err.message == f"身份证号应为18位，当前为{shown}位"


def test_fifteen_digit_first_generation_number():
    err = error_of("120101880315123")
    assert err.code == "first_generation"
    assert "18位" in err.message
    assert "15位" in err.message


@pytest.mark.parametrize(
    "body",
    [
        "12010119880230123",  # 30 February
        "12010119890229123",  # 29 February in a common year
        "12010119881301123",  # month 13
        "12010119880000123",  # month 0
        "12010119880431123",  # 31 April
        "12010118991231123",  # before 1900
    ],
)
def test_impossible_birth_date(body):
    err = error_of(build(body))
    assert err.code == "birth_date"
    assert err.message == "身份证号中的出生日期无效"


def test_future_birth_date():
    err = error_of(build("12010120261116001"))
    assert err.code == "future_birth_date"
    assert "出生日期" in err.message


def test_future_is_measured_against_the_real_today_by_default():
    with pytest.raises(IdNumberError) as info:
        parse_id_number(build("12010130000101001"))
    assert info.value.code == "future_birth_date"


@pytest.mark.parametrize(
    "text",
    [
        "12010119880315123A",
        "1201011988031512X5",
        "12010119880315-123",
    ],
)
def test_bad_characters(text):
    assert len(text) == 18
    assert error_of(text).code == "format"


def test_bad_characters_in_the_first_seventeen():
    err = error_of("12010119880315A23" + "5")
    assert err.code == "format"


def test_first_digit_zero_refused():
    body = "02010119880315123"
    err = error_of(build(body))
    assert err.code == "area_code"


@pytest.mark.parametrize("raw", [120101198803151230, 1.2010119880315124e17, Decimal("120101198803151230")])
def test_numbers_refused_as_not_text(raw):
    err = error_of(raw)
    assert err.code == "not_text"
    assert err.message == "身份证号被存成了数字，末几位已丢失，请将该列设为文本格式后重新录入"


@pytest.mark.parametrize("raw", ["1.20101198803151E+17", "1.20101198803151e17", "120101198803151000.0"])
def test_numbers_turned_back_into_text_refused_as_not_text(raw):
    assert error_of(raw).code == "not_text"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b"])
def test_empty(raw):
    assert error_of(raw).code == "empty"


@pytest.mark.parametrize("raw", [True, ["120101"], b"120101198803151234"])
def test_other_types(raw):
    assert error_of(raw).code == "not_text"


def test_error_is_a_value_error_and_pickles():
    err = error_of("123")
    assert isinstance(err, ValueError)
    assert str(err) == err.message
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.message) == (err.code, err.message)


# --- age ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(1988, 3, 15), 0),
        (date(2026, 3, 14), 37),
        (date(2026, 3, 15), 38),
        (date(2026, 3, 16), 38),
        (date(2026, 12, 31), 38),
        (date(2027, 1, 1), 38),
    ],
)
def test_age_on_around_birthday(day, age):
    info = parse(build("12010119880315123"))
    assert info.age_on(day) == age


def test_age_on_leap_day_birthday():
    info = parse(build("44030420000229006"))
    assert info.age_on(date(2018, 2, 28)) == 17
    assert info.age_on(date(2018, 3, 1)) == 18
    assert info.age_on(date(2020, 2, 29)) == 20


def test_age_on_before_birth_is_an_error():
    info = parse(build("12010119880315123"))
    with pytest.raises(ValueError):
        info.age_on(date(1988, 3, 14))


def test_info_is_frozen():
    info = parse(build("12010119880315123"))
    with pytest.raises(AttributeError):
        info.gender = "F"


# --- masks -------------------------------------------------------------------------------


def test_mask_id_number_hides_district_and_birth_date():
    number = build("12010119880315123")
    masked = mask_id_number(number)
    assert masked == "120" + "*" * 11 + "123" + number[-1]
    assert len(masked) == 18
    assert "19880315" not in masked
    assert "120101" not in masked


def test_mask_id_number_example():
    assert mask_id_number("12010119900101005X") == "120***********005X"
    assert mask_id_number("12010119900101005x") == "120***********005X"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("", ""),
        (None, ""),
        ("  ", ""),
        ("120101880315123", "*************23"),
        ("1234", "**34"),
        ("12", "12"),
    ],
)
def test_mask_id_number_other_shapes(raw, masked):
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138 1234 1234", "138****1234"),
        (13812341234, "138****1234"),
        ("022-23456789", "********6789"),
        ("+8613812341234", "**********1234"),
        ("1234", "1234"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


# --- demo numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("gender", ["M", "F"])
def test_demo_number_is_valid_and_matches(gender):
    number = make_demo_id_number("120116", date(1988, 6, 1), 7, gender)
    assert len(number) == 18
    assert number[-1] == check_char(number[:17])
    info = parse(number)
    assert info.birth_date == date(1988, 6, 1)
    assert info.gender == gender
    assert number.startswith("12011619880601")


def test_demo_numbers_distinct():
    numbers = {
        make_demo_id_number("320923", date(1990, 1, 1), seq, gender)
        for seq in range(500)
        for gender in ("M", "F")
    }
    assert len(numbers) == 1000


@pytest.mark.parametrize(
    ("area", "birth", "seq", "gender"),
    [
        ("02010", date(1990, 1, 1), 1, "M"),
        ("020101", date(1990, 1, 1), 1, "M"),
        ("120101", date(1990, 1, 1), 500, "M"),
        ("120101", date(1990, 1, 1), -1, "F"),
        ("120101", date(1990, 1, 1), 1, "女"),
        ("120101", date(1899, 1, 1), 1, "F"),
    ],
)
def test_demo_number_bad_arguments(area, birth, seq, gender):
    with pytest.raises(ValueError):
        make_demo_id_number(area, birth, seq, gender)
