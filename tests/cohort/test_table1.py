"""Table 1 regenerated from the records reads like the seed's."""

from imnm.cohort.dataset import load_cohort
from imnm.cohort.table1 import COLUMNS, build_table1


def test_table_has_the_seed_columns_and_one_row_per_record():
    table = build_table1(load_cohort())
    frame = table.to_frame()
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 24


def test_rows_read_like_the_seed():
    rows = {r[1] + "|" + r[3]: r for r in build_table1(load_cohort()).rows}
    rs3 = rows["Female, 11 years, African American|CK 33 000 IU/L"]
    # third case of the article: the article's name is on its first row; this row keeps only its note and
    # check marks
    assert "Rouster-Stevens" not in rs3[0] and rs3[0].startswith("(cont.)")
    assert rs3[5] == ("Steroid therapy; Methotrexate; Mycophenolate; Ciclosporin; Infliximab; "
                      "Azathioprine; IVIG (1 g/kg)")
    assert rs3[6] == "Mild mobility impairment [mild_impairment]"
    rider = rows["4 female, 2 male, 11.6-16.1 years|CK 9 111-22 857 IU/L"]
    assert rider[0].startswith("Rider et al, 2013 (6 cases)")


def test_every_review_flag_becomes_a_numbered_note():
    cases = load_cohort()
    table = build_table1(cases)
    assert len(table.notes) == sum(len(c.review_flags) for c in cases)
    assert any("suzuki-2015: inconsistency" in n for n in table.notes)
    suzuki = next(r for r in table.rows if r[0].startswith("Suzuki et al, 2015"))
    assert suzuki[0].endswith("]")
