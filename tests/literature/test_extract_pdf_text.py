"""Case extraction from a whole article copied out of a journal's PDF.

The copy keeps the page: lines broken inside phrases, words split by hyphens, running heads and page numbers
in the middle of a sentence, captions where the figure stood, ligatures and superscript reference numbers.
A reviewer gets the same values from it as from the article's prose, and the evidence still quotes the copy.
"""

from imnm.literature.extract import extract_cases

ONE_GIRL = (
    "Pediatric Neurology Reports 2021; 14: 211–215                                    CASE REPORT\n"
    "\n"
    "Anti-SRP necrotising myopathy in a 12-year-old girl: response to\n"
    "rituximab after failure of conventional therapy\n"
    "Hannah L. Moreau, Tomas Brenner, Aiko Sato\n"
    "Abstract\n"
    "Immune-mediated necrotising myopathy (IMNM) is rare in child-\n"
    "hood.1 We describe a 12-year-old girl with anti-signal recognition\n"
    "particle (SRP) antibodies, a creatine kinase (CK) of 14 230 U/L\n"
    "and dysphagia, who improved on rituximab.\n"
    "Introduction\n"
    "IMNM accounts for a small share of juvenile idiopathic inﬂammatory\n"
    "myopathies.2,3 Most children present with proximal weakness and\n"
    "very high CK; dysphagia and interstitial lung disease are reported in\n"
    "some series.4 Corticosteroids, methotrexate and intravenous im-\n"
    "munoglobulin (IVIG) are the usual first-line drugs.5\n"
    "Case report\n"
    "A previously healthy 12-year-old girl of Moroccan origin was ad-\n"
    "mitted with four months of progressive difficulty climbing stairs\n"
    "and rising from the floor. She had lost weight and reported choking\n"
    "on solid food. There was no skin rash, no arthritis and no Raynaud\n"
    "phenomenon. Examination showed symmetric proximal weakness\n"
    "(MMT8 52/80) and neck flexor weakness. Serum CK was 14 230 U/L\n"
    "Moreau et al.                                                          212\n"
    "(normal <170), aldolase 64 U/L and ALT 210 U/L. Anti-SRP antibodies\n"
    "were positive; anti-HMGCR and anti-Jo1 were negative. High-resolu-\n"
    "tion CT of the chest showed no interstitial lung disease. Thigh MRI\n"
    "revealed diffuse muscle oedema. A biopsy of the vastus lateralis\n"
    "showed scattered necrotic fibres with little inﬂammation.\n"
    "Fig. 1 Axial STIR images of the thighs showing symmetric oedema\n"
    "of the anterior compartment.\n"
    "She was treated with intravenous methylprednisolone (30 mg/kg/day\n"
    "for 3 days), followed by oral prednisone 2 mg/kg/day, methotrexate\n"
    "15 mg/m2 weekly and IVIG 2 g/kg monthly. Because weakness persis-\n"
    "ted after 3 months, rituximab (375 mg/m2 weekly for four doses) was\n"
    "added. At 18 months of follow-up she had normal strength and a nor-\n"
    "mal CK, and she was in remission off steroids.\n"
    "Discussion\n"
    "Kim et al.6 described a 9-year-old boy with anti-SRP myopathy whose\n"
    "CK was 22 000 U/L and who died of cardiac involvement. In a series of\n"
    "14 children, Suzuki et al. reported dysphagia in half.7 Like our patient,\n"
    "most responded to rituximab.8\n"
    "Conclusion\n"
    "Rituximab should be considered early in refractory anti-SRP myopathy.\n"
)

SIBLINGS = (
    "J Paediatr Neuromuscul Dis 2019;7(2):88–93\n"
    "Case Series\n"
    "Two siblings with juvenile dermato-\n"
    "myositis treated with tocilizumab\n"
    "\n"
    "Abstract\n"
    "We report two Turkish siblings with\n"
    "juvenile dermatomyositis (JDM) whose\n"
    "disease did not respond to steroids\n"
    "and methotrexate.\n"
    "\n"
    "Introduction\n"
    "JDM is the most common idiopathic in-\n"
    "flammatory myopathy of childhood, with\n"
    "an incidence of 2–4 per million chil-\n"
    "dren per year.1 Calcinosis develops in\n"
    "up to 30% of patients.2\n"
    "\n"
    "Case 1\n"
    "An 8-year-old boy presented with a he-\n"
    "liotrope rash, Gottron papules and pro-\n"
    "ximal weakness. His creatine kinase was\n"
    "4 820 IU/L and aldolase 31 IU/L. Anti-\n"
    "NXP2 antibodies were positive. Nail-\n"
    "fold capillaroscopy showed dilated\n"
    "loops and drop-out. He had no dyspha-\n"
    "\n"
    "J Paediatr Neuromuscul Dis 2019;7(2):88–93        90\n"
    "\n"
    "gia and no calcinosis. He received\n"
    "methylprednisolone pulses (30 mg/kg),\n"
    "then prednisolone 2 mg/kg/day and\n"
    "methotrexate 15 mg/m2 per week.\n"
    "After 6 months of active disease, tocili-\n"
    "zumab 8 mg/kg every 4 weeks was started.\n"
    "At 2 years he was in clinical remission.\n"
    "\n"
    "Case 2\n"
    "His 11-year-old sister developed rash\n"
    "and weakness one year later; her CK\n"
    "peaked at 2 150 IU/L. Anti-NXP2 was\n"
    "again positive and anti-MDA5 negative.\n"
    "She developed calcinosis of the elbows\n"
    "and knees. She was treated with predni-\n"
    "solone, methotrexate and intravenous im-\n"
    "munoglobulin (2 g/kg monthly), and later\n"
    "tocilizumab. After 18 months she still\n"
    "had mild weakness.\n"
    "\n"
    "Discussion\n"
    "Tocilizumab has been used in refractory\n"
    "JDM in a few reports.3,4 Kim et al.\n"
    "described a 10-year-old girl with cal-\n"
    "cinosis who improved on it.5 In our\n"
    "patients the drug was well tolerated.\n"
)

