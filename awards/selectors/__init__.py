"""Reads about honours, one module per noun; scope comes from ``directory.selectors``.

- ``roles``        who may nominate, review and manage in a campaign
- ``awards``       表彰记录, the honour catalogue, honours records
- ``campaigns``    评选批次 a user sees; where the user may nominate from
- ``nominations``  推荐 a user sees, the checks on one nominee, the 推荐汇总表's rows
- ``checks``       the quota and composition check (pages, services and the export share it)
- ``notices``      the 公示 (public pages and the 公示名单 export, in one order)
- ``rosters``      the 表彰名单 export
- ``statistics``   the 统计表 export
- ``sections``     the one order of honours and nominees
- ``holidays``     the working-day calendar
- ``results``      competition results that make a person eligible for an honour
- ``lookups``      names given on the command line
"""
