"""The shipped cohort traced to its sources: identifiers, what of each original was read, which fields
were checked, every difference flagged with the original's value, and each patient counted once."""

import re

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from imnm.cohort.dataset import cohort_version, load_cohort, parse_dataset
from imnm.cohort.statistics import summarise
from imnm.cohort.table1 import build_table1
from imnm.model import Provenance
from imnm.report.text import case_text

#: Keys a check may name: a top-level value, or one lab, antibody, feature or drug of the record.
CHECK_KEY = re.compile(r"^(sex|age_years|age_at_presentation_years|ethnicity|weight_kg|body_surface_area_m2|"
                       r"presentation|outcome|features|n_cases|(labs|antibodies|features|treatments)\.[a-z0-9_]+)$")


@pytest.fixture(scope="module")
def cohort():
    return {c.id: c for c in load_cohort()}


def test_a_check_that_names_no_source_is_refused():
    with pytest.raises(ValidationError, match="sources_read"):
        Provenance(source="letter", checked_fields={"sex": "agrees"})
    with pytest.raises(ValidationError, match="sources_read"):
        Provenance(source="letter", verified_against_original=True)


def test_every_shipped_check_names_what_was_read(cohort):
    checked = [c for c in cohort.values() if c.provenance.checked_fields]
    assert len(checked) >= 12
    for case in checked:
        assert case.provenance.sources_read, case.id
        assert all(CHECK_KEY.match(k) for k in case.provenance.checked_fields), case.id
        # nothing in the shipped cohort was checked field for field against its original
        assert case.provenance.verified_against_original is False


def test_every_difference_carries_the_originals_value(cohort):
    for case in cohort.values():
        for key, result in case.provenance.checked_fields.items():
            if result == "differs":
                flags = [f for f in case.review_flags if f.field == key]
                assert flags and flags[0].alternative, (case.id, key)


def test_every_article_is_linked_or_says_why_not(cohort):
    for case in cohort.values():
        c = case.citation
        if c.identification == "not_found" or not (c.doi or c.pmid):
            assert any(f.field == "citation" and f.kind == "unverified" for f in case.review_flags), case.id
        assert c.identification in ("confirmed", "probable", "not_found"), case.id


@pytest.mark.parametrize("case_id, pmid, doi", [
    ("suzuki-2011-1", "21763952", "10.1016/j.pediatrneurol.2011.04.009"),
    ("rider-2013", "23877355", "10.1097/MD.0b013e31829d08f9"),
    ("suzuki-2015", "25963141", "10.1186/s13023-015-0277-y"),
    ("binns-2017-2", "29089059", "10.1186/s12969-017-0205-x"),
    ("takada-2009", "19089533", None),
    ("yi-2021", None, "10.19723/j.issn.1671-167X.2021.06.031"),
    ("toledo-del-castillo-2024", None, "10.1016/j.anpedi.2024.02.008"),
])
def test_identified_articles_carry_their_identifiers(cohort, case_id, pmid, doi):
    assert (cohort[case_id].citation.pmid, cohort[case_id].citation.doi) == (pmid, doi)


def test_misspelt_names_are_kept_as_printed_and_flagged(cohort):
    for case_id, printed, other in (("monomura-2014", "Monomura", "Momomura"), ("zao-2017-1", "Zao", "Zhao")):
        c = cohort[case_id]
        assert c.citation.first_author == printed
        (flag,) = [f for f in c.review_flags if f.field == "citation.first_author"]
        assert (flag.kind, flag.source_value, flag.alternative) == ("typo", printed, other)


def test_binns_case_1_keeps_the_letters_drugs_and_flags_the_originals(cohort):
    c = cohort["binns-2017-1"]
    assert "cyclophosphamide" not in [d.value for d in c.drugs]  # the letter's value stays
    assert c.provenance.checked_fields["treatments.cyclophosphamide"] == "differs"
    assert cohort["binns-2017-2"].provenance.checked_fields["treatments.cyclophosphamide"] == "agrees"


SAME_PATIENT = """
cohort_version: t
cases:
  - {id: first-report, source_kind: literature, citation: {first_author: A, year: 2012}, sex: F,
     age_years: 15, outcome: {outcome_class: improvement}}
  - {id: follow-up-report, source_kind: literature, citation: {first_author: B, year: 2014}, sex: F,
     age_years: 15, outcome: {outcome_class: marked_improvement},
     provenance: {source: B 2014, same_patient_as: first-report, sources_read: [{part: abstract, where: x}],
                  checked_fields: {sex: agrees}}}
"""


def test_the_same_patient_is_counted_once_unless_counting_as_published():
    _, cases = parse_dataset(SAME_PATIENT)
    once, published = summarise(cases), summarise(cases, as_published=True)
    assert (once.n_patients, published.n_patients) == (1, 2)
    assert once.checks["same_patient_left_out"] == ["follow-up-report"]
    assert published.checks["same_patient_left_out"] == []


