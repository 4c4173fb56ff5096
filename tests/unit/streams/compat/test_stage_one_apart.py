"""`keep_stage_one_apart`: the member holding stage 2 is given no raw partition while the group
has another member; faust's own `ClientAssignment` objects, as the leader's assignor has them."""

from __future__ import annotations

from faust.assignor.client_assignment import ClientAssignment
from faust.assignor.partition_assignor import PartitionAssignor

from streams.compat.faust import StageOneApartAssignor, keep_stage_one_apart

RAW, ENRICHED, CHANGELOG = "raw", "enriched", "app-stories1-changelog"


def member(raw: list[int], enriched: list[int]) -> ClientAssignment:
    return ClientAssignment(
        actives={RAW: raw, ENRICHED: enriched, CHANGELOG: enriched},
        standbys={RAW: [], ENRICHED: [], CHANGELOG: []},
    )


def raw_of(assignments: dict[str, ClientAssignment]) -> dict[str, list[int]]:
    return {name: sorted(a.actives[RAW]) for name, a in assignments.items()}


def test_the_stage_two_member_gives_its_raw_partitions_to_the_other() -> None:
    assignments = {"a": member([0, 2], [0]), "b": member([1], [])}
    keep_stage_one_apart(assignments, RAW, ENRICHED)
    assert raw_of(assignments) == {"a": [], "b": [0, 1, 2]}
    # Stage 2 and its tables stay where faust put them.
    assert assignments["a"].actives[ENRICHED] == [0]
    assert assignments["a"].actives[CHANGELOG] == [0]


def test_the_partitions_moved_go_to_whoever_holds_fewest() -> None:
    assignments = {"a": member([0, 3], [0]), "b": member([1, 4], []), "c": member([2], [])}
    keep_stage_one_apart(assignments, RAW, ENRICHED)
    assert raw_of(assignments) == {"a": [], "b": [1, 3, 4], "c": [0, 2]}
    assert sum(len(p) for p in raw_of(assignments).values()) == 5  # none lost or doubled


def test_a_lone_worker_keeps_both_stages() -> None:
    assignments = {"a": member([0, 1, 2], [0])}
    keep_stage_one_apart(assignments, RAW, ENRICHED)
    assert raw_of(assignments) == {"a": [0, 1, 2]}


def test_a_member_not_subscribed_to_the_raw_topic_is_given_none_of_it() -> None:
    other = ClientAssignment(actives={"elsewhere": [0]}, standbys={})
    assignments = {"a": member([0, 1, 2], [0]), "b": other}
    keep_stage_one_apart(assignments, RAW, ENRICHED)
    assert raw_of({"a": assignments["a"]}) == {"a": [0, 1, 2]}
    assert RAW not in other.actives


def test_before_stage_two_is_assigned_nothing_moves() -> None:
    assignments = {"a": member([0, 1], []), "b": member([2], [])}
    keep_stage_one_apart(assignments, RAW, ENRICHED)
    assert raw_of(assignments) == {"a": [0, 1], "b": [2]}


def test_the_assignor_overrides_the_step_faust_runs_before_the_changelog_distribution() -> None:
    # If faust renames or drops the hook, the override would silently never run.
    hook = PartitionAssignor._global_table_standby_assignments
    assert StageOneApartAssignor._global_table_standby_assignments is not hook
    assert hook.__code__.co_varnames[:3] == ("self", "assignments", "partitions_by_topic")
    source = PartitionAssignor._perform_assignment.__code__.co_names
    assert "_global_table_standby_assignments" in source
    assert source.index("_global_table_standby_assignments") < source.index(
        "_get_changelog_distribution"
    )
