"""Steroid-refractoriness flag: computed only from dated values, never guessed."""

from imnm.clinical.refractory import assess_steroid_refractoriness
from imnm.cohort.dataset import load_cohort
from imnm.model import Case, LabResult, TreatmentCourse, Visit


def ck(v):
    return LabResult(analyte="creatine_kinase", value=v, unit="U/L", reference_high=192)


def local_case(visits, treatments):
    return Case(source_kind="local", sex="F", age_years=11, visits=visits, treatments=treatments)


STEROIDS = TreatmentCourse(drug="prednisone", start_month=0)


def test_no_response_after_adequate_course_is_refractory():
    case = local_case(
        [Visit(label="dx", months_from_diagnosis=0, cmas=9, labs=[ck(11000)]),
         Visit(label="m2", months_from_diagnosis=2, cmas=10, labs=[ck(10800)])],
        [STEROIDS, TreatmentCourse(drug="rituximab", start_month=3)],
    )
    a = assess_steroid_refractoriness(case)
    # CMAS +1/52 = 1.9% (<= 2%: lowest band); CK fall 200/11000 = 1.8% (<= 5%: lowest band)
    assert a.status == "refractory" and a.flag is True
    assert a.assessment == "m2, month 2"
    assert a.verified is False


def test_enzyme_fall_counts_as_response():
    case = local_case(
        [Visit(label="dx", months_from_diagnosis=0, cmas=9, labs=[ck(11000)]),
         Visit(label="m2", months_from_diagnosis=2, cmas=9, labs=[ck(5000)])],
        [STEROIDS],
    )
    assert assess_steroid_refractoriness(case).status == "responding"


def test_assessment_too_early_or_after_escalation_is_not_used():
    visits = [Visit(label="dx", months_from_diagnosis=0, cmas=9, labs=[ck(11000)]),
              Visit(label="w2", months_from_diagnosis=0.5, cmas=9, labs=[ck(11000)]),
              Visit(label="m4", months_from_diagnosis=4, cmas=9, labs=[ck(11000)])]
    a = assess_steroid_refractoriness(local_case(visits, [STEROIDS, TreatmentCourse(drug="ivig", start_month=1)]))
    assert a.status == "not_assessable"  # w2 is < 4 weeks, m4 is after IVIG began at month 1


def test_index_case_is_not_assessable_but_documented():
    girl = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    a = assess_steroid_refractoriness(girl)
    assert a.status == "not_assessable" and a.flag is None
    assert "not recorded" in a.reasons[0]
    assert a.documented and a.documented[0].startswith("visit 'steroid-refractory phase'")


def test_calendar_dates_are_placed_on_the_record_s_own_diagnosis_date():
    """Courses and visits dated by calendar only are placed using the diagnosis date the record gives."""
    import datetime as dt

    d0 = dt.date(2025, 3, 1)
    case = local_case(
        [Visit(label="dx", date=d0, months_from_diagnosis=0, cmas=9, labs=[ck(11000)]),
         Visit(label="m2", date=dt.date(2025, 5, 3), cmas=10, labs=[ck(10800)])],
        [TreatmentCourse(drug="prednisone", start=d0), TreatmentCourse(drug="rituximab", start=dt.date(2025, 6, 1))],
    )
    a = assess_steroid_refractoriness(case)
    assert a.status == "refractory", a.reasons
    assert a.assessment.startswith("m2")


def test_calendar_dates_without_a_diagnosis_date_say_so():
    import datetime as dt

    case = local_case(
        [Visit(label="dx", date=dt.date(2025, 3, 1), cmas=9, labs=[ck(11000)])],
        [TreatmentCourse(drug="prednisone", start=dt.date(2025, 3, 1))],
    )
    a = assess_steroid_refractoriness(case)
    assert a.status == "not_assessable"
    assert "diagnosis date" in a.reasons[0]
