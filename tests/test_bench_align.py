"""The aligner benchmark reads public real-gold sets as their authors publish them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_align", ROOT / "benchmarks" / "bench_align.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bleualign_eval_folder_documents_and_gold(bench, tmp_path):
    """Documents end at ".EOA"; golddev.py holds one document's beads, goldeval.py a gold per
    article with gold1990map naming document k's article; the gold is read, never run."""
    (tmp_path / "eval1989.de").write_text("Eins .\nZwei .\n.EOA\nDrei .\n", encoding="utf-8")
    (tmp_path / "eval1989.fr").write_text("Un .\nDeux .\n.EOA\nTrois .\nQuatre .\n", encoding="utf-8")
    (tmp_path / "goldeval.py").write_text(
        "# -*- coding: utf-8 -*-\ngold1990map = {0:9,1:3}\n\ngold = {}\n\n"
        "gold[3] = [   ([0], [0, 1]),\n]\ngold[9] = [([0], [0]),\n([1], [1])]\n", encoding="utf-8")
    (tmp_path / "eval1957.de").write_text("A .\nB .\n", encoding="utf-8")
    (tmp_path / "eval1957.fr").write_text("A .\n", encoding="utf-8")
    (tmp_path / "golddev.py").write_text("goldalign = [([0,1],[0]),\n]\n__import__('os').exit(3)\n",
                                         encoding="utf-8")

    test = bench.bleualign_sets(tmp_path, "eval1989", "goldeval.py")
    assert [(name, de, fr) for name, de, fr, _ in test] == [
        ("eval1989-1", ["Eins .", "Zwei ."], ["Un .", "Deux ."]),
        ("eval1989-2", ["Drei ."], ["Trois .", "Quatre ."]),
    ]
    assert test[0][3] == [{"en": [0], "ru": [0]}, {"en": [1], "ru": [1]}]
    assert test[1][3] == [{"en": [0], "ru": [0, 1]}]
    dev = bench.bleualign_sets(tmp_path, "eval1957", "golddev.py")
    assert dev == [("eval1957-1", ["A .", "B ."], ["A ."], [{"en": [0, 1], "ru": [0]}])]


def test_bleualign_set_with_missing_gold_is_refused(bench, tmp_path):
    (tmp_path / "eval1989.de").write_text("Eins .\n.EOA\nZwei .\n", encoding="utf-8")
    (tmp_path / "eval1989.fr").write_text("Un .\n.EOA\nDeux .\n", encoding="utf-8")
    (tmp_path / "goldeval.py").write_text("gold1990map = {0:1}\ngold = {}\ngold[1] = [([0], [0])]\n",
                                          encoding="utf-8")
    with pytest.raises(SystemExit, match=r"2/2 documents, goldeval\.py 1"):
        bench.bleualign_sets(tmp_path, "eval1989", "goldeval.py")
