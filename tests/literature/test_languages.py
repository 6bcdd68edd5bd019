"""Which language each part of a text is in (issue 16): bilingual records are read in their English part only.
Each text is the project's own probe; none is a corpus text."""

from imnm.literature.languages import english_part, language_parts, part_language


def test_a_paragraph_is_named_by_its_own_function_words_or_its_script():
    assert part_language("Presentamos el caso de una niña de 11 años con debilidad proximal y disfagia.") == "es"
    assert part_language("Un garçon de 9 ans a présenté une faiblesse proximale et il a été traité par IVIG.") == "fr"
    assert part_language("Das Mädchen wurde mit Methylprednisolon behandelt und war nach zwei Jahren in Remission.") == "de"
    assert part_language("On üç yaşında kız hasta iki aydır güçsüzlük nedeniyle başvurdu ve bir yıl sonra iyileşti.") == "tr"
    assert part_language("患儿女，7岁，四肢近端无力3个月，肌酸激酶12 000 U/L，抗SRP抗体阳性。") == "zh"
    assert part_language("11歳の女児。近位筋力低下と嚥下障害を認め、CK 15 000 U/Lであった。") == "ja"
    assert part_language("A 7-year-old girl had weakness of the hips and shoulders for two months.") == "en"


def test_what_looks_foreign_in_english_text_is_not_a_foreign_part():
    # a Spanish title cited in an English paragraph, "et al.", "y" for years and "NA" in a table
    cited = ("She was treated as in the report by Ruiz et al. (Miopatía necrosante en un niño de 9 años con "
             "anticuerpos anti-SRP, An Pediatr 2020), with pulses of methylprednisolone and then rituximab, and she "
             "improved over the following months of the year after her diagnosis in the clinic.")
    assert part_language(cited) == "en"
    assert part_language("Patient | Age | CK\n1 | 10 y | NA\n2 | 12 y | NA\n3 | 9 y | NA") is None
    assert part_language("TNF-α and β2-microglobulin were normal; vitamin D 25 μg/L.") != "el"


def test_a_part_too_short_to_tell_takes_the_language_around_it():
    text = ("Resumen\nPresentamos el caso de una niña de 11 años con debilidad y disfagia.\n"
            "Palabras clave: miositis; SRP\n\nAbstract\nWe report an 11-year-old girl with weakness and dysphagia.\n"
            "Keywords: myositis; SRP\n")
    parts = [(p.language, text[p.start:p.end].split()[0]) for p in language_parts(text)]
    assert parts == [("es", "Resumen"), ("en", "Abstract")]


def test_the_english_part_keeps_every_offset_and_counts_what_it_set_aside():
    text = "Resumen: una niña de 8 años con debilidad, que fue tratada con rituximab.\n\nAbstract: an 8-year-old girl."
    english, set_aside = english_part(text)
    assert len(english) == len(text) and english.endswith("Abstract: an 8-year-old girl.")
    assert not english[:60].strip() and set_aside == {"es": text.index("\n")}
    # a text in one language only comes back whole, for its caller to name
    assert english_part("Presentamos el caso de una niña de 3 años con debilidad proximal.") == (
        "Presentamos el caso de una niña de 3 años con debilidad proximal.", {})
