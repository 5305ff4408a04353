"""An engine on a SQLite file keeps its cases across restarts."""

import pytest

import fengqiao as fq
from conftest import drive_to


def test_an_engine_reopened_on_its_file_recovers_every_case(small, tmp_path):
    path = tmp_path / "county.fqj"
    engine = small.engine(journal=path)
    mediating = drive_to(engine, small, "mediating")
    closed = drive_to(engine, small, "closed")
    before = [engine.case(mediating), engine.case(closed)]
    del engine

    reopened = small.engine(journal=str(path))
    assert [reopened.case(mediating), reopened.case(closed)] == before
    assert isinstance(reopened.journal, fq.SqliteJournal)
    assert len(reopened.history(closed)) == 6
    reopened.hold_session(mediating, small.centre, note="续")
    assert reopened.case(mediating).sessions == 1


def test_a_journal_object_sets_durability_and_attributes(small, tmp_path):
    journal = fq.SqliteJournal(tmp_path / "j.fqj", durability="every_batch")
    assert journal.durability is fq.Durability.every_batch
    journal.set_attribute("county", "测试县")
    engine = small.engine(journal=journal)
    drive_to(engine, small, "accepted")
    journal.checkpoint()
    assert journal.attribute("county") == "测试县"
    assert journal.path.endswith("j.fqj")


def test_verify_journal_reports_an_intact_file(small, tmp_path):
    path = tmp_path / "v.fqj"
    engine = small.engine(journal=path)
    drive_to(engine, small, "closed")
    del engine
    report = fq.verify_journal(path)
    assert report.intact and report.records == 6 and len(report.digest) == 64


