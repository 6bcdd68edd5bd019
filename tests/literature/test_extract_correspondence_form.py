"""Journal correspondence (issue 16): the form of the twenty-seventh blind set, read before its texts were
scored. The probe texts here are the project's own, written from the form alone: a letter to the editor that
sums up the article it answers before it adds the writers' own patient, the writers' opinions and questions,
the authors' reply, and an image piece whose legends hold part of the patient's findings. Only the writers'
own patient is a record; the answered article's patient is another article's."""

from extract_helpers import one_record as _one

OUR_GIRL = ("A 9-year-old girl of Moroccan origin had three months of proximal weakness. Her CK was 9800 U/L and "
            "anti-SRP antibodies were positive. She received prednisolone 2 mg/kg/day and methotrexate.")


def _is_our_girl(record: dict) -> None:
    assert record["sex"] == "F" and record["age_years"] == 9 and record["ck_iu_l"] == 9800
    assert record["ethnicity"] == "Moroccan"
    assert record["antibodies"] == {"srp": "positive"}


def test_the_answered_article_read_with_interest_is_another_articles_patient():
    text = ("Letter to the Editor\n\nTo the Editor:\nWe read with great interest the article by Okafor et al. in a "
            "recent issue, describing a 12-year-old boy with necrotising myopathy, dysphagia and a creatine kinase "
            "of 15 000 U/L. He improved after IVIG. We wish to add a patient of our own.\n\n" + OUR_GIRL)
    record = _one(text)
    _is_our_girl(record)
    assert record["features"] == [] and sorted(record["treatments"]) == ["glucocorticoids", "methotrexate"]


def test_an_article_told_by_its_authors_and_colleagues_or_as_the_authors_is_another_articles():
    for opening in (("In their recent article, Lindqvist and colleagues described three children with dysphagia "
                     "who were treated with IVIG."),
                    "Dear Editor,\nThe authors describe a 12-year-old boy with dysphagia who needed rituximab. He recovered.",
                    ("Sir,\nWe read the report of Lindqvist and co-workers with interest. Their patient, a 12-year-old "
                     "boy, received rituximab.")):
        record = _one(opening + "\n\n" + OUR_GIRL)
        _is_our_girl(record)
        assert record["features"] == [], opening
        assert sorted(record["treatments"]) == ["glucocorticoids", "methotrexate"], opening


def test_the_writers_opinions_and_questions_state_nothing_of_their_patient():
    text = (OUR_GIRL + "\n\nLike Okafor et al., we believe that early rituximab deserves a trial in such children. "
            "We agree with the authors that IVIG works well in anti-SRP myopathy. Did their patient receive "
            "cyclophosphamide? Were anti-HMGCR antibodies sought?")
    record = _one(text)
    _is_our_girl(record)
    assert sorted(record["treatments"]) == ["glucocorticoids", "methotrexate"]
    # the same, with no citation near: an opinion and a question are still nobody's facts
    text = (OUR_GIRL + "\n\nWe believe that early rituximab deserves a trial in such children. Is IVIG the better "
            "first step?\n\nJane Doe, MD\nDepartment of Paediatrics, City Hospital, Madrid, Spain\n")
    record = _one(text)
    _is_our_girl(record)
    assert sorted(record["treatments"]) == ["glucocorticoids", "methotrexate"]


def test_a_comparison_keeps_what_it_says_of_the_writers_patient():
    text = OUR_GIRL + " Unlike the boy described by Okafor and colleagues, our patient never had dysphagia."
    record = _one(text)
    assert record["features"] == [] and record["features_absent"] == ["dysphagia"]
    record = _one(OUR_GIRL + " Like their patient, ours had a heliotrope rash.")
    assert record["features"] == ["cutaneous"]


def test_a_reply_that_gives_only_a_later_ck_on_treatment_gives_no_ck_of_the_illness():
    text = ("In Reply:\nWe thank Dr Doe and colleagues for their interest in our report of a 14-year-old boy. They "
            "ask whether our patient received rituximab. He did not: after IVIG 2 g/kg monthly his CK fell to "
            "180 U/L at 12 months, and he has stayed in remission for 24 months.")
    record = _one(text)
    assert record["sex"] == "M" and record["age_years"] == 14
    assert record["ck_iu_l"] is None
    assert record["treatments"] == ["ivig"] and record["outcome_class"] == "remission"


def test_an_image_piece_reads_its_legends_and_leaves_the_received_line():
    text = ("Images in Paediatrics\n\nNecrotising myopathy with anti-HMGCR antibodies\n\n"
            "A 14-year-old boy had six weeks of difficulty climbing stairs. His CK was 21 000 IU/L and anti-HMGCR "
            "antibodies were positive. He improved with IVIG and prednisolone.\n\n"
            "Figure 1. (A) Axial STIR MRI of the thighs shows oedema of the quadriceps. (B) Muscle biopsy shows "
            "scattered necrotic fibres. (C) A faint heliotrope rash of the eyelids.\n\n"
            "Received 3 March 2021; accepted 5 April 2021.\n")
    record = _one(text)
    assert record["sex"] == "M" and record["age_years"] == 14 and record["ck_iu_l"] == 21000
    assert record["antibodies"] == {"hmgcr": "positive"}
    assert record["features"] == ["cutaneous"]
    assert record["outcome_class"] == "improvement" and record["follow_up_months"] is None
