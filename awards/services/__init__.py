"""Writes about honours: the only code that changes awards data, one module per noun.

- ``campaigns``     评选批次: create, edit, stages (open, close, 公示, 表彰)
- ``quotas``        名额 and 比例要求 of a campaign, overrides of a failing rule
- ``nominations``   推荐: create, edit, submit, review steps (NOMINATION_TRANSITIONS)
- ``objections``    异议 during a 公示 and their answers
- ``awards``        表彰记录: revoke
- ``holidays``      节假日安排 (the working-day calendar of the 公示)
- ``from_results``  推荐草稿 from competition results

Every service takes the acting user as keyword-only ``by`` (None: the command line), checks it and
raises ``core.errors.NotAllowed``; other refusals are ``core.errors.DomainError``.
"""
