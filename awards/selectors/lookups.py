"""Name lookups for the command line (honours, organisations, campaigns).

A name that matches nothing raises ``ExportError`` with the closest names, so a typo gets an
answer rather than an empty file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from core.exports import ExportError
from core.text import match_key
from directory.models import Organization

from ..models import Campaign, HonorType


def _close_matches(word: str, names: Iterable[str]) -> list[str]:
    names = list(names)
    by_key = {match_key(n): n for n in names}
    keys = difflib.get_close_matches(match_key(word), list(by_key), n=5, cutoff=0.5)
    found = [by_key[k] for k in keys]
    # Substring hits ("五一劳动奖章" → every level of it) help as much as spelling neighbours.
    key = match_key(word)
    for k, n in by_key.items():
        if key and key in k and n not in found:
            found.append(n)
    return found[:8]


def honor_type_by_name(name: str) -> HonorType:
    """The honour the catalogue names so; Traditional characters and spacing do not matter."""
    key = match_key(name)
    found = list(HonorType.objects.filter(name_key=key)[:2])
    if len(found) == 1:
        return found[0]
    close = _close_matches(name, HonorType.objects.values_list("name", flat=True))
    hint = f"，相近的有：{'、'.join(close)}" if close else "，请核对荣誉目录中的名称"
    raise ExportError(f"荣誉目录中没有“{name}”{hint}")


def organization_by_name(name: str | int) -> Organization:
    """An organisation by its number or exact name (spacing and Traditional characters ignored)."""
    text = str(name).strip()
    if text.isdigit():
        org = Organization.objects.filter(pk=int(text)).first()
        if org is None:
            raise ExportError(f"没有编号为 {text} 的组织")
        return org
    found = list(Organization.objects.filter(name_key=match_key(text)).select_related("parent")[:10])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        options = "；".join(f"{o.pk}：{o.parent.name if o.parent_id else ''}{o.name}" for o in found)
        raise ExportError(f"有 {len(found)} 个组织名为“{text}”，请改用编号：{options}")
    close = _close_matches(text, Organization.objects.values_list("name", flat=True))
    hint = f"，相近的有：{'、'.join(close)}" if close else ""
    raise ExportError(f"没有名为“{text}”的组织{hint}")


def campaign_by_ref(ref: str | int) -> Campaign:
    text = str(ref).strip()
    qs = Campaign.objects.select_related("conferring_org")
    if text.isdigit():
        campaign = qs.filter(pk=int(text)).first()
        if campaign is None:
            raise ExportError(f"没有编号为 {text} 的评选批次")
        return campaign
    key = match_key(text)
    # Campaigns are few (a handful a year per conferring body): compare keys in Python.
    found = [c for c in qs if match_key(c.name) == key] if key else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ExportError(f"有多个评选批次名为“{text}”，请改用编号：{'、'.join(str(c.pk) for c in found)}")
    close = _close_matches(text, qs.values_list("name", flat=True))
    hint = f"，相近的有：{'、'.join(close)}" if close else ""
    raise ExportError(f"没有名为“{text}”的评选批次{hint}")
