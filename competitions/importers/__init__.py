"""Spreadsheet importers of the competitions app.

``entries``: the registration sheet (报名表) units send back, validated as a whole and saved all or
nothing; ``template``: the blank 报名表模板 a competition hands out; ``stash``: keeps an uploaded
file between the web dry run and the confirmation (issue 3). ``scores``: score sheets (issue 4).
"""
