"""Assert on what a page or partial means – ids, `data-action`, roles, text – not on how its markup is spelled.

    button = element(html, "button", data_action="mark-paid")
    assert button.text == "Betaald" and "button-primary" in button.classes

Keyword filters name attributes with `_` for `-` (`data_action`, `hx_target`); `class_` matches when the element
has every class listed (`class_="badge badge-paid"`), in any order and among others. Attribute values must be equal.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.support.pdf import normalised

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list["Element"] = field(default_factory=list)
    parts: list = field(default_factory=list)  # text and child elements, in document order

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        """The text inside, whitespace made single spaces and stripped."""
        return normalised("".join(part if isinstance(part, str) else part.text_raw for part in self.parts)).strip()

    @property
    def text_raw(self) -> str:
        return "".join(part if isinstance(part, str) else part.text_raw for part in self.parts)

    def has(self, name: str) -> bool:
        """Whether a (boolean) attribute is there: `dialog.has("open")`."""
        return name in self.attrs

    def matches(self, tag: str | None, filters: dict) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for name, value in filters.items():
            if name == "class_":
                if not set(value.split()) <= self.classes:
                    return False
            elif self.attrs.get(name.replace("_", "-"), object()) != value:
                return False
        return True

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()

    def elements(self, tag: str | None = None, **filters) -> list["Element"]:
        """Every element below this one that matches, in document order."""
        return [each for each in self.iter() if each.matches(tag, filters)]

    def element(self, tag: str | None = None, **filters) -> "Element":
        """The one element below this one that matches; fails if there is none or more than one."""
        found = self.elements(tag, **filters)
        assert len(found) == 1, f"{len(found)} elements match {tag or '*'} {filters}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        self.open[-1].parts.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        self.open[-1].parts.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].parts.append(data)


def parse(html: str) -> Element:
    """The document (or partial) as a tree; its `children` are the top-level elements."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def elements(html: str, tag: str | None = None, **filters) -> list[Element]:
    return parse(html).elements(tag, **filters)


def element(html: str, tag: str | None = None, **filters) -> Element:
    return parse(html).element(tag, **filters)


def top(html: str) -> Element:
    """A partial's outermost element (the first one): what HTMX swaps in."""
    return parse(html).children[0]
