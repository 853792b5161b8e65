"""Reading rendered pages in tests: the text of an element, the scripts and styles."""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.depth = 0  # > 0 while inside a matching element
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.found[-1].append(" ")
            self.depth += 1
        elif self.match(tag, dict(attrs)):
            self.depth = 1
            self.found.append([])

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.found[-1].append(" ")

    def handle_data(self, data):
        if self.depth:
            self.found[-1].append(data)


def texts(html: str, tag: str, **attrs: str) -> list[str]:
    """The whitespace-collapsed text of every `tag` element with these attribute values
    (attribute names with underscores for dashes: data_phase="3")."""
    wanted = {name.replace("_", "-"): value for name, value in attrs.items()}

    def match(found_tag, found_attrs):
        return found_tag == tag and all(found_attrs.get(k) == v for k, v in wanted.items())

    collector = _Collector(match)
    collector.feed(html)
    return [re.sub(r"\s+", " ", "".join(parts)).strip() for parts in collector.found]


def text(html: str, tag: str, **attrs: str) -> str:
    """The text of the one element that matches; fails when there is not exactly one."""
    found = texts(html, tag, **attrs)
    assert len(found) == 1, f"{len(found)} <{tag}> elements match {attrs}"
    return found[0]


class _InlineCode(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.problems.append(f"inline <script {attrs}>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in attrs:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems += [f"{name} handler on <{tag}>" for name in attrs if name.startswith("on")]
        if any((value or "").strip().lower().startswith("javascript:") for value in attrs.values()):
            self.problems.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    """What a Content-Security-Policy without 'unsafe-inline' would block on the page."""
    parser = _InlineCode()
    parser.feed(html)
    return parser.problems
