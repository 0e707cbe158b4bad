from .batches import batch_create_view, batch_detail, batch_list
from .care import (
    allowance_stop,
    care_home,
    event_correct,
    export,
    hardship_apply_view,
    hardship_decide_view,
    person_care,
    profile_edit,
    responsible_edit,
    rules_page,
)
from .imports import ledger_import, ledger_import_confirm, ledger_template

__all__ = [
    "allowance_stop",
    "batch_create_view",
    "batch_detail",
    "batch_list",
    "care_home",
    "event_correct",
    "export",
    "hardship_apply_view",
    "hardship_decide_view",
    "ledger_import",
    "ledger_import_confirm",
    "ledger_template",
    "person_care",
    "profile_edit",
    "responsible_edit",
    "rules_page",
]
