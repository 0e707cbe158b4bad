"""``core.tables.choice_label`` is ``get_<field>_display()``: every choice's label, and the raw value
for a value outside the choices."""

from awards.models import Award, AwardStatus, Nomination, NominationStatus
from competitions.models import Entry, EntryStatus
from core.tables import choice_label


def test_the_label_is_djangos_display_for_every_choice_and_the_value_outside_them():
    for model, choices in ((Award, AwardStatus), (Nomination, NominationStatus), (Entry, EntryStatus)):
        for value in [*choices.values, "no-such-status"]:
            obj = model(status=value)
            assert choice_label(obj) == obj.get_status_display()
            assert choice_label(obj, "status") == str(obj.get_status_display())
