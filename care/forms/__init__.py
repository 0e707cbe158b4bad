"""Forms of 劳模关爱 (drawn with crispy: core.forms.CrispyForm)."""

from .care import (
    BatchForm,
    CorrectionForm,
    EventForm,
    HardshipDecisionForm,
    HardshipForm,
    LedgerImportForm,
    ProfileForm,
    ResponsibleForm,
    RuleForm,
)

__all__ = [
    "BatchForm",
    "CorrectionForm",
    "EventForm",
    "HardshipDecisionForm",
    "HardshipForm",
    "LedgerImportForm",
    "ProfileForm",
    "ResponsibleForm",
    "RuleForm",
]
