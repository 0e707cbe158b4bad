"""Links to one page per row of a list: the URL pattern reversed once, then filled in row by row."""

from __future__ import annotations

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# A number no row has: reversed in place of the row's id, then cut out of the URL.
_MARK = 987_654_321_987_654_321
_KEPT = 256  # URL shapes kept per name (one per leading arguments, e.g. per competition)


class RowUrl:
    """``RowUrl(name)(*fixed, pk)`` is ``reverse(name, args=[*fixed, pk])`` for an integer ``pk``.

    A list draws one link per row, and ``reverse`` walks the URL resolver each time (~50 µs, about
    130 times on the entries list: issue 13). This reverses the pattern once per URLconf, script
    prefix and leading arguments, with a marker in the row's place, and then writes the row's id into
    it. Anything but an int goes to ``reverse`` itself.
    """

    def __init__(self, name: str):
        self.name = name
        self._shapes: dict[tuple, tuple[str, str]] = {}

    def __call__(self, *args) -> str:
        *fixed, pk = args
        if type(pk) is not int:
            return reverse(self.name, args=args)
        key = (get_script_prefix(), get_urlconf(), *fixed)
        shape = self._shapes.get(key)
        if shape is None:
            try:
                url = reverse(self.name, args=[*fixed, _MARK])
            except NoReverseMatch:  # a converter narrower than an int's
                return reverse(self.name, args=args)
            head, mark, tail = url.partition(str(_MARK))
            if not mark or str(_MARK) in tail:  # the pattern does not carry the id as written
                return reverse(self.name, args=args)
            if len(self._shapes) >= _KEPT:
                self._shapes.clear()
            shape = self._shapes[key] = (head, tail)
        return f"{shape[0]}{pk}{shape[1]}"
