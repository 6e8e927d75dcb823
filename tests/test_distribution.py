"""The distribution lists the tool ships: seed 003's lists, addressees, Member State names."""

from __future__ import annotations

import re
import tomllib

from cica_publish.distribution import MEMBER_STATES, Distribution
from cica_publish.members import is_list_of_states, is_member_state

from conftest import seed


def test_distribution_lists_follow_seed_003() -> None:
    lists = Distribution.load()
    brochure = seed("003").read_text(encoding="utf-8")
    counted = dict(re.findall(r"^(\d+)\n\n(MEMBER STATES|OBSERVER\nORGANIZATIONS|PARTNER\nORGANIZATIONS)",
                              brochure, re.M)[i][::-1] for i in range(3))
    assert len(lists.members(MEMBER_STATES)) == int(counted["MEMBER STATES"]) == 28
    for name, heading, end in (("observer-organizations", "OBSERVER\nORGANIZATIONS", "\n6\n"),
                               ("partner-organizations", "PARTNER\nORGANIZATIONS", "**WHO")):
        part = brochure[brochure.index(heading) + len(heading): brochure.index(end, brochure.index(heading))]
        acronyms = {line.strip() for line in part.splitlines() if line.strip()}
        assert {lists.recipients[k]["en"] for k in lists.members(name)} == acronyms
        assert len(acronyms) == int(counted[heading])
    for key in lists.recipients:  # every recipient has its English and Russian wording
        addressee = lists.addressee(key)
        assert addressee.to["en"] and re.search("[а-я]", addressee.to["ru"])
    azerbaijan = lists.addressee("az")
    assert azerbaijan.to["ru"] == "Министерству иностранных дел Азербайджанской Республики"
    assert azerbaijan.block["en"] == "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF AZERBAIJAN"


def test_observer_states_are_flagged_until_the_secretariat_confirms_them() -> None:
    lists = Distribution.load()
    brochure = seed("003").read_text(encoding="utf-8")
    stated = int(re.search(r"^(\d+)\n\nOBSERVER\nSTATES", brochure, re.M)[1])
    text = lists.path.read_text(encoding="utf-8")
    flagged = text[: text.index("[lists.observer-states]")].rsplit("\n\n", 1)[-1]
    # the seed names none of them: a list that does not have as many says so
    assert len(lists.members("observer-states")) == stated or (
        "CONFIRMED BY THE SECRETARIAT" in flagged and f"counts {stated} observer states" in flagged)
    assert lists.addressee("observer-states").to["ru"] == "государствам-наблюдателям СВМДА"


def test_importers_recognise_the_member_states_of_the_distribution_list() -> None:
    lists = Distribution.load()
    data = tomllib.loads(lists.path.read_text(encoding="utf-8"))
    for key in lists.members(MEMBER_STATES):
        entry = data["recipients"][key]
        for name in (entry["en"], entry["en-official"].removeprefix("the "), *entry.get("en-variants", [])):
            assert is_member_state(name.upper()), name
    assert is_list_of_states("KAZAKHSTAN, THAILAND, TÜRKIYE")
    assert is_list_of_states("Russian Federation, Turkey, Vietnam\nRussia (2022–2023)")
    assert not is_member_state("Japan")  # an observer state, not a member
    assert not is_list_of_states("SENIOR OFFICIALS COMMITTEE (SOC)")