ONE_BOY = (
    "Rheumatol Case Rep Child 2022; 3: e41\n"
    "\n"
    "Anti-MDA5 dermatomyositis with rapidly progressive lung disease in a 6-year-old\n"
    "\n"
    "Background: Anti-MDA5 antibodies mark a form of juvenile dermatomyositis with skin ulcers and\n"
    "interstitial lung disease [1,2]. Muscle involvement is often mild.[3]\n"
    "    Case presentation: A 6-year-old Japanese boy had fever, arthralgia and a rash on his\n"
    "knuckles for 2 months. Creatine kinase was 412 U/L (reference 60–250) and ferritin was\n"
    "1\u2009280 ng/mL. Anti-MDA5 antibodies were strongly positive. He had no dysphagia. Chest CT\n"
    "showed bilateral ground-glass opacities consistent with interstitial lung\n"
    "\n"
    "4\n"
    "\n"
    "disease. Nailfold capillaroscopy revealed haemorrhages. He was treated with intravenous\n"
    "Fig. 2 Chest CT at admission, showing subpleural consolidation.\n"
    "methylprednisolone (30 mg/kg), cyclophosphamide 500 mg/m² every 2 weeks and tacrolimus.\n"
    "Despite this, his lung disease progressed and he died 3 months after admission.\n"
    "    Discussion: The poor outcome matches the ﬁndings of Kobayashi et al., who reported\n"
    "death in 4 of 12 children.[5] Our patient did not have skin ulcers.\n"
)


def _evidence_quotes(text, cases):
    for case in cases:
        for spans in case.evidence.values():
            for e in spans:
                assert text[e.start:e.end] == e.text


def test_a_phrase_or_word_broken_at_the_line_end_is_read_whole():
    [case] = extract_cases(ONE_GIRL)
    r = case.record
    assert (r["sex"], r["age_years"], r["ethnicity"], r["ck_iu_l"], r["aldolase_iu_l"]) == (
        "F", 12.0, "Moroccan", 14230.0, 64.0)
    assert r["antibodies"] == {"srp": "positive", "hmgcr": "negative", "jo1": "negative"}
    assert r["features"] == ["dysphagia"]
    assert set(r["features_absent"]) == {"cutaneous", "arthritis", "raynaud", "interstitial_lung_disease"}
    assert r["treatments"] == ["glucocorticoids", "methotrexate", "ivig", "rituximab"]
    assert (r["outcome_class"], r["follow_up_months"]) == ("remission", 18.0)
    assert [e.text for e in case.evidence["ethnicity"]] == ["Moroccan"]
    assert "Raynaud\nphenomenon" in [e.text for e in case.evidence["features_absent"]]
    _evidence_quotes(ONE_GIRL, [case])


def test_a_running_head_between_the_halves_of_a_word_is_passed_over():
    first, second = extract_cases(SIBLINGS)
    assert (first.record["case_label"], first.record["sex"], first.record["age_years"]) == ("Case 1", "M", 8.0)
    assert set(first.record["features_absent"]) == {"dysphagia", "calcinosis"}
    assert first.record["ethnicity"] == second.record["ethnicity"] == "Turkish"
    assert (second.record["case_label"], second.record["ck_iu_l"]) == ("Case 2", 2150.0)
    assert second.record["treatments"] == ["glucocorticoids", "methotrexate", "ivig"]
    assert {(c["drug"], c["dose"], c["dose_unit"]) for c in second.record["courses"]} >= {("ivig", 2.0, "g/kg")}
    assert "calcinosis" not in first.record["features"]  # the calcinosis of the published girl
    _evidence_quotes(SIBLINGS, [first, second])


def test_a_page_number_and_a_caption_inside_sentences_are_passed_over():
    [case] = extract_cases(ONE_BOY)
    r = case.record
    assert (r["sex"], r["age_years"], r["ck_iu_l"]) == ("M", 6.0, 412.0)
    assert {"interstitial_lung_disease", "pulmonary"} <= set(r["features"])
    assert r["treatments"] == ["glucocorticoids", "cyclophosphamide", "tacrolimus"]
    assert r["outcome_class"] == "death"
    [ild] = case.evidence["features"][:1]
    assert ild.text == "interstitial lung\n\n4\n\ndisease"  # the page number stays in the quote
    _evidence_quotes(ONE_BOY, [case])
