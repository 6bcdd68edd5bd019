"""Tables of patients found in a copied text: rows, columns, wrapped cells, footnotes, own and published rows."""

from imnm.literature.tables import find_tables, render, table_patients

SERIES = """We describe three children with anti-SRP myopathy.

Table 1  Clinical features of the three patients
Patient   Sex   Age at onset (y)   CK (U/L)   Dysphagia   ILD   Treatment                      Outcome
1         F     11                 12 400     +           −     IVMP 30 mg/kg/d, IVIG 2 g/kg   CR
2         M     8                  9 800      −           NA    PDN 2 mg/kg/d, MTX 15 mg/m2
                                                                weekly                         PR
3         F     14                 20 500     +           +     IVMP                           CR
F, female; M, male; CR, complete remission; PR, partial remission; PDN, prednisone; NA, not available.

All three improved.
"""

COLUMNS = """| | Patient 1 | Patient 2 |
|---|---|---|
| Sex | Male | Female |
| Age at onset | 3 y 6 mo | 9 y |
| CK, IU/L | 8 900 | 15 600 |
"""

LITERATURE = """Table 2  Paediatric anti-SRP cases in the literature
Reference            Sex   Age (y)   CK (IU/L)
Kishi et al. [4]     F     9         20 000
Suzuki et al. [5]    M     12        8 000
Present case         M     11        18 400
"""

LABS = "Table 1. Laboratory findings\nTest\tAdmission\tMonth 3\tReference range\nCK (U/L)\t14 230\t1 120\t26–192\n" \
       "Aldolase (U/L)\t48.5\t9.1\t<7.6\n"


def test_a_table_of_patients_is_found_with_its_title_rows_and_footnote():
    (table,) = find_tables(SERIES)
    assert table.title.startswith("Table 1")
    assert SERIES[table.start:].startswith("Table 1")
    assert SERIES[:table.end].endswith("NA, not available.")
    assert [c.text for c in table.rows[0]][:3] == ["Patient", "Sex", "Age at onset (y)"]
    assert len(table.rows) == 4
    assert table.notes["CR"] == "complete remission"


def test_a_cell_wrapped_onto_the_next_line_stays_in_its_row_and_column():
    (table,) = find_tables(SERIES)
    second = [c.text for c in table.rows[2]]
    assert second[6] == "PDN 2 mg/kg/d, MTX 15 mg/m2 weekly"
    assert second[7] == "PR"


def test_every_cell_points_at_its_words_in_the_text():
    (table,) = find_tables(SERIES)
    for row in table.rows:
        for cell in row:
            if cell.text and " " not in cell.text:
                assert SERIES[cell.start:cell.end] == cell.text


def test_rows_are_the_patients_and_items_are_written_as_sentences():
    (table,) = find_tables(SERIES)
    patients = table_patients(table)
    assert [p.number for p in patients] == [1, 2, 3]
    first = render(patients[0], table.notes).text
    assert "The patient was a girl." in first
    assert "Onset was at the age of 11 years." in first
    assert "CK was 12 400 U/L." in first
    assert "The patient had Dysphagia." in first and "The patient had no ILD." in first
    assert "Outcome: complete remission." in first


def test_an_item_not_assessed_is_not_written_as_absent():
    (table,) = find_tables(SERIES)
    second = render(table_patients(table)[1], table.notes).text
    assert "ILD" not in second
    assert "prednisone 2 mg/kg/d" in second  # the footnote's abbreviation spelled out


def test_a_column_for_each_patient():
    (table,) = find_tables(COLUMNS)
    patients = table_patients(table)
    assert [p.label for p in patients] == ["Patient 1", "Patient 2"]
    text = render(patients[0], table.notes).text
    assert "The patient was a boy." in text and "Onset was at the age of 3 years and 6 months." in text
    assert "CK was 8 900 IU/L." in text


def test_rows_of_published_patients_are_not_the_authors():
    (table,) = find_tables(LITERATURE)
    (own,) = table_patients(table)
    assert "18 400" in render(own, table.notes).text


def test_one_patients_laboratory_table_reads_the_first_time_point_not_the_reference_range():
    (table,) = find_tables(LABS)
    (patient,) = table_patients(table)
    text = render(patient, table.notes).text
    assert "CK was 14 230 U/L." in text and "Aldolase was 48.5 U/L." in text
    assert "192" not in text and "1 120" not in text


def test_prose_with_double_spaces_is_no_table():
    text = "A girl  of nine had weakness.  Her CK was high.\nShe  improved  on  steroids and  IVIG.\n"
    assert find_tables(text) == []