def test_a_file_that_is_not_a_journal_is_refused(small, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("家庭纠纷调解记录\n" * 100, encoding="utf-8")
    with pytest.raises((fq.JournalCorrupt, fq.StorageError)):
        small.engine(journal=path)


def test_a_memory_journal_can_be_replayed_into_a_fresh_engine(small):
    engine = small.engine()
    cases = [drive_to(engine, small, s) for s in ["closed", "failed", "referred"]]
    fresh = small.engine()
    fresh.replay(engine.journal)
    assert [fresh.case(c) for c in cases] == [engine.case(c) for c in cases]


def test_a_path_is_a_file_name_in_any_of_pythons_spellings_and_never_a_temporary_database(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = fq.Engine(small.tree, small.roster, journal=b"bytes.db")
    engine.report(small.centre, small.village_a1)
    assert (tmp_path / "bytes.db").exists(), "a bytes path names the file, not its repr"
    del engine
    assert len(fq.SqliteJournal(b"bytes.db")) == 1
    for path in ("", ":memory:"):
        with pytest.raises(fq.InvalidArgument, match="MemoryJournal"):
            fq.SqliteJournal(path)


def test_a_with_block_puts_its_commits_in_the_file(small, tmp_path):
    path = tmp_path / "cases.db"
    with fq.SqliteJournal(path, durability=fq.Durability.on_checkpoint) as journal:
        engine = fq.Engine(small.tree, small.roster, journal=journal)
        engine.report(small.centre, small.village_a1)
        # Another reader sees nothing yet: with on_checkpoint, commits wait for a checkpoint.
        assert not fq.verify_journal(path) or fq.verify_journal(path).records == 0
    assert fq.verify_journal(path).records == 1, "the end of the block checkpointed the journal"


def test_a_county_reads_its_journal_back_with_the_mediators_a_simulation_added(xiangyuan, tmp_path):
    path = tmp_path / "what-if.fqj"
    journal = fq.SqliteJournal(path)
    # What `fengqiao simulate --db` records for a scenario with "extra_mediators".
    journal.set_attribute("extra_mediators", '[["xiangyuan.guhan", 2]]')
    engine = xiangyuan.engine(journal=journal)
    assert len(engine.roster) == len(xiangyuan.roster) + 2
    case = engine.report("xiangyuan.centre", "xiangyuan.guhan", category="neighbour").case_id
    engine.accept(case, "xiangyuan.centre")
    engine.assign(case, "xiangyuan.centre", mediators=["xiangyuan.guhan.extra-1"])
    assert journal.attribute("county").startswith(xiangyuan.name)
    del engine, journal

    back = xiangyuan.engine(journal=str(path))
    team = back.case(case).mediators
    assert [back.roster[m].code for m in team] == ["xiangyuan.guhan.extra-1"]


def test_a_county_refuses_a_journal_written_for_another(xiangyuan, small, tmp_path):
    path = tmp_path / "xiangyuan.fqj"
    engine = xiangyuan.engine(journal=path)
    engine.report("xiangyuan.centre", "xiangyuan.guhan", category="neighbour")
    del engine
    other = fq.parse_county(TINY_COUNTY)
    with pytest.raises(fq.InvalidArgument, match="was written for the county 襄垣县.*not for 小县"):
        other.engine(journal=path)
    assert len(xiangyuan.engine(journal=path).cases_frame()) == 1


TINY_COUNTY = """{
  "format": "fengqiao-county/1", "name": "小县",
  "jurisdictions": [{"code": "x", "name": "小县", "kind": "county"},
                    {"code": "x.t", "name": "小镇", "kind": "town", "parent": "x"}],
  "actors": [{"code": "x.centre", "name": "中心", "role": "county_centre_staff", "jurisdiction": "x"}]
}"""


def test_a_county_engine_that_fails_leaves_a_new_store_unbound(xiangyuan, tmp_path):
    path = tmp_path / "new.fqj"
    with pytest.raises(ValueError, match="clock must be"):
        xiangyuan.engine(journal=path, clock="bogus")
    assert fq.SqliteJournal(path).attribute("county") == ""
    xiangyuan.engine(journal=path)
    assert fq.SqliteJournal(path).attribute("county").startswith(xiangyuan.name)


def test_a_county_reads_a_store_written_without_one_only_with_a_warning(xiangyuan, small, tmp_path):
    path = tmp_path / "bare.fqj"
    engine = fq.Engine(small.tree, small.roster, journal=path)
    engine.report(small.centre, small.village_a1, category="neighbour")
    del engine
    with pytest.warns(UserWarning, match=r"bare\.fqj' records no county .* its ids are read as this county's"):
        back = xiangyuan.engine(journal=path)
    assert len(back.cases_frame()) == 1
    del back
    # A store the county wrote (and so recorded) is read without a word.
    import warnings

    own = tmp_path / "own.fqj"
    xiangyuan.engine(journal=own).report("xiangyuan.centre", "xiangyuan.guhan", category="neighbour")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(xiangyuan.engine(journal=own).cases_frame()) == 1


def test_a_county_reads_its_journal_grown_by_an_actor_added_to_both(xiangyuan, tmp_path):
    path = tmp_path / "grown.fqj"
    engine = xiangyuan.engine(journal=path)
    helper = engine.add_actor("古韩镇帮办", "peoples_mediator", "xiangyuan.guhan", code="xiangyuan.guhan.helper")
    case = engine.report("xiangyuan.centre", "xiangyuan.guhan", category="neighbour").case_id
    engine.accept(case, "xiangyuan.centre")
    engine.assign(case, "xiangyuan.centre", mediators=[helper])
    del engine
    with pytest.raises(fq.JournalCorrupt, match=r"add_actor\(\)"):
        xiangyuan.engine(journal=path)
    # The county file with the mediator appended to its actors reads the journal.
    import json

    from conftest import XIANGYUAN

    doc = json.loads(XIANGYUAN.read_text(encoding="utf-8"))
    doc["actors"].append({"code": "xiangyuan.guhan.helper", "name": "古韩镇帮办", "role": "peoples_mediator",
                          "jurisdiction": "xiangyuan.guhan"})
    grown = fq.parse_county(json.dumps(doc, ensure_ascii=False))
    back = grown.engine(journal=path)
    assert [back.roster[m].code for m in back.case(case).mediators] == ["xiangyuan.guhan.helper"]
