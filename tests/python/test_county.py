"""Counties load from JSON; bad files raise ConfigError with the JSON path of the problem."""

import json

import pytest

import fengqiao as fq
from conftest import XIANGYUAN


def test_xiangyuan_loads_with_its_towns_villages_and_bodies(xiangyuan):
    assert xiangyuan.name == "襄垣县"
    tree = xiangyuan.jurisdictions
    assert tree[tree.root].name == "襄垣县"
    assert tree["xiangyuan.houbao"].name == "侯堡镇"
    assert tree["xiangyuan.houbao.dongzhou"].kind is fq.JurisdictionKind.village
    assert len(xiangyuan.roster) > 100
    assert xiangyuan.sources
    assert xiangyuan.describe()


def test_a_county_builds_an_engine_with_its_configured_policies(xiangyuan):
    engine = xiangyuan.engine()
    mediator = "xiangyuan.houbao.dongzhou.mediation"
    case = engine.report(mediator, "xiangyuan.houbao.dongzhou", category="neighbour").case_id
    engine.accept(case, mediator)
    receipt = engine.assign(case, mediator)
    assert receipt.to_state is fq.State.mediating
    assert engine.policy_version(case) == xiangyuan.settings.version
    assert isinstance(xiangyuan.policies().escalation, fq.FengqiaoEscalation)


def test_a_missing_file_is_a_storage_error(tmp_path):
    with pytest.raises(fq.StorageError):
        fq.load_county(tmp_path / "nowhere.json")


def test_a_malformed_value_is_a_config_error_with_its_json_path():
    county = json.loads(XIANGYUAN.read_text(encoding="utf-8"))
    county["jurisdictions"][3]["kind"] = "kingdom"
    with pytest.raises(fq.ConfigError) as caught:
        fq.parse_county(json.dumps(county, ensure_ascii=False), "broken.json")
    assert caught.value.path == "/jurisdictions/3/kind"
    assert "kingdom" in str(caught.value)
    assert caught.value.code is fq.ErrorCode.config_error
    assert isinstance(caught.value, fq.Error)


def test_a_json_syntax_error_is_a_config_error_for_the_whole_document():
    with pytest.raises(fq.ConfigError) as caught:
        fq.parse_county("{ not json", "typo.json")
    assert caught.value.path == ""


def test_a_wrong_argument_type_is_a_type_error():
    with pytest.raises(TypeError):
        fq.load_county(42)


def test_an_engines_roster_and_tree_change_only_through_the_engine(xiangyuan):
    engine = xiangyuan.engine()
    village = xiangyuan.jurisdictions.find("xiangyuan.houbao.dongzhou")
    with pytest.raises(ValueError, match="belongs to an engine"):
        engine.roster.add("新调解员", "peoples_mediator", village, code="new")
    with pytest.raises(ValueError, match="belongs to an engine"):
        engine.jurisdictions.add(village, "grid", "new.grid", "新网格")
    with pytest.raises(ValueError, match="belongs to an engine"):
        engine.jurisdictions.set_population(village, 1)
    added = engine.add_actor("新调解员", "peoples_mediator", village, code="new")
    assert engine.roster.find("new") == added and engine.open_cases_of("new") == 0
    # The county the engine was built from is the caller's own, and stays editable.
    assert xiangyuan.roster.add("另一名调解员", "peoples_mediator", village, code="other") > 0


def test_a_file_that_is_not_utf8_is_a_config_error_not_a_decoding_error(tmp_path):
    path = tmp_path / "county.json"
    path.write_bytes(b'{"format": "fengqiao-county/1", "name": "\xff\xfe", "jurisdictions": [], "actors": []}')
    with pytest.raises(fq.ConfigError, match="county.json: line 1"):
        fq.load_county(path)