def test_the_same_patient_is_counted_once_in_sql_too(database_url):
    from imnm.cohort.statistics import summarise_counts
    from imnm.store import open_registry
    from imnm.store.cases import add_cases, list_cases
    from imnm.store.queries import cohort_counts

    reg = open_registry(database_url)
    try:
        add_cases(reg, parse_dataset(SAME_PATIENT)[1], actor="test")
        for as_published in (False, True):
            from_sql = summarise_counts(cohort_counts(reg, as_published=as_published)).as_dict()
            assert from_sql == summarise(list_cases(reg), as_published=as_published).as_dict()
        assert summarise_counts(cohort_counts(reg)).n_patients == 40 + 1  # the shipped 40, the local patient once
        assert summarise_counts(cohort_counts(reg, as_published=True)).n_patients == 40 + 2
    finally:
        reg.dispose()


def test_table1_still_holds_the_letters_40(cohort):
    cases = list(cohort.values())
    assert summarise(cases, as_published=True).n_patients == 40
    assert summarise(cases).n_patients == 40 - sum(c.n_cases for c in cases if c.provenance.same_patient_as)


def test_summary_states_how_many_fields_were_checked(cohort):
    checks = summarise(list(cohort.values())).checks
    assert checks["fields_checked"] == checks["fields_agree"] + checks["fields_differ"] > 40
    assert checks["fields_differ"] >= 4


def test_case_show_marks_checked_differing_and_letter_only_values(cohort):
    text = case_text(cohort["binns-2017-1"])
    assert "methotrexate [checked: agrees]" in text
    assert "cyclophosphamide" in text and "[checked: differs" in text
    assert "lab: creatine_kinase 23111 IU/L [from the letter only]" in text


def test_table1_marks_cells_checked_against_the_original(cohort):
    table = build_table1(list(cohort.values()))
    rows = {c.id: row for c, row in zip(cohort.values(), table.rows)}
    assert rows["suzuki-2011-1"][0].endswith("{\u2713 case, labs, symptoms, outcome}")  # every check agrees
    assert rows["binns-2017-1"][0].endswith("{\u2713 symptoms, outcome; \u2260 treatment}")  # a drug the letter omits
    assert "\u2713" not in rows["kawabata-2012"][0] and "\u2260" not in rows["kawabata-2012"][0]  # letter only
    assert "\u2713" in table.legend and "\u2260" in table.legend and "letter only" in table.legend


def test_cli_summary_states_checks_and_counts_as_published():
    from imnm.cli import app

    result = CliRunner().invoke(app, ["cohort", "summary", "--shipped", "--as-published"])
    assert result.exit_code == 0, result.output
    assert "Patients: 40" in result.output
    assert re.search(r"Checked against the original articles: \d+ fields in \d+ records", result.output)


def test_cohort_version_bumped_so_registries_reseed():
    assert cohort_version() == "2024-seed-table1-v5"


def test_checked_fields_add_up_to_what_docs_cohort_md_states(cohort):
    """docs/cohort.md gives these numbers; a new check against an original must update both."""
    checks = summarise(list(cohort.values())).checks
    assert (checks["records_checked"], checks["fields_checked"], checks["fields_agree"],
            checks["fields_differ"]) == (15, 79, 74, 5)


def test_linked_and_unlinked_articles_are_counted(cohort):
    ids = {}
    for case in cohort.values():
        ids.setdefault(case.citation.identification, set()).add(case.citation.article)
    assert len(ids["confirmed"]) == 7  # Rouster-Stevens, Suzuki 2011/2015, Rider 2013, Binns, Yi, the letter
    assert ids["probable"] == {"Rider et al, 1994", "Takada et al, 2009", "Luca et al, 2012",
                               "Della Marina et al, 2021"}
    assert len(ids["not_found"]) == 6  # Suzuki 2008, Kawabata, Monomura, Kobayashi, Zao, Kishi


def test_an_identified_article_names_what_was_read(cohort):
    for case in cohort.values():
        if case.citation.identification in ("confirmed", "probable"):
            assert case.provenance.sources_read, case.id


def test_luca_keeps_the_letters_ck_and_flags_the_originals(cohort):
    c = cohort["luca-2012"]
    assert [lab.value for lab in c.labs if lab.analyte == "creatine_kinase"] == [8825]
    assert c.provenance.checked_fields["labs.creatine_kinase"] == "differs"
    (flag,) = [f for f in c.review_flags if f.field == "labs.creatine_kinase"]
    assert (flag.source_value, flag.alternative.split()[0]) == ("8825", "8826")


def test_takada_abstract_read_without_finding_the_girl(cohort):
    c = cohort["takada-2009"]
    assert [s.part for s in c.provenance.sources_read] == ["reference_list", "abstract"]
    assert c.provenance.checked_fields == {"antibodies.srp": "agrees"}
    assert c.citation.identification == "probable"
