"""One definition of the category flags: the pure rules' names and labels match directory's."""

from awards.models import NOMINATION_FLAG_FIELDS, NOMINATION_FLAG_LABELS, CompositionFlag
from awards.rules import composition as rule_comp
from awards.selectors.statistics import SHARE_CATEGORIES
from directory.models import PERSON_CATEGORY_FLAGS


def test_the_pure_rules_know_the_same_person_flags_and_labels():
    # awards.rules cannot import the models (no ORM there), so this test keeps the two in step.
    assert set(PERSON_CATEGORY_FLAGS) == rule_comp.PERSON_FLAGS
    for flag, label in PERSON_CATEGORY_FLAGS.items():
        assert rule_comp.FLAG_LABELS[flag] == str(label)


def test_nominations_record_the_person_flags_and_non_public():
    assert (*PERSON_CATEGORY_FLAGS, "non_public") == NOMINATION_FLAG_FIELDS
    assert {f: str(label) for f, label in NOMINATION_FLAG_LABELS.items() if f in PERSON_CATEGORY_FLAGS} == {
        f: str(label) for f, label in PERSON_CATEGORY_FLAGS.items()
    }
    for flag in PERSON_CATEGORY_FLAGS:
        assert CompositionFlag(flag).label == PERSON_CATEGORY_FLAGS[flag]
    assert {flag for flag, _label in SHARE_CATEGORIES} >= set(PERSON_CATEGORY_FLAGS)
