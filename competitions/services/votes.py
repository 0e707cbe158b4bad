"""网络投票: voting codes, phone verification, casting a vote under the contest's limits, voiding.

A voter is known only by a keyed hash (HMAC with SECRET_KEY) of a voting code handed out by a unit
or of a phone number verified by a code sent through ``core.sms``; neither the code nor the phone
is stored. Every vote keeps its time and a keyed hash of its origin (the client address).

Limits, checked in this order:
1. the origin's rate (``ORIGIN_RATE`` votes a minute) and duplicates (one vote per voter, project
   and day) on Django's cache — shared by every worker when the cache is Redis;
2. the truth, in the database: the voter's row is locked (SELECT … FOR UPDATE) while today's votes
   are counted and the new one inserted, so concurrent votes of one voter queue and none passes the
   daily limit; a unique constraint (voter, project, day) refuses a second vote for a project.

Counts are never stored by hand: they are the count of valid (not voided) Vote rows.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError
from core.history import audited, record_pks
from core.sms import send_sms

from ..models import Competition, Project, ProjectStatus, Vote, Voter, VoterCode
from ..rules.innovation import VoteRules, vote_refusal
from .common import require_organizer, require_reason
from .projects import innovation_settings_for

__all__ = [
    "ORIGIN_RATE",
    "VoteRefused",
    "origin_hash",
    "phone_code_send",
    "phone_code_verify",
    "vote_cast",
    "voter_code_key",
    "voter_codes_create",
    "votes_void",
]

ORIGIN_RATE = 30  # votes a minute from one origin
PHONE_CODE_TTL = 600
PHONE_CODE_INTERVAL = 60
PHONE_CODE_TRIES = 5
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_PHONE = re.compile(r"^1[3-9]\d{9}$")


class VoteRefused(DomainError):
    pass


def _digest(*parts: object) -> str:
    message = "|".join(str(p) for p in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def origin_hash(address: str) -> str:
    return _digest("origin", address or "")


def _normal_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def voter_code_key(competition: Competition, code: str) -> str | None:
    """The voter key of a valid voting code of this contest, or None."""
    digest = _digest("code", competition.pk, _normal_code(code))
    if VoterCode.objects.filter(competition=competition, code_hash=digest).exists():
        return digest
    return None


@audited
@transaction.atomic
def voter_codes_create(*, competition: Competition, unit, count: int, by) -> list[str]:
    """New voting codes for a unit to hand out; returned once, only their hashes are kept."""
    require_organizer(by, competition)
    if not 1 <= count <= 2000:
        raise DomainError("一次可生成 1 到 2000 个投票码")
    codes = []
    rows = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code in codes:
            continue
        codes.append(code)
        rows.append(VoterCode(competition=competition, unit=unit, code_hash=_digest("code", competition.pk, code)))
    VoterCode.objects.bulk_create(rows)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


def _normal_phone(phone: str) -> str:
    phone = re.sub(r"[\s-]", "", phone or "")
    if not _PHONE.match(phone):
        raise VoteRefused("请输入 11 位手机号", fields={"phone": "请输入 11 位手机号"})
    return phone


def phone_code_send(*, competition: Competition, phone: str, origin: str) -> None:
    """Send a six-digit code to the phone (one a minute per phone, ten an hour per origin)."""
    phone = _normal_phone(phone)
    settings_ = innovation_settings_for(competition)
    if not settings_.allow_phone:
        raise VoteRefused("本次投票不使用手机验证")
    key = _digest("phone", competition.pk, phone)
    if not cache.add(f"innov:sms-wait:{key}", 1, PHONE_CODE_INTERVAL):
        raise VoteRefused("验证码已发送，请一分钟后再试")
    hour_key = f"innov:sms-origin:{origin}"
    cache.add(hour_key, 0, 3600)
    if cache.incr(hour_key) > 10:
        raise VoteRefused("该网络发送验证码过于频繁，请稍后再试")
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(f"innov:sms-code:{key}", {"code": code, "tries": 0}, PHONE_CODE_TTL)
    send_sms(phone, f"【匠心】您的投票验证码为 {code}，10 分钟内有效。")


def phone_code_verify(*, competition: Competition, phone: str, code: str) -> str:
    """The voter key of a phone whose code is right; five wrong tries spend the code."""
    phone = _normal_phone(phone)
    key = _digest("phone", competition.pk, phone)
    stored = cache.get(f"innov:sms-code:{key}")
    if not stored:
        raise VoteRefused("验证码已过期，请重新获取", fields={"code": "验证码已过期"})
    if not hmac.compare_digest(stored["code"], (code or "").strip()):
        stored["tries"] += 1
        if stored["tries"] >= PHONE_CODE_TRIES:
            cache.delete(f"innov:sms-code:{key}")
        else:
            cache.set(f"innov:sms-code:{key}", stored, PHONE_CODE_TTL)
        raise VoteRefused("验证码不正确", fields={"code": "验证码不正确"})
    cache.delete(f"innov:sms-code:{key}")
    return key


def _rules(competition: Competition) -> VoteRules:
    s = innovation_settings_for(competition)
    return VoteRules(votes_per_day=s.votes_per_day, opens=s.voting_opens, closes=s.voting_closes)


def vote_cast(*, project: Project, voter_key: str, voter_kind: str, origin: str) -> Vote:
    """Cast one vote (anonymous public action: no ``by``). ``origin`` is ``origin_hash(address)``.
    Raises VoteRefused with the reason."""
    competition = project.competition
    if project.status != ProjectStatus.PASSED:
        raise VoteRefused("该成果不在投票范围内")
    rules = _rules(competition)
    now = timezone.now()
    early = vote_refusal(rules, now=now, used_today=0, voted_project_today=False)
    if early:
        raise VoteRefused(early)
    day = timezone.localdate(now)
    rate_key = f"innov:rate:{origin}:{now:%Y%m%d%H%M}"
    cache.add(rate_key, 0, 120)
    if cache.incr(rate_key) > ORIGIN_RATE:
        raise VoteRefused("投票过于频繁，请稍后再试")
    dup_key = f"innov:dup:{voter_key}:{project.pk}:{day:%Y%m%d}"
    if not cache.add(dup_key, 1, 86400):
        raise VoteRefused("今天已为该成果投过票")
    try:
        return _insert(project, voter_key, voter_kind, origin, rules, now, day)
    except _Duplicate as exc:
        raise VoteRefused(exc.message) from None
    except Exception:
        # Not counted: the cache must not remember a vote the database does not hold.
        cache.delete(dup_key)
        raise


class _Duplicate(VoteRefused):
    pass


def _insert(project, voter_key, voter_kind, origin, rules, now, day) -> Vote:
    competition = project.competition
    try:
        with transaction.atomic():
            voter, _created = Voter.objects.get_or_create(
                competition=competition, key=voter_key, defaults={"kind": voter_kind}
            )
    except IntegrityError:
        voter = Voter.objects.get(competition=competition, key=voter_key)
    with transaction.atomic():
        Voter.objects.select_for_update().filter(pk=voter.pk).first()
        today = list(Vote.objects.filter(voter=voter, day=day).values_list("project_id", flat=True))
        if project.pk in today:
            raise _Duplicate("今天已为该成果投过票")
        refusal = vote_refusal(rules, now=now, used_today=len(today), voted_project_today=False)
        if refusal:
            raise VoteRefused(refusal)
        try:
            with transaction.atomic():
                return Vote.objects.create(project=project, voter=voter, day=day, cast_at=now, origin_hash=origin)
        except IntegrityError:
            raise _Duplicate("今天已为该成果投过票") from None


@audited
@transaction.atomic
def votes_void(*, competition: Competition, vote_ids: Sequence[int], reason: str, by) -> int:
    """Void the given valid votes of this contest with one reason; the rows stay, marked voided."""
    require_organizer(by, competition)
    reason = require_reason(reason)
    ids = list(
        Vote.objects.select_for_update()
        .filter(pk__in=list(vote_ids), project__competition=competition, voided=False)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise DomainError("没有可作废的投票")
    Vote.objects.filter(pk__in=ids).update(
        voided=True, void_reason=reason, voided_by=by if getattr(by, "pk", None) else None, voided_at=timezone.now()
    )
    record_pks(Vote, ids, "~")
    return len(ids)
