"""What in a page the Content-Security-Policy would block: inline scripts and styles."""

from html.parser import HTMLParser

# Script types a browser does not execute: data blocks such as Django's json_script.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class InlineCode(HTMLParser):
    """Collects inline scripts, event-handler attributes, javascript: URLs and inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.scripts.append(self.get_starttag_text() or tag)
        if tag == "style":
            self.styles.append(self.get_starttag_text() or tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.scripts.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.scripts.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.styles.append(f"<{tag} style={value!r}>")


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser
