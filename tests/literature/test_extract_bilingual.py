"""Bilingual records (issue 16): an article indexed with its original abstract beside the English one, or printed
by a journal in two languages. Only the English part is read; the other is named for a person. Read before the
thirty-ninth blind set was scored. Each text is the project's own probe; none is a corpus text."""

from imnm.literature.extract import extract_cases

_SPANISH_FIRST = """[Anti-SRP necrotising myopathy in an 11-year-old girl]

Resumen
Presentamos el caso de una niña de 11 años con debilidad muscular proximal de tres meses de evolución y disfagia. La creatina cinasa era de 15.340 UI/l. Los anticuerpos anti-SRP fueron positivos. Recibió inmunoglobulina intravenosa 0,4 g/kg y rituximab 375 mg/m2.
Palabras clave: miopatía necrosante; anti-SRP; niños

Abstract
We present an 11-year-old girl with three months of proximal weakness and dysphagia. Creatine kinase was 15,340 IU/L and anti-SRP antibodies were positive. She received intravenous immunoglobulin 2 g/kg and rituximab 375 mg/m2.
Keywords: necrotising myopathy; anti-SRP; children
"""

#: A PDF's text: the German abstract, the English one and a German body, with no blank line between them.
_GERMAN_BODY = """Zusammenfassung
Wir berichten über ein 12-jähriges Mädchen mit einer nekrotisierenden Myopathie und Anti-HMGCR-Antikörpern. Die CK lag bei 9.800 U/l.
Schlüsselwörter: Myositis; HMGCR; Kinder
Abstract
We report a 12-year-old girl with necrotising myopathy and anti-HMGCR antibodies. Her CK was 9,800 U/L and she was treated with IVIG 2 g/kg.
Keywords: myositis; HMGCR; children
Fallbericht
Das 12-jährige Mädchen stellte sich mit einer seit drei Monaten bestehenden proximalen Schwäche vor. Es wurde mit Methylprednisolon 20 mg/kg und IVIG 1 g/kg behandelt, später mit Rituximab. Nach zwei Jahren war die Patientin in Remission.
"""


def test_the_english_abstract_is_read_and_the_other_language_is_named_not_read():
    [case] = extract_cases(_SPANISH_FIRST)
    record = case.record
    assert (record["sex"], record["age_years"], record["ck_iu_l"]) == ("F", 11, 15340)
    assert record["antibodies"] == {"srp": "positive"} and record["features"] == ["dysphagia"]
    # the Spanish part's "0,4 g/kg" is not read: the dose is the English part's
    assert {c["drug"]: (c["dose"], c["dose_unit"]) for c in record["courses"] if c.get("dose")} == {
        "ivig": (2, "g/kg"), "rituximab": (375, "mg/m2")}
    assert case.language == "en"
    assert [f for f in case.review_flags if "Spanish" in f and "were not read" in f]
    # evidence quotes the English title and abstract, never the Spanish part between them
    spanish = range(_SPANISH_FIRST.index("Resumen"), _SPANISH_FIRST.index("Abstract"))
    assert not [e for spans in case.evidence.values() for e in spans if e.start in spanish]


def test_a_text_mostly_in_another_language_is_read_in_its_english_abstract():
    # the German body is longer than the English abstract: the text as a whole is German, but it has English
    [case] = extract_cases(_GERMAN_BODY)
    record = case.record
    assert (record["sex"], record["age_years"], record["ck_iu_l"]) == ("F", 12, 9800)
    assert record["antibodies"] == {"hmgcr": "positive"}
    # rituximab, the 1 g/kg and the remission are told only in German: not read, and the flag says so
    assert record["treatments"] == ["ivig"] and record["outcome_class"] is None
    assert [f for f in case.review_flags if "German" in f]


def test_an_abstract_in_its_own_script_beside_the_english_one():
    text = ("目的 报告1例儿童抗SRP抗体阳性免疫介导坏死性肌病。方法 患儿女，7岁，四肢近端无力3个月，肌酸激酶12 000 U/L，"
            "抗SRP抗体阳性。给予甲泼尼龙冲击及静脉注射丙种球蛋白治疗。结果 随访1年，肌力恢复正常。\n\n"
            "Objective To report a child with anti-SRP necrotising myopathy. Methods A 7-year-old girl had proximal "
            "weakness for 3 months; creatine kinase was 12 000 U/L and anti-SRP antibody was positive. She was given "
            "methylprednisolone pulses and intravenous immunoglobulin. Results She was followed for 1 year.\n")
    [case] = extract_cases(text)
    assert (case.record["sex"], case.record["age_years"], case.record["follow_up_months"]) == ("F", 7, 12)
    assert case.record["treatments"] == ["glucocorticoids", "ivig"]
    assert [f for f in case.review_flags if "Chinese" in f]


def test_a_text_with_no_english_part_is_still_left_to_a_person():
    [case] = extract_cases("Resumen\nPresentamos el caso de una niña de 3 años, previamente sana, con debilidad "
                           "muscular proximal y una creatina cinasa de 12.000 UI/l. Recibió prednisona y metotrexato.")
    assert case.language == "es" and case.record["sex"] is None and case.record["ck_iu_l"] is None
