"""How dates and times read on the pages: day, month, year and a 24-hour clock in both languages,
as in Cameroon (Django format modules, found through settings.FORMAT_MODULE_PATH).

Date inputs take ISO dates first: an ``<input type="date">`` is always given YYYY-MM-DD.
"""
