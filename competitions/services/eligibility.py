"""A competition's 资格规则: what its results let people apply for or be put forward for.

Only organisers of the competition's organiser set them (``by`` None: the command line). The rules
replace the stored list whole; each is checked by ``EligibilityRule.from_dict`` and gets a key made
from its label (organisers never type keys). The competition's history records the change
(simple-history, ``@audited``), and a RegistrationChange says how many rules there were and are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from core.errors import DomainError
from core.history import audited
from core.text import clean_name

from ..models import Competition, RegistrationAction, RegistrationChange
from ..rules.eligibility import EligibilityRule
from .common import actor, require_organizer

RULES_MAX = 50
KEY_WORDS_MAX_CHARS = 60


def rule_key(label: str, index: int) -> str:
    """``可申报天津市五一劳动奖章``, 1 → ``ke-shen-bao-tian-jin-shi-wu-yi-lao-dong-jiang-zhang-1``:
    the label's pinyin, cut at a hyphen within KEY_WORDS_MAX_CHARS, then the rule's position (so keys
    of one competition never repeat)."""
    words = [w for w in slugify(" ".join(lazy_pinyin(label, errors="default"))).split("-") if w]
    stem = ""
    for word in words:
        candidate = f"{stem}-{word}" if stem else word
        if len(candidate) > KEY_WORDS_MAX_CHARS:
            break
        stem = candidate
    return f"{stem or 'rule'}-{index}"


@audited
@transaction.atomic
def competition_set_eligibility_rules(
    *, competition: Competition, by, rules: Sequence[Mapping[str, Any]]
) -> list[EligibilityRule]:
    """Replace the competition's rules with ``rules`` (dicts of EligibilityRule fields; a ``key`` given
    is ignored). All or nothing: any bad rule raises DomainError with one line per bad rule."""
    locked = Competition.objects.select_for_update().select_related("organizer").get(pk=competition.pk)
    require_organizer(by, locked)
    if len(rules) > RULES_MAX:
        raise DomainError(f"资格规则最多 {RULES_MAX} 条，提交了 {len(rules)} 条")
    built: list[EligibilityRule] = []
    problems: list[str] = []
    for n, row in enumerate(rules, start=1):
        data = {k: v for k, v in dict(row).items() if k != "key"}
        for name in ("label", "honor_name", "source"):
            if name in data:
                data[name] = clean_name(data[name])
        if not data.get("label"):
            problems.append(f"第{n}条：请填写名称")
            continue
        try:
            built.append(EligibilityRule.from_dict({"key": rule_key(data["label"], n), **data}))
        except (TypeError, ValueError) as exc:
            problems.append(f"第{n}条“{data['label']}”：规则无效（{exc}）")
    labels = [r.label for r in built]
    problems.extend(f"名称“{label}”重复" for label in dict.fromkeys(x for x in labels if labels.count(x) > 1))
    if problems:
        raise DomainError("资格规则有误，未保存", details=problems)
    before = len(locked.eligibility_rules or [])
    locked.eligibility_rules = [r.to_dict() for r in built]
    locked.save(update_fields=["eligibility_rules", "updated_at"])
    competition.eligibility_rules = locked.eligibility_rules
    RegistrationChange.objects.create(
        competition=locked,
        action=RegistrationAction.COMPETITION_UPDATE,
        changed_by=actor(by),
        old_value=f"资格规则{before}条",
        new_value=f"资格规则{len(built)}条",
    )
    return built
