"""Mojibake: detection without false alarms, repair of seed 003, unrecoverable runs reported."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad import mojibake_repair
from vaultroad.mojibake_repair import Garble, find_mojibake, repair_mojibake

ROOT = Path(__file__).resolve().parents[1]
SEED_003 = ROOT / "vault" / "Roadmaps" / "Desarrollo Backend con Python y Django.md"
GOLDEN = Path(__file__).resolve().parent / "golden" / "003_repaired_text.md"


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


def test_seed_003_comes_back_as_readable_spanish() -> None:
    repair = repair_mojibake(read(SEED_003))
    assert repair.codec == "johab"
    assert "## ¿Por qué Django con Python?" in repair.text
    assert "código abierto" in repair.text
    assert "librerías" in repair.text
    assert "increíble 😄" in repair.text
    assert repair.repaired == 29
    # An emoji whose last two bytes Johab could not map: only its first two
    # bytes (F0 9F) survive, so which emoji it was is lost. Reported, kept.
    assert repair.unrecovered == (Garble(16, 128, "游", "johab", None),)
    assert repair.text == read(GOLDEN)


def test_repair_is_idempotent_and_keeps_everything_else() -> None:
    original = read(SEED_003)
    repair = repair_mojibake(original)
    again = repair_mojibake(repair.text)
    assert again.text == repair.text and again.repaired == 0
    assert [g.text for g in find_mojibake(repair.text)] == ["游"]
    assert repair.text.count("\n") == original.count("\n")


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("cafÃ©", "café"),
        ("â€œquotesâ€\x9d", "“quotes”"),
        ("espaÃ±ol", "español"),
        ("Â¿QuÃ© tal?", "¿Qué tal?"),
        ("itâ€™s", "it’s"),
        ("naÃ¯ve rÃ©sumÃ©\r\nline two Ã¼ber\r\n", "naïve résumé\r\nline two über\r\n"),
    ],
)
def test_western_code_pages(garbled: str, clean: str) -> None:
    assert find_mojibake(garbled)
    assert repair_mojibake(garbled).text == clean
    assert not find_mojibake(clean)


@pytest.mark.parametrize("codec", ["johab", "cp949"])
@pytest.mark.parametrize(
    "clean",
    # (no `à`, `ò`, `¿`: Johab cannot map their bytes, so they are lost, not garbled)
    ["La configuración de la aplicación es rápida", "Un café très élégant, où est-il"],
)
def test_korean_code_pages(codec: str, clean: str) -> None:
    garbled = clean.encode("utf-8").decode(codec, errors="ignore")
    assert garbled != clean
    repair = repair_mojibake(garbled)
    assert repair.text == clean
    assert repair.codec == codec
    assert not repair.unrecovered


@pytest.mark.parametrize(
    "text",
    [
        "한국어 문장입니다. 칠월에 만나요.",
        "Python 강좌: 변수와 함수",
        "naïve café, jalapeño, Straße, Œuvre",
        "東京 and 大阪 are cities",
        "- [ ✓ ] done\n□ todo ■ done ☐ ☑ ✅ 🚧 ⏭️ → ← ≥ ±",
        "Ã alone, Â alone, and © 2024 — “quotes”",
        "XXX京",  # found by hypothesis: Latin glued to a Hanja is not damage by itself
        "游泳 means swimming",
    ],
)
def test_clean_text_gives_no_finding(text: str) -> None:
    assert find_mojibake(text) == []
    assert repair_mojibake(text).text == text


def test_the_other_seeds_and_the_corpus_give_no_finding() -> None:
    paths = [p for p in sorted((ROOT / "vault" / "Roadmaps").glob("*.md")) if p != SEED_003]
    paths += sorted((ROOT / "tests" / "corpus").rglob("*.md"))
    assert len(paths) > 300
    found = {p.name: find_mojibake(read(p)) for p in paths}
    assert {name: g for name, g in found.items() if g} == {}


latin = st.text(
    alphabet=st.sampled_from(list("abcdeñáéíóúüçàèÀÉÑ¿¡ ,.;:-“”’–—€")), min_size=1, max_size=40
)


@settings(max_examples=100, deadline=None)
@given(latin)
def test_cp1252_garbling_repairs_to_the_original(text: str) -> None:
    # Like Windows' decoder: the five bytes cp1252 leaves undefined pass through.
    garbled = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )
    assert repair_mojibake(garbled).text == text


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("abc XYZ,.éñ한국어문장東京大阪😀✅")), min_size=0, max_size=40
    )
)
def test_clean_random_text_gives_no_finding(text: str) -> None:
    assert find_mojibake(text) == []


if __name__ == "__main__" and "--regen" in sys.argv:
    with GOLDEN.open("w", encoding="utf-8", newline="") as stream:
        stream.write(repair_mojibake(read(SEED_003)).text)
    print(f"wrote {GOLDEN}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aé\u00c1\u00c2\u00c3\u00f4\u00f5\u0080\u00a9\u00bf€™—✓ \n", max_size=12))
def test_the_lead_prefilter_answers_as_the_suspect_pattern(text: str) -> None:
    # `_suspect_western` looks for the pattern's first character before compiling it.
    found = mojibake_repair._SUSPECT_WESTERN.search(text) is not None
    assert mojibake_repair._suspect_western(text) is found
