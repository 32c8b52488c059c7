"""Drafts to the model's immutable nodes, with stable topic ids.

A topic's id hashes the document's key with the path of titles to it
(sections, parent topics, its own title; case ignored), so it survives
edits elsewhere in the document; a second topic with the same path gets
`-2`, `-3` … in document order.
"""

from __future__ import annotations

from .digest import blake2b
from .drafts import Draft, SectionDraft, TopicDraft
from .model import Marker, Node, Section, SectionKind, Topic
from .read_topic import complete
from .titles import drop_estimate

__all__ = ["Freezer"]


def _norm_for_id(title: str) -> str:
    """Titles are already whitespace-collapsed; ids ignore case."""
    return title.casefold()


class Freezer:
    __slots__ = ("ids", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self.ids: dict[str, int] = {}

    def topic_id(self, path: tuple[str, ...]) -> str:
        return self._id("\x1f".join((self.key, *path)))

    def _id(self, material: str) -> str:
        """The id for `material`, the key and the path joined by `\x1f` (as
        `topic_id` joins them): the freeze below extends the joined text of a
        parent's path instead of joining a longer tuple for every topic."""
        base = blake2b(material.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
        seen = self.ids.get(base, 0) + 1
        self.ids[base] = seen
        return base if seen == 1 else f"{base}-{seen}"

    def freeze(
        self,
        drafts: list[Draft],
        path: tuple[str, ...],
        depth: int,
        box_forms: tuple[str, str, str, str],
    ) -> tuple[Node, ...]:
        return self._nodes(drafts, "\x1f".join((self.key, *path)), depth, box_forms)

    def _nodes(
        self,
        drafts: list[Draft],
        prefix: str,
        depth: int,
        box_forms: tuple[str, str, str, str],
    ) -> tuple[Node, ...]:
        """`freeze` with the path given as `prefix`, its material for ids."""
        nodes: list[Node] = []
        append = nodes.append
        for draft in drafts:
            if not isinstance(draft, SectionDraft):
                append(self._topic(draft, prefix, box_forms))
                continue
            if draft.kind is SectionKind.OUTLINE and not draft.children and draft.leaf:
                append(self._topic(complete(draft.leaf), prefix, box_forms))
                continue
            append(
                Section(
                    title=draft.title,
                    level=depth,
                    kind=draft.kind,
                    line=draft.line + 1,
                    number=draft.number,
                    duration=draft.duration,
                    schedule=draft.schedule,
                    children=self._nodes(
                        draft.children,
                        f"{prefix}\x1f{_norm_for_id(draft.title)}",
                        depth + 1,
                        box_forms,
                    ),
                )
            )
        return tuple(nodes)

    def _topic(self, draft: TopicDraft, prefix: str, box_forms: tuple[str, str, str, str]) -> Topic:
        estimate = draft.estimate
        if estimate is not None:
            draft.title = drop_estimate(draft.title, estimate)  # `Type hints (2 days)`
        title = draft.title
        own = f"{prefix}\x1f{_norm_for_id(title)}"
        topic_id = self._id(own)
        children = (
            tuple([self._topic(child, own, box_forms) for child in draft.children])
            if draft.children
            else ()
        )
        forms = draft.forms
        marker_text = draft.marker_text
        return Topic(
            topic_id,
            title,
            draft.text,
            draft.status,
            marker_text,
            draft.line + 1,
            draft.column + 1,
            draft.source,
            Marker(
                draft.kind,
                draft.marker_start,
                draft.marker_end,
                marker_text,
                forms if forms is not None else box_forms,
            ),
            estimate,
            draft.description,
            draft.links,
            draft.wikilinks,
            children,
            draft.tags,
            draft.tasks,
        )
