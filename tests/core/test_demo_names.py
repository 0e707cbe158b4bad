"""Demo names fit the gender: a man's given name for an odd 17th ID digit, a woman's for an even one."""

import random
from datetime import date

from core.demo_names import FEMALE_GIVEN, MALE_GIVEN, demo_name, gender_of_given_name
from core.idcard import make_demo_id_number, parse_id_number


def test_the_pools_do_not_overlap():
    assert not set(MALE_GIVEN) & set(FEMALE_GIVEN)


def test_names_the_issue_found_read_as_their_gender():
    assert gender_of_given_name("郑志强") == "M"
    assert gender_of_given_name("谢刚") == "M"
    assert gender_of_given_name("王丽娜") == "F"
    assert gender_of_given_name("张三") is None


def test_each_drawn_name_fits_the_gender_of_its_id_number():
    rng, taken = random.Random(7), set()
    for seq in range(200):
        gender = "F" if seq % 3 == 0 else "M"
        number = make_demo_id_number("120101", date(1985, 5, 5), seq, gender)
        name = demo_name(rng, parse_id_number(number).gender, taken)
        assert gender_of_given_name(name) == gender == ("M" if int(number[16]) % 2 else "F")
    assert len(taken) == 200
