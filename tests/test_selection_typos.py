"""roadmap.sh's resource lines with the typos its content and translations hold
(written here, not copied: its licence does not allow vendoring). A learner sees
a link in each; none is a topic. Found by benchmarks/roadmap_sh.py on a newer
snapshot of the content, where they had become topics with markup in titles."""

from __future__ import annotations

import pytest

import vaultroad

TYPOS = [
    ("- [@artigo]Eventos do roteador](https://e.org/a)\n", ("Eventos do roteador", "artigo")),
    ('- [@video@Políticas: "can:ABC"] https://e.org/a)\n', ('Políticas: "can:ABC"', "video")),
    ("- [@article@Limpeza](https://e.org/a#:~:text=tools and more)\n", ("Limpeza", "article")),
    (
        "- [@feed]Explore posts sobre SQL[/feed](https://e.org/a)\n",
        ("Explore posts sobre SQL", "feed"),
    ),
    (
        "- [@feed]Explore posts sobre Java</a>(https://e.org/a)\n",
        ("Explore posts sobre Java", "feed"),
    ),
    ("- [@vídeo]HTTP | Testes](https://e.org/a)\n", ("HTTP | Testes", "vídeo")),
    ("- [@vídeo@Fundamentos](https://e.org/a)\n", ("Fundamentos", "vídeo")),
]


@pytest.mark.parametrize(
    ("line", "expected"), TYPOS, ids=[t[1][1] + str(i) for i, t in enumerate(TYPOS)]
)
def test_a_resource_line_with_a_typo_is_a_resource_of_its_kind(
    line: str, expected: tuple[str, str]
) -> None:
    roadmap = vaultroad.parse(
        f"# Topic\n\nWhat it is.\n\n- [@article@Intro](https://e.org/i)\n{line}"
    )
    assert list(roadmap.topics()) == []
    (section,) = roadmap.walk_sections()
    title, kind = expected
    link = section.links[1]
    # The address up to its first blank: `#:~:text=tools and more` is cut there.
    assert (link.text, link.url.split("#")[0], link.kind) == (title, "https://e.org/a", kind)


def test_a_resource_line_that_lost_its_link_is_neither_topic_nor_resource() -> None:
    roadmap = vaultroad.parse(
        "# Topic\n\n- [@article@Intro](https://e.org/i)\n- [@feed]Explore top posts\n"
    )
    assert list(roadmap.topics()) == []
    (section,) = roadmap.walk_sections()
    assert [link.text for link in section.links] == ["Intro"]
