"""Sections that apps further down the dependency chain add to the home and partnership pages.

partnerships knows nothing of money or reports; grants and reporting register a
panel in their AppConfig.ready() and the page renders whatever is registered, in order.
A "partnership" panel is `func(request, partnership) -> html or ""`; a "home" panel
(the programme at a glance) and a "queue" panel (what waits for the reader, on the
home page) are `func(request) -> html or ""`: a queue panel answers "" to a reader
whose role it is not for.
"""

_PANELS = {"partnership": [], "home": [], "queue": []}


def register_panel(page, order, func):
    _PANELS[page].append((order, func))
    _PANELS[page].sort(key=lambda item: item[0])


def render_panels(page, request, **context):
    return [html for _, func in _PANELS[page] if (html := func(request, **context))]
