"""Sections that apps further down the dependency chain add to partnership pages.

partnerships knows nothing of money or reports; grants and reporting register a
panel in their AppConfig.ready() and the partnership page renders whatever is
registered, in order. Each panel is `func(request, partnership) -> html or ""`.
"""

_PANELS = {"partnership": [], "home": []}


def register_panel(page, order, func):
    _PANELS[page].append((order, func))
    _PANELS[page].sort(key=lambda item: item[0])


def render_panels(page, request, **context):
    return [html for _, func in _PANELS[page] if (html := func(request, **context))]
