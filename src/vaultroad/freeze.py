"""Drafts to the model's immutable nodes, with stable topic ids.

A topic's id hashes the document's key with the path of titles to it
(sections, parent topics, its own title; case ignored), so it survives
edits elsewhere in the document; a second topic with the same path gets
`-2`, `-3` … in document order.
"""

from __future__ import annotations

from collections import Counter

from .digest import blake2b
from .drafts import Draft, SectionDraft, TopicDraft
from .model import Marker, Node, Section, SectionKind, Topic
from .titles import drop_estimate

__all__ = ["Freezer"]


def _norm_for_id(title: str) -> str:
    """Titles are already whitespace-collapsed; ids ignore case."""
    return title.casefold()


class Freezer:
    __slots__ = ("ids", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self.ids: Counter[str] = Counter()

    def topic_id(self, path: tuple[str, ...]) -> str:
        material = "\x1f".join((self.key, *path)).encode("utf-8", "surrogatepass")
        base = blake2b(material, digest_size=5).hexdigest()
        self.ids[base] += 1
        seen = self.ids[base]
        return base if seen == 1 else f"{base}-{seen}"

    def freeze(
        self,
        drafts: list[Draft],
        path: tuple[str, ...],
        depth: int,
        box_forms: tuple[str, str, str, str],
    ) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for draft in drafts:
            if isinstance(draft, SectionDraft):
                if draft.kind is SectionKind.OUTLINE and not draft.children and draft.leaf:
                    nodes.append(self._topic(draft.leaf, path, box_forms))
                    continue
                nodes.append(
                    Section(
                        title=draft.title,
                        level=depth,
                        kind=draft.kind,
                        line=draft.line + 1,
                        number=draft.number,
                        duration=draft.duration,
                        schedule=draft.schedule,
                        children=self.freeze(
                            draft.children, (*path, _norm_for_id(draft.title)), depth + 1, box_forms
                        ),
                    )
                )
            else:
                nodes.append(self._topic(draft, path, box_forms))
        return tuple(nodes)

    def _topic(
        self, draft: TopicDraft, path: tuple[str, ...], box_forms: tuple[str, str, str, str]
    ) -> Topic:
        if draft.estimate is not None:
            draft.title = drop_estimate(draft.title, draft.estimate)  # `Type hints (2 days)`
        own_path = (*path, _norm_for_id(draft.title))
        topic_id = self.topic_id(own_path)
        children = tuple(self._topic(child, own_path, box_forms) for child in draft.children)
        forms = draft.forms if draft.forms is not None else box_forms
        return Topic(
            id=topic_id,
            title=draft.title,
            text=draft.text,
            status=draft.status,
            marker=draft.marker_text,
            line=draft.line + 1,
            column=draft.column + 1,
            source=draft.source,
            position=Marker(
                kind=draft.kind,
                start=draft.marker_start,
                end=draft.marker_end,
                text=draft.marker_text,
                forms=forms,
            ),
            estimate=draft.estimate,
            description=draft.description,
            links=draft.links,
            wikilinks=draft.wikilinks,
            children=children,
            tags=draft.tags,
            tasks=draft.tasks,
        )
