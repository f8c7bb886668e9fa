"""The demo scheme: the engine accepts it, and the step is idempotent."""

from collections import Counter

from leitai import scoring
from leitai.assessment.models import Adjustment, Indicator, Period, Scheme, Target
from leitai.assessment.scheme.selectors import engine_scheme, scheme_yaml
from leitai.demo import DemoRun, org
from leitai.demo import scheme as demo_scheme


def test_demo_scheme_data_parses_with_the_engine():
    parsed = scoring.parse_dict(demo_scheme.scheme_data())
    assert [a.code for a in parsed.arenas] == ["projects", "advance", "reform", "party"]
    assert [a.weight for a in parsed.arenas] == [30, 30, 20, 20]
    assert len(parsed.indicators) == 40
    assert Counter(i.rule for i in parsed.indicators) == {
        "rank": 10,
        "completion": 8,
        "relative": 8,
        "share": 6,
        "bands": 5,
        "panel": 3,
    }
    # Share indicators measured in % are typed as percentages (71.04 means 71.04%).
    measures = {i["code"]: i["_measure"] for a in demo_scheme.ARENAS for i in a[5]}
    shares = {i.code: i.percent for i in parsed.indicators if i.rule == "share"}
    assert shares == dict.fromkeys(["P09", "R01", "D01", "D02", "D05", "D06"], True)
    assert {measures[code] for code in shares} == {"%"}


def test_demo_step_builds_once(db):
    run = DemoRun()
    org.build(run)
    demo_scheme.build(run)
    scheme = Scheme.objects.get()
    assert (scheme.state, scheme.version) == ("active", 1)
    assert engine_scheme(scheme) == scoring.parse_yaml(scheme_yaml(scheme))
    a01 = scheme.indicators.get(code="A01")
    assert (a01.supplier, a01.assessor.name, a01.groups) == ("assessor", "县统计局", ["G1"])
    assert scheme.indicators.filter(supplier=Indicator.Supplier.OFFICE).count() == 3
    states = dict(Period.objects.values_list("code", "state"))
    codes = ("2022-09", "2022-10", "2022-11", "2022-12", "2022-Q3", "2022-Q4", "2022")
    assert [states[c] for c in codes] == [
        "locked",
        "closed",
        "locked",
        "closed",
        "locked",
        "closed",
        "closed",
    ]
    assert run.created["targets"] == Target.objects.count() == 456
    assert Adjustment.objects.filter(kind="veto", state="approved").count() == 1
    proposed = Adjustment.objects.filter(state="proposed")
    assert sorted(proposed.values_list("period__code", flat=True)) == ["2022-12"] * 3
    again = DemoRun()
    demo_scheme.build(again)
    assert sum(again.created.values()) == 0
    demo_scheme.reset()
    assert Scheme.objects.count() == Period.objects.count() == Target.objects.count() == 0
