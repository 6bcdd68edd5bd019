"""The rules behind :func:`imnm.literature.extract.extract_cases`: spaCy for sentences and term matching,
a ConText-style negation rule set, patterns for ages, lab values and doses.

medspaCy's ConText could not be used: on Python 3.11 medspaCy 1.3 requires spaCy < 3.8, which needs
numpy < 2, and the project pins numpy 2. So this module implements ConText's algorithm (Chapman et al.,
J Biomed Inform 2007;40:736-742) on spaCy's blank English pipeline: forward and backward cues from
``data/extraction_lexicon.yaml`` negate targets in their sentence up to a termination cue or
``_SCOPE`` tokens. Nothing is downloaded; ``spacy.blank("en")`` needs no model.

Precision first: a value is read only from an explicit pattern (a number needs its unit, an antibody its
result, a feature its name); anything else stays empty. Sentences about the literature or a group
(percentages, "median", "previously reported") are not read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from itertools import pairwise, product, takewhile

import yaml

from imnm.literature.extract import Evidence, ExtractedCase, flag
from imnm.literature.extract_tables import with_tables
from imnm.literature.languages import detect_language, english_part
from imnm.literature.layout import BANNERS, Prose, as_prose
from imnm.literature.regex_gate import Gated, LiteralGate
from imnm.literature.tables import CITATION, find_tables, patient_number
from imnm.model.limits import to_reference_unit
from imnm.model.vocabulary import DRUG_SYNONYMS, FEATURE_IMPLIES, Feature, normalise_drug

_SCOPE = 8  # tokens a negation cue reaches (NegEx/ConText use a short window; medspaCy the sentence)


@cache
def lexicon() -> dict:
    text = resources.files("imnm.literature").joinpath("data/extraction_lexicon.yaml").read_text("utf-8")
    return yaml.safe_load(text)


# --- patterns --------------------------------------------------------------------------------------------

_NUMWORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" \
           r"sixteen|seventeen|eighteen|nineteen|twenty)"
_N = rf"(?:(?:\d{{1,2}}(?:[.,]\d)?|{_NUMWORD})(?: and a half|-and-a-half|½)?)"
#: A letter's or a form's age field, up to its value: "Age: ", "Age at diagnosis: ".
_AGE_FIELD = r"(?<![\w-])age(?: at (?:diagnosis|presentation|admission|referral))?\s*:\s*"
_AGE_PATTERNS = [
    # 2-year 8-month-old / 4 years and 6 months old / aged 4 years and 6 months
    re.compile(rf"\b(?P<y>{_N})[- ]years?[- ,]+(?:and[- ])?(?P<m>{_N})[- ]months?[- ]old\b", re.IGNORECASE),
    re.compile(rf"\baged? (?P<y>{_N}) (?:years?|yrs?)(?:,?(?: and)? (?P<m>{_N}) (?:months?|mos?|mths?))?(?! ago)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<y>{_N}) (?:years?|yrs?)(?:,?(?: and)? (?P<m>{_N}) (?:months?|mos?|mths?))? of age\b", re.IGNORECASE),
    re.compile(rf"\b(?P<y>{_N})[- ]?(?:years?|yrs?)[- ]old\b", re.IGNORECASE),
    re.compile(rf"\b(?P<m>{_N})[- ]months?[- ]old\b", re.IGNORECASE),
    re.compile(rf"\baged? (?P<m>{_N}) months\b", re.IGNORECASE),
    # "a girl aged 8 had ...", "the younger girl, aged 4,", "a boy now aged 17", "patient 2, aged 12,": no unit
    # written after the patient noun, so years
    re.compile(rf"\b(?:girl|boy|schoolgirl|schoolboy|child|patient|adolescent|teenager|daughter|son|brother|sister|"
               rf"sibling|twin|infant|toddler|(?:patient|case) \d{{1,2}}),? (?:now |currently )?"
               rf"aged (?P<y>{_N})\b"
               r"(?![.,]\d|\s*(?:months?|weeks?|days?|years?|yrs?)\b|-)", re.IGNORECASE),
    # a table's line: "Patient 1: girl, 7 years, CK 4 500 U/L"
    re.compile(rf"\b(?:girl|boy|female|male),\s+(?P<y>{_N}) (?:years?|yrs?)(?:,?(?: and)? (?P<m>{_N}) (?:months?|mos?))?"
               # (not "female, 1 years of proximal weakness": how long the illness had lasted)
               r"(?! (?:ago|before|earlier|later|after|of (?!age\b)\w+|history)\b)\b", re.IGNORECASE),
    # the minutes' item line: "Patient 1 (Centre A), 13 y - anti-NXP2 JDM" (the shorthand spelled out)
    re.compile(rf"\b(?:patient|case)\s+(?:\d{{1,2}}|[A-D])\b(?:\s*\([^()\n]{{1,30}}\))?,\s*(?P<y>{_N}) (?:years?|yrs?)"
               r"(?=[ \t]*(?:[-–—,;(]|\n|$))", re.IGNORECASE),
    # "a girl of 3.4 years", "a boy of 2 years and 5 months"
    re.compile(rf"\b(?:girl|boy|child|patient|adolescent|teenager|daughter|son|infant|toddler) of (?P<y>{_N}) "
               rf"(?:years?|yrs?)(?:,?(?: and)? (?P<m>{_N}) (?:months?|mos?|mths?))?(?! (?:ago|before|earlier|later)\b)\b", re.IGNORECASE),
    # "a boy of 14" (no unit written: years)
    re.compile(rf"\b(?:girl|boy|child|adolescent|teenager|daughter|son) of (?P<y>{_N})\b"
               r"(?![.,]\d|\s*(?:months?|weeks?|days?|years?|yrs?|kg|cm|mm|%|siblings|children|brothers|sisters)\b|-)",
               re.IGNORECASE),
    # "an infant of 13 months"
    re.compile(rf"\b(?:girl|boy|child|patient|daughter|son|infant|toddler) of (?P<m>{_N}) months?"
               r"(?! (?:ago|before|earlier|later)\b)\b", re.IGNORECASE),
    # a parent's "our daughter, who was four at the time," (no unit: years)
    re.compile(rf"\b(?:daughter|son|girl|boy|child),? who was (?:only |just |barely )?(?P<y>{_N})(?: years? old)?,? "
               r"at the time\b", re.IGNORECASE),
    # a letter's or a form's field: "Age: 9 years", "Age: 7 y 6 m", "Age at diagnosis: 11", "Age: 18 months"
    re.compile(rf"{_AGE_FIELD}(?P<m>{_N})\s*(?:months?|mos?|mths?)"
               r"(?![\w/-]|[.,]\d)", re.IGNORECASE),
    re.compile(rf"{_AGE_FIELD}(?P<y>{_N})(?!\d)\s*"
               rf"(?:years?|yrs?|y)?(?:,?\s*(?:and\s+)?(?P<m>{_N})\s*(?:months?|mos?|mths?|m))?"
               r"(?![\w/-]|[.,]\d|\s*(?:weeks?|days?|wks?|months?|mos?|mths?)\b)", re.IGNORECASE),
]
#: The age at diagnosis ("diagnosed with juvenile DM aged 11", "diagnosed at the age of 9"): the age the report
#: gives for the disease when it tells no onset.
#: ("had the diagnosis of JDM at the age of 3 years", as authors writing English as a second language put it)
_DIAGNOSED_AT_AGE = re.compile(rf"\b(?:diagnosed\b(?: (?:with|as (?:having )?)[^.;,]{{1,50}}?)?|(?:had|received|was given) "
                               rf"the diagnosis of [^.;,]{{1,50}}?),? (?:at (?:the )?age (?:of )?|aged? |"
                               # "a girl diagnosed at 3.4 years", said of the patient (not "a JIA, diagnosed at 8 years
                               # old", another illness), with its unit ("diagnosed at 3 months" is no age)
                               r"(?:(?<=girl diagnosed )|(?<=boy diagnosed )|(?<=patient diagnosed )|(?<=child diagnosed ))"
                               rf"at (?={_N} (?:years?|yrs?)\b(?! old)))"
                               rf"(?P<y>{_N})(?: years?)?\b(?![.,]\d| ?(?:months?|weeks?|-))", re.IGNORECASE)
#: "established when she was 3", "diagnosed when he was 7": the age at diagnosis told with "when".
_DIAGNOSED_WHEN = re.compile(rf"\b(?:diagnosed|established|confirmed|made)\b[^.;]{{0,40}}?\bwhen (?:she|he|the "
                             rf"(?:girl|boy|child)) was (?P<y>{_N})(?: years?(?: old| of age)?)?\b"
                             r"(?![.,]\d| ?(?:months?|weeks?|-))", re.IGNORECASE)
#: ("with debut of the disease at 6,1 years": the debut is the onset, and the comma a decimal one, as authors
#: writing English as a second language put it)
_ONSET = re.compile(rf"\b(?:(?:onset|debut)(?: of (?:the |her |his )?(?:disease|illness|JDM|myositis|symptoms))? (?:at|from) "
                    rf"(?:the )?(?:age (?:of )?)?|onset,? (?:aged? )?)(?P<y>{_N})"
                    rf"(?:(?: years?)?(?! ?(?:months?|weeks?|days?|mg|g|kg|%|-))\b)"
                    rf"(?=[^.]{{0,20}}\b(?:developed|presented|began|started|onset)\b|[^.]{{0,3}}$|\b)", re.IGNORECASE)
#: Onset told as a time in the course: "developed weakness at the age of 12", "at age 13, walking became
#: difficult". A relapse ("at 15 the weakness returned") names no onset verb and is not read.
_ONSET_VERB = (r"(?:developed|began|begun|started|appeared|noticed|became (?:difficult|weak|hard)|first (?:had|noticed)|"
               # a quiz's vignette in the present tense: "weakness of the hip girdle begins at the age of 8 years"
               r"begins|starts|"
               # "presented at 4 years with proximal weakness": the first presentation stands for the onset
               r"presented|"
               # "the disease debuted at 8 years old", as authors writing English as a second language say it
               r"debuted|"
               # "first evaluated at 5 years of age (for an abnormal gait)": the first contact stands for the onset
               r"first (?:evaluated|assessed|examined|seen)|fell ill|(?:first )?bec[oa]me ill|"
               # "was referred at the age of eight years (with weakness)": the referral stands for it too
               r"(?:first )?referred|"
               # "had her first symptoms at 2 yr 9 mo"
               r"(?:had |with )?(?:her |his |the )?first symptoms)")
_ONSET_VERB_RE = re.compile(rf"\b{_ONSET_VERB}\b", re.IGNORECASE)
_ONSET_AT_AGE = [
    # "symptoms from age 7", "weak since the age of 4" (no unit: years)
    re.compile(rf"\b(?:weak\w*|symptoms?|sx|problems|complaints|falls|rash)\b[^.;]{{0,30}}?\b(?:from|since) (?:the )?age "
               rf"(?:of )?(?P<y>{_N})\b(?![.,]\d| ?(?:months?|weeks?)\b|-)", re.IGNORECASE),
    # "has had juvenile dermatomyositis since the age of 11 years"
    re.compile(rf"\b(?:has|have) had (?:juvenile )?(?:dermatomyositis|polymyositis|myositis|JDM|JPM|IMNM|the disease)\b"
               rf"[^.;]{{0,20}}?\bsince (?:the )?age (?:of )?(?P<y>{_N})\b(?![.,]\d| ?(?:months?|weeks?)\b|-)", re.IGNORECASE),
    re.compile(rf"\b{_ONSET_VERB}\b[^.;]{{0,80}}?\bat (?:the )?age (?:of )?(?P<y>{_N})(?! ?(?:months?|-))\b",
               re.IGNORECASE),
    # (not "at the age of five and a half, 21 hours after an IVIG infusion began": a treatment's start)
    # ("by the age of 3 she had developed weakness"; not "by the age of 16 she had full strength", a time in the course)
    re.compile(rf"\b(?:at|by) (?:(?:the )?age (?:of )?(?P<y>{_N})\b|(?P<y2>{_N}) (?:years?|yrs?) of age\b),?"
               rf"(?:(?!\b(?:infusions?|treatment|therapy|courses?|doses?)\b)[^.;]){{0,60}}?\b{_ONSET_VERB}\b", re.IGNORECASE),
    # "developed weakness at about 5 years", "began at 9 years of age": an age with its unit, after the onset verb
    re.compile(rf"\b{_ONSET_VERB}\b[^.;]{{0,60}}?\bat (?:about |around |approximately |roughly )?(?P<y>{_N}) (?:years?|yrs?)"
               r"(?! (?:ago|later|after|before|earlier|of (?:follow|treatment|therapy|disease))\b)\b", re.IGNORECASE),
    # "his muscle disease dated back to the age of 2 years", "symptoms going back to age 4"
    re.compile(rf"\b(?:illness|disease|symptoms?|weakness|rash|problems?|complaints?|myositis|myopathy)\s+"
               rf"(?:had\s+)?(?:dat(?:ed|es|ing)|went|goes|going)\s+back\s+to\s+(?:the\s+)?age\s+(?:of\s+)?(?P<y>{_N})"
               r"(?![.,]\d| ?(?:months?|weeks?|-))", re.IGNORECASE),
    # the age told by the family as the time it began: "my son was nine when he started to struggle on the
    # stairs", "I was 14 when my legs started to feel heavy", "she was only six when it started"
    re.compile(rf"\b(?:she|he|I|(?:my|our) (?:(?:little|eldest|youngest|older|younger|only) )?(?:daughter|son|girl|boy|"
               rf"child)|the (?:girl|boy|child)) was (?:only |just |barely |about )?(?P<y>{_N})(?: years? old)?,? when\b"
               r"(?=[^.;]{0,60}?\b(?:start\w*|beg[au]n|first|notic\w*|got|became|developed|could(?:n['’]t| not| no longer)|"
               r"fell|falling|kept|stopped|struggl\w*)\b)", re.IGNORECASE),
    # "whose illness began when she was 11"
    # ("proximal myopathy with muscle weakness and fever began when he was 2 years old": the words between)
    # ("whose JDM began when she was 11")
    re.compile(rf"\b(?:illness|disease|symptoms?|weakness|rash|problems?|troubles?|complaints?|myositis|myopathy|fever|"
               rf"JDM|JPM|IMNM|(?:dermato|poly)myositis)\b"
               rf"(?:[^.;]{{0,40}}?\b(?:weakness|rash|fever|pain|symptoms))?\s+(?:had\s+)?(?:first\s+)?"
               rf"(?:began|begun|started|appeared|developed)\s+when (?:she|he) was (?P<y>{_N})\b"
               r"(?![.,]\d| ?(?:months?|weeks?|-))", re.IGNORECASE),
]
#: An age in years and months or in months: "8 years 6 months", "11 months".
_AGE_YM = (rf"(?:(?P<y>{_N})[- ](?:years?|yrs?)(?:,?[- ](?:and[- ])?(?P<m>{_N})[- ](?:months?|mos?|mths?))?|(?P<mo>{_N})[- ]months?)"
           r"(?:\s+of\s+age)?")
#: Onset with its age in years and months: "symptoms began at 9 months", "disease began at 8 years 6 months",
#: "well until 9 months of age, when her mother noticed a rash".
_ONSET_YM = [
    # "onset at 8 years 6 months" ("onset @ 8 y 6 mo" in a note): the onset in years and months (a whole number
    # of years is read by _ONSET)
    re.compile(rf"\bonset,?\s+(?:at|from)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?(?P<y>{_N})[- ](?:years?|yrs?),?[- ](?:and[- ])?"
               rf"(?P<m>{_N})[- ](?:months?|mos?|mths?)(?P<mo>(?!))?", re.IGNORECASE),
    re.compile(rf"\b{_ONSET_VERB}\s+(?:at|from)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?{_AGE_YM}", re.IGNORECASE),
    # "the age at onset was 8 years and 6 months", "the onset age was 4 years and 2 months", "age of onset: 9 years"
    # (a form's "Age at symptom onset: 9 years", "Age at onset of weakness: 6 years", "Age at first symptoms: 4 years")
    re.compile(rf"\b(?:onset age|age (?:(?:at|of) (?:the )?)?(?:(?:disease|symptom|clinical|first) )?onset"
               rf"(?: of (?:symptoms?|weakness|disease|illness|myositis))?|age at (?:the )?first symptoms?)"
               rf"\s*(?:was|of|:|,)?\s*{_AGE_YM}", re.IGNORECASE),
    # "Onset in this girl was at 11 years and 7 months"
    re.compile(rf"\bonset\s+(?:(?:in|of)\s+(?:this|the|her|his|our)\s+\w+\s+)?(?:was|occurred)\s+(?:at|from)\s+"
               rf"(?:the\s+)?(?:age\s+(?:of\s+)?)?{_AGE_YM}", re.IGNORECASE),
    re.compile(rf"\buntil\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?{_AGE_YM},?\s+when\b[^.;]{{0,80}}?\b{_ONSET_VERB}",
               re.IGNORECASE),
    # "hypotonic and progressively weak from 3 months of age", "symptoms since the age of 4 years": a symptom
    # that has lasted since an age (a treatment "since the age of 5" names no symptom and is not read)
    re.compile(rf"\b(?:weak\w*|hypoton\w*|floppy|symptom\w*|rash\w*|pain\w*|myalgias?|fatigu\w*)\b[^.;]{{0,30}}?"
               rf"\b(?:from|since)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?{_AGE_YM}", re.IGNORECASE),
]
#: ("woman" and "man" in lower case only: "Oi Man Chan" in an authors' line is a name)
_SEX_NOUN = re.compile(r"\b(girl|boy|schoolgirl|schoolboy|daughter|son|(?-i:woman|man))s?\b", re.IGNORECASE)
_SEX_QUALIFIED = re.compile(
    r"(?:\bold |\b(?:a|an|the) (?:young |adolescent |previously healthy |healthy )?)(?:[\w-]+ ){0,2}?"
    r"(female|male|woman|man|sister|brother|sisters|brothers)\b", re.IGNORECASE)
#: The sex stated as a word of its own, as authors writing English as a second language put it: "Male of 12
#: years old", "Female, 7 years", "a patient of female sex".
_SEX_STATED = re.compile(r"(?:^\W*|\b(?:patient|child|adolescent|infant|teenager) of )(female|male)\b"
                         r"(?= (?:sex|gender)\b|,? (?:(?:patient|child|adolescent|infant|teenager) )?(?:of |aged )?\d)",
                         re.IGNORECASE)
#: The sex as the first word after a numbered patient: "Patient 1: female. Anti-Mi-2 ..." (a note's "Pt 1: F").
#: A letter's or a form's field too: "Sex: F", "Gender: male".
_SEX_AFTER_HEADER = re.compile(r"(?:^\W*(?:patient|case)\s+#?\d{1,2}\s*:\s*(?=(?:female|male)\b)|(?<![\w-])(?:sex|gender)\s*:\s*)"
                               r"(female|male|f|m)\b(?=\s*[,;:]|\s|$|\.(?!\w))", re.IGNORECASE)
#: A child the family's account speaks of who is not the patient: a classmate or a neighbour's child ("a boy in my
#: class called it ...", "like a boy in our village") and a brother or sister ("our older boy", "my other son").
_SOMEONE_ELSE_AFTER = re.compile(r"s?\s+(?:in|at|from|of) (?:my|our|her|his|their|the) (?:class|school|village|street|town|"
                                 r"ward|team|neighbourhood|neighborhood|building|family)\b", re.IGNORECASE)
_SOMEONE_ELSE_BEFORE = re.compile(r"(?:\blike (?:a|the|another|that) |\b(?:my|our|her|his|their) (?:older|younger|elder|"
                                  r"eldest|youngest|other|big|baby) )$", re.IGNORECASE)
#: A family member other than the patient, as a family's account names them (siblings apart: see below).
_KIN = (r"(?:mother|mum|mom|father|dad|parents?|grand(?:mother|father|parents?|ma|pa)s?|granny|aunts?|uncles?|cousins?|"
        r"husband|wife|partner)")
_SIBLINGS = r"(?:(?:older|younger|elder|big|little)\s+)?(?:sisters?|brothers?)"
_FAMILY_SUBJECT = re.compile(rf"^\W*(?:my|our) (?:own )?(?:(?:older|younger|elder|big|little) )?{_KIN}\b|^\W*(?:my|our) "
                             rf"(?:own )?{_SIBLINGS}\b", re.IGNORECASE)
_SEX_WORD = {"girl": "F", "schoolgirl": "F", "daughter": "F", "female": "F", "woman": "F", "sister": "F",
             "sisters": "F", "boy": "M", "schoolboy": "M", "son": "M", "male": "M", "man": "M", "brother": "M",
             "brothers": "M", "father": "M", "mother": "F", "f": "F", "m": "M"}

_ANALYTES = {
    "ck_iu_l": ("creatine_kinase", r"\b(?:CK|CPK|[Cc]reatin(?:e|ine)? (?:phospho)?kinase|[Ss]erum CK)\b"),
    "aldolase_iu_l": ("aldolase", r"\b[Aa]ldolase\b"),
}
#: After a drug: a descriptor of another drug ("a steroid-sparing agent") or a prophylaxis (against graft
#: disease after a transplant, an infection), not a course given for the myositis.
#: ("remission, CYC-free": free of the drug says nothing of its having been given)
_NOT_FOR_THE_MYOSITIS = re.compile(r"[- ]?(?:sparing|free)\b|\s+prophylaxis\b", re.IGNORECASE)
#: A drug told as kept from the patient, right after its name ("avoided" before a drug is a forward negation cue:
#: "... and avoided cyclophosphamide").
_AVOIDED_AFTER = re.compile(r"\s*(?:\([^()]*\)\s*)?"
                            # ("methotrexate and azathioprine avoided": a timeline cell's pair of drugs)
                            r"(?:(?:and|&)\s+(?!(?:and|but|then|so|we|they)\b)[\w-]+\s+)?"
                            r"(?:(?:was|were|deliberately|completely|entirely|thus|therefore)\s+)*"
                            r"avoided\b", re.IGNORECASE)
_PROPHYLACTIC = re.compile(r"\bprophylactic\s+$", re.IGNORECASE)
_OTHER_ANALYTE = re.compile(r"\b(?:LDH|ALT|AST|GOT|GPT|CRP|ESR|TSH|aldolase|lactate|amino ?transferase|"
                            r"troponin|myoglobin|ferritin|creatine|CK|CPK)\b", re.IGNORECASE)
_NUMBER = r"(?<![\d.,<>≤≥])(?P<num>\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)"
_LAB_UNIT = r"(?P<unit>[µμu]kat/l|nkat/l|i?u/l|ui/l|mu/ml|units?\s*/\s*l|i?u(?:nits?)?\s*(?:/|per)\s*lit(?:re|er))"
_LAB_VALUE = re.compile(rf"{_NUMBER}\s*{_LAB_UNIT}\b", re.IGNORECASE)
#: A results list's unit written once before its value: "CK (U/L): 9 870", "CK (IU/L) 14,520".
_UNIT_FIRST = re.compile(rf"^\s*\(\s*{_LAB_UNIT}\s*\)\s*[:=]?\s*{_NUMBER}(?!\d|[.,]\d|\s*[-–]\s*\d)", re.IGNORECASE)
#: "9.8 units" with no volume after it (read only for an analyte the lexicon's ``bare_units`` names).
_BARE_UNITS = re.compile(rf"{_NUMBER}\s*units?\b(?!\s*(?:/|per\b))", re.IGNORECASE)
#: "CPK 403 mg/dL": an enzyme activity printed in a unit of mass concentration (for an analyte the lexicon's
#: ``mass_units`` names: flagged, never read as a value).
#: ... or named after the number: "403, reported in mg/dL", "403 (expressed in mg/dL)".
_MASS_UNIT_AFTER = re.compile(r"\s*[,(]?\s*(?:(?:as )?(?:reported|given|expressed|measured|printed|published) )?in "
                              r"(?:mg/dl|mg/l|g/l|g/dl)\b", re.IGNORECASE)
_MASS_UNIT = re.compile(rf"{_NUMBER}\s*(?P<unit>mg/dl|mg/l|g/l|g/dl)\b", re.IGNORECASE)
#: A reference limit named before its analyte: "the upper limit for CK", "the reference range of the aldolase".
_LIMIT_OF = re.compile(r"\b(?:(?:upper|lower) (?:limit|bound)s?(?: of (?:the )?normal)?|reference (?:range|value|interval|"
                       r"limit)s?|normal (?:range|value|limit)s?) (?:for|of) (?:the |serum |plasma )?$", re.IGNORECASE)
#: "CPK 953 IU" with no volume after it (read only for an analyte the lexicon's ``bare_iu`` names).
_BARE_IU = re.compile(rf"{_NUMBER}\s*I?U\b(?!\s*(?:/|per\b))")
#: "creatine kinase 16,012, ALT 392": a number right after the analyte, printed with no unit at all and ended by a
#: comma, a full stop or "and" (not "CK 3 days later", "CK 40 times normal"); read only for an analyte the
#: lexicon's ``unitless`` names.
#: ("his CK level was 14,000", "the CK came back at 14,000": a family's words)
_UNITLESS = re.compile(rf"^\s*(?:\([A-Za-z]+\)\s*)?(?:(?:(?:level|levels|value)\s+)?(?:was|were|of|at|came back at|"
                       rf"came back as)\s+|(?:level|levels|value)\s+|[:=]\s*)?{_NUMBER}"
                       r"(?![.,\u00a0\u202f ]?\d)(?=\s*(?:[,;)]|\.(?!\d)|and\b|$))", re.IGNORECASE)
#: A peak value told further on in the analyte's sentence, after a clause of its own: "creatine kinase on arrival
#: was too high to be measured, and the highest value reported was 517 600 U/L" (no other analyte between).
_PEAK_LATER = re.compile(rf"(?:(?!\b(?:LDH|ALT|AST|CRP|ESR|aldolase|myoglobin|troponin|ferritin)\b)[^.;]){{0,100}}?"
                         rf"\b(?:highest|peak|maximum)\b(?: \w+){{0,2}}? (?:was|of|at|reached) {_NUMBER}\s*{_LAB_UNIT}\b",
                         re.IGNORECASE)
#: A bound before a lab value: "more than 13,000 U/L", "above 10,000", "at least 5000 IU/L".
_BOUND = re.compile(r"(?:\b(?:more|greater|higher) than|\babove|\bover|\bexceed(?:ed|ing|s)?|\bat least|"
                    r"\bin excess of)\s*$", re.IGNORECASE)
#: Further tests after a test in a list that ends normal: "chest radiograph, abdominal ultrasound and ECG were
#: all normal", "heart and lungs normal". Each item is a few words, none of them a verb or a negation ("ECG and
#: echocardiography showed no ..." is no list of normal tests).
_LIST_WORD = (r"(?!(?:showed|shows|revealed|found|demonstrated|had|has|but|while|whereas|not|no|was|were|is|are|"
              r"with|without)\b)[\w-]+")
_NORMAL_LIST_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
_NORMAL_LIST = (rf"(?:{_NORMAL_LIST_SEP}{_LIST_WORD}(?:\s+{_LIST_WORD}){{0,5}}){{1,6}}"
                r"\s*:?\s+(?:(?:was|were|are|is)\s+)?(?:also\s+|all\s+|otherwise\s+|entirely\s+)?")
#: A dose: "gm" and "gr" are grams as some authors write them ("1 gm/kg", "2 gr/kg" where Spanish writes gr).
_DOSE = re.compile(r"(?<![\d.,])(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>mg|g|gm|gr)\b(?:\s*/\s*(?P<per>kg|m2|m²|m\^2|m 2)\b)?"
                   r"(?:\s*/\s*(?P<freq>day|d|dose|week|wk)\b)?", re.IGNORECASE)
#: A dose by weight or surface written in brackets after the absolute one: "30 mg OD (1 mg/kg)", "15 mg weekly
#: (15 mg/m2)", "500 mg (= 30 mg/kg)".
_WEIGHED_DOSE = re.compile(r"(?:\s*/\s*(?:day|d|dose|week|wk)\b)?(?:\s+(?:[A-Za-z]{1,6}|once|twice|daily|weekly|orally|"
                           r"IV|SC|PO)\b){0,3}\s*\(\s*(?:=\s*|≈\s*|~\s*|about |approx\.?\s*|approximately |i\.e\.,?\s*)?"
                           r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>mg|g)\s*/\s*(?P<per>kg|m2|m²|m\^2)\b(?:\s*/\s*(?P<freq>day|d|dose|week|wk)\b)?",
                           re.IGNORECASE)
#: "tapered to <5 mg/day", "less than 5 mg/day": a level the dose came down to or a bound, not a dose given.
_TAPER_LEVEL = re.compile(r"(?:[<≤]|\b(?:less|fewer|lower) than|\bbelow|\bunder|\b(?:tapered|weaned|reduced|"
                          r"lowered|decreased|came down|brought down|down) to)\s*$", re.IGNORECASE)
#: A clinic visit named by the time it falls at ("the 30-month visit", "his 2-year review").
_VISIT = r"(?:visit|review|assessment|evaluation|appointment|clinic)"
_FOLLOW_UP = [
    re.compile(rf"\b(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?)'?(?:[- ]long)?(?: of)?(?: clinical)? follow[- ]?up",
               re.IGNORECASE),
    # ("follow-up: 2 years", a note's label)
    # (a form's "Follow-up duration: 24 months")
    re.compile(rf"\bfollow[- ]?up(?: (?:period )?(?:of|for|lasting|at|was|:|,)?|(?: (?:duration|period|length|time))?\s*:)"
               rf"\s*(?P<n>{_N}|\d{{1,3}})[- ]?(?P<u>years?|months?)",
               re.IGNORECASE),
    # "throughout a follow-up that now totals 35 months"
    re.compile(rf"\bfollow[- ]?up (?:that |which )?(?:now )?(?:totals|totalled|amounts to|amounted to|reaches|reached|stands at|stood at) "
               rf"(?P<n>{_N}|\d{{1,3}})[- ]?(?P<u>years?|months?)\b", re.IGNORECASE),
    # a state kept up to a time: "without relapse at 2.5 years", "sustained at 3.5 years", "has stayed in
    # remission ... for three years" (the last observation the report gives)
    re.compile(rf"\b(?:without (?:a )?relapse|relapse[- ]free|sustained|maintained|still in remission) at "
               rf"(?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?)\b", re.IGNORECASE),
    re.compile(rf"\b(?:stayed|remained|has been|have been|been) in (?:complete |clinical |drug-free )?remission\b"
               rf"[^.;]{{0,40}}?\bfor (?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?)\b", re.IGNORECASE),
    # "has stayed relapse-free and drug-free for 113 months" (to now; not "remained disease free for 14 months before
    # a third course was needed", an interval in the course)
    re.compile(rf"\b(?:has|have) (?:stayed|remained|been) (?:relapse|disease|drug|symptom|flare)[- ]free\b"
               rf"[^.;]{{0,40}}?\bfor (?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?)\b(?!,? (?:before|until)\b)", re.IGNORECASE),
    # ("has been followed in our clinic for a total of 8 years")
    re.compile(rf"\bfollowed(?: up)?(?: (?:in|at|by) (?:our|the) [\w ]{{1,25}}?)? for (?:a total of |a period of )?"
               rf"(?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?)", re.IGNORECASE),
    # a follow-up visit called a "control", as Spanish, Portuguese or Italian authors write it in English: "at the
    # 6-month control", "in the control of 6 months", "at the last control, after 2 years"
    re.compile(rf"\b(?:at|in|on|by) the (?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?) (?:control|check-?up)s?\b",
               re.IGNORECASE),
    re.compile(rf"\b(?:at|in|on) the (?:last |latest |final )?(?:control|check-?up)(?: visit)?,? (?:of|at|after) "
               rf"(?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?)\b", re.IGNORECASE),
    # the present told from an event: "now, 4 years after treatment began", "currently doing well, 5 years after
    # diagnosis", "in the 2 years since onset"
    re.compile(rf"\bnow,?\s+(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?) (?:after|since|from)\b", re.IGNORECASE),
    # ("Actually, 2 years after the diagnosis, she continues ...": "actually" for "now", as Spanish or French
    # authors write it in English, opening the sentence)
    re.compile(rf"(?:\b(?:now|currently|presently|at present|today)\b|^\W*actually\b)[^.;]{{0,60}}?\b(?P<n>{_N}|\d{{1,3}})[- ]"
               rf"(?P<u>years?|months?) (?:after|since) (?:the |her |his |their )?(?:diagnosis|onset|presentation|"
               rf"treatment|discharge|the start|starting|first)\b", re.IGNORECASE),
    # a state still held at a time: "remains wheelchair-bound after 2 years" (not "weakness remained after 2
    # months of prednisolone", the length of a treatment)
    re.compile(rf"\b(?:remains|remained|is still|was still|still)\b[^.;]{{0,60}}?\b(?:after|at) (?P<n>{_N}|\d{{1,3}})[- ]"
               rf"(?P<u>years?|months?)\b(?!\s+(?:of|ago|before|earlier|old)\b|[- ]old\b)", re.IGNORECASE),
    re.compile(rf"\bin the (?:last |past )?(?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?) since\b", re.IGNORECASE),
    # the time to death: "twenty months later the child died", "died ... 14 months after the illness began"
    re.compile(rf"\b(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?) later,? (?:(?:however|sadly|unfortunately),? )?"
               r"(?:the (?:child|patient|girl|boy) |she |he )?died\b", re.IGNORECASE),
    re.compile(rf"\bdied\b[^.;]{{0,60}}?(?<!less than )(?<!more than )(?<!under )(?<!over )(?<!within )(?<!up to )"
               rf"\b(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?) (?:after|from) (?:the )?"
               # ("died 2 years after first RTX": a registry's follow-up counted from the first course)
               r"(?:illness began|onset|diagnosis|disease onset|first symptoms|start of (?:the )?(?:illness|symptoms)|"
               r"(?:first|1st) [\w-]+(?: (?:infusion|course|dose))?)\b",
               re.IGNORECASE),
    # "at last review, 3 years later": the time to the last visit the report tells of; or counted from the illness
    # ("at the most recent visit, six years after onset")
    re.compile(rf"\bat (?:the |her |his )?(?:last|latest|most recent|final) (?:review|visit|assessment|follow[- ]?up),? "
               rf"(?P<n>{_N}|\d{{1,3}}) (?P<u>years?|months?) (?:later|(?:after|from|since) (?:the |her |his )?"
               r"(?:onset|diagnosis|presentation|disease onset|first symptoms))\b", re.IGNORECASE),
]
#: A follow-up is how long the patient was observed: the patterns above name the observation itself (follow-up,
#: "followed for", the last visit). A time point in the course ("after one year", "two years after diagnosis", "by
#: the 15th month after diagnosis") is the length of observation only when its clause tells the patient's state
#: then ("after one year she walked unaided"); otherwise it dates an event ("four months after diagnosis she
#: began to have abdominal pain", "weakness over a year"), and a range ("2 to 26 months after diagnosis") is
#: no one patient's time at all.
_FOLLOW_UP_WITH_OUTCOME = re.compile(
    rf"\b(?:(?:over|after|by) (?:the (?:next|following) |the course of )?(?P<n>an?|{_N}|\d{{1,3}})[- ]"
    r"(?P<u>years?|months?)\b(?!\s+(?:ago|before|earlier|old)\b|[- ]old\b|\s+of\s+(?!(?:treatment|therapy|"
    r"follow[- ]?up|immunotherapy)\b))"
    r"|\b(?:at|by|after) the (?P<n2>\d{1,3})(?:st|nd|rd|th) (?P<u2>month|year) (?:after|of|from) "
    r"(?:the )?(?:diagnosis|treatment|onset)"
    rf"|(?<![-–]\s)(?<![-–])(?<!\bto\s)(?P<n3>{_N}|\d{{1,3}}) (?P<u3>years?|months?) (?:(?:after|from|since|post)[- ](?:the |first |initial )?"
    r"(?:diagnosis|presentation|onset|discharge)|on\b))"
    # "after 52 weeks on ruxolitinib the scores had improved": a trial-like time in weeks (12 or more)
    r"|\b(?:after|at) (?P<n4>1[2-9]|[2-9]\d|1\d\d) weeks\b(?: (?:on|of) [\w-]+)?"
    # the time a sentence opens on, counted from the story: "Now, two years later, she is in remission", "Two years
    # on, she is back at school", "At 24 months she was in remission" (not "at 3 years of age"; nor a bare "Three
    # months later", which may count from the last drug added)
    rf"|^\W*(?:(?:(?:now|today),?\s+)(?P<n5>{_N}|\d{{1,3}}) (?P<u5>years?|months?) later|(?P<n7>{_N}|\d{{1,3}}) "
    rf"(?P<u7>years?|months?) on)\b"
    # a visit named by its time, the state after it: "At his 30-month review he walked unaided"
    rf"|\b(?:at|by|on) (?:the|her|his|their) (?P<n8>{_N}|\d{{1,3}})[- ](?P<u8>years?|months?)[- ]{_VISIT}\b"
    rf"|(?:^\W*|;\s*)at (?P<n6>{_N}|\d{{1,3}}) (?P<u6>years?|months?)\b(?!\s+(?:of age|old)\b|[- ]old\b),?\s+"
    r"(?:she|he|I|the (?:girl|boy|child|patient))\b",
    re.IGNORECASE)
#: A letter's heading that dates the visit it reports: "CLINIC LETTER (18 months after diagnosis)", "Clinic review,
#: 2 years post diagnosis", "Follow-up letter - 24 months from onset". The state the letter then tells was seen at
#: that time, so the time is the follow-up when the outcome is read after it.
_VISIT_HEADING = re.compile(
    r"^\W*(?:[\w-]+\s+){0,4}?(?:letter|review|visit|clinic|appointment|follow[- ]?up|consultation|note|reassessment)"
    rf"\b[^.;:]{{0,30}}?[(,:–-]?\s*(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?) (?:after|post|from|since)[- ]"
    r"(?:the |her |his |initial |first )?(?:diagnosis|onset|presentation)\)?\s*[.:]?\s*$", re.IGNORECASE)
#: A poster's "Outcome: remission at 2 years", "marked improvement at 18 months": the state the report ends on and
#: the time it was seen, told after the state (not "at 3 years of age", "after 2 months of prednisolone").
_AT_TIME_AFTER_OUTCOME = re.compile(
    # ("Normal strength and CK at 2 years": the state's own words, no number, between)
    rf"(?:\s+(?:and|with)\s+(?:(?:the|normal)\s+)?(?:CK|creatine kinase|(?:muscle\s+)?enzymes|strength|power)"
    r"(?:\s+(?:levels?|values?))?)?"
    # ("he remained well at the 30-month visit": the visit named by its time)
    rf"\s*,?\s*(?:at|after) (?:(?:the|her|his|their) (?=(?:{_N}|\d{{1,3}})[- ](?:years?|months?)[- ]{_VISIT}))?"
    rf"(?P<n>{_N}|\d{{1,3}})[- ](?P<u>years?|months?)\b"
    r"(?!\s+(?:of\s+age|old|ago|before|earlier|of\s+(?!follow[- ]?up\b))|[- ]old\b)", re.IGNORECASE)
#: The literal pre-check of the pattern above: a sentence with no "at/after N years/months" is not searched.
_FOLLOW_UP_AT = re.compile(r"\b(?:at|after) (?:(?:the|her|his|their) )?(?:\w+|\d+)[- ](?:years?|months?)\b",
                           re.IGNORECASE)
#: The words between a time and the state it held ("after 14 months [of] remission").
_OF_STATE = re.compile(r"\s*(?:of\s+)?")
#: ... and not a new clause with its own subject ("over a year she recovered normal strength").
_STATE_SUBJECT = re.compile(r"(?:she|he|they|the|her|his|their|it|both|all|each)\b", re.IGNORECASE)
#: A state kept, not reached: "has remained free of symptoms", "stayed symptom-free".
_KEPT_STATE = re.compile(r"\b(?:remain|stay|continu)", re.IGNORECASE)
#: "began to improve", "started to recover": when a change began, not the state reached.
_BEGAN_TO = re.compile(r"\b(?:began|begun|begins|beginning|started|starts|starting) to\b", re.IGNORECASE)
#: "her muscle function deteriorated over the next 2 months": the time a worsening took, not an observation.
_WORSENED_BEFORE = re.compile(r"\b(?:deteriorated|worsened|progressed|declined|got worse)\s*$", re.IGNORECASE)
#: Every follow-up pattern names one of these; every age or onset pattern one of the next.
_FOLLOW_UP_HINT = re.compile(r"follow|month|year|weeks", re.IGNORECASE)
#: "when he was 15 years old, ... a relapse": an age that dates a relapse in the course.
_WHEN_WAS = re.compile(r"\bwhen (?:she|he|the (?:girl|boy|child|patient)) was (?:only |just )?$", re.IGNORECASE)
_RELAPSE_AFTER = re.compile(r"[^.;]*?\b(?:relapse[sd]?|flare[sd]?|recurr\w*|worsen\w*)\b", re.IGNORECASE)
_REVISED_BEFORE = re.compile(r"\b(?:changed|revised|amended|corrected|reclassified)\b[^.;]{0,80}$", re.IGNORECASE)
#: An age told as the age now: "now 19 years old", "this now 19-year-old woman", "a boy now aged 17".
_NOW_AGE = re.compile(r"\b(?:now|currently|presently|today)\b,?\s+(?:an?\s+|aged?\s+)?$", re.IGNORECASE)
_NOW_AGE_INSIDE = re.compile(r"\b(?:now|currently)\b", re.IGNORECASE)
_AGE_HINT = re.compile(r"year|month|yr|age|(?:girl|boy|child|adolescent|teenager|daughter|son) of |when (?:she|he) was|"
                       r" was (?:only |just |barely |about )?\w+,? (?:when|at the time)\b",
                       re.IGNORECASE)
#: The patterns a patient's reader tries on each of its sentences, each behind its literal pre-check: a sentence
#: without the letters a pattern needs ("old", "onset", "follow", "male") is not searched (the answer is the
#: pattern's own).
_AGE_PATTERNS, _ONSET_AT_AGE, _ONSET_YM, _FOLLOW_UP = (
    [Gated(p) for p in patterns] for patterns in (_AGE_PATTERNS, _ONSET_AT_AGE, _ONSET_YM, _FOLLOW_UP))
_ONSET, _DIAGNOSED_WHEN, _FOLLOW_UP_WITH_OUTCOME = map(Gated, (_ONSET, _DIAGNOSED_WHEN, _FOLLOW_UP_WITH_OUTCOME))
_SEX_NOUN, _SEX_QUALIFIED, _SEX_STATED, _SEX_AFTER_HEADER = map(
    Gated, (_SEX_NOUN, _SEX_QUALIFIED, _SEX_STATED, _SEX_AFTER_HEADER))
#: A cue that is the subject of its clause ("none of the girls ever showed calcinosis", "neither boy developed
#: a rash") denies what its own verb governs: that verb does not end its scope.
_SUBJECT_CUES = frozenset({"none", "neither"})
#: What stands between "none" and the findings it denies: "of the four had", "of our patients developed".
_SUBJECT_VERB = re.compile(r"(?:\s+(?:of|the|our|these|them|patients?|children|girls|boys|cases|\w+))"
                           r"{0,4}?\s+(?:had|has|have|developed|showed|experienced|presented with)\s+", re.IGNORECASE)
_VERB_TERMINATORS = frozenset({"treated", "received", "started", "given", "developed", "presented", "showed"})
#: "for lack of response", "did not respond to IVIG", "no change in the rash": the cue denies a response or a
#: change, not the drug or finding after it.
_RESPONSE_WORDS = frozenset({"response", "respond", "responded", "improvement", "improve", "improved", "benefit",
                             "change", "effect", "gain", "recovery", "better", "yield", "yielded", "controlled",
                             "control", "settle", "settled", "resolve", "resolved", "work", "worked", "help",
                             "helped", "weaned", "tapered", "tolerated", "withdrawn", "stopped", "discontinued"})
#: Words between such a cue and its response word: "had not been controlled", "not yet fully settled".
_BEFORE_RESPONSE = frozenset({"be", "been", "being", "have", "had", "yet", "fully", "completely"})
#: Relatives whose course a report tells beside the patient's (siblings are left out: in a family report
#: they are patients themselves).
_RELATIVE = re.compile(r"\b(?:(?:great|grand)[- ]?)?(?:uncles?|aunts?|cousins?|grandfathers?|grandmothers?|"
                       r"grandparents?|parents?|father|mother|relatives?)\b", re.IGNORECASE)
#: An impairment told at admission or presentation is the state before treatment, not the outcome.
_COURSE_CLASSES = frozenset({"severe_impairment", "mild_impairment"})
#: Calcinosis as the subject of an improvement: "the subcutaneous calcinosis improved markedly" tells of the deposits,
#: not of the myositis (the corpus's labels do take a rash or a lung that cleared as the disease's course).
_ORGAN_SUBJECT = re.compile(r"\b(?:calcinosis|calcifications?|(?:calcium )?deposits)"
                            r"(?:\s+(?:had|has|have|was|were|also|then|gradually|slowly|steadily|both))*\s+$", re.IGNORECASE)
_MUSCLE_WORDS = re.compile(r"\b(?:weakness|strength|power|muscles?|myositis|myopathy|CK|creatine kinase|enzymes?|she|he|"
                           r"the (?:girl|boy|child|patient))\b", re.IGNORECASE)
#: An outcome told as strength ("normal strength", "full power") with no time or change: before the course begins
#: (or on admission) it is an examination.
_STRENGTH = re.compile(r"\b(?:strength|power)\b", re.IGNORECASE)
#: A time or a change that makes it a state reached: "after 18 months", "back to normal", "she regained ...".
_LATER_STATE = re.compile(r"\b(?:after|by|over|within|later|again|since|now|currently|still|remain\w*|regain\w*|recover\w*|"
                          r"return\w*|back|months?|years?|yrs?|weeks?|mo)\b", re.IGNORECASE)
_AT_PRESENTATION = re.compile(r"\b(?:after|on|at|before|upon) (?:admission|presentation)\b|\bwas admitted\b|"
                              r"\bon examination\b|\bat (?:diagnosis|onset)\b|\b(?:was|were) (?:brought|seen|referred)\b|"
                              r"\bbecause\b|\bdeveloped\b|\bpresent(?:ed|ing)\b|"
                              # "treatment was begun, but by that time she was unable to walk": the state when it began
                              r"\bby (?:that|this) time\b|\bby then\b|"
                              # a family's "by the time we were sent to the big hospital she could not walk far"
                              r"\bby the time (?:we|she|he|I|they) (?:was|were|got|went|arrived)\b", re.IGNORECASE)
#: A sentence of test results, where bare "immunoglobulins" are the serum levels, unless a drug is given in it.
_LAB_CONTEXT = re.compile(r"\b(?:serum|levels?|complement|C3|C4|Ig[GAME]|ESR|CRP|urinalysis|normal|raised|elevated|"
                          r"low|reduced|deficien\w*|screen(?:ed|ing)?|tests?|studies)\b", re.IGNORECASE)
_GIVEN = re.compile(r"\b(?:given|gave|received|treated|infus\w*|administ\w*|course|started|dose|doses|g/kg|"
                    r"therapy|treatment)\b", re.IGNORECASE)
#: A finding told as a drug's effect: "hair loss on methotrexate", "alopecia due to cyclophosphamide".
_ON_A_DRUG = re.compile(r"\s+(?:on|from|due to|caused by|induced by|secondary to|after)\s+(?:the\s+)?(?P<drug>[\w-]+)",
                        re.IGNORECASE)
#: Calcification in an organ that is not skin, fat or muscle.
_OTHER_ORGAN = re.compile(r"\b(?:parotid|salivary|renal|kidneys?|nephro\w*|brain|cerebral|basal ganglia|intracranial|"
                          r"pineal|vascular|arterial|aortic|valve|valvular|hepatic|liver|splenic|spleen|lymph nodes?|"
                          r"pancrea\w*|gall ?bladder|thyroid|ovar\w*|testi\w*|lungs? nodules?)\b", re.IGNORECASE)
#: A sentence told at a later point of the course: what it says is absent was gone by then.
_LATER_POINT = re.compile(r"\b(?:(?:one|two|three|four|five|six|\d{1,2}) (?:years?|months?|weeks?) (?:from|after) "
                          r"(?:onset|diagnosis|treatment|the start|"
                          # ("one year after the dermatomyositis began she had no skin lesions")
                          r"(?:the|her|his) (?:dermatomyositis|myositis|illness|disease|symptoms|weakness) "
                          r"(?:began|started))|"
                          r"(?:one|two|three|four|five|six|\d{1,2}) (?:years?|months?) later|"
                          r"at (?:the )?(?:last |latest |final )?follow[- ]?up|"
                          r"at (?:the )?(?:last|latest|final) (?:visit|review)|on treatment|after treatment|"
                          r"by then|no longer)\b", re.IGNORECASE)


#: ... unless the course never brought it: "4 years after treatment began she has developed no calcinosis".
_NEVER = re.compile(r"\b(?:(?:has |had )?developed no|never|(?:did|has|had) not develop(?:ed)?|without developing)\b",
                    re.IGNORECASE)


@cache
def _drug_order() -> list[str]:
    """The drug classes in the vocabulary's order, the order of a record's ``treatments``."""
    return [d.value for d in type(normalise_drug("ivig"))]


def _is_drug(word: str) -> bool:
    try:
        normalise_drug(word)
    except ValueError:
        return False
    return True


#: Where a sentence's next clause begins, with a subject of its own ("..., and the authors suggest ...").
_CLAUSE_JOIN = re.compile(r",\s*(?:and|but|while|whereas)\s+|;\s*", re.IGNORECASE)
#: A clause of time before a plan: "she had received prednisone before IVIG was considered".
_BEFORE_PLAN = re.compile(r"\s(?:before|until)\s", re.IGNORECASE)
#: Words that show a course has begun: before any, an impairment is how the child came, not how it ended.
_COURSE_BEGUN = re.compile(r"\b(?:treat(?:ed|ment)"
                           # ("a fever treated at home with simple analgesics": the prodrome's care, no course)
                           r"(?![^.;]{0,25}\b(?:analgesics?|antipyretics?|paracetamol|acetaminophen|ibuprofen|"
                           r"painkillers?)\b)|therapy|immunosuppress\w*|managed|given|received|started|"
                           r"follow(?:ed)?[- ]?up|discharged|later|despite|remain(?:ed|s)|ended|eventually|finally|"
                           r"outcome|now(?! and then)|(?:last|latest|final|most recent) (?:visit|review|assessment|examination)|"
                           r"was left|left (?:with|markedly|severely|unable))\b", re.IGNORECASE)
#: A drug inside a chemotherapy's list, in a sentence that names a cancer, treated the cancer.
_CANCER = re.compile(r"\b(?:\w*blastomas?|lymphomas?|leuk(?:a)?emias?|carcinomas?|sarcomas?|cancers?|tumou?rs?|"
                     r"malignan\w*|neoplas\w*)\b", re.IGNORECASE)
#: ("chemotherapy (cyclophosphamide, ...", "chemotherapy with ...", "chemotherapy combining ...": the cancer's drugs)
_CHEMOTHERAPY_LIST = re.compile(r"\bchemotherapy\s*(?:\([^()]*|(?:with|combining|including|comprising|containing|consisting of)"
                                r"\s+(?:[\w-]+(?:,\s*|\s+and\s+|\s+))*)$",
                                re.IGNORECASE)
#: The label of a phrase the lexicon's ``not_features`` lists: it hides the feature words inside it.
_NOT_A_FEATURE = "not_a_feature"
#: An outcome word after "after" or "following" dates an event ("relapsed after remission").
#: A state held for a while before the course went on: "she stayed free of disease for 14 months, and after that
#: a third course was necessary" is an interval in the course, not its end.
_INTERVAL_AFTER = re.compile(rf"[^.;]{{0,30}}?\bfor (?:{_N}|\d{{1,3}}) (?:weeks?|months?|years?),? (?:and )?"
                             r"(?:after that|afterwards|then|until|before)\b", re.IGNORECASE)
#: The patient's past history ("In the antecedents she had a polyarticular JIA ... treated with success"): the
#: findings and the outcome of another illness, not of the myositis. "Antecedents" is the history as Spanish or
#: Italian authors write it in English.
_PAST_HISTORY = re.compile(r"\b(?:in (?:the|her|his|their) (?:personal |past |medical |clinical )*(?:antecedents|"
                           r"history)|past (?:medical )?history|previous(?:ly)? (?:history|diagnosed))\b", re.IGNORECASE)
#: A past history told as the sentence's subject (the other forms are ``_PAST_HISTORY``): "Her history included ...",
#: "Her past medical history was notable for ...", "previously healthy apart from ...".
_HISTORY_INCLUDED = re.compile(r"\b(?:(?:her|his|the) (?:past |medical |previous )*history (?:included|includes|was notable for|"
                               r"was significant for|revealed)|previously healthy apart)\b", re.IGNORECASE)
#: "... had marked disability at last observation": the state at the end of the course, told after the phrase.
_AT_THE_LAST = re.compile(r"\bat (?:the )?(?:last|latest|final|most recent) (?:observation|visit|review|assessment|"
                          r"examination|follow[- ]?up|control)\b", re.IGNORECASE)
#: "A substantial improvement ... was not obtained until MTX was added": a point in the course, not its end.
_NOT_UNTIL = re.compile(r"[^.;]{0,40}?\b(?:was|were|had) not (?:\w+ )?(?:obtained|achieved|seen|reached|observed) until\b",
                        re.IGNORECASE)
_PAST_POINT = re.compile(r"\b(?:after|following) (?:(?:a|an|the|her|his|their|initial|first|complete|clinical|"
                         r"prior|previous|long) )*$"
                         # "a third course after 14 months free of disease": the interval's state, not the end
                         rf"|\b(?:course|cycle|dose|infusion|relapse|flare)s?\s+(?:\w+\s+)?(?:after|following) "
                         rf"(?:{_N}|\d{{1,3}}) (?:weeks?|months?|years?) (?:of )?$", re.IGNORECASE)
#: "He did not respond to prednisolone, nor later to azathioprine": "nor" carries on a non-response, so what
#: follows it was given too.
_NOT_RESPONDING = re.compile(r"\b(?:did not|didn't|failed to|not)\s+(?:respond|improve)|\bno (?:response|improvement|"
                             r"benefit)\b|\bunresponsive\b|\brefractory\b", re.IGNORECASE)
#: "Neither pulsed methylprednisolone nor cyclophosphamide had any effect": what is denied is the effect, so
#: both drugs were given.
_RESPONSE_AFTER = re.compile(r"[^.;]{0,80}?\b(?:(?:had|has|have|showed|brought|made) (?:any |an |much |a |the desired )?"
                             r"(?:\w+ )?(?:effect|benefit|improvement|response|difference)|helped|worked|"
                             r"(?:was|were) (?:effective|successful|of (?:any )?(?:use|help|benefit)))\b", re.IGNORECASE)
#: A possessive before a relative is somebody else's ("Case 2: her brother, aged 6, ..." is a boy), so it is not
#: this patient's pronoun.
_PRONOUN = re.compile(r"\b(?:(?P<f>she|her|hers|herself)|(?P<m>he|his|him|himself))\b"
                      r"(?!\s+(?:(?:younger|older|elder|little|big|twin|baby)\s+)?(?:brother|sister|sibling|twin|"
                      r"mother|father|parent|cousin|aunt|uncle|grand\w+)s?\b)", re.IGNORECASE)
#: What joins the drugs of one list ("A, B and C", "A (brand) or B", "A and/or B").
#: (a drug's form may stand before the separator: "methylprednisolone (IVMP) pulse therapy and/or plasma exchange")
_LIST_SEPARATOR = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:(?:pulses?|pulse therapy|infusions?|therapy)\s*)?"
                             r"(?:,\s*(?:(?:and/or|and|or)\s+)?|(?:and/or|and|or)\s+|/\s*)", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_OR_AFTER = re.compile(r"\s*(?:\([^()]*\)\s*)?,?\s*(?:and/)?or\b", re.IGNORECASE)
_TREATMENT_EVENT = re.compile(r"\b(?:added|started|introduced|given|switched|begun|initiated|commenced|stopped|"
                              r"withdrawn|tapered|discontinued)\s+$", re.IGNORECASE)
#: A speaker's name at the start of a conference's paragraph ("Dr. S. Patel:", "Dr. Lee (Neurology):", "Chief
#: resident:", "Question from the audience:"): who speaks, not a heading; the paragraph goes on with what was said.
_SPEAKER_NAME = (r"(?i:(?:(?:Dr|Drs|Prof|Professor|Mr|Mrs|Ms)\.?[ \t]+(?:(?-i:[A-Z])\.[ \t]*){0,3}(?-i:[A-Z])[\w'’-]+"
            r"(?:[ \t]+(?-i:[A-Z])[\w'’-]+)?|(?:[\w-]+[ \t]+){0,2}(?:resident|fellow|intern|attending|discussant|moderator|"
            r"presenter|chair|rheumatologist|neurologist|pathologist|radiologist|paediatrician|pediatrician)|"
            r"(?:a[ \t]+)?question(?:[ \t]+from[ \t]+the[ \t]+(?:audience|floor))?|answer|audience(?:[ \t]+member)?|[QA])"
            r"(?:[ \t]*\([^()\n]{0,60}\))?[ \t]*:[ \t]*)")
#: The same, with the spaces or tabs it may follow. (A pattern that opens on ``\s*`` or ``\W*`` takes
#: ``_SPEAKER_NAME``: the spaces are its own already, and a second run of them, there, made a match over a long
#: run of blanked-out text take time in the square of its length.)
_SPEAKER = r"(?:[ \t]*" + _SPEAKER_NAME + ")"
#: The minutes' numbered agenda item, up to its separator: "Item 2 -", "Agenda item 3:", "Item no. 4)".
_ITEM = r"(?i:(?:agenda\s+)?item)\s*(?:no\.?\s*)?\d{1,2}[a-z]?\s*[:.)–—-]+"
#: A talk's slide number: "Slide 3", "slide 4b".
_SLIDE = r"slide\s+\d{1,2}[a-z]?"
#: ("Results: Patient 1: 12-year-old female, ...": a meeting abstract's heading may open the first patient's sentence)
#: A patient's label anywhere in a sentence: "... and Child 2 for 12 months", "cases 2 and 3" (plural).
_LABEL_IN_TEXT = re.compile(r"\b(?P<kind>case|patient|child|sibling|twin)(?P<plural>s?)\s+(?P<n>\d{1,2}|(?-i:[IVX]{1,4}))\b",
                            re.IGNORECASE)
_HEADER = re.compile(r"^\W{0,3}(?:" + _SPEAKER + r")?(?:\d{1,2}(?:\.\d{1,2})+\.?\s+)?"
                     r"(?:(?:Results?|Cases?|Case series|Case reports?)\s*:\s*\W{0,3}|"
                     # the minutes' agenda item on a patient: "Item 2 - Patient A: RK, 5 y F"
                     + _ITEM + r"\s*|"
                     # a talk's slide that opens the patient's part: "Slide 3: Patient 1"
                     + _SLIDE + r"\s*[:.–-]\s*)?"
                     # ("In Patient 1, both lower legs were swollen": the sentence is hers)
                     r"(?:In\s+(?=(?:Case|Patient)\s+(?:\d{1,2}|[IVX]{1,4}),))?"
                     r"(?P<kind>Case|Patient|Sibling|Child|Boy|Girl|Twin)\s+(?P<n>\d{1,2}|[IVX]{1,4}|[A-D])\b\s*[:.)–-]?",
                     re.IGNORECASE)
_ALONE_ON_ITS_LINE = re.compile(r"[ \t]*[:.)–-]?[ \t]*(?:\n|$)")
#: Two patients told under one heading of its own line ("Cases 2 and 3", "Patients 2 & 3:"): the section is both
#: patients', as "Both girls ..." under it says.
_JOINT_HEADER = re.compile(r"^\W{0,3}(?P<kind>Case|Patient)s\s+(?P<a>\d{1,2})\s*(?:and|&)\s*(?P<b>\d{1,2})[ \t]*[:.]?[ \t]*(?:\n|$)",
                           re.IGNORECASE)
_ORDINAL_HEADER = re.compile(
    r"^\W{0,3}(?:" + _SPEAKER + r")?(?:(?:Results?|Cases?|Case reports?|Case presentations?)\s*:\s*)?"
    r"(?:The|Her|His|Our) "
    r"(?P<ord>first|second|third|fourth|fifth|elder|older|younger|eldest|youngest)"
    r"(?:(?: of the \w+)? (?:patient|case|child|girl|boy|sister|brother|sibling|twin|one)\b|"
    # "Three children did not respond. The first died ... The second was ...": the noun left out; "The third, a
    # 9-year-old girl, ...": the noun in apposition
    r"(?= (?:died|had|was|were|is|received|developed|recovered|relapsed|improved|needed|required|went|showed)\b)"
    r"|(?=,\s+(?:an?|aged|now)\b))",
    re.IGNORECASE)
#: (a number that ends a name is no count: "COVID-19 in children")
_COUNT = Gated(re.compile(
    rf"(?<![-/])\b(?P<n>{_NUMWORD}|\d{{1,2}}|both) (?:new |unrelated |paediatric |pediatric |related |Japanese |[\w-]+ ){{0,3}}"
    r"(?P<who>children|patients|cases|sisters|brothers|siblings|girls|boys|twins|sibs)\b", re.IGNORECASE))
_REPORTING = re.compile(r"\b(?:report|reports|reported|present|presents|presented|describe|describes|described|"
                        r"we|here|our)\b", re.IGNORECASE)
_SHARED = re.compile(rf"\b(?:all (?:{_NUMWORD}|\d{{1,2}})|all (?:the )?(?:patients|children|cases|siblings|sisters|"
                     r"brothers|twins)|both(?: (?:patients|children|girls|boys|sisters|brothers|siblings|twins|cases))?|"
                     r"each (?:patient|child|case|girl|boy|sister|brother|sibling|twin)|every (?:patient|child|case|girl|boy|twin)|"
                     # "every one of the seven", "each of them", "all of the five"
                     rf"(?:every one|each|all) of (?:them|these|the (?:{_NUMWORD}|\d{{1,2}}|\w+))|all (?:girls|boys)|"
                     rf"the (?:{_NUMWORD}) (?:patients|children|sisters|brothers|siblings|girls|boys|cases|twins)|"
                     r"neither (?:child|patient|girl|boy|sister|brother|sibling|twin|of them|of the \w+)|"
                     # ("no feature was found in either of them", "neither had fever": the pair)
                     r"(?:in|for) either of (?:them|the \w+)|neither (?=had\b|was\b|showed\b|developed\b)|"
                     r"none of (?:them|the \w+)|all of them)\b"
                     # "in each the weakness came on", "biopsy in each showed": each of the group, no noun
                     r"|\b(?:in|of|for) each\b(?=\s*(?:[,;:.]|$|the\b|showed\b|had\b|was\b|were\b|(?:and|but) (?:were|was|had|"
                     r"then)\b))"
                     # "each underwent a transplant": each of the group as the subject
                     r"|\beach\b(?=\s+(?:underwent|received|had|was|were|developed|showed|needed|required|reached|"
                     r"improved|recovered|responded)\b)"
                     # "Each fulfilled the criteria ...": each of the group opening the sentence; "treatment was the
                     # same for all"
                     # ("Each could stop prednisone ...", "Each was able to ...")
                     r"|^\W*each\b(?=\s+\w+ed\b|\s+(?:could|was able to|went on to)\s+\w+)|\bthe same (?:for|in) (?:all|each|both)\b"
                     # "Neither had fever or arthritis": neither of the two, no noun
                     r"|^\W*neither\b(?=\s+(?:had|has|was|were|showed|developed|received|needed|required)\b)"
                     # an abstract's "All were positive for anti-SRP", "None had a rash", "not found in any patient"
                     r"|^\W*(?:all|none)\b(?=\s+(?:were|had|received|presented|showed|developed|tested|underwent|needed|"
                     r"required|improved|achieved|reached|responded|carried|recovered|fulfilled|met|remained|was|has|have)\b)"
                     r"|\b(?:in|of|for) any (?:patient|child|case|of them|of the \w+)\b"
                     r"|\bno (?:patient|child)\b(?=\s+(?:had|has|was|showed|developed|needed|required|received)\b)",
                     re.IGNORECASE)


#: A count of the group's members that follows "with" ("five children with JDM could be compared ..."): a series
#: defined by its diagnosis, even without a reporting verb.
_WITH_AFTER = re.compile(r"\s+with\b", re.IGNORECASE)
#: Words of a sentence about the literature rather than the authors' own patients.
#: ("a retrospective chart review of our four patients" is the authors' own series, not a literature review)
_LITERATURE = re.compile(r"\b(?:literature|previously|pubmed|(?<!chart )(?<!record )(?<!records )(?<!note )(?<!notes )review|"
                         r"published|reported|(?:earlier|previous|other) (?:[\w-]+ )?(?:patients|cases|children|"
                         r"reports?|series))\b", re.IGNORECASE)
_OWN = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
#: An introduction's sentence that turns to the report's own patient without "we": "This report follows a
#: 7-year-old boy whose illness ...".
_THIS_REPORT = re.compile(r"\bthis (?:report|case(?: study| report)?|article|paper|account) (?:follows|describes|presents|"
                          r"reports|concerns|tells of|retells)\b", re.IGNORECASE)


def _about_our_series(text: str) -> bool:
    """Whether a sentence speaks of the authors' own patients ("we", "our") and not of the literature's (a
    correspondent's "we read the letter by ... describing three children" does not)."""
    return bool(_OWN.search(_LETTER_WE.sub(" ", text))) and not _LITERATURE.search(text)


#: A count of the literature's patients: "eighteen published children", "23 cases in the literature".
#: A sentence that gathers the literature's patients: "we found nine comparable published cases".
_PUBLISHED_CASES = re.compile(r"\b(?:published|previously (?:reported|described))\s+(?:[\w-]+\s+){0,2}?(?:cases|patients|"
                              r"children|reports)\b|\b(?:cases|patients|children|reports)\s+(?:[\w-]+\s+){0,2}?"
                              r"(?:published|reported) (?:in|before|previously|since|so far|to date)\b", re.IGNORECASE)
_BACK_TO_THEM = re.compile(r"^\W*(?:in|of|among|for) (?:most|all|some|many|none|each|several|half|two|three|four|five|"
                           r"six|seven|eight|nine|ten|\d+)? ?(?:of )?(?:them|these|those)\b|\b(?:of|among) the (?:\w+ )?"
                           r"(?:published |reported |reviewed |previous )?(?:patients|cases|children)\b", re.IGNORECASE)
_LITERATURE_COUNT = re.compile(r"\b(?:published|in the literature|previously (?:reported|described|published))\b",
                               re.IGNORECASE)
#: A group named again as a whole: "The five, ...", "all four went on", "None of the three had".
_REFERS_BACK = re.compile(
    rf"\b(?:the|these|those|all|(?:each|none|all) of the)\s+(?P<n>{_NUMWORD}|\d{{1,2}})"
    r"(?=\s*[,.;:)]|\s+(?:children|patients|cases|girls|boys|had|have|were|are|was|received|developed|showed|"
    r"went|eventually|carried|tested|needed|required|did|recovered|improved|responded|survived|died|presented|"
    r"underwent|remained|achieved|reached)\b)", re.IGNORECASE)
#: A group narrowed by a relative clause ("the six children who had it", "the three with calcinosis").
_RESTRICTED = re.compile(r"\s+(?:children|patients|cases|girls|boys)?\s*(?:who|that|whose|with)\b", re.IGNORECASE)
#: A clause about some members of a series, not each: "four had proximal weakness", "one of them died", "the
#: remaining two were steroid resistant", "... raised in four", "(... reduced in two of the unaffected twins)".
_SOME_OF = re.compile(
    rf"^[\s,;:(]*(?:(?:and|but|while|whereas|of whom)\s+)?(?:the (?:remaining|other) |only )?(?:{_NUMWORD}|\d{{1,2}})"
    rf"(?: of (?:them|these|those|{_NUMWORD}|\d{{1,2}}|the(?: [\w-]+){{1,2}}))?"
    r"(?: (?:child|patient|girl|boy|case|twin|sibling|children|patients|girls|boys|cases|twins|siblings))?"
    r"(?: (?:also|later|then|subsequently|additionally|eventually|still|further))?"
    r"\s+(?:had|has|have|were|was|did|developed|showed|received|required|needed|relapsed|died|responded|improved|"
    r"went|became|remained|presented|underwent|achieved|reached|carried|tested|came|stopped)\b", re.IGNORECASE)
#: Some of a group, told without a number: "helped most of them", "in some cases", "many of the children".
_SOME_WORDS = re.compile(r"\b(?:most|some|many|several|few|half|majority|minority) of (?:them|these|those|the)\b|"
                         r"\b(?:in )?(?:most|some|many|several) (?:patients|children|cases)\b|"
                         # "mycophenolate was added for one child after a relapse": one of the group, not told which
                         r"\b(?:in|for|to) (?:only )?one (?:child|patient|girl|boy|of them)\b|"
                         # a title's "three further girls, only one with anti-SRP antibodies"
                         r"\bonly one (?:(?:child|patient|girl|boy|of them) )?(?:with|had|carried|was|showed)\b|"
                         r"\bthe (?:single|only|one) (?:child|patient|girl|boy) (?:who|whose|with|in whom)\b", re.IGNORECASE)
#: "(four, 6%)": a count of other patients in parentheses; it and the clause before it are about them.
_COUNT_PAREN = re.compile(rf"\(\s*(?:{_NUMWORD}|\d{{1,3}})\s*(?:[,;](?!\d)[^()]*)?\)", re.IGNORECASE)
#: "... could not climb stairs, and swallowing difficulties appeared": a finding that is the subject of a
#: clause of its own, after ", and", is asserted by that clause's verb, not negated by the cue before it.
_NEW_CLAUSE = re.compile(r",\s*and\s")
_ASSERTED_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:appeared|followed|developed|emerged|ensued|set in|supervened|arose|"
                             r"occurred|began|started|became (?:evident|apparent))\b", re.IGNORECASE)
#: An outcome in a clause of its own after "and": "the MAS could not be controlled and the patient died", "never
#: walked again and remained in a wheelchair" (the negation before "and" is the other clause's).
_OUTCOME_AFTER_AND = re.compile(r"\s(?:and|but)\s+(?:(?:the (?:patient|girl|boy|child|infant|toddler)|she|he)\s+)?"
                                r"(?:(?:then|later|eventually|finally|subsequently|\w+ly)\s+)?$", re.IGNORECASE)
#: "all other antibodies were negative, p155/140 included": an antigen named as one of a negative panel.
_INCLUDED = re.compile(r"\s*(?:antibod(?:y|ies)\s*)?(?:\([^()]*\)\s*)?included\b", re.IGNORECASE)
_NEGATIVE_PANEL = re.compile(r"\bnegative\b[^.;()]{0,40}?,\s*(?:anti-?)?$|\bnegative for all\b[^.;]{0,40}?,\s*(?:anti-?)?$",
                             re.IGNORECASE)


def _included_in_negative(text: str, m: re.Match) -> bool:
    return bool(_INCLUDED.match(text, m.end()) and _NEGATIVE_PANEL.search(text, max(0, m.start() - 80), m.start()))


#: A sentence that names "the child" (or the girl, the patient) with no number: it goes on about the one patient
#: the sentence before named ("The first child ... Over a year the weakness spread until the child could not ...").
_THE_SAME_ONE = re.compile(r"\b(?:the|this) (child|patient|girl|boy|infant|toddler|adolescent)\b", re.IGNORECASE)
#: The patient noun and a comma just before an origin in apposition: "a male infant, African American, aged ...".
_GROUP_BEFORE_COMMA = re.compile(r"\b(?:girls|boys|children|patients|siblings|sisters|brothers|twins|adolescents)\s*,\s*$",
                                 re.IGNORECASE)
_PATIENT_BEFORE_COMMA = re.compile(r"\b(?:girl|boy|child|infant|toddler|adolescent|patient|female|male)\s*,\s*$",
                                   re.IGNORECASE)
#: A sentence whose subject is a singular pronoun, or a possessive ("Her enzymes fell ..."): it goes on about
#: the patient the sentence before named.
#: (after a phrase of time that names her: "During her admission she had an episode of asphyxia ...")
_GOES_ON = re.compile(r"\W*(?:(?:during|after|on|at|in|by|over|within|before|throughout)\s+(?:her|his)\s+[\w-]+(?:\s+[\w-]+)?"
                      r",?\s+)?(she|he|her|his)\b", re.IGNORECASE)
#: Words that name the whole group of patients ("both girls", "all three children", "each of them").
_WHOLE_GROUP = re.compile(
    rf"\b(?:both |all (?:the )?(?:(?:{_NUMWORD}|\d{{1,2}}) )?|each of the |the (?:{_NUMWORD}|\d{{1,2}}) )(?:patients|children|"
    r"girls|boys|cases|"
    r"siblings|sisters|brothers|twins)\b|\b(?:both|all|each|neither|none) of (?:them|these|our patients)\b"
    # a note's "Tx (both):", "Outcome (all 3):"
    rf"|\((?:both|all|all (?:{_NUMWORD}|\d{{1,2}})|each|each (?:patient|child|case)|in both|in all)\)\s*:"
    # "Treatment began in both with corticosteroids"; "no fever, no arthritis in either"
    r"|^\W*neither\b(?=\s+(?:had|has|was|were|showed|developed|received|needed|required)\b)"
    r"|\bneither (?:child|patient|girl|boy|sibling|twin|sister|brother)\b"
    r"|\bin both\b(?=\s*(?:[,;:.]|with\b|$|(?:was|were|had|showed)\b))|\b(?:in|for) each\b(?=\s*(?:[,;.]|$|(?:and|but) (?:were|was|had|then)\b))|\b(?:no|none|without)\b[^.;]*\bin either\b"
    # a note's "Common to all 3:", "Shared by both:", "Shared: ..."
    r"|\b(?:common|shared) (?:to|by) (?:all|both|each)\b|^\W*(?:shared|common|in common|common features)\s*:"
    # a sentence opened by the group with no noun: "In all three the rash faded", "In each the symptoms ..."
    # (after a word of time: "After, both presented a worsening"; after a note's label: "Final f/u: both in
    # complete response"; after a phrase of time: "At their last follow-up, both had ...", "At referral to the clinic
    # all three had ...")
    rf"|^\W*(?:[A-Za-z][\w /-]{{0,30}}:\s*)?(?:(?:after|afterwards|later|then|subsequently|finally|initially|eventually),?\s+|"
    r"(?:at|by|on|after|during|within|over)\s+[^,.;:]{1,40}?,?\s+)?"
    rf"(?:in )?(?:all (?:{_NUMWORD}|\d{{1,2}})|each|both)\b(?=\s*(?:[,;:]|the\b|\w+ed\b|(?:then|later|also|subsequently|"
    r"eventually|ultimately|had|have|were|are|in|achieved|reached|remain\w*|came|went|began|became|grew|took|kept|lost|fell|"
    r"showed|underwent|needed)\b))",
    re.IGNORECASE)
#: "one child had anti-SRP54 antibodies and the other anti-HMGCR": a pair shared out without saying who is who.
#: ("in one of the boys remission was obtained; in the other ...": the other clause may follow a semicolon)
_ONE_AND_THE_OTHER = re.compile(r"\bone (?:child|patient|girl|boy|of them|of the (?:two |three )?(?:children|patients|girls|"
                                r"boys|twins|siblings|brothers|sisters))\b[^.]*?\bthe other\b", re.IGNORECASE)
#: A series abstract's "All received IVIG.", "None had a rash.", "anti-SRP negative in all.", after its numbered
#: patients: the whole series with no number or noun (not "All were negative", "None was detected": the tests a
#: sentence before listed).
_BARE_ALL = re.compile(
    r"^\W*(?:all|none)\b(?=\s+(?:had|have|has|was|were|received|required|needed|developed|presented|showed|"
    r"underwent|responded|improved|achieved|reached|carried|tested)\b)"
    r"(?!\s+(?:was|were)\s+(?:negative|positive|normal|abnormal|unremarkable|within|detected|found|seen|absent|present)\b)"
    r"|\bin all\s*(?=[.;]|$)", re.IGNORECASE)
#: A statement about one arm of a group ("in the late group", "the early group improved"): about some, not all.
_SUBGROUP = re.compile(r"\b(?!whole\b|entire\b|same\b|age\b|blood\b)\w+ (?:sub)?group\b|\bsubgroups?\b",
                       re.IGNORECASE)
#: "Nine (15%) carried ...": a sentence whose subject is the group's count.
_COUNT_SUBJECT = re.compile(rf"^\W*(?P<n>{_NUMWORD}|\d{{1,2}})\b(?:\s*\([^()]*\))?(?:\s+of (?:them|these|those))?\s+(?:had|have|were|was|carried|"
                            r"received|developed|showed|tested|presented|underwent)\b", re.IGNORECASE)
#: "Nine (15%)", "(four, 6%)", "about 1% of the cohort": a count's share of a screened cohort, not a summary
#: statistic of the patients.
_COUNT_SHARE = re.compile(rf"\b(?:{_NUMWORD}|\d{{1,3}})(?:\s+(?:children|patients|girls|boys|cases|sera|samples))?"
                          rf"\s*\(\s*\d+(?:\.\d+)?\s?%\s*\)|"
                          rf"\(\s*(?:{_NUMWORD}|\d{{1,3}})\s*[,;]\s*\d+(?:\.\d+)?\s?%\s*\)|"
                          # "found in four of them, about 1% of the cohort"
                          r"\b\d+(?:\.\d+)?\s?%\s+of\s+(?:the\s+|those\s+|all\s+)?(?:whole\s+|entire\s+)?(?:cohort|"
                          r"(?:children|patients|sera|samples)\s+(?:tested|screened)|tested|screened|sera tested)\b",
                          re.IGNORECASE)
#: A pooled review's statistic: "a rash was recorded in 15 (44%)", "in 15 of the 22 children (68%)" (not a
#: screened cohort's "Nine (15%) carried anti-X" or "positive in 4 of the 53 tested (7.5%)", the patients the
#: report is about).
_POOLED = re.compile(r"\bin\s+\d{1,4}\s*\(\s*\d{1,3}(?:\.\d+)?\s?%\s*\)|\b\d{1,4}\s+of\s+(?:the\s+)?\d{1,4}\b"
                     r"(?![^.;()]{0,40}\b(?:tested|screened|sera|samples|examined)\b)[^.;()]{0,40}"
                     r"\(\s*\d{1,3}(?:\.\d+)?\s?%\s*\)"
                     # or ratio after ratio: "fever in 14 of 18, cytopenia in 14 of 17"
                     r"|\b\d{1,4}\s+of\s+(?:the\s+)?\d{1,4}\b[^.]{1,80}?\b\d{1,4}\s+of\s+(?:the\s+)?\d{1,4}\b")
#: A count with its share in brackets: "in 12 (80%)", "15 of the 22 children (68%)". A pooled sentence that
#: also names the authors' own patient ("With our patient (26 children), a rash was recorded in 11 (42%)") is
#: still read for the series' count; its statistics give none.
_STATISTIC = re.compile(r"\b\d{1,4}(?:\s+of\s+(?:the\s+)?\d{1,4}(?:\s+\w+){0,2}?)?\s*\(\s*\d{1,3}(?:\.\d+)?\s?%\s*\)")
#: The largest series read as one record per patient (the number words of the lexicon go to twenty).
_MAX_SERIES = 20
#: "Three patients (P1-P3; ...)": a count whose members are labelled is the authors' series.
_LABELLED = re.compile(r"\s*\((?:P|patients?\s*|cases?\s*)1\s*(?:-|–|to)", re.IGNORECASE)
#: A title's "... in nine children" or "...: four children from one centre": the count is the report's series.
#: (a congress title's "DENGUE MYOSITIS IN CHILDREN ... - FOUR BOYS FROM DHAKA": the series after a dash)
_IN_TITLE = re.compile(r"(?:\bin\s+|:\s*|\s[-–—]\s*|\b(?:report|series|study) of\s+)$", re.IGNORECASE)
#: A meeting abstract's "Results: Four children, all boys.": a count that opens the results is the series.
_RESULTS_OPENING = re.compile(r"^\W*results?\s*[:.]\s*$", re.IGNORECASE)
#: A journal's banner above an article's title ("ORIGINAL ARTICLE", "Case Report", "Letter to the Editor").
_BANNER = re.compile(rf"\W*(?:{BANNERS})\W*", re.IGNORECASE)


def _title_at(sentences: list) -> int:
    """Where the title is: the first sentence, past a banner and blank lines above it."""
    i = 0
    while i < len(sentences) - 1 and (not sentences[i].text.strip() or _BANNER.fullmatch(sentences[i].text.strip())):
        i += 1
    return i
#: "We searched our records and found four, all girls": a count whose noun is left out.
_FOUND_N = re.compile(rf"\b(?:found|identified|included|saw|collected) (?P<n>{_NUMWORD}|\d{{1,2}})\b"
                      r"(?=\s*[,;:.(]|\s+(?:all|of whom|with|who)\b)", re.IGNORECASE)
#: Signs that a text speaks of several patients ("all three", "most of them", "two had") when no count was
#: read: then its one record keeps only sentences about one patient.
_GROUP_SIGNAL = re.compile(
    rf"\b(?:all|each|every one|none|most|some|many|several|both|neither) of (?:them|these|those|the (?:{_NUMWORD}|"
    rf"patients|children|cases))\b|\b(?:all|both) (?:the )?(?:patients|children|cases|girls|boys)\b|"
    rf"\ball (?:{_NUMWORD})(?=\s+(?:patients|children|cases|girls|boys|had|were|received|developed|tested|showed)\b|"
    rf"\s*[,.;])|\ball (?:had|were|received|developed)\b|"
    rf"^\W*(?!one\b)(?:{_NUMWORD})(?: of (?:them|these|{_NUMWORD}))? (?:had|were|received|developed|showed|died|"
    r"relapsed|required|needed)\b|\b(?:most|some|many) (?:patients|children)\b", re.IGNORECASE)
#: A plural noun that is not a person just before a group phrase: "the nodules, several of them ...".
_PEOPLE_WORDS = ("patients|children|girls|boys|cases|siblings|sisters|brothers|twins|sons|daughters|infants|"
                 "adolescents|males|females")
#: ("ILD resistant to all of these", "progressed in spite of all of these": the drugs just named)
_OF_THINGS = re.compile(rf"\b(?!(?:{_PEOPLE_WORDS})\b)[a-z]+s,\s*$|\b(?:resistant|refractory|unresponsive|intolerant) to\s+$|"
                        r"\b(?:despite|in spite of|after|on|with)\s+$")
#: A talk's break after its last patient: another slide ("Slide 6: Putting the three together"), the questions from
#: the floor, the take-home messages.
_TALK_BREAK = re.compile(r"\s*(?:" + _SLIDE + r"\b(?![^\n]*\b(?:patient|case)\s+\d)|questions?(?:\s+and\s+answers?|"
                         r"\s+from\s+the\s+(?:audience|floor))?[ \t]*:?[ \t]*(?:\n|$)|take[- ]home\s+(?:messages?|points?)|"
                         r"discussion\s+from\s+the\s+floor|"
                         # a quiz's questions and answers after the last case: "Question 1.", "Answers", "Answer 2: A."
                         r"question\s+\d{1,2}\s*[.:)]|answers?(?:\s+\d{1,2})?\s*[:.]?[ \t]*(?:\n|$)|"
                         r"answer\s*(?:\d{1,2}\s*)?[:.]\s*\(?[A-E]\b)", re.IGNORECASE)
#: A present tense after a group phrase speaks of patients in general: "some children also have ...", "most
#: patients respond to ...".
_GENERAL_PRESENT = re.compile(r"\s+(?:(?:also|often|usually|sometimes|may|can|will|still|then|later|eventually)\s+)*"
                              r"(?:have(?!\s+(?:been|\w+ed)\b)|are|develop|need|present|show|require|get|respond|do|go|remain|experience|"
                              r"carry|relapse|die)\b", re.IGNORECASE)
#: The plural noun after "none of those" when it names things: "None of those alternatives was the answer".
_THINGS_NOUN = re.compile(rf"\s+(?!(?:{_PEOPLE_WORDS}|was|has|does|is|gets|goes|needs|shows|remains|seems|appears|"
                          r"makes|fits|explains)\b)[a-z]{3,}s\b", re.IGNORECASE)
#: A quiz's answer letter: "(e) none of these" is an answer, not a group of patients.
_QUIZ_OPTION = re.compile(r"\(\s*[a-e]\s*\)\s*$", re.IGNORECASE)
#: "some of these", "all of them" can be about patients only in a text that names several people.
_OF_PRONOUN = re.compile(r"\bof (?:them|these|those)$", re.IGNORECASE)
_PEOPLE = re.compile(rf"\b(?:{_PEOPLE_WORDS})\b", re.IGNORECASE)
#: Words that name one patient: a pronoun or "a/the (9-year-old) girl".
_SINGULAR = re.compile(r"\b(?:she|he|her|his|him|herself|himself)\b|\b(?:an?|the|this|our) (?:[\w-]+ ){0,3}?"
                       r"(?:girl|boy|patient|child|infant|toddler|adolescent|teenager|baby)\b", re.IGNORECASE)
_IN_SOME = re.compile(rf"\b(?:in|for) (?:only )?(?:{_NUMWORD}|\d{{1,2}})(?: of (?:them|these|those|the(?: [\w-]+){{1,2}}))?"
                      r"(?: (?:children|patients|girls|boys|cases|twins))?[\s).,;:]*$", re.IGNORECASE)
#: "Cases 2 and 3 were ...": the number after "and" continues a list of cases, it is not a count.
_CASE_LIST_BEFORE = re.compile(r"\b(?:Cases?|Patients?)\s+\d{1,2}(?:\s*,\s*\d{1,2})*[\s,]*$", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[,;:]\s*|\s+(?=(?:and|but|while|whereas)\s)|\s*(?=\()|(?<=\))", re.IGNORECASE)
#: A parent and child (or two relatives) reported together: "myositis in a daughter and her father".
_FAMILY = re.compile(r"\b(?:an?|the) (?P<a>girl|boy|daughter|son|mother|father|sister|brother)\s+and\s+(?P<db>her|his|the)\s+"
                     r"(?P<b>father|mother|daughter|son|brother|sister)\b(?P<with>\s+with\b)?", re.IGNORECASE)

#: "(17 girls, 5 boys)", ", 12 girls and 3 boys", "four girls and a boy": a sex breakdown of a count; ``open``
#: is set when it follows a parenthesis or a comma, i.e. it describes the count before it.
_SEX_BREAKDOWN = re.compile(
    rf"(?P<open>[(,:;]\s*)?\b(?P<a>{_NUMWORD}|\d{{1,2}}) (?:girls|boys)(?:,|,? and)\s+"
    rf"(?P<b>{_NUMWORD}|\d{{1,2}}|an?) (?:girls?|boys?)\b", re.IGNORECASE)
_GIRLS_BOYS = re.compile(r"\b(?:girls|boys)\b", re.IGNORECASE)
#: "five of them (four girls and a boy, aged 3-14 years) developed lipodystrophy": a subset and its finding.
_TOPIC_SUBSET = re.compile(rf"\b(?P<n>{_NUMWORD}|\d{{1,2}}) of (?:them|whom|these)(?:\s*\([^()]*\))?\s+"
                           r"(?:developed|had|presented with|showed)\s+(?P<topic>[^,;.()]+)", re.IGNORECASE)

#: (or the sentence opens on it: "Case 1 also needed rituximab" in the joint paragraph after Case 2's section; or
#: a clause after "and": "Case 1 was in remission and Case 2 had mild weakness")
_OTHER_PATIENT_CLAUSE = re.compile(
    r"(?:^\W*|[,;]\s*(?:and\s+|while\s+|whereas\s+|but\s+)?|\s(?:and|while|whereas)\s+)(?P<kind>patient|case)\s+"
    r"(?P<n>\d{1,2}|[IVX]{1,4})\b(?=\s+(?:(?:also|then|later|eventually|subsequently|still|too)\s+)?(?:had|has|"
    r"was|were|died|developed|received|required|needed|showed|underwent|reached|entered|remained|improved|recovered|"
    r"relapsed|carried)\b)", re.IGNORECASE)
#: A sentence that names nobody and goes on with the treatment or the state of those just named ("Their condition
#: steadied at first", "Treatment was then escalated to rituximab").
_GROUP_GOES_ON = re.compile(r"\W*(?:their|they|treatment|therapy|then)\b", re.IGNORECASE)
#: A bracketed aside that is not a key to patients ("(the course of patient 1 was typical)", not "(patients 1 and 2)").
_ASIDE = re.compile(r"\((?!\s*(?:patients?|cases?)\s+\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*\s*\))[^()]*\)", re.IGNORECASE)
#: A sentence's key to the patients it is about: "(Patients 1 and 2)", "for Patients 1 and 3", "(patient 3)".
_KEYED_TO = re.compile(r"\((?P<kind>patients?|cases?)\s+(?P<list>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\)|"
                       r"\bfor\s+(?P<kind2>patients?|cases?)\s+(?P<list2>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b", re.IGNORECASE)
_SUBSET_SUBJECT = re.compile(r"^\W*(?:" + _SPEAKER_NAME + r")?"
                             r"(?:(?:first|second|third|finally|moreover|however|also|in contrast)\s*,\s*)?"
                             rf"(?:(?:un)?like [^,;]*,\s*)?(?P<n>{_NUMWORD}|\d{{1,2}}) of (?:our|the|these|those|them)\b",
                             re.IGNORECASE)
#: A clause that turns from the group to one unnamed patient of it: "; the one anti-Mi-2-positive girl had ...".
_ONE_CLAUSE = re.compile(r"[;,]\s*(?:(?:and|but|while|whereas)\s+)?(?:the one\b|one (?:of them|of the \w+|girl|boy|patient|"
                         r"child)\b)", re.IGNORECASE)
#: "One girl was alive ...", "One child needed a gastrostomy": a sentence whose subject is one unnamed patient.
_ONE_OF_SERIES = re.compile(r"^\W*(?:" + _SPEAKER_NAME + r")?one (?:girl|boy|child|patient|infant|adolescent)\s+(?:was|had|is|has|"
                            r"died|survived|needed|required|received|remained|developed|recovered|went|underwent)\b",
                            re.IGNORECASE)
_ORIGIN_PREDICATE = re.compile(rf"\b(?:she|he|they|girls?|boys?|patients?|child|children|both|each|all (?:{_NUMWORD})|"
                               # ("both girls described here are Japanese")
                               r"all of them)(?:\s+(?:described|reported|presented) here)?\s+(?:was|were|is|are)"
                               r"(?:\s+(?:all|both))?\s*$", re.IGNORECASE)
_FAMILY_ORIGIN = re.compile(r"\b(?:we(?:['’]re| are| were)|our family (?:is|was))(?: originally| all)?(?: an?)?\s*$",
                           re.IGNORECASE)
_OF_ORIGIN = re.compile(r"\b(?:girls?|boys?|child|children|patients?|females?|males?|adolescents?|infants?|"
                        r"toddlers?|teenagers?|sisters|brothers|siblings|twins|son|daughter)\s+of$", re.IGNORECASE)


def _years_months(m: re.Match) -> float:
    """Years from a match of _AGE_YM (groups y and m, or mo)."""
    if m.group("mo"):
        return round(_number_word(m.group("mo")) / 12, 2)
    return round(_number_word(m.group("y")) + (_number_word(m.group("m")) / 12 if m.group("m") else 0), 2)


def _number_word(text: str) -> float:
    """A number as written: "7", "7.5", "seven", "three and a half", "five-and-a-half", "8½"."""
    words = lexicon()["numbers"]
    low = text.lower()
    half = 0.0
    for suffix in (" and a half", "-and-a-half", "½"):
        if low.endswith(suffix):
            low, half = low[: -len(suffix)], 0.5
    return (float(words[low]) if low in words else float(low.replace(",", "."))) + half


# --- the engine ------------------------------------------------------------------------------------------


@dataclass
class _Engine:
    """spaCy pipeline and matchers, built once per process."""

    nlp: object
    drugs: object
    features: object
    cues: object
    ethnic: object
    feature_of: dict
    antigen_re: re.Pattern
    antigen_of: dict
    review_cues: LiteralGate
    hypothetical_re: re.Pattern
    outcome_res: list
    feature_res: list = field(default_factory=list)
    ethnicity_form: dict = field(default_factory=dict)
    outcome_any: re.Pattern | None = None
    outcome_gate: LiteralGate | None = None
    feature_gate: LiteralGate | None = None
    normal_test_any: Gated | None = None
    #: ``antigen_re`` with its pre-check: most sentences name no antigen
    antigen_any: Gated | None = None
    local_before: re.Pattern | None = None
    local_after: re.Pattern | None = None
    hedge_after: re.Pattern | None = None
    hedge_before: re.Pattern | None = None
    not_a_result_before: list = field(default_factory=list)
    not_a_result_after: list = field(default_factory=list)
    feature_hedge: re.Pattern | None = None


def _split_units_from_full_stops(nlp) -> None:
    """"CK 28 819 IU/L. Case 1 carried ...": spaCy keeps "L." (and "d.", "g.", "h.") as one token, an
    abbreviation, so the sentence would not end; a full stop after a unit ends it."""
    from spacy.util import compile_suffix_regex

    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in ("d.", "g.", "h.", "l.")}
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[/\d][A-Za-z])\.", r"(?<=[/\d][a-z][A-Za-z])\.", r"(?<=/[A-Za-z])\."]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


#: The key under which a doc's ``user_data`` keeps the text it was made from.
_TEXT = "imnm_text"


def _doc_text(doc) -> str:
    """The text a doc was made from, as kept when it was made (``Doc.text`` joins its tokens again)."""
    text = doc.user_data.get(_TEXT)
    return text if text is not None else doc.text


def _paragraph_breaks(doc):
    """A blank line ends a sentence: a title or heading without a full stop is not the start of the paragraph
    after it ("... dermatomyositis\n\nJuvenile dermatomyositis is a ..."). A single line break ends one only
    after a heading, a short line with no sentence end ("Case reports\nCase 1\nA 10-year-old boy ..."), so
    hard-wrapped text reads as before."""
    from spacy.attrs import IS_SPACE

    line_start, after_break = 0, True  # a heading follows a blank line, the start or another heading
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():  # the space tokens, without a walk over the rest
        token = doc[i]
        if "\n" not in token.text:
            continue
        heading = after_break and _heading_line(doc[line_start:token.i])
        following = doc[token.i + 1]
        if token.i > line_start and _RULE_LINE.fullmatch(_doc_text(doc), doc[line_start].idx, token.idx):
            # a letter's rule ("=====", "-----") between its header and its body: a break on both sides
            doc[line_start].is_sent_start = True
            doc[token.i + 1].is_sent_start = True
            line_start, after_break = token.i + 1, True
            continue
        if (token.text.count("\n") >= 2 or (heading and (following.is_title or _SECTION_NUMBER.fullmatch(following.text)))
                or _PATIENT_LINE.match(_doc_text(doc), following.idx)):
            doc[token.i + 1].is_sent_start = True
        line_start, after_break = token.i + 1, heading or token.text.count("\n") >= 2
    return doc


#: A line drawn with one character ("=====", "-----", "*****"): a rule between a letter's parts.
_RULE_LINE = re.compile(r"[ \t]*([=\-_*#~])\1{3,}[ \t]*")
#: A line that opens on a numbered patient ("Patient 2: 14-year-old male, ...", "- Case 3."): a note's or an
#: abstract's list of patients, a line each, starts a sentence on each line.
_PATIENT_LINE = re.compile(r"[-•*]?\s*(?:patient|case|child)\s+#?\d{1,2}\s*[:.)]", re.IGNORECASE)
#: A section's number ("2", "3.1", "1.2.") opening a heading line.
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?")
#: The most words a heading line has ("Patients and methods", "Case 2", "Treatment and outcome").
_HEADING_WORDS = 6


#: Words that open or close a sentence's first line but never a heading ("A 10-year-old boy had\n...").
_NOT_HEADING_EDGE = frozenset({"a", "an", "the", "this", "she", "he", "her", "his", "we", "our", "it", "they", "their",
                               "and", "or", "of", "with", "to", "in", "on", "at", "for", "by", "from", "had", "has",
                               "was", "were", "is", "are", "been"})


def _heading_line(line) -> bool:
    """A line that is a heading: a few words opening with a capital or a section number, no sentence end, and
    neither opening nor closing on a word that only a sentence would."""
    words = [t for t in line if not t.is_space and not t.is_punct]
    return (0 < len(words) <= _HEADING_WORDS and (line[0].is_title or line[0].is_upper
                                                   or _SECTION_NUMBER.fullmatch(line[0].text))
            and line[-1].text not in (".", ",", ";", "!", "?")
            and words[0].lower_ not in _NOT_HEADING_EDGE and words[-1].lower_ not in _NOT_HEADING_EDGE)


#: Abbreviations written with a full stop that does not end a sentence: routes and frequencies of a drug
#: ("methotrexate s.c. once a week", "i.v.", "p.o.", "b.i.d.") and a unit ("5 mg. daily").
_ROUTES = ("s.c", "i.v", "i.m", "p.o", "b.i.d", "t.i.d", "q.i.d", "q.d")
_UNITS = ("mg", "kg")
_ABBREVIATIONS = frozenset(_ROUTES + _UNITS)
_ABBREVIATION_STOP = re.compile(rf"(?:\bet al|\b(?:{'|'.join(map(re.escape, _ROUTES))})|\d\s?(?:{'|'.join(_UNITS)}))\.[\s,;:)]",
                                re.IGNORECASE)


def _citation_stops(doc):
    """"Okafor et al. (2021) described ...", "methotrexate s.c. once a week": the full stop of "et al." or of an
    abbreviation does not end the sentence, unless a capitalised word follows it ("... as Smith et al. found.
    The girl ...")."""
    if not _ABBREVIATION_STOP.search(_doc_text(doc)):
        return doc  # most texts cite nobody and abbreviate nothing: no walk over their tokens
    for token in doc[1:-1]:
        if token.text != ".":
            continue
        before = doc[token.i - 1].lower_
        if not (before in _ABBREVIATIONS or (before == "al" and token.i > 1 and doc[token.i - 2].lower_ == "et")):
            continue
        if doc[token.i + 1].is_title and doc[token.i + 1].is_alpha:
            continue
        for after in doc[token.i + 1:]:  # the sentencizer starts the sentence at the first word after it
            after.is_sent_start = False
            if not after.is_punct:
                break
    return doc


#: A region of a country or a continent, written before the origin it narrows ("North Indian", "West African").
_COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                      "Northeast", "Northwest", "Southeast", "Southwest", "Northeastern", "Northwestern",
                      "Southeastern", "Southwestern"})


#: A form's ethnicity field, up to its value: "Ethnicity:", "Ethnic group (reporter's words):", "Race/ethnicity:",
#: "origin as recorded:".
_ETHNICITY_FIELD = re.compile(r"\b(?:ethnicity|ethnic (?:origin|group|background)|race|origin)\b[^:.;]{0,40}:\s*$",
                              re.IGNORECASE)


def _ethnicity_key(name: str) -> str:
    """One key for the spellings of an origin: case and a hyphen or a space do not matter."""
    return name.lower().replace("-", " ")


def _variants(term: str) -> set[str]:
    """A term with each space or hyphen written either way ("nail bed angiitis", "nail-bed angiitis"); a long
    term only all one way or the other."""
    words = re.split(r"[ -]", term)
    if 1 < len(words) <= 4:
        return {term} | {"".join(w + sep for w, sep in zip(words, seps)) + words[-1]
                         for seps in product(" -", repeat=len(words) - 1)}
    return {term, term.replace(" ", "-"), term.replace("-", " ")}


@cache
def engine() -> _Engine:
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher

    lex = lexicon()
    nlp = spacy.blank("en")
    _split_units_from_full_stops(nlp)
    if "imnm_paragraph_breaks" not in Language.factories:
        Language.component("imnm_paragraph_breaks", func=_paragraph_breaks)
    nlp.add_pipe("imnm_paragraph_breaks")
    if "imnm_citation_stops" not in Language.factories:
        Language.component("imnm_citation_stops", func=_citation_stops)
    nlp.add_pipe("imnm_citation_stops")
    nlp.add_pipe("sentencizer")

    def phrases(terms, attr="LOWER"):
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        for label, words in terms.items():
            matcher.add(label, [nlp.make_doc(w) for term in words for w in _variants(term)])
        return matcher

    drug_terms: dict[str, list[str]] = {}
    for name in [*DRUG_SYNONYMS, *lex["agents"]]:
        drug_terms.setdefault("drug", []).append(name)
    drugs = phrases(drug_terms)
    features = phrases({**{f: words for f, words in lex["features"].items()}, _NOT_A_FEATURE: lex["not_features"]})
    neg = lex["negation"]
    cues = phrases({"forward": neg["forward"], "backward": neg["backward"], "terminate": neg["terminate"]})
    ethnic = phrases({"ethnicity": lex["ethnicities"]})
    antigen_of = {}
    for antigen, words in lex["antigens"].items():
        for w in words:
            for variant in _variants(w):
                antigen_of[variant.lower()] = antigen
    alternatives = "|".join(re.escape(t) for t in sorted(antigen_of, key=len, reverse=True))
    short = {"ej", "oj", "ku", "sae", "mj"}
    antigen_re = re.compile(
        rf"(?:(?P<anti>\banti[- ]?)|(?<![\w-]))(?P<ag>{alternatives})(?![\w])(?P<ab>[- ]?(?:auto)?antibod(?:y|ies))?",
        re.IGNORECASE)
    review_cues = LiteralGate([*lex["review_sentence"], *lex["background_sentence"],
                               r"\bha(?:s|ve) been (?:used|reported|described)\b"], re.IGNORECASE)
    hypothetical_re = re.compile(rf"\b(?:{'|'.join(neg['hypothetical'])})\b", re.IGNORECASE)
    outcome_res = []
    for cls, groups in lex["outcomes"].items():
        for key, patterns in groups.items():
            # "between_remission": a phrase of this class that sits next to another (named in a review flag)
            kind, alternative = ("exact", key[len("between_"):]) if key.startswith("between_") else (key, None)
            for pattern in patterns:
                outcome_res.append((cls, kind, re.compile(pattern, re.IGNORECASE), alternative))
    eng = _Engine(nlp, drugs, features, cues, ethnic, {}, antigen_re, antigen_of, review_cues, hypothetical_re,
                  outcome_res)
    eng.feature_of = {"short": short}
    eng.outcome_any = re.compile("|".join(f"(?:{p.pattern})" for _, _, p, _ in outcome_res), re.IGNORECASE)
    eng.outcome_gate = LiteralGate([p.pattern for _, _, p, _ in outcome_res], re.IGNORECASE)
    eng.normal_test_any = Gated(re.compile("|".join(rf"\b{re.escape(t)}\b" for tests in lex["normal_tests"].values()
                                                    for t in tests), re.IGNORECASE))
    eng.antigen_any = Gated(antigen_re, shortest=2)  # "anti-Ku", "anti-EJ": two letters
    eng.ethnicity_form = {}
    for e in lex["ethnicities"]:  # "African-American" takes the list's first spelling, "African American"
        eng.ethnicity_form.setdefault(_ethnicity_key(e), e)
    local = lex["local_route"]
    eng.local_before = re.compile(rf"\b(?:{'|'.join(map(re.escape, local['before']))})\s+(?:\w+\s+)?$", re.IGNORECASE)
    eng.local_after = re.compile(rf"^\s+(?:{'|'.join(map(re.escape, local['after']))})\b", re.IGNORECASE)
    hedge = "|".join(lex["hedge_classes"])
    # ("steroids or immunosuppressants"; "with steroids, with immunosuppressive drugs or with both")
    eng.hedge_after = re.compile(rf"\s*(?:\([^()]*\)\s*)?(?:(?:and/or|or)\s+(?:\w+\s+){{0,2}}?(?:{hedge})\b|"
                                 rf",\s*(?:with\s+)?(?:\w+\s+){{0,2}}?(?:{hedge}),?\s+(?:and/)?or\b)", re.IGNORECASE)
    eng.hedge_before = re.compile(rf"\b(?:{hedge})\s*(?:\([^()]*\)\s*)?(?:and/or|or)\s+$", re.IGNORECASE)
    eng.not_a_result_before = [re.compile(x, re.IGNORECASE) for x in lex["antibody_not_a_result"]["before"]]
    eng.not_a_result_after = [re.compile(x, re.IGNORECASE) for x in lex["antibody_not_a_result"]["after"]]
    eng.feature_hedge = re.compile("|".join(rf"(?:{x})\s*$" for x in lex["feature_hedge_before"]), re.IGNORECASE)
    eng.feature_res = [(f, re.compile(pattern, re.IGNORECASE))
                       for f, patterns in lex.get("feature_patterns", {}).items() for pattern in patterns]
    eng.feature_gate = LiteralGate([p.pattern for _, p in eng.feature_res], re.IGNORECASE)
    return eng


# --- one text --------------------------------------------------------------------------------------------


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    span: object  # the spaCy span
    review: bool
    hypothetical: bool
    #: a gapped clause ("... and the second anti-HMGCR antibodies"): the verb phrase of the clause before
    predicate: str = ""
    #: "Anti-SRP antibody was detected in case 1, and anti-NXP2 antibody in cases 2 and 3": the clause before, whose
    #: words after its own antibody ("was detected") are this clause's gapped verb
    gapped_first: str = ""
    gap_negated: bool = False
    #: "We screened sera ... for anti-HMGCR antibodies. Four children were positive.": the antigen the
    #: sentence before tested for, when this sentence reports a bare positive result
    implied_antigen: str | None = None
    #: the article section the sentence stands in when it is not the case itself: "background", "discussion"
    #: or "back" (references, acknowledgements)
    section: str | None = None
    #: a question from the floor that the next sentence answers: True for "Yes", False for "No"
    answer: bool | None = None


@dataclass
class _Patient:
    label: str | None
    sentences: list[_Sentence] = field(default_factory=list)
    case: ExtractedCase = field(default_factory=ExtractedCase)
    #: sentences or clauses about this patient and others ("both had ...")
    shared: list[_Sentence] = field(default_factory=list)
    #: the one patient a text about a series says it tells ("the first of them is described here")
    told: bool = False
    #: what the sentence that introduced several patients says of this one: (age, sex, start, end, as written)
    intro: tuple | None = None
    #: this patient's value of a list given 'respectively': (age, start, end, as written, is an onset)
    respective: tuple | None = None
    #: this patient's follow-up from a list given 'respectively': (months, start, end)
    respective_follow_up: tuple | None = None
    age: float | None = None
    sex: str | None = None
    #: the noun the text introduced this patient with ("father", "sister"), to resolve "her father" later
    noun: str | None = None
    #: this patient's value of a keyed or 'respectively' lab list: (key, analyte, number, unit, start, end)
    labs: list = field(default_factory=list)


def extract(text: str, *, source: str | None = None) -> list[ExtractedCase]:
    given, prose = text, as_prose(text)
    text, set_aside = english_part(prose.text)
    lang = detect_language(text)
    if lang != "en":
        name = lexicon()["language_names"].get(lang, lang)
        return [ExtractedCase(language=lang, source=source, review_flags=[
            flag("unverified", "language", f"text in {name}: needs a person; nothing was extracted")])]
    tables = find_tables(text)
    cases = _read(_without(text, tables) if tables else text, source)
    if tables:
        antigen_re = engine().antigen_re
        cases = with_tables(cases, tables, text, lambda rendered: _read(rendered, source, row=True),
                            lambda name: bool(antigen_re.fullmatch(name) or antigen_re.fullmatch(f"anti-{name}")),
                            _is_drug)
    if len(cases) == 1 and not describes_a_patient(cases[0]):
        return []  # a text with no patient value (a study of adults, a background sentence) is no case
    for lang, chars in set_aside.items():
        name = lexicon()["language_names"].get(lang, lang)
        for case in cases:
            case.review_flags.append(flag("unverified", "language", f"{chars} characters in {name} were not read, "
                                          "only the English: a person should check them for what the English omits"))
    if prose.origin is not None:  # evidence quotes the text as given, line breaks and hyphens and all
        for case in cases:
            _age_as_given(case, prose, given)
            case.evidence = {key: [_given(e, prose, given) for e in spans] for key, spans in case.evidence.items()}
    return cases


def _age_as_given(case: ExtractedCase, prose: Prose, given: str) -> None:
    """The age as the text gives it ("11yo" where the reader read "11-year-old"), on one line."""
    written = case.record.get("age_as_written")
    for e in case.evidence.get("age_years", []) if written else []:
        if prose.text[e.start:e.end] == written:
            case.record["age_as_written"] = " ".join(given[slice(*prose.span(e.start, e.end))].split())
            return


def _without(text: str, tables: list) -> str:
    """The text with its tables blanked out, every offset kept: the prose reader never reads a row as a sentence."""
    for t in tables:
        text = text[:t.start] + re.sub(r"[^\n]", " ", text[t.start:t.end]) + text[t.end:]
    return text


def _read(text: str, source: str | None, row: bool = False) -> list[ExtractedCase]:
    """The patients the prose of ``text`` tells of (``row``: the sentences a table's row was rendered into, all
    of them the patient's)."""
    eng = engine()
    doc = eng.nlp.make_doc(text)
    doc.user_data[_TEXT] = text  # for the components and readers: Doc.text would join it again token by token
    for _, component in eng.nlp.pipeline:
        doc = component(doc)
    sentences = [_sentence(s, text[s.start_char:s.end_char], eng) for s in doc.sents]
    sentences = _cited_patients(text, _own_clauses(_sections(text, _quiz_options(text, sentences)), eng), eng)
    _screen_results(sentences, eng)
    _answered_questions(sentences)
    patients, notes, unsplit = [], [], False
    reports = _reports(text, sentences)
    for citation, part in reports:
        found, note = _segment(part, row)
        if len(reports) > 1:  # "Okafor et al. (2021), Patient 2": the report a reviewer opens to check
            for patient in found:
                patient.label = citation if patient.label is None else f"{citation}, {patient.label}"
        elif len(found) == 1 and found[0].label is None and not found[0].told and _several(part):
            unsplit = True  # several patients, one record: keep only what is said of one identified patient
            found[0].sentences = [s for s in part if _SINGULAR.search(s.text) and not _several([s])]
        patients += found
        notes += [(note, len(found))] * len(found)
    if not patients:
        return []
    cases = []
    for patient, (note, group) in zip(patients, notes):
        reader = _Reader(text, patient, single=group == 1, group=group)
        for sentence in patient.sentences:
            reader.read(sentence, shared=False)
        for sentence in patient.shared:
            reader.read(sentence, shared=True)
        reader.finish()
        patient.case.source = source
        patient.case.patient_label = patient.label
        patient.case.record["case_label"] = patient.label
        if note:
            patient.case.review_flags.append(note)
        if unsplit:
            factor = lexicon()["confidence"]["unsplit_factor"]
            patient.case.confidence = {k: round(c * factor, 3) for k, c in patient.case.confidence.items()}
            patient.case.review_flags.append(flag(
                "ambiguous", "patients", "several patients; not split: values were read only from sentences "
                                         "about one identified patient"))
        cases.append(patient.case)
    return cases


def _sentence(span, text: str, eng: _Engine) -> _Sentence:
    """A sentence of the text, with its cues read once. ``text`` is the span's characters sliced from the whole
    text: the span's own ``.text`` would join its tokens again, for the same characters."""
    return _Sentence(span.start_char, span.end_char, text, span,
                     eng.review_cues.search(_COUNT_SHARE.sub("", text) if "%" in text else text)
                     or (" of " in text and bool(_POOLED.search(text))),
                     bool(eng.hypothetical_re.search(text)))


def _given(evidence: Evidence, prose: Prose, given: str) -> Evidence:
    start, end = prose.span(evidence.start, evidence.end)
    return Evidence(start=start, end=end, text=given[start:end])


#: A section heading of a structured abstract or report: at the start of a line, or after a sentence with a
#: colon ("... is poorly known. Methods: Of 552 children ...").
#: (Medicine's CARE abstract opens on "Rationale", JAMA's on "Importance": the disease, as a Background does)
_HEADING_NAMES = (r"background|introduction|rationale|importance|case (?:presentation|report|description|summary)s?|case|"
                  r"methods?|results?|discussion|conclusions?|summary|objectives?|aims?")
_BACKGROUND = ("background", "introduction", "rationale", "importance")
_SECTION_NAME = re.compile(_HEADING_NAMES, re.IGNORECASE)
#: (a heading may carry a note in brackets: "Case (our own, 1 pt):")
_HEADING = re.compile(rf"^[ \t]*(?P<name>{_HEADING_NAMES})\b[ \t]*(?:\([^()\n]{{0,40}}\)[ \t]*)?(?::|\.|\n)|(?<=[.!?] )(?P<inline>(?=(?-i:[A-Z]))(?:"
                      rf"{_HEADING_NAMES}))(?::|\.(?= (?-i:[A-Z])))", re.IGNORECASE | re.MULTILINE)


#: The parts of a whole article by what they tell, from headings that stand on a line of their own (or open
#: one with a colon): a Discussion, Comment or Conclusion weighs the authors' patients against other
#: published ones, and the back matter (references, acknowledgements, declarations) names other articles.
#: (a note's or a vignette's "Take-home", "Teaching point", "Learning points", "Key messages" weigh the case too)
#: (a review of the published cases under its own heading: "Review of published cases", "Literature search",
#: "Previously reported cases", "Comparison with the literature")
_REVIEW_NAMES = (r"(?:(?:a |brief )?(?:literature review|review of (?:the )?(?:(?:published|reported|previous(?:ly reported)?|"
                 r"paediatric|pediatric|similar|other) )*(?:literature|cases|reports|patients))|(?:(?:previously|other) )?"
                 r"(?:published|reported|previous|similar) (?:paediatric |pediatric )?(?:cases|reports|patients)|"
                 r"(?:literature search|search of the literature)(?: and (?:results|review))?|"
                 r"what (?:has been|was|is) (?:published|reported|known)(?: so far| to date)?|comparison with (?:the )?"
                 r"(?:literature|published (?:cases|reports)))(?: and (?:discussion|comments?))?")
_DISCUSSION_NAMES = (rf"discussion(?: and (?:conclusions?|comments?|(?:a )?(?:literature )?review(?: of (?:the )?literature)?))?|"
                     rf"comments?|{_REVIEW_NAMES}|conclusions?(?: and relevance)?|"
                     r"concluding remarks|take[- ]home(?: (?:messages?|points?))?|(?:teaching|learning|key|mdt|discussion) "
                     r"(?:points?|messages?)|"
                     r"lessons?(?: learned| learnt)?|"
                     # a nursing or therapy case study's own weighing of the case: "Reflection", "Implications for
                     # practice"
                     r"(?:critical )?reflections?(?: on practice)?|(?:implications|recommendations) for (?:nursing |clinical |"
                     r"future )?practice|(?:nursing|practice|clinical) implications")
#: A teaching case's reasoning under its own heading ("Differential diagnosis", "Pearls", "Pitfalls",
#: "Commentary"): diseases weighed and general lessons, up to the next heading, where the case goes on.
_TEACHING_NAMES = (r"(?:the |(?:the )?(?:discussant|expert)'?s'? )?differential diagnos[ie]s"
                   # ("Differential diagnosis in the emergency department", "Differential diagnosis of acute weakness"
                   # on a line of its own; not "Differential diagnosis at that stage: ...", run into the case)
                   r"(?: (?:in|of|for) (?:the |a |an |this )?[\w'’-]+(?: [\w'’-]+){0,3}(?=[ \t]*$))?|"
                   r"(?:clinical )?pearls?(?: (?:and|&) pitfalls?)?|pitfalls?|"
                   r"(?:expert |discussant'?s'? )?commentary|(?:clinical )?reasoning|"
                   # (not a conference's "Discussion of Management" or "Discussion of two further patients": the
                   # patients' own course)
                   r"discussion of (?!(?:the )?(?:management|treatment|therapy|course|outcome|follow[- ]?up)\b|"
                   r"[\w'’ -]{0,30}\b(?:patients|children|cases|girls|boys)\b)(?:the )?[\w'’ -]{1,40}|"
                   r"why not (?:the )?other (?:options|answers|choices|diagnoses)\??|discussant")
#: (an abstract as PubMed prints it ends with lists that index the article, not the patient: "Keywords: rituximab;
#: interstitial lung disease", "MeSH terms", "Substances", "Abbreviations: ILD, interstitial lung disease")
_INDEX_NAMES = (r"key ?words?|mesh(?: terms| headings)?|substances|publication types?|abbreviations(?: used)?|"
                r"grants? and funding|supplementary concepts")
_INDEX_HEADING = re.compile(rf"[ \t]*(?:{_INDEX_NAMES})\b", re.IGNORECASE)
#: A congress abstract's disclosure may stand above its text, under the affiliations ("Conflict of interest: None",
#: then "[Objective] ..."): like an index list, it ends at a section's heading or at a paragraph of prose.
_DISCLOSURE_HEADING = re.compile(r"[ \t]*(?:conflicts? of interests?|competing interests?|disclosures?(?: of interests?)?|"
                                 r"funding(?: sources?)?)\b", re.IGNORECASE)
#: A line of running prose, not an index term: long, or a sentence of several words.
_PROSE_LINE = re.compile(r"[ \t]*(?:[^\n]{80}|(?:[^\s.]+[ \t]+){5}[^\n]*[.!?][ \t]*$)", re.MULTILINE)
_BACK_MATTER_NAMES = (r"references?|bibliography|acknowledge?ments?|funding(?: sources?)?|conflicts? of interests?"
                      r"(?: statement)?|competing interests?|declarations?|authors?'? contributions?|ethics (?:statement|"
                      rf"approval)|consent for publication|disclosures?|similar articles|cited by|related information|"
                      rf"linkout(?: - more resources)?|{_INDEX_NAMES}")
#: Any other line heading: a short line with no sentence end ("Case presentation", "Case 2", "Treatment and
#: outcome"), which ends the section before it.
_LINE_HEADING = re.compile(
    rf"^[ \t]*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?[ \t]+)?(?:(?P<teaching>{_TEACHING_NAMES})|(?P<discussion>{_DISCUSSION_NAMES})|"
    rf"(?P<back>{_BACK_MATTER_NAMES})|"
    r"(?P<other>(?-i:[A-Z])[\w'’()/&-]*(?:[ \t]+[\w'’()/&-]+){0,5}(?=[ \t]*(?::|$))))[ \t]*(?::|\.?[ \t]*$)",
    re.IGNORECASE | re.MULTILINE)
#: The same reasoning under a heading run into its paragraph ("Differential diagnosis (discussant). The first
#: trap is ...", "Discussion of the coronary finding. In a child, ..."), and any such run-in heading, which ends it
#: ("Clinical diagnosis. ...", "Course. ...").
_RUN_IN_TEACHING = re.compile(
    rf"(?:\A|(?<=\n))[ \t]*(?:{_TEACHING_NAMES}|discussion|comments?)(?:[ \t]*\([^()\n]{{0,40}}\))?"
    r"[ \t]*[.:](?=[ \t]+(?-i:[A-Z]))", re.IGNORECASE)
#: A discussant's turn in a problem-solving text: "Discussant (Dr. P. Oyelaran, Child Neurologist): ...".
_DISCUSSANT_TURN = re.compile(r"[ \t]*discussant\b[^\n:]{0,80}:", re.IGNORECASE)
_RUN_IN_HEADING = re.compile(r"(?!" + _SPEAKER + r")[ \t]*(?-i:[A-Z])[\w'’-]*(?:[ \t,]+[\w'’-]+){0,4}"
                             r"(?:[ \t]*\([^()\n]{0,40}\))?[ \t]*[.:][ \t]+(?-i:[A-Z])")
#: A paragraph that goes on with the patient ("She was given ...", "On examination, ...") after a teaching heading.
_CASE_GOES_ON = re.compile(r"\W*(?:" + _SPEAKER_NAME + r")?(?:she|he|her|his|the (?:girl|boy|child|patient|infant|toddler|"
                           r"adolescent|teenager)|"
                           r"on (?:examination|admission|day \d+|follow-up)|(?:at|after) (?:\d+|[a-z]+) (?:days?|weeks?|"
                           r"months?|years?)\b)\b", re.IGNORECASE)
#: A paragraph that opens on a patient ("A 9-year-old girl presented ...") is the case, whatever heading it is under.
_PATIENT_OPENING = re.compile(r"\W*(?:an?|our|this|the)\b[^.\n]{0,60}?\b(?:\d+|[a-z]+)[- ](?:years?|months?)[- ]old\b",
                              re.IGNORECASE)
#: A paragraph whose first sentence has a patient for subject: "A Japanese boy was diagnosed with ...".
_PATIENT_SUBJECT = re.compile(r"\W*(?:an?|our|this|the)\s+(?:[\w-]+\s+){0,3}?(?:boy|girl|child|infant|toddler|"
                              r"adolescent|teenager|patient)\s+(?:was|had|presented|developed|came|attended|first)\b",
                              re.IGNORECASE)
#: Words by which a discussion speaks of the authors' own patients ("our patient", "in the present case",
#: "both girls"), and the marks of a citation ("Kishi et al.", "[4, 5]") that send it back to the literature.
#: (A follow-up report cites its own first report of the patient: "As first reported [1], ...", "at the time of the
#: first report [1]" are the authors' own patient.)
_OWN_PATIENT = re.compile(r"\b(?:we|our|ours|us)\b|\b(?:patient|case)\s+(?:\d{1,2}|[IVX]{1,4})\b|"
                          r"\bas (?:first|previously|originally|initially|earlier) (?:reported|described|published)\b|"
                          r"\b(?:at the time of|since|after|before|in) (?:the|our) (?:first|earlier|previous|original|"
                          r"initial|prior) (?:report|publication|description)\b|"
                          r"\b(?:this|the present|the current|the index|both)\s+(?:[\w-]+\s+){0,2}?"
                          r"(?:patient|case|child|girl|boy|adolescent|teenager|infant|toddler|sibling|twin|sister|"
                          r"brother|young (?:woman|man|women|men)|woman|man|women|men)s?\b", re.IGNORECASE)
_CITATION = CITATION


#: The authors' patients as a whole, in a discussion: "our patients", "our two children".
_OUR_GROUP = re.compile(rf"\bour (?:{_NUMWORD} |\d )?(?:patients|children|cases|siblings|sisters|brothers|twins)\b",
                        re.IGNORECASE)
#: A heading that opens the authors' own case ("Case 2", "Case presentation", "Patients and methods").
#: The words that name the authors' own patients in a heading ("Our patients", "The present case").
_OUR_OWN = r"(?:our|the present|present|this) (?:own )?(?:patients?|cases?|report|child|children|girls?|boys?|series)"
_CASE_HEADING = re.compile(rf"(?:{_OUR_OWN}\b|(?:case|patient|clinical)s?\b)", re.IGNORECASE)


#: A quiz's answers, a line each ("A. Juvenile dermatomyositis", "(b) Limb-girdle dystrophy with cardiomyopathy").
_OPTION_LINE = re.compile(r"^[ \t]*(?:\(?[A-Ea-e]\)|[A-E][.:])[ \t]+\S[^\n]{0,120}$", re.MULTILINE)
#: A figure legend's line: "Figure 1.", "Fig. 2:", "Panel A".
_LEGEND_LINE = re.compile(r"\W*(?:fig(?:ure)?s?\b|panels?\b|images?\s+\d)", re.IGNORECASE)
#: The answers written in a row on one line ("a) Statins b) Corticosteroids c) Hydroxychloroquine"): the letters
#: a, b and c (or A, B and C) each open an answer, in that order.
_OPTION_ROW = re.compile(r"(?:^|(?<=[\s?:]))(?P<mark>\(?(?P<a>[Aa])[).:])[ \t]+[^\n]{1,80}?[ \t]\(?(?P<b>[Bb])[).:][ \t]+"
                         r"[^\n]{1,80}?[ \t]\(?(?P<c>[Cc])[).:][ \t]+[^\n]*", re.MULTILINE)


def _quiz_options(text: str, sentences: list[_Sentence]) -> list[_Sentence]:
    """The candidate answers of a quiz, three or more lettered lines in a row, name diseases the reader weighs,
    not the patient's findings: they are read as review sentences."""
    blocks, run = [], []
    for m in _OPTION_LINE.finditer(text):
        if run and text[run[-1][1]:m.start()].strip():
            run = []
        if not run:
            blocks.append(run)
        run.append((m.start(), m.end()))
    blocks = [(b[0][0], b[-1][1]) for b in blocks if len(b) >= 3]
    # (not a figure legend's panels: "Figure 1. (A) Axial STIR MRI ... (B) Muscle biopsy ... (C) ...")
    blocks += [(m.start(), m.end()) for m in _OPTION_ROW.finditer(text)
               if m["a"].isupper() == m["b"].isupper() == m["c"].isupper()
               and not _LEGEND_LINE.match(text, text.rfind("\n", 0, m.start()) + 1)]
    if not blocks:
        return sentences
    return [replace(s, review=True) if any(a <= s.start + len(s.text) - len(s.text.lstrip()) < b for a, b in blocks)
            else s for s in sentences]


#: A specialty journal's case (a pathology or dermatology quiz, a radiology case) often tells the patient's course
#: after its comment, under a heading of its own ("Follow-up", "Outcome", "Treatment and outcome") or in a last
#: paragraph with no heading ("He was started on prednisolone ..."): a heading of the course, or a paragraph
#: whose subject is the patient, ends the discussion when the discussion before it named no other patient.
_COURSE_HEADING = re.compile(r"(?:(?:clinical |further |subsequent )?course|follow[- ]?up|outcomes?|evolution|progress|"
                             r"management|treatment)(?: (?:and|&) (?:follow[- ]?up|outcomes?|course|evolution|"
                             r"treatment|management))?", re.IGNORECASE)
_PATIENT_GOES_ON = re.compile(r"\s*(?:" + _SPEAKER_NAME + r")?(?:she|he|the (?:girl|boy|child|patient)|our (?:girl|boy|child|patient)s?|"
                              # "Dr. Adeyemi: All three children went into remission": the group, by a speaker
                              r"(?:all|both|each of the|the) (?:(?:two|three|four|five|six) )?(?:children|patients|girls|boys)|"
                              r"(?:patient|case) \d{1,2})\s+(?:was|were|had|has|have|received|remained|"
                              r"improved|recovered|continued|regained|responded|underwent|developed|went|made|"
                              r"started|is|did|needed|required|relapsed|walked|returned)\b", re.IGNORECASE)
_OTHER_PATIENT_NAMED = re.compile(r"\bet al\b|\b(?:described|reported|published|presented)\b|\[\d", re.IGNORECASE)


#: A relative clause that says the drug just named was not given: ", which neither boy was reported to have
#: received", ", which he never received".
_NOT_GIVEN_CLAUSE = re.compile(r"\s*(?:\([^()]*\)\s*)?,\s*which\s+(?:neither|none|no)\b[^,;.]{0,40}?\b(?:received|given|"
                               r"took|taken|had)\b|\s*(?:\([^()]*\)\s*)?,\s*which\s+(?:she|he|they|the (?:girl|boy|child|"
                               r"patient))\s+(?:never|did not|didn['’]t|had not|has not)\b", re.IGNORECASE)
_SLIDE_TITLE = re.compile(r"[ \t]*" + _SLIDE + r"\s*[:.–-][ \t]*(?P<title>[^\n]*)\n", re.IGNORECASE)


def _slide_on_the_course(text: str, at: int) -> bool:
    """A talk's slide on the patients' course ("Slide 4: Outcome" and then "All four boys recovered ...")."""
    m = _SLIDE_TITLE.match(text, at)
    return bool(m and _COURSE_HEADING.fullmatch(m.group("title").strip()) and _PATIENT_GOES_ON.match(text, m.end()))


def _around_own_course(text: str, a: int, b: int, end: int) -> list[tuple[int, int, str]]:
    """The discussion from heading ``a``/``b`` to ``end``, less any paragraph that goes on with the patient's
    course ("He was started on ...") while nothing before it in the discussion named another patient."""
    spans, start = [], a
    other = _OTHER_PATIENT_NAMED.search(text, b, end)  # (a paragraph ends on a newline, which no name crosses)
    for p in _PARAGRAPH_END.finditer(text, b, end):
        if _PATIENT_GOES_ON.match(text, p.end()) and not (other and other.start() < p.start()):
            spans.append((start, p.start(), "discussion"))
            following = _PARAGRAPH_END.search(text, p.end(), end)
            if not following:
                return spans
            start = following.start()
    spans.append((start, end, "discussion"))
    return spans


#: A care plan's goals, under a heading of their own ("Goals", "Short-term goals", "Physiotherapy goals", "Expected
#: outcomes"), inline ("Goal: no aspiration pneumonia.") or told as such ("The short-term goals were freedom from
#: injury ..."): what the team hopes for, not what the child had or reached.
_GOALS_HEADING = re.compile(r"(?:(?:short|long|medium)[- ]term |(?:nursing|physiotherapy|physical therapy|therapy|treatment|"
                            r"care|rehabilitation|patient|family|agreed|smart|functional|dietetic|nutritional|nutrition|"
                            r"feeding|occupational therapy|speech(?: and language)? therapy|swallowing|the|our|her|his) )*"
                            r"(?:goals?|expected outcomes?|desired outcomes?)(?: of (?:care|treatment|therapy|rehabilitation))?"
                            r"(?: \((?:short|long)[- ]term\))?", re.IGNORECASE)
#: Minutes of a meeting: who attended, or an agenda item ("Present: ...", "Apologies: ...", "Item 2 - ...").
_MINUTES = re.compile(r"^[ \t]*(?:present|attendees|attendance|in attendance|apologies(?: for absence)?)[ \t]*:|"
                      r"^\W{0,3}" + _ITEM, re.IGNORECASE | re.MULTILINE)
#: The minutes' agenda item on the literature or an audit, and the next item or meeting that ends it.
_LITERATURE_ITEM = re.compile(r"^\W{0,3}" + _ITEM + r"[^\n]*\b(?:literature|published (?:cases|reports|series)|audit)\b",
                              re.IGNORECASE | re.MULTILINE)
_NEXT_ITEM = re.compile(r"^\W{0,3}(?:" + _ITEM + r"|meeting\b)", re.IGNORECASE | re.MULTILINE)
#: A bulleted line, and the start of any line (a line of the minutes' bulleted list goes on indented).
_BULLET_LINE = re.compile(r"\n[ \t]*[-•*–][ \t]")
_LINE_START = re.compile(r"\n")
#: The minutes' decision or action line ("Decision: start rituximab", "Agreed: for IVIG", "Action: registrar to book
#: IVMP"): what the meeting resolved, which a later update may or may not confirm, so a drug it names is not yet
#: one given; unless the line goes on with what the child is on ("Decision: continue MTX", "wean prednisolone").
_DECISION_LINE = re.compile(r"^\W*(?:(?:MDT|team|meeting|joint)\s+)?(?:decisions?|recommendations?|agreed(?:\s+plan)?|"
                            r"actions?(?:\s+points?)?|outcome of (?:the\s+)?discussion|proposed plan|(?:MDT|team) outcome)"
                            r"\s*[:–-]", re.IGNORECASE)
_ALREADY_ON = re.compile(r"\b(?:continu\w*|wean\w*|taper\w*|reduc\w*|stop\w*|increas\w*|remains? on|stays? on|"
                         r"maintain\w*)\b", re.IGNORECASE)
_GOAL_INLINE = re.compile(r"\b(?:(?:short|long)[- ]term )?(?:goals?|expected outcomes?|desired outcomes?)\s*"
                          r"(?:\([^()]{0,30}\))?\s*:", re.IGNORECASE)
_GOALS_WERE = re.compile(r"^\W*(?:the |our |her |his |their |agreed )?(?:[\w-]+ ){0,2}?(?:goals?|aims?) (?:of (?:care|"
                         r"treatment|therapy|the programme) )?(?:was|were|is|are|included|include|became)\b", re.IGNORECASE)


def _sections(text: str, sentences: list[_Sentence]) -> list[_Sentence]:
    """Sentences of an article's Introduction, Discussion or back matter tell of the disease and of other
    published patients, not of the authors' own: they are read as review sentences.

    An Introduction or Background tells of the disease ("... is mostly seen in systemic juvenile idiopathic
    arthritis") unless a sentence speaks of the authors' own patients ("we describe three children ..."). It
    runs to the next heading; a heading inside a line (a structured abstract's "Background: ...") or a
    paragraph opening on a patient ends it at its first paragraph. A Discussion or Conclusion (to the back
    matter, a case heading or the end) keeps only sentences about the authors' patients that cite nobody
    ("our patient responded to rituximab", not "like our patient, the boy Kishi et al. described ...").
    A teaching case's reasoning ("Differential diagnosis", "Pearls", "Reasoning. ...") is read the same way,
    up to the next heading or the paragraph where the case goes on. The back matter is never read."""
    headings = sorted([(m.start(), m.end(), (m.group("name") or m.group("inline") or "").lower(), False)
                       for m in _HEADING.finditer(text)]
                      + [(m.start(), m.end(), "teaching" if m.group("teaching") else "discussion" if m.group("discussion")
                          else "back" if m.group("back") else m.group("other").lower(), True)
                         for m in _LINE_HEADING.finditer(text)]
                      + [(m.start(), m.end(), "teaching", True) for m in _RUN_IN_TEACHING.finditer(text)])
    spans = []  # (start, end, role)
    minutes = _MINUTES.search(text) is not None
    for k, (a, b, name, line) in enumerate(headings):
        following = [h for h in headings[k + 1:] if h[0] >= b]
        if name in _BACKGROUND:
            body = b + len(text[b:]) - len(text[b:].lstrip())
            if _PATIENT_OPENING.match(text, body) or _PATIENT_SUBJECT.match(text, body) or text[body:body + 2] in (
                    "- ", "• ", "* "):
                continue  # the patient's own background ("Background. A Japanese boy was diagnosed with ...", a
                # letter's "Background:" over a list of the child's history)
            end = following[0][0] if following else len(text)
            paragraph = _PARAGRAPH_END.search(text, body)
            own_line = line and text[b:b + 1] in ("\n", "")  # "Introduction" alone on its line
            if not own_line or not following:
                end = min(end, paragraph.start() if paragraph else len(text))
            else:  # a paragraph opening on a patient is the case, told without a heading
                for p in _PARAGRAPH_END.finditer(text, body, end):
                    if _PATIENT_OPENING.match(text, p.end()):
                        end = p.start()
                        break
            spans.append((a, end, "background"))
        elif name == "discussion" and line and minutes:
            # the minutes' "Discussion:" under a child's agenda item: the meeting's views of that child (the general
            # remarks in it read as a discussion's), to the next sub-heading or item, the paragraph's end, or the end
            # of its bulleted list (a sub-heading without a colon: "Treatment already started")
            end = following[0][0] if following else len(text)
            paragraph = _PARAGRAPH_END.search(text, b, end)
            end = paragraph.start() if paragraph else end
            if (bullet := _BULLET_LINE.search(text, b, end)) is not None and not text[b:bullet.start()].strip(" \t:"):
                end = next((m.start() for m in _LINE_START.finditer(text, bullet.end(), end)
                            if not _BULLET_LINE.match(text, m.start()) and not text[m.end():m.end() + 1].isspace()), end)
            spans.append((a, end, "discussion"))
        elif name == "discussion" and line:
            end = next((h[0] for h in following if h[2] == "back" or _CASE_HEADING.match(h[2])
                        or (_COURSE_HEADING.fullmatch(h[2]) and _PATIENT_GOES_ON.match(text, h[1]))
                        or _slide_on_the_course(text, h[0])), len(text))
            if text[b - 1:b] == ":" and text[b:].lstrip(" \t")[:1] not in ("\n", ""):
                # a structured abstract's "Conclusions: ..." is one paragraph
                paragraph = _PARAGRAPH_END.search(text, b)
                end = min(end, paragraph.start() if paragraph else len(text))
            spans.extend(_around_own_course(text, a, b, end))
        elif name == "teaching" and line:
            end = following[0][0] if following else len(text)
            turn = _DISCUSSANT_TURN.match(text, a)
            for p in _PARAGRAPH_END.finditer(text, b, end):
                if _CASE_GOES_ON.match(text, p.end()) or _RUN_IN_HEADING.match(text, p.end()) or turn:
                    end = p.start()  # the next step of the case, told without a heading
                    break  # (a discussant's turn, "Discussant: ...", is the paragraph it opens)
            spans.append((a, end, "discussion"))
        elif line and _GOALS_HEADING.fullmatch(name):
            # a care plan's "Goals" (not "Goals and interventions"): what the team hopes for, to the next heading
            spans.append((a, following[0][0] if following else len(text), "goals"))
        elif name == "back":
            end = len(text)
            if _INDEX_HEADING.match(text, a) or _DISCLOSURE_HEADING.match(text, a):
                # an index list ("Keywords: ...", "MeSH terms" a term a line) may stand before the abstract or the
                # article: it ends at a section's heading or at a paragraph of prose
                end = next((h[0] for h in following if _SECTION_NAME.fullmatch(h[2]) or h[2] == "abstract"
                            or _CASE_HEADING.match(h[2])), end)
                end = next((p.start() for p in _PARAGRAPH_END.finditer(text, b, end) if _PROSE_LINE.match(text, p.end())),
                           end)
            spans.append((a, end, "back"))
    if minutes:
        # the minutes' item on the literature or an audit ("Item 3 - Literature review for the paper"): other
        # patients and pooled figures, to the next item or meeting
        for m in _LITERATURE_ITEM.finditer(text):
            following_item = _NEXT_ITEM.search(text, m.end())
            spans.append((m.start(), following_item.start() if following_item else len(text), "back"))
    if not spans:
        return sentences

    def role(s: _Sentence) -> str | None:
        first = s.start + len(s.text) - len(s.text.lstrip())
        return next((r for a, b, r in reversed(spans) if a <= first < b), None)

    out = []
    for s in sentences:
        r = role(s)
        if r is None:
            out.append(s)
            continue
        parts = [s]
        if r == "background" and _CITED_IN_SENTENCE.search(s.text) and _OWN.search(s.text):
            # "In adults it responds poorly to steroids alone [2]; in children few cases had been published when we
            # first described ours [1]": a background's clause of the literature beside one of the authors' own
            bounds = [0] + [m.end() for m in re.finditer(";", s.text)] + [len(s.text)]
            parts = [_part(s, a, b) for a, b in pairwise(bounds) if s.text[a:b].strip(" ;")]
        for s in parts:
            out.append(replace(s, section=r, review=s.review or r in ("back", "goals") or (
                r == "background" and not _OWN.search(s.text) and not _THIS_REPORT.search(s.text)) or (
                r == "discussion" and not (_OWN_PATIENT.search(s.text) and not _LITERATURE.search(s.text)
                                           and not _CITATION.search(s.text)))))
    return out


#: The authors' own patient inside a sentence about the literature: "... is rarely mentioned in the literature,
#: so we describe a Japanese boy in whom ...", "We describe a toddler whose ..., and we review 18 published
#: children".
_WE_DESCRIBE = re.compile(rf"\b(?:we|here we)\s+(?:describe|report|present)\s+(?:the cases? of )?(?:an?|{_NUMWORD}|\d{{1,2}})\b",
                          re.IGNORECASE)


#: A general aside after the patient's own fact: "..., which in adults is linked to cancer".
_WHICH_ASIDE = re.compile(r",\s+which\b", re.IGNORECASE)
_HER_OWN = re.compile(r"\W*(?:she|he|her|his|the (?:girl|boy|child|patient|infant|toddler|adolescent|teenager)(?:'s)?)\b",
                      re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\W*(?:she|he|they)\b", re.IGNORECASE)
_OWN_TURN = re.compile(r"[,;]\s*(?:so|and so|therefore|thus|hence|but|and)\s+(?:we|she|he|the (?:girl|boy|child|patient))\s+"
                       r"(?:\w+\s+)?(?:treated|gave|started|received|was (?:given|treated|started))\b|"
                       # "Anti-HMGCR antibodies go with statins in adults; her anti-SRP test was positive"
                       r";\s*(?:but\s+)?(?:her|his)\s+(?:serum|blood|(?:[\w-]+\s+){0,2}(?:tests?|testing|results?|panel|"
                       r"screen|levels?)|(?:[\w-]+\s+)?antibod(?:y|ies))\s+(?:was|were|showed|revealed|came back|returned)\b",
                       re.IGNORECASE)


def _own_clauses(sentences: list[_Sentence], eng: _Engine) -> list[_Sentence]:
    """A sentence that is about the literature only because of a clause is split: the clause that introduces
    the authors' own patient is read as a sentence of its own, the rest stays a review sentence."""
    out = []
    for s in sentences:
        m = _WE_DESCRIBE.search(s.text) if s.review and _LITERATURE.search(s.text) else None
        aside = _WHICH_ASIDE.search(s.text) if (s.review and s.section is None and m is None
                                                 and _HER_OWN.match(s.text)) else None
        if aside is not None and not eng.review_cues.search(s.text[: aside.start()]):
            # "Her serum was positive for anti-TIF1-γ, which in adults is linked to cancer, ...": the aside is
            # general, what comes before it is hers
            own = _part(s, 0, aside.start())
            out += [replace(own, review=False, hypothetical=bool(eng.hypothetical_re.search(own.text))),
                    _part(s, aside.start(), len(s.text))]
            continue
        cut = s.text.find(";") if s.review and s.section is None and m is None else -1
        if cut > 0 and not eng.review_cues.search(s.text[:cut]) and not _CITED_IN_SENTENCE.search(s.text[:cut]) \
                and eng.review_cues.search(s.text[cut:]) and (_OWN_PATIENT.search(s.text[:cut]) or _SHARED.search(
                    s.text[:cut]) or _PRONOUN_SUBJECT.match(s.text)):
            # "Each of them was started on rituximab ...; this prolonged use in children is the reason we return to
            # them": the general clause after the semicolon makes the whole no review
            own = _part(s, 0, cut)
            out += [replace(own, review=False, hypothetical=bool(eng.hypothetical_re.search(own.text))),
                    _part(s, cut + 1, len(s.text))]
            continue
        if m is None:
            turn = _OWN_TURN.search(s.text) if s.review and s.section is None else None
            own = _part(s, turn.start() + 1, len(s.text)) if turn else None
            if own is not None and not eng.review_cues.search(own.text):
                # "Cyclophosphamide is widely used ..., so we treated her instead with tacrolimus": the clause
                # that turns from the rule to the patient is hers
                out += [_part(s, 0, turn.start()),
                        replace(own, review=False, hypothetical=bool(eng.hypothetical_re.search(own.text)))]
            else:
                out.append(s)
            continue
        end = len(s.text)
        later = _LITERATURE.search(s.text, m.end())
        if later:  # the own clause ends where the clause back to the literature begins
            joins = list(_CLAUSE_JOIN.finditer(s.text, m.end(), later.start()))
            end = joins[-1].start() if joins else m.start()
        own = _part(s, m.start(), end) if end > m.start() else None
        if own is None or eng.review_cues.search(own.text):
            out.append(s)
            continue
        if m.start() > 0:
            out.append(_part(s, 0, m.start()))
        out.append(replace(own, review=False, hypothetical=bool(eng.hypothetical_re.search(own.text))))
        if end < len(s.text):
            out.append(_part(s, end, len(s.text)))
    return out


#: The marks of another article inside a sentence: "Kishi et al.", "[4]", "Rider (1994)", "(Suzuki, 2008)".
#: A numbered citation, "[4]", "[3, 5]", "[2-6]", and an author and year in brackets, "(Rider et al., 1994)".
_NUMBERED_CITATION = r"\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]"
_AUTHOR_YEAR_CITATION = r"\(\s*(?-i:[A-Z][\w'’-]+)(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d\d[a-z]?\s*\)"
#: A letter to the editor names the article it answers in words of its own: "Lindqvist and colleagues", "the
#: article by Okafor", "their patient" (the answered article's patient; "their" of the authors' own series is
#: plural or a family's, "their patients", "their child", and is not matched).
_ANSWERED_ARTICLE = (r"(?-i:\b[A-Z][\w'’-]+)\s+(?:and|&)\s+(?:colleagues|co-?workers|co-?authors|associates|"
                     r"collaborators)\b|\btheir (?:(?:first|second|third|fourth|index|youngest|eldest|oldest|(?:\d+|[a-z]+)-year-old) )?"
                     r"(?:patient|case|report|article|paper)\b|"
                     r"\bthe (?:recent |interesting |elegant )?(?:article|report|paper|letter|case report|study|review|"
                     r"publication) (?:by|of|from) (?-i:[A-Z])")
_CITED_IN_SENTENCE = re.compile(
    rf"\bet al\b|(?<![\w\]]){_NUMBERED_CITATION}|(?-i:\b[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?)\s*\(\s*(?:19|20)\d\d[a-z]?\s*\)|"
    rf"{_AUTHOR_YEAR_CITATION}|{_ANSWERED_ARTICLE}", re.IGNORECASE)
_ANSWERED = re.compile(_ANSWERED_ARTICLE, re.IGNORECASE)
#: A letter to the editor, by its salutation or its opening: in one, "the authors" are the answered article's
#: (a retold report's "the authors" are its own, so the words alone send nothing to the literature).
_LETTER_OPENING = re.compile(r"^\W*(?:to the editor|dear (?:editor|sir|madam|editors)|sirs?\s*,|letter to the editor)\b|"
                             r"\b(?:we|i) (?:have )?read\b[^.]{0,60}?\b(?:the|their) (?:recent |interesting )?"
                             r"(?:article|report|paper|letter|case report|review|study)\b",
                             re.IGNORECASE | re.MULTILINE)
_THE_AUTHORS = re.compile(r"\bthe authors\b(?!['’]? own\b)", re.IGNORECASE)
#: A letter's "we" that reads, thanks, agrees or wishes (a correspondent's voice), not the "we" of a patient's
#: care: "We read with interest the article by ...", "we thank Dr Doe", "we would like to add".
_LETTER_WE = re.compile(r"\b(?:we|i)\s+(?:have\s+|had\s+)?(?:(?:also|therefore|thus|would|strongly|fully|entirely|"
                        r"read|really)\s+)?(?:read|enjoyed|thank|congratulate|commend|appreciate|(?:were|are) "
                        r"(?:interested|pleased|delighted)|wish|would like|agree|believe|think|feel|welcome)\b",
                        re.IGNORECASE)


def _speaks_of_own(text: str) -> bool:
    """Whether a sentence speaks of the authors' own patients, not counting a correspondent's "we read"."""
    return bool(_OWN_PATIENT.search(_LETTER_WE.sub(" ", text)))
#: A patient a cited sentence tells of, whose story the next sentences go on with.
_CITED_PATIENT = re.compile(rf"\b(?:\d+|[a-z]+)[- ](?:years?|months?)[- ]old\b|\bthe (?:girl|boy|child|patient|infant|"
                            r"adolescent|toddler|teenager|children|patients|girls|boys) (?:of|from|described|reported)\b|"
                            rf"\b(?:an?|one|{_NUMWORD}|\d{{1,2}})\s+"
                            r"(?:[\w-]+\s+){0,3}?(?:girl|boy|child|patient|infant|adolescent|toddler|teenager|sibling|"
                            r"sister|brother|twin|neonate|newborn|children)s?\b", re.IGNORECASE)
#: How a sentence hands a patient to another article: "described", "reported by", "the girl of Kobayashi [4]",
#: "in the series of Suzuki", or the citation right after the patient ("a 4-year-old boy [3]", "a 10-year-old
#: girl (Rider et al., 1994)").
_REPORTED = re.compile(r"\b(?:described|reported|published|documented|observed)\b|\b(?:series|report|cohort|case|"
                       r"cases|patients?|girl|boy|child|children|sisters|brothers|siblings|twins) (?:of|from) (?-i:[A-Z])|"
                       r"\b(?:girl|boy|child|patient|infant|adolescent|toddler|teenager|sisters|brothers|siblings|twins|"
                       rf"children)\s*(?:{_NUMBERED_CITATION}|\((?-i:[A-Z])[^()]{{0,40}}?\b(?:19|20)\d\d[a-z]?\))",
                       re.IGNORECASE)
#: A comparison with other patients: "Like the boy of Suzuki et al., ...", "..., as did the girl of [4]".
_COMPARISON = (r"(?:un)?like|as (?:in|with|did|does|was|were|had)|in contrast (?:to|with)|contrary to|similar(?:ly)? to|"
               r"compared (?:to|with)|as (?:reported|described) (?:by|in)|in (?:line|keeping|common) with|"
               r"consistent with|as opposed to")
#: A comparison just before a group phrase: "Unlike most of them, he ...".
_COMPARED_WITH = re.compile(rf"\b(?:{_COMPARISON})\s+$", re.IGNORECASE)
_COMPARED_FIRST = re.compile(rf"^\W*(?:{_COMPARISON})\b[^,;]*[,;]\s*", re.IGNORECASE)
_COMPARED_INSIDE = re.compile(rf"[,;]\s*(?:(?:but|yet)\s*,?\s*)?(?:{_COMPARISON})\b[^,;]*(?:[,;]\s*|$)", re.IGNORECASE)
#: A clause that tells what was then done: "... and began methylprednisolone".
_THEN_DONE = re.compile(r"\b(?:and|so|then)\s+(?:we\s+|then\s+)?(?:began|started|gave|initiated|commenced|treated|"
                        r"administered)\b", re.IGNORECASE)
#: A finding told as absent or slight, which states neither: "rash was either absent or at most minimal".
_HEDGED_AFTER = re.compile(r"\s+(?:was|were|is|are)\s+(?:either\s+)?(?:absent|lacking) or (?:at most |only |very )?"
                           r"(?:minimal|mild|slight|subtle|faint|trivial)\b", re.IGNORECASE)
#: A relative clause that goes on with the compared patient: "..., in whom the rash had come first, ".
_RELATIVE_ASIDE = re.compile(r"(?:in whom|whose|who|for whom|of whom)\b[^,;]*[,;]\s*", re.IGNORECASE)
#: The authors' own patient as the subject of what follows a comparison: "..., our patient had", "..., she had".
_OWN_SUBJECT = re.compile(r"(?:ours?|this|the (?:present|current|index))\b|(?:he|she|the (?:patient|child|girl|boy))\s+"
                          r"(?:had|has|was|is|did|does|showed|developed|received|responded|needed|required|presented)\b",
                          re.IGNORECASE)


def _cited_patients(text: str, sentences: list[_Sentence], eng: _Engine) -> list[_Sentence]:
    """A case report's review of the published cases, inside its paragraphs: a sentence that cites another
    article ("Tansley et al. [3] described a 4-year-old boy ...", "In the series of Kobayashi [4], ...") and
    the sentences after it in the same paragraph tell of the cited patients, not of the authors' own, until
    one speaks of the authors' own ("our patient", "we"). A comparison ("Like the boy of Suzuki et al., our
    patient had dysphagia") keeps what it says of the authors' own patient and drops the other article's.
    Paragraphs that open with a citation are left to ``_reports`` (a review's own records)."""
    opened = [(m.start(), e.start() if (e := _PARAGRAPH_END.search(text, m.end())) else len(text))
              for m in _CITED_PARAGRAPH.finditer(text)
              if m.start() == 0 or _BLANK_LINE_BEFORE.search(text, max(0, m.start() - 40), m.start())]
    out, cited_before, last_end = [], False, 0
    letter = bool(_LETTER_OPENING.search(text))
    gathered = False  # whether the sentence before gathered the literature's patients
    for s in sentences:
        if _PARAGRAPH_END.search(text, last_end, s.start + len(s.text) - len(s.text.lstrip())):
            cited_before = False
        last_end = s.start + len(s.text.rstrip())
        if s.section == "back" or s.section == "background" or any(a <= s.start < b for a, b in opened):
            out.append(s)
            continue
        # "We also searched the literature and found nine published cases. In most of them ...": the next
        # sentence, when it refers back to them, is about the literature's patients
        back, gathered = gathered, bool(s.review and _PUBLISHED_CASES.search(s.text))
        if back and _BACK_TO_THEM.search(s.text) and not _speaks_of_own(s.text):
            out.append(replace(s, review=True))
            continue
        cited = _CITED_IN_SENTENCE.search(s.text) or (letter and _THE_AUTHORS.search(s.text))
        if not (cited or s.review or cited_before):
            out.append(s)
            continue
        own = _compared_own(s, eng)
        if own is not None:
            out += own
            cited_before = False
        elif _OWN_PATIENT.search(s.text) and not cited and not s.review:
            out.append(s)
            cited_before = False
        elif cited and (head := _COMPARED_FIRST.match(s.text)) and _OWN_PATIENT.search(head.group()):
            out.append(replace(s, review=True))  # "Like our patient, the boy of Kishi et al. responded to ..."
        elif s.section is None and not (cited_before or (cited and (_ANSWERED.search(s.text) or letter or (
                _CITED_PATIENT.search(s.text) and _REPORTED.search(s.text))) and not _speaks_of_own(s.text))):
            out.append(s)  # a method's or a scale's reference in the case's own story ("criteria of Bohan [3]")
        else:
            cited_before = cited_before or s.section is None
            out.append(replace(s, review=True))
    return out


def _compared_own(s: _Sentence, eng: _Engine) -> list[_Sentence] | None:
    """What a comparison says of the authors' own patient, as sentences of their own; None if it says nothing
    of them, or if what is left still cites or reviews."""
    first = _COMPARED_FIRST.match(s.text)
    if first and (relative := _RELATIVE_ASIDE.match(s.text, first.end())):
        first = relative  # "Unlike their first patient, in whom the rash came first, ours ...": the aside is theirs
    if first:
        rest = s.text[first.end():]
        if not _OWN_SUBJECT.match(rest):
            return None
        semicolon = s.text.find(";", first.end())  # "...; the boy of Liu and Li, in contrast, ...": another patient
        keep = [(first.end(), semicolon if semicolon > 0 else len(s.text))]
    else:
        inside = list(_COMPARED_INSIDE.finditer(s.text))
        # ("Testing found anti-MDA5, but, unlike many children with it, he had no ILD": the patient after it)
        if not inside or not (_OWN_PATIENT.search(s.text[:inside[0].start()]) or _OWN_SUBJECT.match(s.text, inside[0].end())):
            return None
        bounds = [0] + [x for m in inside for x in (m.start(), m.end())] + [len(s.text)]
        keep = [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]
    parts = [_part(s, a, b) for a, b in keep]
    parts = [p for p in parts if p.text.strip()]
    if not parts or any(_CITED_IN_SENTENCE.search(p.text) or eng.review_cues.search(p.text) for p in parts):
        return None
    return [replace(p, review=False) for p in parts]


#: A paragraph that opens with the report it summarises: "Lopez et al. (2015) treated ...", "Chen and Wu (2020)
#: gave ...", "In 2021, Okafor et al. described ...", "Smith et al. [12] ...".
#: Or with the report's reference line, as a reference list writes it: "Koutras A. Myositis with Kawasaki's
#: disease. Am J Dis Child 1982;136:78-79." (labelled "Koutras (1982)", "Sugie et al. (1985)").
_CITED_PARAGRAPH = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?P<cite>(?:In (?:19|20)\d\d,?\s+)?[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et\s+al\.?)?"
    r"(?:\s*\(\s*(?:19|20)\d\d[a-z]?\s*\)|,\s*(?:19|20)\d\d[a-z]?\b|\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\])"
    r"|(?P<first>[A-Z][\w'’-]+)\s+[A-Z]{1,3}(?P<more>(?:,\s*[A-Z][\w'’-]+\s+[A-Z]{1,3}){1,12}|,?\s+et\s+al)?(?:\s*\([^()\n]{0,120}\))?\."
    r"(?=[^\n]{5,300}?\b(?P<year>(?:19|20)\d\d)\s*;\s*\d))")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_BLANK_LINE_BEFORE = re.compile(r"\n[ \t]*\n[ \t]*\Z")
_OWN_PATIENT_KEYS = ("sex", "age_years", "ck_iu_l", "aldolase_iu_l", "outcome_class", "follow_up_months")


#: A heading or a paragraph that turns from the literature to the authors' own patients: "Our patients", "Case
#: report", "Case 1", "We describe ...".
_OWN_PART = re.compile(rf"\n[ \t]*\n[ \t]*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?[ \t]+)?(?:{_OUR_OWN}|case (?:reports?|presentations?|series|"
                       r"descriptions?|histor(?:y|ies)|\d{1,2}|[IVX]{1,4})|patients? (?:and methods|\d{1,2})|"
                       r"(?:here )?we (?:describe|report|present))\b", re.IGNORECASE)


def _citation_label(m: re.Match) -> str:
    """The label of a cited report's records: the citation as written, or for a reference line its first
    author and year ("Sugie et al. (1985)")."""
    if m.group("first"):
        return f"{m.group('first')}{' et al.' if m.group('more') else ''} ({m.group('year')})"
    return " ".join(m.group("cite").split())


def _reports(text: str, sentences: list[_Sentence]) -> list[tuple[str | None, list[_Sentence]]]:
    """The text's sentences by the report they are about. Paragraphs that open with a citation tell of the
    cited report's patients: in a review with nothing of its own before them, each such paragraph (up to the
    next one) is a report of its own; in a case report, they are its discussion of other
    patients and are left out. Any other text is one report (``None``)."""
    starts = [m for m in _CITED_PARAGRAPH.finditer(text)
              if m.start() == 0 or _BLANK_LINE_BEFORE.search(text, max(0, m.start() - 40), m.start())]
    if not starts:
        return [(None, sentences)]
    # the authors' own patients may come after the review ("Published cases ... Our patients: ...")
    after = _OWN_PART.search(text, starts[0].end())
    own = [s for s in sentences if s.start < starts[0].start() or (after and s.start >= after.start())]
    preamble = _Patient(None, own)
    reader = _Reader(text, preamble, single=True)
    for s in own:
        reader.read(s, shared=False)
    reader.finish()
    # a title naming a drug or a disease feature is not a patient of the text's own; an age, a sex or a lab is
    if any(preamble.case.record.get(key) is not None for key in _OWN_PATIENT_KEYS):
        ends = [(m.start(), (e.start() if (e := _PARAGRAPH_END.search(text, m.end())) else len(text)))
                for m in starts]
        return [(None, [s for s in sentences if not any(a <= s.start < b for a, b in ends)])]
    bounds = [m.start() for m in starts] + [len(text)]
    # one cited paragraph alone ("Bohan and Peter (1975) set criteria ... A 9-year-old girl ...") is the text
    return [(_citation_label(m) if len(starts) > 1 else None,
             [s for s in sentences if a <= s.start < b]) for m, a, b in zip(starts, bounds, bounds[1:])]


#: A lab value told as the peak of a rise ("CK climbed to 28 045 IU/l", "peak CK 30 000 U/L"): the value
#: Table 1 records, replacing the first one given (named in a review flag).
#: A lab value told as where a fall ended ("CK fell to 180 U/L", "CK normalised to 95 U/L"): a value on treatment,
#: which the corpus's labels never give as the illness's CK.
_FALL = re.compile(r"\b(?:fell|fallen|dropped|decreased|declined|came down|went down|normali[sz]ed|returned|settled)"
                   r"(?:\s+\w+){0,2}?\s+(?:to|at)\s+(?:about |around |approximately )?$", re.IGNORECASE)
#: ... or as the lowest it reached ("her CK fell by no more than 20% (lowest value 651 mU/mL)").
_NADIR = re.compile(r"\b(?:lowest|nadir|trough)\b", re.IGNORECASE)
_RISE = re.compile(r"\b(?:peak(?:ed|ing)?|max(?:imum|imal)?|highest)\b", re.IGNORECASE)
#: A later value told as a rise but not called the peak ("CK climbed to 6,529 IU/L on day 5"): the corpus
#: convention keeps the first value and names the later one in a review flag.
_CLIMB = re.compile(r"\b(?:climb(?:ed|ing)|r[io]se|rising|increas(?:ed|ing)|reach(?:ed|ing)|soar(?:ed|ing)|"
                    r"escalat(?:ed|ing))\b", re.IGNORECASE)
_RISE_BEFORE = re.compile(r"\b(?:peak|max(?:imum|imal)?|highest)\s+(?:serum\s+)?$", re.IGNORECASE)
#: A feature followed by a modal is a general statement ("cardiac disease can surface when myositis smoulders",
#: "swallowing difficulty and breathing difficulty can appear as the disease progresses").
_GENERAL_AFTER = re.compile(r"(?:\s+(?:and|or)\s+[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:can|may|might)(?!\s+be\s+\w+ed\b)|"
                            r"\s+(?:can|may|might|could|is known to|tends? to))\b", re.IGNORECASE)
#: What a disease does in general, told by its cause just before the feature: "something that causes a rash",
#: "an illness which can give muscle and skin problems" (present tense; "the disease caused dysphagia" is hers).
_CAUSES_BEFORE = re.compile(r"\b(?:that|which|can|could|may|might|often|usually|sometimes|also)\s+(?:also\s+|sometimes\s+|"
                            r"often\s+|usually\s+)?(?:causes?|gives?|brings?)\s+(?:(?:a|an|the|some|muscle|skin|and|"
                            r"children|kids|people|patients)\s+){0,3}$", re.IGNORECASE)
#: What an antibody or a disease goes with, in the present: "anti-NXP2 is known to be associated with subcutaneous
#: calcification", "MDA5 antibodies are strongly linked to lung disease".
_ASSOCIATED_BEFORE = re.compile(r"\b(?:is|are)\s+(?:known\s+to\s+be\s+|often\s+|frequently\s+|commonly\s+|strongly\s+|"
                                r"typically\s+|classically\s+)?(?:associated|linked)\s+(?:with|to)\s+(?:[\w-]+\s+){0,3}$",
                                re.IGNORECASE)
#: A relative's own illness, told with the relative as the subject: "her grandmother has rheumatoid arthritis", "my
#: husband has diabetes and my sister psoriasis with arthritis", "a family history of Raynaud's" (siblings only as
#: "my" or "our": in a family report a "her brother" is a patient himself). Nothing in between names the child
#: ("her mother noticed that she had a rash" is the child's rash).
_RELATIVES_OWN = re.compile(
    rf"\b(?:(?:her|his|my|our|their|the (?:patient|child|girl|boy)['’]s)\s+(?:(?:maternal|paternal|older|younger|"
    rf"elder|own)\s+)?{_KIN}|(?:my|our)\s+{_SIBLINGS}|family (?:medical )?history)"
    r"(?:\s+(?:also|too|both|herself|himself|themselves))?\s+(?:(?:has|had|have)"
    # (not "her parents had also noticed a rash": what the relative saw)
    r"(?!\s+(?:also\s+|first\s+|already\s+)?(?:\w+ed|seen|taken|brought|found|given|told|sought|been)\b)|"
    r"suffers? from|suffered from|(?:is|was|were|has been|had been) (?:diagnosed|treated) (?:with|for)|lives? with|"
    r"lived with|of|(?:was|is|were) (?:positive|significant|notable) for|included|includes)\b"
    r"(?:(?!\b(?:she|he|her|his|him|daughter|son|girl|boy|child|patient)\b)[^.;]){0,40}$", re.IGNORECASE)
#: The parent who tells the story speaking of their own health: "I myself have an underactive thyroid", "I have
#: Raynaud's myself" (read only where a parent speaks; a teenager's "I had trouble swallowing" is the patient's).
_NARRATOR_HAS = re.compile(r"\bI(?:\s+myself)?(?:\s+(?:also|too))?\s+(?:have|had|suffer from|suffered from|"
                           r"(?:was|have been) diagnosed with|live with|lived with)\b"
                           r"(?:(?!\b(?:she|he|her|his|him|daughter|son)\b)[^.;]){0,40}$")
#: Whose voice a line is in: a speaker's tag opening it ("Mother:", "Dad:", "Interviewer:"), else the text's own
#: words for the child ("my daughter", "our son": a parent tells it).
_SPEAKER_TAG = re.compile(r"^[ \t]*(?P<who>[A-Z][\w'’ .-]{0,30}?)[ \t]*:", re.MULTILINE)
_PARENT_TAG = re.compile(r"(?:mother|father|mum|mom|dad|parent|parents)\b", re.IGNORECASE)
_PARENT_WORDS = re.compile(r"\b(?:my|our) (?:(?:little|eldest|youngest|older|younger|only)\s+)?(?:daughter|son|child|"
                           r"girl|boy|baby)\b", re.IGNORECASE)
#: A feature inside a condition or a supposition is nobody's finding: "If dysphagia were present, IVIG would be
#: urgent", "a dystrophy would not explain the Raynaud phenomenon", "JDM, which may be complicated by calcinosis"
#: (the clause up to the feature); nor is one in a sentence that only supposes ("a heliotrope rash would point to
#: JDM": "would" and no "was", "were", "had" or "did" of what happened).
_SUPPOSED_BEFORE = re.compile(r"\b(?:if|unless|whether|would|may|might|can(?!['’]t))\b[^,;:()]*$", re.IGNORECASE)
_ONLY_SUPPOSED = re.compile(r"^(?!.*\b(?:was|were|had|did)\b).*\bwould\b", re.IGNORECASE | re.DOTALL)
#: A feature a discussant reasons against or supposes after naming it: "his normal chest CT argues against
#: interstitial lung disease", "interstitial lung disease was considered unlikely", "ILD would then be likely".
_ARGUED_AGAINST = re.compile(r"\b(?:argues?|argued|arguing|speaks?|spoke|counts?|counted|weighs?|weighed) against\s+"
                             r"(?:(?:an?|the|any)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_UNLIKELY_AFTER = re.compile(r"(?:\s+(?:was|were|is|are|seemed|seems|appeared|appears)\s+(?:(?:therefore|thus|also|then)\s+)?"
                             r"(?:(?:considered|thought|judged|deemed)\s+(?:to\s+be\s+)?)?(?:unlikely|improbable|"
                             r"less likely)|\s+would\s+(?:(?:then|also|usually|typically|normally|have)\s+)?(?:be(?:en)?|point|"
                             r"suggest|favou?r|support|explain|fit|raise|indicate|prompt)\b)", re.IGNORECASE)
#: What a care plan watches for, guards against or teaches the family to spot is nobody's finding: "the nurses
#: watched for signs of dysphagia", "monitored for arrhythmia during each infusion", "risk for aspiration
#: pneumonia", "the parents were taught to recognise a rash". The clause ends where the plan names its cause or
#: what was found ("risk for aspiration related to dysphagia", "monitored for arrhythmia, and an echocardiogram
#: showed ..."); a duration is no look-out ("monitored for two years").
_ON_THE_LOOKOUT = re.compile(
    r"\b(?:(?:(?:watch(?:ed|es|ing)?|monitor(?:ed|s|ing)?|observ(?:e|ed|es|ing)|look(?:ed|s|ing)?\s+out|"
    r"on\s+the\s+lookout|vigilant|alert(?:ed)?)\s+(?:closely\s+)?(?:for|to)"
    r"(?!\s+(?:about\s+|over\s+|more\s+than\s+)?(?:\d+|an?|one|two|three|four|five|six|several|many|some)\s+"
    r"(?:more\s+)?(?:hours?|days?|weeks?|months?|years?)\b|\s+the\s+first\s+time\b))"
    r"|(?:at\s+)?(?:high\s+|increased\s+)?risk\s+(?:for|of)"
    r"|(?:taught|educated|instructed|trained)\s+about|asks?\s+about"
    # "a standard precaution against aspiration pneumonia", "to prevent calcinosis"
    r"|(?:precautions?|protection|prophylaxis|safeguards?)\s+against|to\s+(?:prevent|avoid)|prevention\s+of"
    r"|to\s+(?:recogni[sz]e|spot|look\s+for|watch\s+for|report)"
    # a letter's safety net: "Safety net given to parents: fever, new swallowing difficulty ...", "return at once if
    # he develops difficulty swallowing", "the family know to call the ward if she has trouble swallowing"
    r"|safety[- ]net(?:ting)?|\bif\s+(?:she|he|they|the\s+(?:child|girl|boy))\s+(?:ever\s+)?(?:develops?|gets?|has|"
    r"becomes?|starts?|notices?|shows?))\b"
    r"(?:(?!\b(?:related|secondary|due|owing|because|since|evidenced|caused|which|who|but|showed|revealed|found|"
    r"confirmed|detected|demonstrated|had|has|developed)\b)[^.;])*$", re.IGNORECASE)
#: What the family is told a disease may bring, the finding first: "Raynaud phenomenon, calcinosis and hair loss
#: were explained to the family as possible features of the disease".
_EXPLAINED_AS_POSSIBLE = re.compile(
    r"[^.;]*?\b(?:was|were)\s+(?:all\s+)?(?:explained|described|outlined|listed|discussed|mentioned)\b[^.;]*?"
    r"\bas\s+(?:possible|potential|expected|warning|common)\b"
    # "fever, rash, breathlessness, or a severe headache are to be reported straight away"
    r"|[^.;]*?\b(?:is|are|was|were)\s+to\s+be\s+(?:reported|watched\s+for|looked\s+for|checked\s+for|monitored)\b",
    re.IGNORECASE)
#: A list in a condition, closed by its verb: "If fever, rigors, rash, wheeze or a fall in blood pressure occur, ...".
_IF_LIST_BEFORE = re.compile(r"\b(?:if|should|whenever|in case of)\b[^.;:()]*$", re.IGNORECASE)
_IF_LIST_VERB = re.compile(r"[^.;:()]*?\b(?:occurs?|appears?|develops?|arises?|emerges?|is seen|are seen|is noted|are noted|"
                           r"worsens?|returns?|recurs?)\b", re.IGNORECASE)
#: A sentence that tests for an antibody ("We screened sera from 381 children for anti-HMGCR antibodies").
_SCREENED_FOR = re.compile(r"\b(?:test(?:ed|ing)|screen(?:ed|ing)|assay(?:ed|ing)|measur(?:ed|ing)|look(?:ed|ing))\b"
                           r"[^.;]*?\bfor\b", re.IGNORECASE)
#: A quiz's answer that is only an antibody's name: "Anti-SRP.", "Answer: anti-HMGCR antibodies."
_ANTIBODY_ANSWER = re.compile(r"^\W*(?:\d{1,2}[.)]\s*)?(?:(?:the )?(?:correct )?answer(?: is)?\s*[:.-]?\s*(?:[A-E][.):,]\s*)?)?"
                              r"anti-?[\w-]+(?:\s+(?:auto)?antibod(?:y|ies))?\s*\.?\s*$", re.IGNORECASE)
#: A bare positive result with people as its subject ("Four children (1%) were positive", "She was positive").
_BARE_POSITIVE = re.compile(
    rf"^\W*(?:(?:{_NUMWORD}|\d{{1,3}})\b(?:\s*\([^()]*\))?(?:\s+(?:of (?:them|these|those)|children|patients|girls|"
    r"boys|cases|sera|samples))?|she|he|they|all of them|both|it|the test|the result)\s+(?:\([^()]*\)\s+)?(?:were|was|tested|proved|came back)\s+"
    r"(?:strongly |weakly )?positive\b(?!\s+for)", re.IGNORECASE)


_FOUND_IN_THEM = re.compile(rf"\bin (?P<n>{_NUMWORD}|\d{{1,2}}) of (?:them|these|those)(?: \d{{1,4}}(?: [a-z]+)?)?\b"
                            r"(?:\s*\([^()]*\))?(?!\s+(?:who|with|whose)\b)", re.IGNORECASE)
#: "53 had been tested ..., and 4 of these (7.5%) were strongly positive for anti-SAE": the screened series' own.
_POSITIVE_OF_THEM = re.compile(rf"\b(?P<n>{_NUMWORD}|\d{{1,2}}) of (?:them|these|those)(?: \d{{1,4}})?(?:\s*\([^()]*\))?"
                               r"\s+(?:were|was|tested|proved)\s+(?:\w+\s+)?positive\b", re.IGNORECASE)
#: The tested antibody named again as "the antibody": "The antibody was found in four of them".
_ANTIBODY_FOUND = re.compile(r"^\W*(?:the|this|these|such) (?:auto)?antibod(?:y|ies) (?:was|were) (?:found|detected|"
                             r"present|positive|identified)\b", re.IGNORECASE)


#: A conference's question on the patient that asks yes or no ("Dr. Lee: Did he have trouble swallowing?", "Any
#: calcinosis?") and a reply that opens on the answer ("Dr. Rivera: No, never.", "Answer: None.", "Yes, from the
#: first week").
_YES_NO_QUESTION = re.compile(r"^\s*(?:" + _SPEAKER_NAME + r")?(?:did|does|was|were|has|had|any)\b[^?]*\?[\s\"'”’)]*$",
                              re.IGNORECASE)
_ANSWER = re.compile(r"^\s*(?:" + _SPEAKER_NAME + r")?(?:(?P<no>no|none|never)(?:[ \t]+at[ \t]+all)?|(?P<yes>yes))[ \t]*"
                     r"(?:[,.;:!—–]|$)", re.IGNORECASE)


def _answered_questions(sentences: list[_Sentence]) -> None:
    """Mark a question on the patient that the next sentence answers yes or no: the answer states what the
    question names (a question left unanswered states nothing)."""
    spoken = [s for s in sentences if s.text.strip()]
    for question, reply in pairwise(spoken):
        if question.section is None and _YES_NO_QUESTION.match(question.text) and (m := _ANSWER.match(reply.text)):
            question.answer = m.group("yes") is not None


def _screen_results(sentences: list[_Sentence], eng) -> None:
    """Mark a bare positive result that answers the test for one antibody in the sentence before it."""
    for prev, s in pairwise(sentences):
        # (or a quiz's answer that only names the antibody: "2. Anti-SRP. It was positive.")
        first = (_BARE_POSITIVE.match(s.text) or _ANTIBODY_FOUND.match(s.text))
        if (not first or eng.antigen_re.search(s.text, 0, s.text.find(";") if ";" in s.text else len(s.text))
                or not (_SCREENED_FOR.search(prev.text) or _ANTIBODY_ANSWER.match(prev.text))):
            continue
        tested = {eng.antigen_of[m.group("ag").lower()] for m in eng.antigen_re.finditer(prev.text)
                  if m.group("anti") or m.group("ab")}
        if len(tested) == 1:  # a screen for two antibodies does not say which one was found
            s.implied_antigen = tested.pop()


#: Record keys that, when filled, show a text describes a patient (a single text with none is no case).
_PATIENT_KEYS = ("sex", "age_years", "ethnicity", "ck_iu_l", "aldolase_iu_l", "antibodies", "features",
                 "features_absent", "courses", "outcome_class", "follow_up_months")


def describes_a_patient(case: ExtractedCase) -> bool:
    return any(case.record.get(key) not in (None, [], {}) for key in _PATIENT_KEYS)


def _numbers_referred(sentences: list[_Sentence]) -> set[int]:
    """Every patient number the text refers to ("Patient 1", "Patients 2 and 3", "cases 4-6", "P2")."""
    return {n for s in sentences for m in _CASE_REF.finditer(s.text)
            for n in _case_numbers(m.group("nums") or m.group("keys").replace("P", ""))}


#: A paragraph that introduces a patient with an indefinite article and an age: "An 11-year-old girl was brought
#: ...", "Dr. Okafor: A 4-year-old girl came to ...".
_INTRODUCES = re.compile(r"\W*(?:" + _SPEAKER_NAME + r")?(?:an?|another)\s+(?:[\w-]+\s+){0,2}?(?:\d+(?:\.\d+)?|[a-z]+)[- ]"
                         r"(?:years?|months?)[- ]old\s+(?:[\w-]+\s+){0,2}?(?:girl|boy|child|patient|infant|toddler|"
                         r"adolescent|teenager|male|female)\b", re.IGNORECASE)
#: What a bare ordinal ("The first was ...") names when it is no person: "The first was a rash", "The second was
#: weakness".
_NOT_A_PERSON = re.compile(r"\s+(?:was|were|is)\s+(?!(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:girl|boy|child|patient|infant|"
                           r"toddler|adolescent|teenager|man|woman|sister|brother|twin|\d+[- ]year[- ]old|aged)\b)",
                           re.IGNORECASE)
_SECOND_PATIENT = re.compile(r"\W*(?:(?:(?:a|another) (?:second |further )?|(?:the )?second )(?:patient|case|child)[ \t]*:?[ \t]*(?:\n|$)|"
                             r"(?:" + _SPEAKER_NAME + r")?(?:a|our) second (?:patient|case|child)\b(?! (?:of|with) \w+ et al))",
                             re.IGNORECASE)


def _opening_paragraphs(sentences: list[_Sentence]) -> list[int]:
    """The sentences that open a paragraph (or a line) of the case on a newly introduced patient."""
    found = []
    for i, s in enumerate(sentences):
        if s.review or s.section:
            continue
        at_line = s.text.lstrip(" \t")[:1] == "\n" or not i or sentences[i - 1].text.rstrip(" \t").endswith("\n")
        if at_line and _INTRODUCES.match(s.text):
            found.append(i)
    return found if len(found) <= len(_ORDINAL_NUMBER) else []


#: The minutes' numbered agenda item that opens on the child it is about: "Item 2 - RT, 10 y F", "Agenda item 3:
#: L.P. (13M)" (a name or initials, then a comma, a bracket, a dash, the age or the line's end: not "Item 1 -
#: Minutes of the last meeting").
_AGENDA_ITEM = _ITEM + r"\s*"
_AGENDA_NAME_END = r"(?=\s*(?:[,(/]|[–—-]\s|\d|\n|$))"
#: A letter's line naming the child it is about: "Re: Maya T, aged 6", "Patient: L.K.", "Name: Oliver K - review".
_LETTER_NAME = re.compile(r"^\W{0,3}(?:(?i:re|patient|name|child)\s*:\s*|" + _AGENDA_ITEM + r"(?=(?:[A-Z][\w.]*\s*){1,2}"
                          + _AGENDA_NAME_END + r"))(?P<name>(?:[A-Z][a-z]+|[A-Z]\.?(?:\s?[A-Z]\.?){0,2})"
                          r"(?:\s+(?:[A-Z][a-z]+|[A-Z]\.?(?:\s?[A-Z]\.?)?))?)(?![\w'-])")
#: ... or by a registry's or a hospital's number: "Re: Registry patient JIMNM-E01", "Re: hospital no. 448812".
_LETTER_ID = re.compile(r"^\W{0,3}(?:(?i:re|patient|child)\s*:|" + _AGENDA_ITEM + r"(?!\d))\s*(?i:(?:registry|study|hospital|"
                        r"clinic)\s+)?(?i:patient|case|no\.?|number|ID)?\s*"
                        r"(?P<id>[A-Z][A-Z0-9]*(?:[-/][A-Z0-9]+)+|[A-Z]{0,5}\d{2,}[A-Z0-9]*)\b")
#: Words a letter's "Re:" line may open on that are no child's name.
_NOT_A_NAME = frozenset({"referral", "discharge", "clinic", "review", "letter", "follow", "summary", "your", "our", "the",
                         "this", "female", "male", "girl", "boy", "child", "patient", "juvenile", "dermatomyositis",
                         "myositis", "polymyositis", "transfer", "admission", "outpatient", "inpatient", "results",
                         "update", "urgent", "new", "case", "anti", "a", "an", "f", "m", "mr", "mrs", "ms", "miss",
                         "master", "baby", "dr", "re", "clinical", "request", "consultation", "second", "opinion",
                         # the minutes' items that are no child's: "Item 5 - AOB", "Item 1 - Minutes, actions"
                         "aob", "minutes", "actions", "action", "apologies", "audit", "any", "matters", "date", "jdm",
                         "imnm", "jpm", "dm", "pm", "ild", "mdt"})


def _named_letters(sentences: list[_Sentence]) -> list[tuple[int, str]]:
    """Letters about several children told apart only by the name each is headed with: each name's letters
    become one patient's sections ("Patient 1", "Patient 2" in order of first mention); [] for fewer than two
    names."""
    keys: dict[str, str] = {}
    found = []
    for i, s in enumerate(sentences):
        if s.section:
            continue
        m = _LETTER_ID.match(s.text) or _LETTER_NAME.match(s.text)
        if not m:
            continue
        if m.re is _LETTER_ID:
            label = keys.setdefault(m.group("id").lower(), f"Patient {len(keys) + 1}")
            found.append((i, label))
            continue
        words = re.findall(r"[A-Za-z]+", m.group("name"))
        if not words or words[0].lower() in _NOT_A_NAME:
            continue
        # initials ("D.W.", whatever field follows them) or a first name ("Maya T", "Maya")
        key = "".join(takewhile(lambda w: len(w) == 1, words)).lower() or words[0].lower()
        label = keys.setdefault(key, f"Patient {len(keys) + 1}")
        found.append((i, label))
    return found if 2 <= len(keys) <= _MAX_SERIES else []


def _segment(sentences: list[_Sentence], row: bool = False) -> tuple[list[_Patient], str | None]:
    """Patients with the sentences (or clauses) about each and those about several; a flag when attribution
    failed."""
    count, group_sex, subset = 1, None, None
    title = sentences[_title_at(sentences)] if sentences else None
    for s in sentences:
        if s.section and not (s.section == "background" and not s.review):
            # an article's introduction or discussion counts other people, never the authors' patients (but an
            # abstract's "Background. ... We describe four children ..." counts its own)
            continue
        # "Seven children ... were found in our records ..., with a median age of 8": a summary statistic makes the
        # sentence a review sentence, but a series of the authors' own is still counted, and so is the title's
        # "...: two children from a single-centre cohort"
        if s.review and not _about_our_series(s.text) and not (s is title and any(
                _IN_TITLE.search(s.text, 0, m.start()) for m in _COUNT.finditer(s.text))):
            continue
        if _LITERATURE_COUNT.search(s.text):
            continue  # "Eighteen published children ... are reviewed": the literature's patients, not the report's
        if "%" in s.text and _STATISTIC.search(s.text):
            continue  # "Among the 15 children with a rash, it was erythematous in 12 (80%)": a pooled statistic
        breakdowns = list(_SEX_BREAKDOWN.finditer(s.text)) if _GIRLS_BOYS.search(s.text) else []
        for m in _COUNT.finditer(s.text):
            if any(b.start("a") <= m.start() < b.end() for b in breakdowns):
                continue  # "(17 girls, 5 boys)": one sex of a breakdown is never the series
            n = m.group("n").lower()
            value = 2 if n == "both" else int(_number_word(n)) if n.isalpha() else int(n)
            if 1 < value <= _MAX_SERIES and (n == "both" or _series_cue(s, sentences, m)) and value > count:
                count, group_sex = value, _SEX_WORD.get(m.group("who").lower())
        for b in breakdowns:
            # "We report 12 girls and 3 boys with JDM": a breakdown standing alone counts both sexes; one in
            # parentheses or after a comma ("22 children (17 girls, 5 boys)") describes the count before it
            value = _count_value(b.group("a")) + (1 if b.group("b").lower() in ("a", "an") else _count_value(b.group("b")))
            if not b.group("open") and 1 < value <= _MAX_SERIES and _series_cue(s, sentences, b) and value > count:
                count, group_sex = value, None
        if subset is None and s is not title:
            subset = _topic_subset(s, title)
        found = _FOUND_N.search(s.text) if _OWN.search(s.text) else None
        if found and 1 < (value := int(_number_word(found.group("n")))) <= _MAX_SERIES and value > count:
            count, group_sex = value, None
    if subset is not None:
        count, group_sex = subset, None
    referred = _referred_count(sentences)
    if referred is not None and referred != count:
        count, group_sex = referred, None
    intros = _introductions(sentences, count)
    if intros is not None:
        count = max(count, len(intros[2]))
    heads: list[tuple[int, str]] = []
    early: list[tuple[int, str]] = []  # one-sentence mentions that open on a label before the labelled sections
    ordinal_heads: list[tuple[int, str]] = []
    line_heads: list[tuple[int, str]] = []  # "Case 2" on a line of its own: a heading, not a mention
    bare: set[int] = set()
    for i, s in enumerate(sentences):
        if s.section:
            continue  # "The first is dysphagia ..." in a discussion: its points, not the patients
        m = _HEADER.match(s.text)
        if m:
            heads.append((i, f"{m.group('kind').capitalize()} {m.group('n').upper()}"))
            if _ALONE_ON_ITS_LINE.match(s.text, m.end()):
                line_heads.append(heads[-1])
            continue
        m = _JOINT_HEADER.match(s.text)
        if m and int(m.group("b")) == int(m.group("a")) + 1:
            for n in (m.group("a"), m.group("b")):
                heads.append((i, f"{m.group('kind').capitalize()} {int(n)}"))
                line_heads.append(heads[-1])
            continue
        m = _ORDINAL_HEADER.match(s.text)
        if m:
            ordinal_heads.append((i, f"{m.group('ord').lower()} patient"))
            if m.end() == m.end("ord") and _NOT_A_PERSON.match(s.text, m.end()):
                bare.add(i)  # "The first was a rash": no patient noun (not "The first was a girl aged 5")
    # "The first patient ... The second patient ...": a run from "first" names the patients even with no
    # count before it; a lone ordinal sentence ("the first patient we treated ...") does not.
    # an abstract that names the cases ("Case 2 needed ventilation; Case 1 carried anti-SRP") before the sections
    # headed "Case 1", "Case 2" ...: the headings divide the patients
    # "Child 1 received IVIG for 28 months and Child 2 for 12 months": a sentence that opens on one label and names
    # another that heads nothing is keyed clause by clause, not a section's first sentence
    labelled = {label for _, label in heads}
    heads = [(i, label) for i, label in heads if (i, label) in line_heads or not any(
        f"{label.split()[0]} {m.group('n').upper()}" not in labelled
        for m in _LABEL_IN_TEXT.finditer(sentences[i].text, _HEADER.match(sentences[i].text).end())
        if not m.group("plural") and m.group("kind").lower() == label.split()[0].lower())]
    if not heads and (named := _named_letters(sentences)):
        heads, line_heads = named, list(named)  # letters headed by each child's name ("Re: Maya T", "Re: Oliver K")
    numbers = [_header_number(label) for _, label in line_heads]
    # (not when the text has already told each patient in turn under those names before the headings:
    # "Patient 1 was an 11-year-old girl ... Patient 2 was ..." then a timeline headed "Patient 1", "Patient 2")
    told_before = list(dict.fromkeys(label for i, label in heads if line_heads and i < line_heads[0][0]))
    if 2 <= len(line_heads) < len(heads) and all(a is not None and b is not None and a < b
                                                 for a, b in pairwise(numbers)) and \
            told_before != [label for _, label in line_heads]:
        # ("Patient 1, a girl, carried anti-Mi-2" before the headed sections: a sentence of hers all the same)
        early = [(i, label) for i, label in heads if i < line_heads[0][0] and (i, label) not in line_heads]
        heads = line_heads
    run = [label for _, label in ordinal_heads]
    # numbered sections name the patients themselves ("Case 2\nHis younger brother, aged 6, ...")
    # "Three new problems appeared. The first was a rash ...": the noun left out is no patient's, unless a count of
    # patients comes just before ("Three children did not respond. The first died ...")
    if ordinal_heads and ordinal_heads[0][0] and _COUNT.search(sentences[ordinal_heads[0][0] - 1].text):
        bare.clear()
    named_run = len(run) > 1 and run[0] == "first patient" and run[1] == "second patient" and not (
        {ordinal_heads[0][0], ordinal_heads[1][0]} & bare)
    if len(heads) < 2 and (count > 1 or named_run):
        heads = sorted(heads + ordinal_heads)
    if len(heads) < 2 and not ordinal_heads and count <= 2:
        # "A Second Patient" (or "Second patient") on a line of its own, or "Dr. Tran: A second patient, a
        # 13-year-old girl, ...": the patient told so far is the first (a conference's own number, "Case 14: A
        # Teenager ...", is no patient's)
        second = [i for i, s in enumerate(sentences) if not s.review and not s.section and _SECOND_PATIENT.match(s.text)]
        if len(second) == 1 and second[0] > 0:
            heads, count = [(0, "first patient"), (second[0], "second patient")], 2
    if len(heads) < 2 <= count:
        # "Two girls ...\n\nAn 11-year-old girl came ...\n\nA 4-year-old girl came ...": each patient opens a paragraph
        opening = _opening_paragraphs(sentences)
        if len(opening) == count:
            heads = [(i, f"{ordinal} patient") for ordinal, i in zip(_ORDINAL_NUMBER, opening)]
    # "Case 1, step 1. ... Case 1, step 2. ...": the same patient's sections, one after the other
    heads = [h for k, h in enumerate(heads) if not k or h[1] != heads[k - 1][1]]
    labels = [label for _, label in heads]
    # "Patient 1 ... Patient 2 ..." told, then again in a summary or a table's lines ("Patient 1: girl, 5.5 years;
    # ..."): the second round of headings adds to the patients of the first
    again = []
    if len(set(labels)) < len(labels):
        n = len(dict.fromkeys(labels))
        if len(set(labels[:n])) == n and set(labels[n:]) <= set(labels[:n]):
            heads, again = heads[:n], heads[n:]
            labels = labels[:n]
    order = [_header_number(label) for label in labels]
    ascending = all(a is not None and b is not None and a < b for a, b in pairwise(order))
    # "We saw four children ...; two of them are summarised here. Patient 1 ... Patient 3 ...": numbered sections
    # for some of a counted series describe those patients only (the others are told of as a group, if at all)
    # (one numbered section of a counted series is the one told, unless the text says so itself: "the first of
    # them is described here")
    some = (count > len(heads) >= 1 and ascending and order[-1] is not None and order[-1] <= count
            and (len(heads) >= 2 or not any(_ONE_TOLD.search(s.text) for s in sentences if s.section in (None, "background")))
            and all(label.split()[0] in ("Case", "Patient", "Child") for label in labels)
            and not _numbers_referred(sentences) - set(order))  # not "Patient 1 ... Patients 2 and 3 ..."
    if heads and len(set(labels)) == len(labels) and (max(2, count) <= len(heads) or some) and ascending:
        patients = []
        # the last section ends where the article's discussion begins: what the discussion says of the patients
        # is theirs only when it names them all ("Our patients did well, and neither had ILD")
        every = heads + again
        closing = next((j for j in range(every[-1][0], len(sentences)) if sentences[j].section), len(sentences))
        # a talk's next slide or the questions from the floor end the last patient's part too
        closing = next((j for j in range(every[-1][0] + 1, closing) if _TALK_BREAK.match(sentences[j].text)), closing)
        by_label: dict[str, _Patient] = {}
        for k, (i, label) in enumerate(every):
            # (the patients of a joint heading share its section, to the next heading)
            stop = next((h[0] for h in every[k + 1:] if h[0] != i), closing)
            if label in by_label:
                by_label[label].sentences += sentences[i:stop]
            else:
                by_label[label] = _Patient(label, sentences[i:stop])
                patients.append(by_label[label])
        for i, label in early:
            if label in by_label and len(_LABEL_IN_TEXT.findall(sentences[i].text)) == 1:  # (not "Case 1 ...; cases 2 and 3 ...")
                by_label[label].sentences.append(sentences[i])
        # "Patient 2 died of a fistula, and patient 3 died of a haemorrhage": a clause that opens on another
        # patient's number is that patient's
        for patient in patients:
            kept = []
            for j, s in enumerate(patient.sentences):
                # (each clause goes to the patient it names, the section's own included; the section's first
                # sentence, its heading, stays)
                cuts = [m for m in _OTHER_PATIENT_CLAUSE.finditer(s.text)
                        if by_label.get(f"{m.group('kind').capitalize()} {m.group('n').upper()}") is not None
                        and (j or m.start("kind") > len(s.text) - len(s.text.lstrip()))]
                if not any(by_label[f"{m.group('kind').capitalize()} {m.group('n').upper()}"] is not patient for m in cuts):
                    kept.append(s)
                    continue
                if s.text[:cuts[0].start("kind")].strip(" \t\n,;"):
                    kept.append(_part(s, 0, cuts[0].start()))
                for m, nxt in zip(cuts, [*cuts[1:], None]):
                    other = by_label[f"{m.group('kind').capitalize()} {m.group('n').upper()}"]
                    (kept if other is patient else other.sentences).append(
                        _part(s, m.start("kind"), nxt.start() if nxt else len(s.text)))
            patient.sentences = kept
        # "Impaired gas exchange related to interstitial lung disease (Patients 1 and 2)" in the last patient's
        # section: a sentence keyed to other patients by number is theirs
        for patient in patients:
            kept = []
            for s in patient.sentences[1:]:
                keyed = [f"{(m.group('kind') or m.group('kind2')).lower().rstrip('s').capitalize()} {n}"
                         for m in _KEYED_TO.finditer(s.text) for n in re.findall(r"\d{1,2}", m.group("list") or m.group("list2"))]
                targets = [by_label[k] for k in dict.fromkeys(keyed) if k in by_label]
                if not keyed or len(targets) != len(set(keyed)):
                    kept.append(s)
                    continue
                if patient in targets:
                    kept.append(s)
                for other in targets:
                    if other is not patient:
                        (other.sentences if len(targets) == 1 else other.shared).append(s)
            patient.sentences = patient.sentences[:1] + kept
        # "Comment ... Patient 3 died of aspiration pneumonia.": a discussion sentence that opens on one patient's
        # number is that patient's
        for later in sentences[closing:]:
            if not later.review and (m := _HEADER.match(later.text)):
                named = by_label.get(f"{m.group('kind').capitalize()} {m.group('n').upper()}")
                if named is not None:
                    named.sentences.append(later)
        preamble = [s for s in sentences[: heads[0][0]] if _about_all(s.text, max(2, count))] + [
            s for s in sentences[closing:] if not s.review and (_about_all(s.text, max(2, count)) or _BARE_ALL.search(s.text)
                                                                or _WHOLE_GROUP.search(s.text) or _OUR_GROUP.search(s.text))]
        # "... helped three of our four patients; the one anti-Mi-2-positive girl had the largest fall": a clause on
        # one unnamed patient of the group is no one's
        # "In both children the weakness later returned. Treatment was escalated to rituximab." after the last case
        # (a quiz's course after its answers): the sentence that names nobody goes on about the group
        after_closing = sentences[closing:]
        for before, s in pairwise(after_closing):
            if (before in preamble and s not in preamble and not s.review and not s.section
                    and "\n" not in s.text[: len(s.text) - len(s.text.lstrip())]
                    and not before.text.rstrip(" \t").endswith("\n")
                    and _GROUP_GOES_ON.match(s.text) and not _SINGULAR.search(s.text)):
                preamble.append(s)
        preamble = [_part(s, 0, m.start()) if (m := _ONE_CLAUSE.search(s.text)) else s for s in preamble]
        # a quiz's answers after the last case: a sentence that names cases by number is read clause by clause
        # ("Anti-NXP2 antibodies were confirmed in both Case 2 and Case 3")
        keyed_after = [s for s in sentences[closing:] if not s.review and not s.section and s not in preamble
                       and not _HEADER.match(s.text) and _CASE_REF.search(s.text)]
        # "Both girls needed intensive care ..." after the last case: a sentence inside a section that names the
        # whole group is about every patient, not the section's own
        group = [s for p in patients for s in p.sentences[1:] if ((m := _WHOLE_GROUP.search(s.text))
                 and _group_size(m.group(0)) in (None, len(patients)))  # "the six (of nine) who had it": some
                 # "The first was a girl aged 5. The second was a boy of 11. Both came to us with ...": after
                 # sections opened by ordinals, a sentence about the pair is both patients'
                 or (p.label.endswith(" patient") and not s.review and _about_all(s.text, len(patients)))
                 # "Patient 3: ... None had a rash. All were anti-HMGCR positive.": after the last numbered patient
                 or (p is patients[-1] and not s.review and _BARE_ALL.search(s.text))]
        # "Both later deteriorated. Treatment was then escalated to rituximab.": in the same paragraph, a sentence
        # that names nobody goes on about the pair the sentence before named
        for p in patients:
            for before, s in zip(p.sentences[1:], p.sentences[2:]):
                same_paragraph = ("\n" not in s.text[: len(s.text) - len(s.text.lstrip())]
                                  and not before.text.rstrip(" \t").endswith("\n"))
                if (before in group and s not in group and same_paragraph and _GROUP_GOES_ON.match(s.text)
                        and not _SINGULAR.search(s.text)):
                    group.append(s)
        # "one child had anti-SRP54 and the other anti-HMGCR" inside a section: which is whose is not told
        # (of a counted series told through some of its patients, "Four of the five children died. One girl was alive
        # and in remission" after the last section is some of the series: whose is not told)
        series = max(count, len(patients)) if some else len(patients)
        unknown = [s for p in patients for s in p.sentences[1:] if _ONE_AND_THE_OTHER.search(s.text) or (
            # "two of our girls carried anti-NXP2" after the last case: some of the group, not told which
            (subset_of := _SUBSET_SUBJECT.match(s.text)) and _count_value(subset_of.group("n")) < series) or (
            some and _ONE_OF_SERIES.match(s.text))]
        # "... found anti-SRP in case 1 and anti-NXP2 in cases 2 and 3, and MRI showed oedema in every patient": a
        # sentence about the whole group that names patients by number is read clause by clause
        split = {}
        for s in keyed_after:
            if clauses := _clauses(s, patients, []):
                split[id(s)] = clauses
        for s in preamble + group:
            # (not "... came down (the course of patient 1 was typical of all three)": an aside names no clause's patient)
            # ("three died (patients 1, 2 and 3) and one (patient 4) is in remission": a key in brackets is no aside)
            if _CASE_REF.search(_ASIDE.sub("", s.text)) and (clauses := _clauses(s, patients, [])):
                split[id(s)] = clauses
        # inside a section, "... found anti-SRP antibodies in Case 1 and anti-NXP2 antibodies in Cases 2 and 3":
        # a sentence whose findings are keyed to other patients by number ("in/for Case N") is read clause by clause
        for k, patient in enumerate(patients):
            for s in patient.sentences[1:]:
                keyed = any(re.match(r"(?:in|for) ", m.group(0), re.IGNORECASE) for m in _CASE_REF.finditer(s.text))
                if keyed and s not in group and (clauses := _clauses(s, patients, [])) and \
                        any(who != [k] for who, _ in clauses):
                    split[id(s)] = clauses
        for k, patient in enumerate(patients):
            patient.sentences = [s for s in patient.sentences
                                 if s not in group and s not in unknown and id(s) not in split]
            patient.shared = _unless_respectively([s for s in preamble + group if id(s) not in split], patient, k,
                                                  len(patients))
        for clauses in split.values():
            for who, clause in clauses:
                for k in who:
                    (patients[k].sentences if len(who) == 1 else patients[k].shared).append(clause)
        if some:
            return patients, flag("ambiguous", "patients", f"the text counts {count} patients and describes "
                                  f"{', '.join(labels)} in sections of their own; a record was made for each of "
                                  "those only")
        return patients, None
    if count == 1:
        return [_Patient(None, list(sentences) if row else _from_the_patient(sentences))], None
    # (the telling sentence may read as a review one, "the first of these children ... is described here": it is
    # the introduction's, not a discussion's)
    told = next((i for i, s in enumerate(sentences) if s.section in (None, "background") and _ONE_TOLD.search(s.text)), None)
    if len(heads) < 2 and told is not None:
        # "We have seen it in three children; the first is summarised here": one of the series is told, from there
        # on; before it, only what is said of every one of them is hers too ("all five had anti-NXP2")
        patient = _Patient(None, sentences[:1] + sentences[told + 1:] if told else list(sentences), told=True)
        patient.shared = [s for s in sentences[1:told] if _about_all(s.text, count)]
        return [patient], flag(
            "ambiguous", "patients", f"the text counts {count} patients and says it describes one of them; one "
                                     "record was made")
    patients = [_Patient(f"patient {i} of {count}") for i in range(1, count + 1)]
    for patient in patients:
        patient.sex = group_sex
    if intros is not None:
        for patient, (age, sex, a, b, written) in zip(patients, intros[2]):
            patient.intro = (age, sex, a, b, written)
            patient.age = age
            patient.sex = sex or patient.sex
            if intros[1] == "intro":
                patient.noun = written.split()[-1].lower()
    for s in sentences:
        if not s.review:
            _keyed_labs(s, patients)
    last = None  # the one patient the sentence before was about, for a sentence that goes on with "She ..."
    last_group: set[int] = set()  # every patient the sentence before was about, for "Both ..." after "Cases 2 and 3"
    all_before = False  # whether the sentence before was about every patient, for "Their treatment ..." after it
    owner = None  # the patient whose run-in label ("Patient 1. ...") opened the paragraph
    for i, s in enumerate(sentences):
        was_all, all_before = all_before, False
        if "\n" in s.text[: len(s.text) - len(s.text.lstrip())] or "\n" in s.text[len(s.text.rstrip()):]:
            owner = None  # a new paragraph (or a heading's line)
        if s.review:
            if _about_our_series(s.text) and _about_all(s.text, count):
                for patient in patients:  # "We describe four girls ..., mean age 8.5": read for their sex only
                    patient.shared.append(s)
            last, last_group = None, set()
            continue
        head = _COUNT_SUBJECT.match(s.text)
        cut = re.search(r"[:;]", s.text)
        if head and cut and _count_value(head.group("n")) == count:
            # "Five of them had ILD: interstitial pneumonia in three and BOOP in two": the head clause is about
            # all five, the breakdown after the colon about some of them (nobody's)
            for patient in patients:
                patient.shared.append(_part(s, 0, cut.start()))
            last, last_group = None, set()
            continue
        if _PART_OF_COHORT.search(s.text) and _about_all(s.text, count):
            for patient in patients:  # "positive in 4 of the 53 tested" in a report on those four: each of them
                patient.shared.append(s)
            last, last_group = None, set()
            continue
        shares = _distributed(s, count)
        if shares is not None:  # "one girl carried anti-MDA5, another anti-TIF1-gamma, the remaining two anti-NXP2"
            for who, clause in shares:
                for k in who:
                    (patients[k].sentences if len(who) == 1 else patients[k].shared).append(clause)
            last, last_group = None, set()
            continue
        named = intros[2] if intros is not None and intros[0] == i and intros[1] == "intro" else []
        clauses = _clauses(s, patients, named)
        if clauses == [] and {patient_number(m.group("n")) for m in _LABEL_IN_TEXT.finditer(s.text) if not m.group("plural")} == set(
                range(1, count + 1)):
            # "the disease went into remission in patient 1 and in patient 2": every one of them, named in turn
            for patient in patients:
                patient.shared.append(s)
            last, all_before = None, True
            continue
        if clauses is None:
            if (_about_all(s.text, count) or _respective_follow_up(s, 0, count) is not None
                    or _respective_age(s, 0, count) is not None or (was_all and _THEIR.match(s.text))
                    # ("Both children ... Each had been given prednisone ... IVIG was planned as monthly courses of 2
                    # g/kg": in the paragraph about the pair, a treatment that names nobody is theirs)
                    or (was_all and _opens_on_a_drug(s) and not _SINGULAR.search(s.text)
                        and not _SOME_OF_THEM.search(s.text)
                        and "\n" not in s.text[: len(s.text) - len(s.text.lstrip())])
                    or ((our := _OUR_ALL.search(s.text)) and _group_size(our.group(0)) in (None, count))):
                for k, patient in enumerate(patients):
                    patient.shared += _unless_respectively([s], patient, k, count)
                last, all_before = None, True
            elif (cut := s.text.find(";")) > 0 and _about_all(s.text[:cut], count):
                # "All five were treated with corticosteroids and other drugs; the agents used across the group were
                # A, B and C": the head clause is every patient's, the rest the group's (nobody's)
                for patient in patients:
                    patient.shared.append(_part(s, 0, cut))
                last = None
            elif (pair := _GROUP_OPENING.match(s.text)) and _group_size(pair.group(0)) == len(last_group) > 1:
                for k in sorted(last_group):  # "Patients 2 and 3 had ... Both improved ...": those two
                    patients[k].shared.append(s)
                last = None
            elif last is not None and (m := _GOES_ON.match(s.text)) and patients[last].sex in (
                    None, "F" if m.group(1).lower() in ("she", "her") else "M"):
                patients[last].sentences.append(s)  # "The first had ... She was given ...": the same girl
            elif last is not None and (m := _THE_SAME_ONE.search(s.text)) and patients[last].sex in (
                    None, _SEX_WORD.get(m.group(1).lower(), patients[last].sex)):
                patients[last].sentences.append(s)  # "The first child ... until the child could not ...": the same
            elif owner is not None and not _ONE_AND_THE_OTHER.search(s.text):
                # "Patient 1. When the dose was reduced she ... One month later a perforation was confirmed. She was
                # then given ...": a paragraph opened by one patient's label is hers to its end
                patients[owner].sentences.append(s)
                last = owner
            else:
                last = None
            last_group = set()
            continue
        ones = {k for who, _ in clauses for k in who}
        last_group = set(ones)
        last = ones.pop() if len(ones) == 1 else None
        if last is not None and _LABEL_RUN_IN.match(s.text):
            owner = last
        for who, clause in clauses:
            if len(who) == 1:
                patients[who[0]].sentences.append(clause)
            else:
                for j, k in enumerate(who):  # ("Patients 1, 2 and 3 ... 144, 113 and 23 months respectively")
                    patients[k].shared += _unless_respectively([clause], patients[k], j, len(who))
    note = flag("ambiguous", "patients", f"the text describes {count} patients; values were read only where a "
                                         "sentence or clause names its patient (the first, the younger, the boy) "
                                         "or is stated for all of them")
    return patients, note


#: A paragraph opened by one patient's label: "Patient 1. ...", "Case 2: ...".
_LABEL_RUN_IN = re.compile(r"\s*(?:patient|case|child)\s+(?:\d{1,2}|[IVX]{1,4})\s*[.:](?:\s|$)", re.IGNORECASE)
#: A sentence that speaks of one patient: a singular patient noun, a pronoun or an age.
_ONE_PATIENT = re.compile(r"\b(?:girl|boy|child|infant|toddler|adolescent|teenager|patient|baby|neonate|son|daughter|"
                          r"she|he|her|his|him)\b|\d\s*-?\s*(?:year|month|week)s?[- ]old\b|\baged?\s+\d"
                          # "We describe a fatal case of JDM ...": the authors' own case
                          r"|\b(?:we|here)\s+(?:\w+\s+)?(?:describe|report|present)\b|\b(?:a|an|this|our)\s+(?:\w+\s+){0,2}case\b",
                          re.IGNORECASE)


def _from_the_patient(sentences: list[_Sentence]) -> list[_Sentence]:
    """A one-patient text's sentences without the background that comes before the patient does ("JDM ... presents
    with weakness and a typical rash ... We report a 9-year-old boy"): its features are the disease's, not his.
    The title stays: "Calcinosis in juvenile dermatomyositis" names the patient's finding."""
    at = _title_at(sentences) if sentences else 0
    title = sentences[:at + 1] if sentences and "\n" in _doc_text(sentences[at].span.doc)[
        sentences[at].start: sentences[at].end + 1] else []  # a title is a line of its own
    body = sentences[len(title):]
    first = next((i for i, s in enumerate(body) if _ONE_PATIENT.search(s.text)), None)
    if not first:
        return list(sentences)
    return title + body[first:]


_ONE_OF = r"(?: (?:girl|boy|child|patient|one|of them))?"
_SHARE_VERB = r"(?:(?:had|has|carried|showed|was positive for|were positive for|tested positive for)\s+)?"
#: A finding shared out over an unnamed series in one sentence: "one girl carried anti-MDA5, another anti-TIF1-gamma,
#: and the remaining two anti-NXP2"; "one child had X, another had Y, and the third Z".
_DISTRIBUTED = re.compile(
    rf"\bone{_ONE_OF}\s+(?P<verb>{_SHARE_VERB})(?P<a>[^,;]+?),\s*(?:and\s+)?another{_ONE_OF}\s+{_SHARE_VERB}(?P<b>[^,;]+?),?\s+"
    rf"(?:and\s+)?the\s+(?:(?:remaining|other)\s+(?P<n>{_NUMWORD}|\d)|(?P<third>third|last|other))"
    rf"(?: (?:girls?|boys?|children|child|patients?|ones?))?\s+{_SHARE_VERB}(?P<c>[^.;]+)", re.IGNORECASE)


def _distributed(s: _Sentence, count: int) -> list[tuple[list[int], _Sentence]] | None:
    """The clauses of a sentence that shares a finding out over the series, in the series' order (the first named
    is patient 1): None unless the shares add up to the whole series. The later clauses take the first one's
    verb ("another anti-TIF1-gamma" is "one girl carried anti-TIF1-gamma")."""
    m = _DISTRIBUTED.search(s.text) if count > 2 else None
    if m is None:
        return None
    rest = 1 if m.group("third") else _count_value(m.group("n"))
    if 2 + rest != count:
        return None
    predicate = s.text[m.start(): m.start("a")]
    out = [([0], _part(s, m.start(), m.end("a")))]
    for who, group in (([1], "b"), (list(range(2, count)), "c")):
        clause = _part(s, m.start(group), m.end(group))
        clause.predicate = predicate
        out.append((who, clause))
    return out


#: "with symptoms from the ages of 5 and 9 years respectively", "aged 3 and 11 years, respectively": one age
#: per patient of the group, in the group's order.
_AGE_ITEM = rf"(?:at\s+)?{_N}(?:\s+(?:years?|months?))?"
_RESPECTIVE_AGES = re.compile(
    rf"\b(?:(?P<aged>aged\s+)|(?P<onset>(?:from|at|since|began at|started at)\s+(?:the\s+)?ages?\s+(?:of\s+)?|"
    # "weakness started at 5 years and at 9 years of age respectively"
    rf"(?:began|started|appeared|developed)\s+(?=at\s))|"
    # an abstract's "Age at onset was 3, 6, 9 and 15 years, respectively"
    r"(?P<stated>(?:the\s+)?(?:ages?|onset)(?:\s+at\s+(?:onset|presentation|diagnosis))?\s+(?:was|were)\s+))"
    rf"(?P<list>{_AGE_ITEM}(?:,\s*{_AGE_ITEM})*,?\s+and\s+{_AGE_ITEM})\s*(?P<unit>years?|months?)?"
    rf"(?:\s+(?:old|of age))?,?\s+respectively\b", re.IGNORECASE)


#: A report that counts its series and says it tells one of them: "the first is summarised here", "one of them is
#: described below", "the first of them is described here in detail", "we report the first", "the abstract below
#: details the first".
_ONE_TOLD = re.compile(
    r"\b(?:the (?:first|youngest|eldest|oldest|index)(?: (?:one|case|child|patient))?(?: of (?:them|these|those)"
    r"(?: (?:children|patients|cases|girls|boys))?)?"
    # ("The first of these children needed intensive care and is described here")
    r"|one(?: of them| of these)?)\s+(?:[^.;]{1,60}?\s+and\s+)?"
    r"(?:is|will be)\s+(?:briefly\s+)?(?:summari[sz]ed|described|presented|reported|detailed)\s+"
    r"(?:here|below|in this (?:letter|report|note))\b"
    r"|\b(?:we|here we)\s+(?:describe|report|present|summari[sz]e)\s+(?:only\s+)?(?:the first|one of them)\b"
    # "the abstract below details the first"
    r"|\b(?:the|this) (?:abstract|report|summary|text|letter|poster|note)(?: below)?\s+(?:details|describes|"
    r"presents|reports|summari[sz]es)\s+(?:only\s+)?(?:the first|one of them)\b",
    re.IGNORECASE)


def _series_cue(s: _Sentence, sentences: list[_Sentence], m: re.Match) -> bool:
    """Whether a count in ``s`` is the authors' series: a reporting word, "with" after it, labelled members,
    or the title's "... in nine children"."""
    return bool(_REPORTING.search(s.text) or _WITH_AFTER.match(s.text, m.end()) or _LABELLED.match(s.text, m.end())
                or _RESULTS_OPENING.match(s.text, 0, m.start())
                or (s is sentences[_title_at(sentences)] and _IN_TITLE.search(s.text, 0, m.start())))


def _referred_count(sentences: list[_Sentence]) -> int | None:
    """The group a text later names as a whole ("The five ...", "all four", "none of the three"), when every
    such reference gives the same number and that number was written before it: the patients of a report
    that also gives a cohort's or the literature's count ("8 children in twenty years, but 5 since 2020")."""
    values, first = set(), None
    for i, s in enumerate(sentences):
        if s.review or s.section:
            continue  # (an introduction's or a discussion's "the five children of Giacaman" are another report's)
        for m in _REFERS_BACK.finditer(s.text):
            if _RESTRICTED.match(s.text, m.end()):
                continue  # "none of the six children who had it": some of the series, named by a relative clause
            values.add(_count_value(m.group("n")))
            first = (i, m.start()) if first is None else first
    if len(values) != 1 or first is None:
        return None
    value = values.pop()
    if not 2 < value <= _MAX_SERIES:
        return None  # "the two" and "both" are read by the count and the group rules already
    before = " ".join(s.text for s in sentences[: first[0]]) + " " + sentences[first[0]].text[: first[1]]
    if any(_count_value(m.group("n")) == value - 1 for m in _FURTHER_PUBLISHED.finditer(before)):
        return None  # "three further cases were found in the literature; ... all four": theirs and this one
    written = re.finditer(rf"(?<![\d.,])\b(?:{_NUMWORD}|\d{{1,2}})\b(?![.,]\d)", before, re.IGNORECASE)
    return value if any(_count_value(w.group(0)) == value for w in written) else None


#: Published cases a report pools with its own patient: "three further cases were found in the literature",
#: "two other published cases".
_FURTHER_PUBLISHED = re.compile(
    rf"\b(?P<n>{_NUMWORD}|\d{{1,2}})\s+(?:further|other|additional|more|previously)\s+(?:published\s+|reported\s+)?"
    r"(?:paediatric\s+|pediatric\s+)?(?:cases|patients|children)\b(?:\s+(?:were|was)\s+"
    r"(?:found|identified|retrieved|reported|published)\s+in\s+the\s+literature|(?<=published cases)"
    r"|(?<=published patients)|(?<=reported cases))", re.IGNORECASE)


def _topic_subset(s: _Sentence, title: _Sentence) -> int | None:
    """The size of the subset a report is about: "22 children with JDM ..., and five of them developed
    lipodystrophy" under a title naming lipodystrophy.

    Chosen over "the smallest count the text gives" for precision: the subset replaces the cohort only when
    the same sentence first gives a cohort count and the finding the subset "developed" or "had" is a word of
    the title, so a subset of any other finding ("two of them had calcinosis" in a report on a treatment)
    leaves the series as it was.
    """
    m = _TOPIC_SUBSET.search(s.text)
    if not m or not any(c.start() < m.start() for c in _COUNT.finditer(s.text, 0, m.start())):
        return None
    value = _count_value(m.group("n"))
    title_words = set(re.findall(r"[a-z]{5,}", title.text.lower()))
    if 1 < value <= _MAX_SERIES and title_words & set(re.findall(r"[a-z]{5,}", m.group("topic").lower())):
        return value
    return None


#: "Two boys, aged 6 and 5 years respectively, are described": the sentence goes on with the group's verb.
_AFTER_RESPECTIVE = re.compile(r"\s*,?\s*(?:are|were|is|was) (?:described|reported|presented|discussed|summari[sz]ed)\b",
                               re.IGNORECASE)


def _respective_age(s: _Sentence, k: int | None, n: int | None) -> tuple[tuple, list[_Sentence]] | None:
    """Patient k's age from a list given 'respectively' for a group of n (None unless the list has n ages and
    ends the sentence or a bracket), and the parts of the sentence outside the list's clause (read for the whole
    group): "We report three children (two girls and a boy, aged 5, 11 and 14 years, respectively) with ..."."""
    m = _RESPECTIVE_AGES.search(s.text)
    if m is None or k is None or n is None:
        return None
    rest = s.text[m.end():]
    bracket = s.text.rfind("(", 0, m.start())
    closed = rest.lstrip().startswith(")") and bracket >= 0 and ")" not in s.text[bracket:m.start()]
    if rest.strip(" .;)") and not closed and not _AFTER_RESPECTIVE.match(rest):
        return None
    numbers = re.findall(_N, m.group("list"), re.IGNORECASE)
    if len(numbers) != n or k >= n:
        return None
    units = re.search(r"years?|months?", m.group("list"), re.IGNORECASE)
    unit = (m.group("unit") or (units.group(0) if units else "years")).lower()
    age = round(_number_word(numbers[k]) / (12 if unit.startswith("month") else 1), 2)
    onset = m.group("onset") is not None or "onset" in (m.group("stated") or "").lower()
    if closed:
        after = m.end() + rest.index(")") + 1
        heads = [_part(s, 0, bracket), _part(s, after, len(s.text))]
    else:
        cut = max(s.text.rfind(",", 0, m.start()), s.text.rfind(";", 0, m.start()))
        # ("two Japanese girls with anti-SRP myopathy whose symptoms began at the ages of 5 and 9 years,
        # respectively": with no comma before it, the clause before the list is still the group's)
        heads = [_part(s, 0, cut if cut > 0 else m.start())]
    return (age, s.start + m.start(), s.start + m.end(), m.group(0), onset), [h for h in heads if re.search(r"\w", h.text)]


#: "during 144, 113 and 23 months of follow-up, respectively", "followed for 3 and 5 years, respectively".
_NUM3 = rf"(?:\d{{1,3}}(?:[.,]\d)?|{_NUMWORD})"
_RESPECTIVE_FOLLOW_UP = re.compile(
    rf"(?P<list>{_NUM3}(?:,\s*{_NUM3})*,?\s+and\s+{_NUM3})\s*(?P<unit>years?|months?)\s+(?:of\s+)?follow[- ]?up\b,?"
    rf"\s+respectively\b|\bfollowed(?: up)? for (?P<list2>{_NUM3}(?:,\s*{_NUM3})*,?\s+and\s+{_NUM3})\s*"
    rf"(?P<unit2>years?|months?),?\s+respectively\b", re.IGNORECASE)


def _respective_follow_up(s: _Sentence, k: int | None, n: int | None) -> tuple | None:
    """Patient k's follow-up in months from a list given 'respectively' for a group of n (None unless the
    list has n values)."""
    m = _RESPECTIVE_FOLLOW_UP.search(s.text)
    if m is None or k is None or n is None:
        return None
    numbers = re.findall(_NUM3, m.group("list") or m.group("list2"), re.IGNORECASE)
    if len(numbers) != n or k >= n:
        return None
    unit = (m.group("unit") or m.group("unit2")).lower()
    months = _number_word(numbers[k].replace(",", ".")) * (12 if unit.startswith("year") else 1)
    return round(months, 2), s.start + m.start(), s.start + m.end()


def _count_value(n: str) -> int:
    n = n.lower()
    return 2 if n == "both" else int(_number_word(n)) if n.isalpha() else int(n)


_SIZE_WORD = re.compile(rf"\b(?P<both>both|neither)\b|\b(?:all|the|of the|of these) (?P<n>{_NUMWORD}|\d{{1,2}})\b",
                        re.IGNORECASE)


#: A sentence that opens on a group ("Both improved ...", "Neither had ...", "The two girls ...").
_GROUP_OPENING = re.compile(rf"^\W*(?:both|neither|(?:the|all) (?:{_NUMWORD}|\d{{1,2}}))\b", re.IGNORECASE)


def _group_size(phrase: str) -> int | None:
    """How many patients a group phrase names ("both" 2, "all three" 3, "each of the five" 5); None if it
    gives no number ("all the children", "each patient")."""
    m = _SIZE_WORD.search(phrase)
    if m is None:
        return None
    return 2 if m.group("both") else _count_value(m.group("n"))


#: "positive in 4 of the 53 tested": the series is the part of a larger cohort that had the finding.
_PART_OF_COHORT = re.compile(rf"\bin (?P<n>{_NUMWORD}|\d{{1,2}}) of the \d+ (?:tested|screened|patients|children)\b",
                             re.IGNORECASE)


def _opens_on_a_drug(s: _Sentence) -> bool:
    """Whether the sentence's first word is a drug of the lexicon ("IVIG was planned as ...", "Methotrexate was
    added ...")."""
    first = next((t.i for t in s.span if not (t.is_space or t.is_punct)), None)
    return first is not None and any(span.start == first for span in engine().drugs(s.span, as_spans=True))


def _about_all(text: str, n: int) -> bool:
    """A sentence about every member of a group of n ("all three", "each of them", "the two sisters", "Nine
    carried ..."); not one about an arm of it ("in the late group") or a count of other people."""
    if _SUBGROUP.search(text):
        return False
    # (the sentence may carry the heading above it: "Medication changes\n- One of the two children ...")
    heading = re.match(r"[^\n.;:]{1,60}\n", text)
    if (subset := _SUBSET_SUBJECT.match(text[heading.end():] if heading else text)) and _count_value(subset.group("n")) < n:
        return False  # "One of the two children reached remission": some of the group, not told which
    shared = _SHARED.search(text)
    if shared and _group_size(shared.group(0)) not in (None, n):
        return False  # "Both improved" in a text about four: the two the sentence before named, not all four
    if shared and re.match(r"\s+(?:who|whose)\b", text[shared.end():]):
        return False  # "Weakness has resolved in every child who had it": those of the group who had it
    if shared or any(_count_value(m.group("n")) == n for m in _COUNT.finditer(text)):
        return True
    if (part := _PART_OF_COHORT.search(text)) and _count_value(part.group("n")) == n:
        return True
    if _found_in_all(text, n):
        return True
    m = _COUNT_SUBJECT.match(text)
    return bool(m and _count_value(m.group("n")) == n)


def _found_in_all(text: str, n: int | None) -> bool:
    """"The antibody was found in four of them", "in four of these 53 (7.5%) the anti-SAE band was positive" (of
    those tested), in a report on those four: every one of them, not some."""
    found = _FOUND_IN_THEM.search(text) or _POSITIVE_OF_THEM.search(text)
    return bool(found) and _count_value(found.group("n")) == n


@cache
def _myositis_specific() -> frozenset[str]:
    """The myositis-specific antigens of the cited antibody catalogue: in children they are, but for rare cases,
    mutually exclusive (Tansley SL et al., J Autoimmun 2017;84:55-64, 380 juvenile patients, one exception)."""
    from imnm.knowledge.antibodies import default_antibodies

    return frozenset(str(a.antigen) for a in default_antibodies().antibodies
                     if a.specificity.startswith("myositis-specific"))


def _exclusive_in_group(text: str, mentions: list, eng) -> set[str]:
    """The antigens of a sentence shared by several patients that cannot all be each one's: two or more different
    myositis-specific antibodies named together ("two children with anti-SRP54 and anti-HMGCR antibodies") were
    found one in one child and one in another, so none is given to every patient."""
    named = {eng.antigen_of[m.group("ag").lower()] for m in mentions} & _myositis_specific()
    return named if len(named) > 1 and not re.search(r"\b(?:negative|not detected|absent)\b", text, re.IGNORECASE) else set()


#: A general statement in the present before "some patients": "is involved in", "are seen in", "is common in".
_GENERAL_BEFORE = re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?(?:involved|seen|found|affected|described|reported|present|"
                             r"common|rare|observed)\s+in\s+$", re.IGNORECASE)


def _several(sentences: list[_Sentence]) -> bool:
    """Whether the text speaks of several patients ("all three", "most of them", "two had"); "hard nodules,
    several of them ulcerated" speaks of things."""
    people = any(_PEOPLE.search(s.text) for s in sentences)
    return any(not _OF_THINGS.search(s.text, 0, m.start()) and (people or not _OF_PRONOUN.search(m.group(0)))
               # "Unlike most of them, he could not walk": the others compared with, not the report's patients
               and not _COMPARED_WITH.search(s.text, 0, m.start())
               and not _QUIZ_OPTION.search(s.text, 0, m.start())
               # "a mitochondrial myopathy, or a post-viral myositis, but neither of those should ...": a
               # supposition's pronoun is the diseases it weighs
               and not (s.hypothetical and _OF_PRONOUN.search(m.group(0)))
               # "None of those alternatives was the answer": the pronoun's noun is things
               and not (_OF_PRONOUN.search(m.group(0)) and _THINGS_NOUN.match(s.text, m.end()))
               # "Some children also have features of another disease": children in general, in the present
               # ("The gut is involved in some patients": the same, the verb before them)
               and not (re.fullmatch(r"(?:most|some|many) (?:patients|children)", m.group(0), re.IGNORECASE)
                        and (_GENERAL_PRESENT.match(s.text, m.end()) or _GENERAL_BEFORE.search(s.text, 0, m.start())))
               for s in sentences if not s.review for m in _GROUP_SIGNAL.finditer(s.text))


_LIST_NUM = r"\d{1,3}(?: \d{3})+|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
#: "588, 915 and 74 U/L": one value per patient with one unit.
_KEYED_LIST = re.compile(rf"(?P<list>(?:{_LIST_NUM})(?:\s*,\s*(?:{_LIST_NUM}))*\s*,?\s*(?:and|or)\s+(?:{_LIST_NUM}))"
                         rf"\s*{_LAB_UNIT}\b", re.IGNORECASE)
#: "(P1, P2, P3)", "(patients 1, 2 and 3)": the order of a list's values.
_KEY = re.compile(r"\(\s*P1\s*(?:,\s*P\d+\s*)*,?\s*(?:and\s+)?P\d+\s*\)|"
                  r"\((?:patients?|cases?)\s+1(?:\s*,\s*\d+)*,?\s*(?:and\s+)?\d+\s*\)", re.IGNORECASE)


def _keyed_labs(s: _Sentence, patients: list[_Patient]) -> None:
    """"CK was 588, 915 and 74 U/L (P1, P2, P3)" or "..., respectively": each patient's own value, when the
    list has one value per patient and the key (if any) names them in order."""
    key = _KEY.search(s.text)
    if key and [int(x) for x in re.findall(r"\d+", key.group(0))] != list(range(1, len(patients) + 1)):
        return
    if not key and not re.search(r"\brespectively\b", s.text, re.IGNORECASE):
        return
    for lab_key, (analyte, name) in _ANALYTES.items():
        for m in re.finditer(name, s.text):
            v = _KEYED_LIST.search(s.text, m.end(), m.end() + 70)
            if not v or _OTHER_ANALYTE.search(s.text, m.end(), v.start()) or re.search(
                    r"[<>≤≥;]|\bnormal\b|\bupper\b", s.text[m.end(): v.start()]):
                continue
            numbers = re.findall(_LIST_NUM, v.group("list"))
            if len(numbers) != len(patients):
                continue
            for patient, raw in zip(patients, numbers):
                patient.labs.append((lab_key, analyte, raw, v.group("unit"), s.start + m.start(), s.start + v.end()))
            break


def _unless_respectively(sentences: list[_Sentence], patient: _Patient, k: int | None = None,
                         n: int | None = None) -> list[_Sentence]:
    """Sentences about several patients, except those that give values 'respectively' (flagged, not read),
    unless the values are ages, one for each patient of the group: then each takes its own."""
    kept = []
    for s in sentences:
        if re.search(r"\brespectively\b", s.text, re.IGNORECASE):
            follow_up = _respective_follow_up(s, k, n)
            if follow_up is not None:  # "during 144, 113 and 23 months of follow-up, respectively"
                patient.respective_follow_up = follow_up
                continue
            respective = _respective_age(s, k, n)
            if respective is not None:
                patient.respective, heads = respective
                kept += heads
                continue
            patient.case.review_flags.append(flag(
                "ambiguous", "patients", f"values given 'respectively' were not read: {s.text.strip()[:120]!r}"))
        else:
            kept.extend(_for_each(s, n))
    return kept


def _for_each(s: _Sentence, n: int | None = None) -> list[_Sentence]:
    """A sentence about a group without its clauses about some members ("every one of the seven had a rash, and
    four had dysphagia": the rash is each child's, the dysphagia no one's that the text names)."""
    if not re.search(rf"(?:{_NUMWORD}|\d)", s.text, re.IGNORECASE) and not _SOME_WORDS.search(s.text):
        return [s]
    cuts = [0, *(m.end() for m in _CLAUSE_CUT.finditer(s.text) if 0 < m.end() < len(s.text)), len(s.text)]
    segments = [(a, b) for a, b in pairwise(sorted(set(cuts))) if a < b]
    some = [bool(_SOME_OF.match(s.text[a:b]) or _IN_SOME.search(s.text[a:b]) or _SOME_WORDS.search(s.text[a:b]))
            and not _CASE_LIST_BEFORE.search(s.text, 0, a)
            and not _found_in_all(s.text[a:b], n)
            for a, b in segments]
    for i, (a, b) in enumerate(segments):  # "..., more than carried anti-SRP (four, 6%)": other patients
        if _COUNT_PAREN.match(s.text, a):
            some[i] = True
            if i > 0:
                some[i - 1] = True
    if not any(some):
        return [s]
    parts, start = [], None
    for (a, b), drop in zip([*segments, (len(s.text), len(s.text))], [*some, True]):
        if not drop and start is None:
            start = a
        elif drop and start is not None:
            if re.search(r"\w", s.text[start:a]):
                parts.append(_part(s, start, a))
            start = None
    return parts


# --- several patients in one sentence ----------------------------------------------------------------------

_PATIENT_NOUN = r"girl|boy|sister|brother|son|daughter|twin|child|infant|toddler|adolescent|patient"
#: "a 6-year-old boy ... and his 9-year-old sister": each patient introduced with an age.
_INTRO = re.compile(rf"\b(?:an?|his|her|their) (?P<age>{_N}[- ](?:years?|months?)[- ]old) (?:\w+ )?"
                    rf"(?P<noun>{_PATIENT_NOUN})\b", re.IGNORECASE)
#: "two patients, a boy aged 7 and a girl aged 9": each introduced with "aged".
_INTRO_AGED = re.compile(rf"\b(?:an?|his|her|their) (?P<noun>{_PATIENT_NOUN}) aged (?P<n>{_N})(?: (?P<u>years?|months?))?"
                         r"(?![.,]\d|-)\b", re.IGNORECASE)
#: "two brothers aged 4 and 7 (years)", "two sisters, 4 and 7 years old": a group's ages in the group's order.
_GROUP_AGES = re.compile(
    rf"^,?\s+(?:aged\s+(?P<a>{_N}(?:,\s*{_N})*,?\s+and\s+{_N})(?:\s+(?P<ua>years?|months?))?(?:\s+old)?"
    rf"|(?P<b>{_N}(?:,\s*{_N})*,?\s+and\s+{_N})\s+(?P<ub>years?|months?)[- ]old"
    # "two girls, one 11 and the other 4 years old"
    rf"|one\s+(?:aged\s+)?(?P<c1>{_N})(?:\s+years?(?:\s+old)?)?,?\s+and\s+the other\s+(?:aged\s+)?(?P<c2>{_N})\s+"
    r"(?P<uc>years?|months?)(?:[- ]old|\s+of age)?)\b", re.IGNORECASE)
_ORDINAL_WORDS = r"first|second|third|fourth|fifth|elder|older|eldest|younger|youngest|other"
#: A patient named in a multi-patient text: "the first (girl)", "in the younger", "the boy", "her brother".
_REF = re.compile(rf"\b(?:(?:in|for|of) )?(?:the|his|her|their) (?:(?P<ord>{_ORDINAL_WORDS})"
                  rf"(?: (?P<n1>{_PATIENT_NOUN}|sibling|case|one))?|(?P<n2>girl|boy|sister|brother|son|daughter|father|"
                  r"mother))\b(?!-)"
                  # "the boy's mother" is not the boy, but "the daughter's illness" is the daughter's
                  r"(?!['’]s\b(?! (?:illness|disease|condition|course|myositis|weakness|symptoms|biopsy|rash)\b))",
                  re.IGNORECASE)
#: "one (of them) ..., the other ...": a patient named but not which one.
_UNKNOWN_REF = re.compile(r"(?:^|(?<=[;,] )|(?<=\band )|(?<=\bwhile )|(?<=\bwhereas ))(?:one|another)"
                          rf"(?: of them| (?:{_PATIENT_NOUN}|sibling))?\b(?!-)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:[;,]\s*(?:(?:and|but|while|whereas)\s+)?|\b(?:and|but|while|whereas)\s+)$", re.IGNORECASE)
_CLAUSE_VERB = re.compile(r"\s+(?:(?:also|later|still|then|further|additionally|eventually|only)\s+)?(?:had|has|was|were|"
                          r"received|needed|required|developed|showed|died|improved|recovered|relapsed|remained|"
                          r"underwent|reached|achieved|responded|carried|tested|presented|went|[a-z]+ing)\b", re.IGNORECASE)
#: "Their treatment combined ...", after a sentence about every patient: the same group.
_THEIR = re.compile(r"\W*their\b", re.IGNORECASE)
#: A relative clause set off by a comma, open at a negation cue: "Both children, who had no antibody, ...".
_RELATIVE_OPEN = re.compile(r",\s*(?:who|whose|which)\b[^,;()]*$", re.IGNORECASE)
#: A finding looked for and not found: "we looked for calcinosis and found none".
_FOUND_NONE = re.compile(r"[^.;]{0,30}?\b(?:and|but)\s+(?:we\s+)?found\s+(?:none|no\s+(?:evidence|sign)s?\b|nothing)\b",
                         re.IGNORECASE)
#: Some of a group, counted: "(seven children)", "once for calcinosis".
_SOME_OF_THEM = re.compile(rf"\b(?:{_NUMWORD}|once|twice)\b", re.IGNORECASE)
#: "We describe how our patients with anti-SRP presented": the authors' whole series (not "two of our patients").
_OUR_ALL = re.compile(rf"(?<!\bof )\bour (?:(?:{_NUMWORD}|\d{{1,2}}) )?(?:patients|children|cases|girls|boys|siblings|"
                      r"sisters|brothers|twins)\b", re.IGNORECASE)
#: "(two girls and one boy, ...)": a sex breakdown of the series, not one patient of it.
_BREAKDOWN_BEFORE = re.compile(rf"\b(?:{_NUMWORD}|\d{{1,2}})\s+(?:girls|boys|females|males)\s*,?\s*and\s+$", re.IGNORECASE)
#: "...; two also needed rituximab", "and three of them had dysphagia": a count of some of the series as a clause's
#: subject.
_SUBSET_REF = re.compile(
    rf"(?:^|(?<=[;,] )|(?<=\band )|(?<=\bbut )|(?<=\bwhile )|(?<=\bwhereas ))(?P<n>{_NUMWORD}|\d{{1,2}})"
    r"(?: of (?:them|these|those|the \w+)| (?:patients|children|girls|boys))?(?=\s+(?:(?:also|later|further|additionally|"
    r"subsequently|eventually|still)\s+)?(?:had|have|has|were|was|needed|required|received|developed|showed|died|"
    r"improved|reached|achieved|relapsed|remained|recovered|underwent|presented|tested|carried|experienced)\b)",
    re.IGNORECASE)
#: The whole group as a clause's subject with its verb ("all 9 were taking", "all of them had"), and a later count
#: of some of them whose verb is gapped (", 5 an immunosuppressive drug and 2 plasma exchange").
_ALL_VERB = re.compile(rf"\ball(?: (?:{_NUMWORD}|\d{{1,2}}))?(?: of them)?\s+(?:were|had|received|needed|required)\b",
                       re.IGNORECASE)
_GAPPED_SUBSET = re.compile(
    rf"(?:(?<=, )|(?<=\band ))(?P<n>{_NUMWORD}|\d{{1,2}})(?=\s+(?:an?\s+|the\s+)?[A-Za-z])(?!\s+(?:years?|months?|"
    r"weeks?|days?|hours?|mg|g|kg|ml|times|of|patients|children|girls|boys|cases|and|or|to)\b)", re.IGNORECASE)
#: "the first dose", "the second month": an ordinal without a patient noun that is not a patient.
_NOT_A_PATIENT = re.compile(r"\s+(?:months?|years?|weeks?|days?|doses?|course|courses|infusions?|biops\w+|line|"
                            r"episodes?|admissions?|relapses?|time|visits?|symptoms?|signs?|cycles?|pulses?|"
                            r"sessions?|decades?|of|hand|muscles?|tests?|step|half|part|place|two|three|author)\b",
                            re.IGNORECASE)
_VERB = re.compile(r"\b(?:had|has|have|was|were|is|are|showed|developed|presented|received|carried|tested|did|"
                   r"required|needed|became|remained|died|improved|got|underwent|went|responded)\b", re.IGNORECASE)
_NEGATION_WORD = re.compile(r"\b(?:no|not|neither|nor|without|never|none|unlike|except|negative)\b", re.IGNORECASE)
_COORDINATION = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:,\s*)?(?:and|or|nor|as well as)\s+", re.IGNORECASE)
#: "12,000 and 8,400 U/L": several values with one unit.
_VALUE_LIST = re.compile(r"\d[\d,. ]*\s*(?:,|\band|\bor|\bto|-|–)\s*\d[\d,. ]*\s*(?:[µμu]kat/l|nkat/l|i?u/l|ui/l|mu/ml)\b",
                         re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
#: "Case 1", "in Cases 2 and 3", "Patients 1-3": patients named by their number in a series.
#: (a lower-case "patient 2" too, alone and not the start of a range or an age: "patients 2-17 years old" is not one)
_CASE_REF = re.compile(r"\b(?:(?:in|for|of|to) )?(?:(?:Cases?|Patients?|(?:case|patient)(?= \d{1,2}\b(?![.,]\d|\s*(?:[-–/%]|"
                       r"to\b|and\s+\d|years?\b|months?\b|yrs?\b)))|"
                       # "in cases 2 and 3" (lower case: a list of numbers, not "patients 4 and 7 years old")
                       # (and not a list that values follow 'respectively', read as such)
                       r"(?:cases|patients)(?= \d{1,2}(?:(?:,\s*|,?\s+and\s+)\d{1,2})+\b(?![.,]\d|\s*(?:[-–/%]|to\b|years?\b|"
                       r"months?\b|yrs?\b))(?![^.;]*\brespectively\b))) (?P<nums>\d{1,2}(?:(?:,\s*|,?\s+and\s+)\d{1,2})*"
                       r"|\d{1,2}\s*(?:-|–|to)\s*\d{1,2})"
                       # "P2 died", "in P3", "P1, P2 and P4", "P1-P4": patients keyed P1..Pn
                       r"|(?P<keys>P\d{1,2}\s*(?:-|–|to)\s*P?\d{1,2}|P\d{1,2}(?:(?:,\s*|,?\s+and\s+)P\d{1,2})*))"
                       r"\b(?![.,]\d)")
_FORMER = re.compile(r"\b(?:(?:in|for|of|to) )?the (?P<which>former|latter)\b", re.IGNORECASE)
_TRAILING_REF = re.compile(r"(?:in|for|of|to) ", re.IGNORECASE)
#: The word before a list of patients that closes a sentence: "... confirmed in both Case 2 and Case 3".
_IN_BOTH = re.compile(r"\b(?:in|for|of|to|by)\s+(?:both\s+|each\s+of\s+|all\s+of\s+)?$", re.IGNORECASE)
_AFTER_REF = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:[,;:.)]|$|(?:and|but|whereas|while)\b)", re.IGNORECASE)
_CLAUSE_OPENING = re.compile(r"[\s,;:]*(?:(?:and|or|but|whereas|while)\s+)?", re.IGNORECASE)
_ORDINAL_NUMBER = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}


def _introductions(sentences: list[_Sentence], count: int) -> tuple[int, str, list[tuple]] | None:
    """The first sentence that introduces several patients with their ages, how ("intro": one by one;
    "group": a counted group with a list of ages), and (age, sex, start, end, as written) for each in order."""
    for i, s in enumerate(sentences):
        if s.review:
            continue
        found = []
        mentions = sorted([*(_INTRO.finditer(s.text) if "old" in s.text else ()),
                           *(_INTRO_AGED.finditer(s.text) if "aged" in s.text else ())], key=lambda m: m.start())
        for m in mentions:
            if found and not re.search(r"(?:\band|[,;])\s+$", s.text[: m.start()]):
                continue  # "when she was a 10-year-old child" is not a second patient
            if m.re is _INTRO_AGED:
                n = _number_word(m.group("n"))
                age = round(n / 12, 2) if (m.group("u") or "").lower().startswith("month") else n
            else:
                age = _age_of(m.group("age"))
            found.append((age, _SEX_WORD.get(m.group("noun").lower()), s.start + m.start(), s.start + m.end(),
                          m.group(0)))
        if len(found) >= 2:
            return i, "intro", found
        if (by_sex := _groups_by_sex(s, count)) is not None:
            return i, "intro", by_sex
        for m in _COUNT.finditer(s.text):
            ages = _GROUP_AGES.match(s.text[m.end():])
            if not ages:
                continue
            numbers = ([ages.group("c1"), ages.group("c2")] if ages.group("c1")
                       else re.findall(_N, ages.group("a") or ages.group("b"), re.IGNORECASE))
            n = m.group("n").lower()
            size = 2 if n == "both" else int(_number_word(n)) if n.isalpha() else int(n)
            if len(numbers) != size or (count > 1 and size != count):
                continue
            unit = (ages.group("ua") or ages.group("ub") or ages.group("uc") or "years").lower()
            a, b = s.start + m.end() + ages.start(), s.start + m.end() + ages.end()
            written = ages.group(0).strip(" ,")
            return i, "group", [(_number_word(x) / (12 if unit.startswith("month") else 1), None, a, b, written)
                       for x in numbers]
        family = _FAMILY.search(s.text) if count <= 2 else None
        # a title ("Myositis in a daughter and her father") or "... a boy and his mother with myositis"; not "a
        # girl and her mother came to clinic", where the mother only accompanies the patient
        if family and (family.group("with") or re.search(r"\bin\s+$", s.text[: family.start()])):
            spans = [(family.start(), family.end("a")), (family.start("db"), family.end("b"))]
            return i, "intro", [(None, _SEX_WORD[s.text[b:e].split()[-1].lower()], s.start + b, s.start + e,
                                 s.text[b:e]) for b, e in spans]
    return None


#: A group of one sex with its ages: "a boy with disease onset at 6.1 years", "two girls aged 5 and 7 years".
_SEX_GROUP = re.compile(
    rf"\b(?P<k>an?|one|two|three|four|five|\d)\s+(?P<noun>boys?|girls?)\s+(?:aged|of|with\s+(?:disease\s+|"
    rf"symptom\s+)?onset\s+at|(?:diagnosed\s+)?at(?:\s+the\s+age\s+of)?)\s+(?P<ages>{_N}(?:\s*(?:,\s*and|,|and)"
    rf"\s*{_N})*)(?:\s*(?P<u>years?|months?)(?:\s+(?:of\s+age|old))?)?", re.IGNORECASE)


def _groups_by_sex(s: _Sentence, count: int) -> list[tuple] | None:
    """Patients introduced as groups of each sex, in the order written: "a boy with disease onset at 6.1 years and
    two girls with onset at 5.8 and 4.4 years" is a boy of 6.1, a girl of 5.8 and a girl of 4.4. Every group must
    give as many ages as it counts, the groups must follow one another, and together make the series."""
    groups = list(_SEX_GROUP.finditer(s.text)) if "boy" in s.text or "girl" in s.text else []
    if len(groups) < 2 or any(not re.fullmatch(r"\s*(?:,|;)?\s*(?:and\s+)?", s.text[a.end():b.start()])
                              for a, b in pairwise(groups)):
        return None
    found = []
    for g in groups:
        ages = re.findall(_N, g.group("ages"), re.IGNORECASE)
        k = g.group("k").lower()
        if len(ages) != (1 if k in ("a", "an") else int(_number_word(k))):
            return None
        unit = (g.group("u") or groups[-1].group("u") or "").lower()
        if not unit:
            return None
        sex = _SEX_WORD[g.group("noun").lower().rstrip("s")]
        found += [(round(_number_word(a) / (12 if unit.startswith("month") else 1), 2), sex, s.start + g.start(),
                   s.start + g.end(), g.group(0)) for a in ages]
    return found if count <= 1 or len(found) == count else None


def _header_number(label: str) -> int | None:
    """The number of a section header ("Case 2" 2, "Patient III" 3, "Case B" 2) to check headers run in order."""
    if label.endswith(" patient"):  # "second patient" 2; "elder patient" has no place in a run
        return _ORDINAL_NUMBER[label.split()[0]] + 1 if label.split()[0] in _ORDINAL_NUMBER else None
    n = label.split()[-1]
    if n.isdigit():
        return int(n)
    if n.isupper() and patient_number(n):  # "III"; "B" is no numeral and falls through to the letters
        return patient_number(n)
    return "ABCD".index(n) + 1 if len(n) == 1 and n in "ABCD" else None


def _age_of(words: str) -> float:
    m = re.match(rf"(?P<n>{_N})[- ](?P<u>years?|months?)", words, re.IGNORECASE)
    n = _number_word(m.group("n"))
    return round(n / 12, 2) if m.group("u").lower().startswith("month") else n


def _resolve(m: re.Match, patients: list[_Patient]) -> int | None:
    """The patient a reference names, or None when the text does not tell which one."""
    ordinal = (m.group("ord") or "").lower()
    noun = (m.group("n1") or m.group("n2") or "").lower()
    sex = _SEX_WORD.get(noun)
    named = [k for k, p in enumerate(patients) if p.noun == noun] if noun and not ordinal else []
    if noun in ("father", "mother") or len(named) == 1:  # a parent is a patient only when introduced as one
        return named[0] if len(named) == 1 else None
    candidates = list(range(len(patients)))
    if ordinal in _ORDINAL_NUMBER:
        candidates = [_ORDINAL_NUMBER[ordinal]] if _ORDINAL_NUMBER[ordinal] < len(patients) else []
    elif ordinal in ("elder", "older", "eldest", "younger", "youngest"):
        ages = [p.age for p in patients]
        if None in ages or len(set(ages)) != len(ages) or (len(ages) > 2 and ordinal in ("elder", "older", "younger")):
            return None  # "the elder" of patients whose ages the text has not given
        candidates = [ages.index(max(ages) if ordinal in ("elder", "older", "eldest") else min(ages))]
    elif ordinal == "other":
        return None  # resolved against the sentence's other patient
    if sex:
        if not ordinal and any(p.sex is None for p in patients):
            return None  # "the girl" among patients of unknown sex
        candidates = [k for k in candidates if patients[k].sex in (sex, None if ordinal else sex)]
    return candidates[0] if len(candidates) == 1 else None


def _clauses(s: _Sentence, patients: list[_Patient], intros: list[tuple]) -> list[tuple[list[int], _Sentence]] | None:
    """The clauses of a sentence that names patients, each with the patients it is about (None when the
    sentence names none). A clause whose patient cannot be told is not read; a sentence that names patients
    after a negation ("neither the girl nor her brother ...") is not read at all."""
    refs: list[tuple[int, int, int | None]] = [(a - s.start, b - s.start, k) for k, (_, _, a, b, _) in
                                               enumerate(intros)]
    for m in _CASE_REF.finditer(s.text):  # "in Case 1", "Cases 2 and 3", "P2"
        numbers = _case_numbers(m.group("nums") or m.group("keys").replace("P", ""))
        who = [n - 1 for n in numbers] if numbers and all(1 <= n <= len(patients) for n in numbers) else None
        refs.append((m.start(), m.end(), who[0] if who and len(who) == 1 else who))
    for m in _FORMER.finditer(s.text):
        refs.append((m.start(), m.end(), m.group("which").lower()))
    ordinals = [m for m in _REF.finditer(s.text) if m.group("ord")]
    for m in _REF.finditer(s.text):
        if any(a < m.end() and m.start() < b for a, b, _ in refs):
            continue
        if m.group("ord") and not m.group("n1") and (
                _NOT_A_PATIENT.match(s.text[m.end():]) or (len(ordinals) < 2 and m.start() > 0 and not (
                    _CLAUSE_START.search(s.text, 0, m.start()) and _CLAUSE_VERB.match(s.text, m.end())))):
            # "the first dose"; a lone bare ordinal opens a sentence ("The second had ...") or a clause ("Both had
            # steroids; the elder also received IVIG", "both improved, the younger reaching remission")
            continue
        refs.append((m.start(), m.end(), _resolve(m, patients)))
        if m.group("ord") and m.group("ord").lower() == "other":
            refs[-1] = (m.start(), m.end(), "other")
    for m in _UNKNOWN_REF.finditer(s.text):
        if not any(a < m.end() and m.start() < b for a, b, _ in refs) and not _BREAKDOWN_BEFORE.search(s.text, 0, m.start()):
            refs.append((m.start(), m.end(), None))
    gapped = _GAPPED_SUBSET.finditer(s.text) if (every := _ALL_VERB.search(s.text)) else ()
    for m in (*_SUBSET_REF.finditer(s.text), *gapped):  # "All received IVIG; two also needed rituximab": which two
        # is not told; nor which "2" of "all 9 were taking corticosteroids, 5 an immunosuppressive drug and 2 plasma
        # exchange", the verb gapped after the whole group's
        if m.re is _GAPPED_SUBSET and m.start() < every.end():
            continue
        if 0 < _count_value(m.group("n")) < len(patients) and not any(a < m.end() and m.start() < b for a, b, _ in refs):
            refs.append((m.start(), m.end(), None))
    if not refs:
        return None
    refs.sort()
    known = {k for _, _, k in refs if isinstance(k, int)}
    refs = [(a, b, (next(iter({0, 1} - known)) if len(patients) == 2 and len(known) == 1 else None)
             if k == "other" else k) for a, b, k in refs]
    refs = _former_latter(refs, len(patients))
    if (len(refs) >= 2 and all(isinstance(k, int) for _, _, k in refs) and not s.text[refs[-1][1]:].strip(" \t\n.;)")
            and _IN_BOTH.search(s.text, 0, refs[0][0])
            and all(_COORDINATION.fullmatch(s.text[refs[i][1]: refs[i + 1][0]]) for i in range(len(refs) - 1))):
        # "Anti-NXP2 antibodies were confirmed in both Case 2 and Case 3": the clause before the list is theirs
        start = max(s.text.rfind(";", 0, refs[0][0]) + 1, 0)
        return [([k for _, _, k in refs], _part(s, start, len(s.text)))]
    trailing = _trailing_clauses(s, refs)
    if trailing is not None:
        return trailing
    # (the negation of an earlier clause does not reach the names: "..., dysphagia and no skin signs is the classic
    # setting for anti-SRP, and the antibody panel in Case 1 was positive")
    joins = list(_CLAUSE_JOIN.finditer(s.text, 0, refs[0][0]))
    if _NEGATION_WORD.search(s.text, joins[-1].end() if joins else 0, refs[0][0]):
        return []
    out: list[tuple[list[int], _Sentence]] = []
    lead = s.text[: refs[0][0]].strip()
    every = {x for _, _, k in refs if k is not None and not isinstance(k, str) for x in _who(k)} == set(
        range(len(patients)))
    if lead and (_about_all(s.text, len(patients)) or (lead.endswith(",") and every)):
        # "Once tacrolimus was introduced, the first child ..., while in the second ...": a lead clause before
        # a sentence that goes through every patient is about each of them
        out.append((list(range(len(patients))), _part(s, 0, refs[0][0])))
    ends = [b + (p.end() if (p := _PARENTHESIS.match(s.text[b:])) else 0) for _, b, _ in refs]
    starts = [a for a, _, _ in refs][1:] + [len(s.text)]
    coordinated = len(refs) >= 2 and all(_COORDINATION.fullmatch(s.text[refs[i][1]: refs[i + 1][0]])
                                         for i in range(len(refs) - 1))
    if coordinated:  # "a 6-year-old boy (CK ...) and his 9-year-old sister (CK ...) were referred with ..."
        for (a, _, k), end in zip(refs, ends):
            if k is not None:
                out.append((_who(k), _part(s, a, end)))
        if all(k is not None for _, _, k in refs):
            out.append(([x for _, _, k in refs for x in _who(k)], _part(s, ends[-1], len(s.text))))
        return out
    # "Patients 2 and 3 were given cyclophosphamide, with IVIG added for patient 2; ...": a later reference that
    # closes its clause ("added for patient 2") takes the clause from the comma before it
    opens = [a for a, _, _ in refs]
    for i in range(1, len(refs)):
        a = refs[i][0]
        if refs[i][2] is not None and _ADDED_FOR.search(s.text, refs[i - 1][1], a):
            comma = s.text.rfind(",", refs[i - 1][1], a)
            if comma > 0:
                starts[i - 1], opens[i] = comma, comma + 1
    for i, ((a, b, k), stop) in enumerate(zip(refs, starts)):
        if k is None:
            continue
        clause = _part(s, opens[i], stop)
        after = s.text[b:stop]
        if i > 0 and not _VERB.search(after):  # "... and the second anti-HMGCR antibodies": the verb is gapped
            before = s.text[refs[i - 1][1]: a]
            first = engine().antigen_re.search(before)
            # (with no antibody in it, the first clause's words are still the predicate: "a CK of 8,400 U/L, and the
            # elder 12,600 U/L")
            clause.predicate = before[: first.start()] if first else before
            clause.gap_negated = bool(_NEGATION_WORD.search(before))
        out.append((_who(k), clause))
    return out


_ALL_OF_THEM = re.compile(r"\b(?:all|both|each|every)\b", re.IGNORECASE)
_ANTIBODY_WORD = re.compile(r"^\s*(?:antibod(?:y|ies)|auto-?antibod(?:y|ies)|abs?)\b", re.IGNORECASE)
_LATER_DEATH = re.compile(r"\b(?:later|subsequently|eventually)\b", re.IGNORECASE)
_LATER_EVENT = re.compile(r"[^.;]{0,20}?,?\s*but\b[^.;]*?\b(?:later|subsequently)\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\b\d{1,3}(?:[.,]\d)?\s*(?:-|–|to)\s*$|\b(?:from|between) \S+ (?:and|to) $", re.IGNORECASE)
_ADDED_FOR = re.compile(r"\b(?:added|given|used|started|introduced|needed|required)\s+(?:(?:in|for|to)\s+)?$", re.IGNORECASE)


def _who(k: int | list[int]) -> list[int]:
    return list(k) if isinstance(k, list) else [k]


def _case_numbers(text: str) -> list[int]:
    """"1" [1]; "2 and 3" [2, 3]; "1, 2 and 4" [1, 2, 4]; "2-4" [2, 3, 4]."""
    span = re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)", text)
    if span:
        a, b = int(span.group(1)), int(span.group(2))
        return list(range(a, b + 1)) if a < b <= a + 10 else []
    return [int(x) for x in re.findall(r"\d+", text)]


def _former_latter(refs: list[tuple], n: int) -> list[tuple]:
    """"in the former ... in the latter": the first and second of the last pair the sentence named (or of
    two patients)."""
    pair = list(range(n)) if n == 2 else None
    out = []
    for a, b, k in refs:
        if k in ("former", "latter"):
            k = (pair[0] if k == "former" else pair[1]) if pair is not None else None
        elif isinstance(k, list):
            pair = k if len(k) == 2 else None
        out.append((a, b, k))
    return out


def _trailing_clauses(s: _Sentence, refs: list[tuple]) -> list[tuple[list[int], _Sentence]] | None:
    """"Disease began at 8 years in Case 1, at 11 years in Case 2 and at 4 years in Case 3": each clause ends
    with the patient it is about (None unless every reference closes a clause of its own). A later clause
    that repeats the first one's form without its verb takes the first one's words as its predicate."""
    # ("... at 8 years 6 months (case 1), 11 years 7 months (case 2) and ...": each key in brackets closes it too)
    bracketed = len(refs) > 1 and all(s.text[a - 1: a] == "(" and s.text[b: b + 1] == ")" for a, b, _ in refs)
    if not bracketed and not all(_TRAILING_REF.match(s.text[a:b]) and _AFTER_REF.match(s.text, b) for a, b, _ in refs):
        return None
    out: list[tuple[list[int], _Sentence]] = []
    first, prev = "", 0
    for i, (a, b, k) in enumerate(refs):
        a, b = (a - 1, b + 1) if bracketed else (a, b)
        if i == 0 and (semicolon := s.text.rfind(";", 0, a)) > 0 and _ALL_OF_THEM.search(s.text, 0, semicolon):
            # "All three were girls; their disease began at ...": the clause before the semicolon is all of theirs
            out.append((sorted({x for _, _, k in refs if k is not None for x in _who(k)}), _part(s, 0, semicolon)))
            prev = semicolon + 1
        start = _CLAUSE_OPENING.match(s.text, prev, a).end()
        if not re.search(r"\w", s.text[start:a]):
            return None
        if i == 0:
            first = s.text[start:a]
        if k is not None:
            clause = _part(s, start, b)
            word = re.match(r"\w+", s.text[start:a])
            same = re.search(rf"\b{re.escape(word.group(0))}\b", first) if i > 0 and word else None
            if same:
                clause.predicate = first[: same.start()]
                clause.gap_negated = bool(_NEGATION_WORD.search(clause.predicate))
                clause.gapped_first = first if not same.start() else ""
            elif i > 0 and word and first.lower().startswith(word.group(0).lower()):
                clause.gapped_first = first  # ("Anti-SRP ... in case 1, and anti-NXP2 ...": the same opening)
            elif i > 0 and word and word.group(0).isdigit() and (number := re.search(r"\b\d", first)):
                clause.predicate = first[: number.start()]  # ("... began at 8 years (case 1), 11 years (case 2)")
            out.append((_who(k), clause))
        prev = b
    rest = s.text[prev:]
    if len(refs) == 1 and refs[0][2] is not None and re.search(r"\w", rest):
        out.append((_who(refs[0][2]), _part(s, prev + _CLAUSE_OPENING.match(rest).end(), len(s.text))))
    return out

def _part(s: _Sentence, a: int, b: int) -> _Sentence:
    """A clause of a sentence as a sentence of its own (offsets into the whole text kept)."""
    while b > a and s.text[b - 1] in " ,;":
        b -= 1
    span = s.span.doc.char_span(s.start + a, s.start + b, alignment_mode="expand")
    return _Sentence(s.start + a, s.start + b, s.text[a:b], span, s.review, s.hypothetical,
                     implied_antigen=s.implied_antigen, section=s.section)


#: A drug named as the one avoided, just before it ("to avoid CY", "avoiding the use of steroids").
_AVOIDED_BEFORE = re.compile(r"\bavoid(?:s|ed|ing)?\s+(?:the\s+use\s+of\s+|using\s+|giving\s+|any\s+)?$", re.IGNORECASE)
#: A choice made in place of what the clause before named: "..., so we chose a multitarget combination ... instead".
_CHOSE_INSTEAD = re.compile(r"[,;]\s*(?:and\s+)?(?:so|therefore|hence|thus)\s+(?:we|they|the (?:team|physicians|clinicians))"
                            r"\s+(?:chose|opted for|preferred|used|gave|started|selected|decided on)\b[^.;]*\binstead\b",
                            re.IGNORECASE)
#: An abbreviation a text defines for a drug, in brackets after its name: "cyclophosphamide (CTX)", "plasma
#: exchange (PE)". Capitals, two to six, and not a word of the sentence.
_DEFINED = re.compile(r"\s*\(\s*(?P<abbr>(?-i:[A-Z][A-Za-z]?[A-Z0-9]{1,4}))\s*[),;]")


def _defined_abbreviations(doc, eng: _Engine) -> tuple[re.Pattern, dict[str, str]] | None:
    """The drug abbreviations this text defines (one pattern to find them, and the name each stands for), read
    once a text; None when it defines none."""
    if "imnm_abbreviations" not in doc.user_data:
        text, found = _doc_text(doc), {}
        if "(" in text:
            for span in eng.drugs(doc, as_spans=True):
                m = _DEFINED.match(text, span.end_char)
                if m and m.group("abbr") not in found:
                    try:
                        normalise_drug(m.group("abbr"))
                    except ValueError:  # not a name the vocabulary already knows
                        found[m.group("abbr")] = span.text
        doc.user_data["imnm_abbreviations"] = (
            re.compile(rf"\b(?:{'|'.join(map(re.escape, found))})\b"), found) if found else None
    return doc.user_data["imnm_abbreviations"]


class _Reader:
    """Fills one patient's record from sentences, keeping evidence and confidence per key."""

    def __init__(self, text: str, patient: _Patient, single: bool, group: int = 1) -> None:
        self.text, self.patient, self.single, self.group = text, patient, single, group
        self.case = patient.case
        self.lex = lexicon()
        self.conf = self.lex["confidence"]
        self.eng = engine()
        self.sex_votes: list[tuple[str, int, int, float]] = []
        self.pronouns: dict[str, int] = {"F": 0, "M": 0}
        self.pronoun_at: tuple[int, int] | None = None
        self.ages: list[tuple[float, int, int, float, str]] = []
        self.current_ages: list[tuple[float, int, int, float, str]] = []  # "this now 19-year-old woman"
        self.onset: tuple[float, int, int] | None = None
        self.diagnosed: tuple[float, int, int] | None = None
        self.features: dict[str, tuple[bool, int, int, float]] = {}
        self.feature_in_section: dict[str, bool] = {}  # whether the feature was read in a discussion or teaching part
        self.outcomes: list[tuple[int, str, str, int, int, float, str, str | None]] = []
        self.closing_outcomes: list[tuple[int, str, str, int, int, float, str, str | None]] = []
        self.follow_up: list[tuple[float, int, int]] = []
        self.follow_up_named = False  # whether a sentence has named the follow-up itself ("follow-up of 2 years")
        self.visit_times: list[tuple[float, int, int]] = []  # letters' headings that date their visit
        self.conflicting: set[str] = set()
        self._cues: dict[tuple[int, int], list] = {}
        #: the words that introduced this patient with an age: an onset read inside them is the group's first one
        #: ("two boys with onset at 3.5 and 10 years"), not this patient's
        self.intro_span: tuple[int, int] | None = None
        if patient.intro is not None:  # "a 6-year-old boy and his 9-year-old sister", "two brothers aged 4 and 7"
            age, sex, a, b, written = patient.intro
            if age is not None:  # "a daughter and her father": no age given
                self.ages.append((age, a, b, self.conf["age_pattern"], written))
                self.intro_span = (a, b)
            if sex:
                self.sex_votes.append((sex, a, b, self.conf["sex_noun"]))
        if patient.respective is not None:  # "from the ages of 5 and 9 years respectively"
            age, a, b, written, onset = patient.respective
            if onset:
                self.onset = (age, a, b)
            else:
                self.ages.append((age, a, b, self.conf["age_pattern"], written))
        self.follow_up_given = patient.respective_follow_up  # a value of its own beats the group's
        for key, analyte, raw, unit_written, a, b in patient.labs:  # "CK 588, 915 and 74 U/L (P1, P2, P3)"
            value, _ = _parse_lab_number(raw, unit_written)
            unit = _unit_as_written(unit_written)
            iu = to_reference_unit(analyte, value, unit)
            if iu is None or self.case.record[key] is not None:
                continue
            self._set_lab(key, analyte, iu, value, unit, f"{raw} {unit_written}", a, b, self.conf["lab_value"], True)

    # evidence and confidence ------------------------------------------------------------------------

    def _note(self, key: str, start: int, end: int, confidence: float, shared: bool) -> None:
        if shared:
            confidence *= self.conf["shared_factor"]
        self.case.evidence.setdefault(key, []).append(Evidence(start=start, end=end, text=self.text[start:end]))
        self.case.confidence[key] = round(min(self.case.confidence.get(key, 1.0), confidence), 3)

    # negation (ConText) ------------------------------------------------------------------------------

    def _negated(self, sentence: _Sentence, start: int, end: int, outcome: bool = False) -> bool:
        """Whether a ConText cue negates the text from ``start`` to ``end``. For an outcome, "free of" is no
        negation: "free of pain and back to his usual activities" is itself the recovery."""
        span = sentence.span
        key = (span.start, span.end)
        cues = self._cues.get(key)
        if cues is None:  # the cue matcher runs once per sentence, not once per finding
            cues = self._cues[key] = [(self.eng.nlp.vocab.strings[label], span.doc[s:e])
                                      for label, s, e in self.eng.cues(span)]
        first = next((t.i for t in span if t.idx + len(t) > start), span.end)
        last = next((t.i for t in reversed(span) if t.idx < end), first)
        doc = span.doc
        # ("None of them, however, regained strength": a "however" set off by commas turns nothing)
        terminators = [(c.start, c.text.lower()) for kind, c in cues if kind == "terminate" and not (
            c.text.lower() in ("however", "though") and c.start > 0 and c.end < len(doc)
            and doc[c.start - 1].text == "," and doc[c.end].text == ",")]
        for kind, c in cues:
            if outcome and c.text.lower() == "free of":
                continue
            subject = c.text.lower() in _SUBJECT_CUES
            if (kind == "forward" and c.end <= first
                    and (first - c.end < _SCOPE or (first - c.end < 3 * _SCOPE and (_NEGATED_LIST.fullmatch(
                        self.text, c.end_char, start) or (subject and self._subject_list(c.end_char, start)))))
                    and not any(c.end < t <= first and not (subject and word in _VERB_TERMINATORS)
                                for t, word in terminators)
                    and not self._denies_a_response(span, c.end, first)
                    and not (c.text.lower() == "nor"
                             and _NOT_RESPONDING.search(self.text[span.start_char: c.start_char]))
                    and not (c.text.lower() in ("neither", "nor") and _RESPONSE_AFTER.match(self.text, end))
                    and not (_NEW_CLAUSE.search(self.text, c.end_char, start) and _ASSERTED_AFTER.match(self.text, end))
                    and not (outcome and _OUTCOME_AFTER_AND.search(self.text, c.end_char, start))
                    # ("The child did not recover: death followed from infection": the colon tells what came instead)
                    and not (outcome and ":" in self.text[c.end_char: start])
                    # ("Both children, who had no antibody, improved": the cue's relative clause is closed by a comma)
                    and not (_RELATIVE_OPEN.search(self.text, span.start_char, c.start_char)
                             and "," in self.text[c.end_char: start])):
                return True
            followed_by_for = c.end < span.end and span.doc[c.end].lower_ == "for"
            aside = self._aside(doc, last, c.start) if kind == "backward" else 0
            if (kind == "backward" and c.start > last and c.start - last - aside <= _SCOPE and not followed_by_for
                    and not any(last < t < c.start - aside for t, _ in terminators)):
                return True
        return False

    @staticmethod
    def _aside(doc, last: int, cue: int) -> int:
        """The tokens of a concession set off by commas just before a backward cue ("cyclophosphamide, although
        commonly used in this setting, was avoided"): they neither end the cue's reach nor count in it."""
        if cue - 1 <= last + 1 or doc[cue - 1].text != "," or doc[last + 1].text != ",":
            return 0
        if doc[last + 2].lower_ not in ("although", "though", "while", "albeit") or any(
                doc[k].text in (",", ";", ".") for k in range(last + 2, cue - 1)):
            return 0
        return cue - last - 1

    def _subject_list(self, after: int, start: int) -> bool:
        """ "None of the four had interstitial lung disease or calcinosis": the subject's verb, then a list that
        ends at the finding."""
        m = _SUBJECT_VERB.match(self.text, after)
        return bool(m) and (m.end() == start or bool(_NEGATED_LIST.fullmatch(self.text, m.end(), start)))

    @staticmethod
    def _denies_a_response(span, after: int, first: int) -> bool:
        """Whether the words after a cue deny a response or a change ("did not respond to", "had not been
        controlled by", "could not be weaned off"), not the drug or finding at ``first``."""
        k = after
        while k < first and span.doc[k].lower_ in _BEFORE_RESPONSE:
            k += 1
        return k < first and span.doc[k].lower_ in _RESPONSE_WORDS

    # one sentence ------------------------------------------------------------------------------------

    def read(self, s: _Sentence, shared: bool) -> None:
        if _GOALS_WERE.match(s.text):
            return  # "The short-term goals were freedom from injury, intact skin ...": hoped for, not found
        if (goal := _GOAL_INLINE.search(s.text)) is not None:
            if not s.text[: goal.start()].strip():
                return  # "Goal: no aspiration pneumonia."
            s = _part(s, 0, goal.start())  # "Risk of falls related to weakness; goal: no falls"
        if s.review and s.answer is not None:
            self._features(s, shared)  # "Did he have dysphagia? No.": the answer states it
            return
        if s.review:
            if shared and _about_our_series(s.text):
                self._sex(s, shared)  # "We describe four girls ..., mean age 8.5 years": the series' own sex
            return
        self._sex(s, shared)
        self._age(s, shared)
        self._ethnicity(s, shared)
        self._antibodies(s, shared)
        self._features(s, shared)
        self._normal_tests(s, shared)
        decided = _DECISION_LINE.match(s.text) is not None and not _ALREADY_ON.search(s.text)
        if s.hypothetical:
            s = self._before_hypothesis(s)
        if s is not None:
            self._labs(s, shared)
            if not decided:
                self._drugs(s, shared)
            self._outcome(s, shared)
            self._follow_up(s, shared)

    def _before_hypothesis(self, s: _Sentence) -> _Sentence | None:
        """"Thiosulfate led to improvement, and the authors suggest it for ...", "she had received prednisone
        before IVIG was considered": the clauses before the one that speculates, advises or plans still tell what
        happened; none is left when the cue is in the first clause. A clause cut from a hypothetical sentence may
        have left the cue in another clause: then it is read whole."""
        cue = self.eng.hypothetical_re.search(s.text)
        if cue is None:
            return replace(s, hypothetical=False)
        done = _THEN_DONE.search(s.text, cue.end())
        if done and not self.eng.hypothetical_re.search(s.text, done.end()):
            # "We considered an inflammatory myositis and began methylprednisolone ...": what was done after the
            # thought is what happened
            return replace(_part(s, done.start(), len(s.text)), hypothetical=False)
        joins = list(_CLAUSE_JOIN.finditer(s.text, 0, cue.start())) + list(_BEFORE_PLAN.finditer(s.text, 0, cue.start()))
        joins.sort(key=lambda m: m.start())
        return replace(_part(s, 0, joins[-1].start()), hypothetical=False) if joins else None

    def _sex(self, s: _Sentence, shared: bool) -> None:
        if shared:
            # "the two sisters": each is a girl; "five children, four girls and one boy": no child's sex is known
            counted = []
            for m in _COUNT.finditer(s.text):
                sex = {"sisters": "F", "girls": "F", "brothers": "M", "boys": "M"}.get(m.group("who").lower())
                n = m.group("n").lower()
                size = 2 if n == "both" else int(_number_word(n)) if n.isalpha() else int(n)
                if sex:
                    counted.append((sex, size, m))
            if len({sex for sex, _, _ in counted}) > 1 or any(size != self.group for _, size, _ in counted):
                return
            for sex, _, m in counted:
                self.sex_votes.append((sex, s.start + m.start("who"), s.start + m.end("who"),
                                       self.conf["sex_noun"] * self.conf["shared_factor"]))
        for m in [*_SEX_NOUN.finditer(s.text), *_SEX_QUALIFIED.finditer(s.text), *_SEX_STATED.finditer(s.text),
                  *_SEX_AFTER_HEADER.finditer(s.text)]:
            if shared and not m.group(0).lower().endswith("s"):
                continue  # "both the girl and her brother ...": a singular noun names one of them, not each
            if not shared and m.re is _SEX_NOUN.re and m.group(0).lower() != m.group(1).lower():
                continue  # "girls more often than boys" in one patient's text: people in general, not her
            if _RELATIVE.match(s.text, m.end(1) + 1):
                continue  # "his 40-year-old female cousin": the relative's sex, not the patient's
            if m.re is _SEX_NOUN.re and (_SOMEONE_ELSE_AFTER.match(s.text, m.end(1))
                                         or _SOMEONE_ELSE_BEFORE.search(s.text, 0, m.start(1))):
                continue  # "a boy in my class", "like a boy in our village", "our older boy": someone else
            self.sex_votes.append((_SEX_WORD[m.group(1).lower()], s.start + m.start(1), s.start + m.end(1),
                                   self.conf["sex_noun"] * (self.conf["shared_factor"] if shared else 1)))
        if not shared and not _FAMILY_SUBJECT.match(s.text):
            # a pronoun in a patient's own sentences or clauses ("P1 ... she stayed in remission"); not in a family
            # member's sentence ("My own father takes a statin for his heart": his, the father's)
            for m in _PRONOUN.finditer(s.text):
                self.pronouns["M" if m.group("m") else "F"] += 1
                if self.pronoun_at is None:
                    self.pronoun_at = (s.start + m.start(), s.start + m.end())

    def _age(self, s: _Sentence, shared: bool) -> None:
        if shared or not _AGE_HINT.search(s.text):
            return
        taken: list[tuple[int, int]] = []
        for pattern in _AGE_PATTERNS:
            for m in pattern.finditer(s.text):
                if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                    continue
                before = s.text[max(0, m.start() - 25): m.start()].lower()
                if re.search(r"\b(?:at|by|until|from|since|after|before) (?:the )?(?:age of )?$", before):
                    continue  # a time in the course ("at the age of 15"), not the patient's age
                if re.search(r"\b(?:children|patients|cases|girls|boys|adolescents|infants|those)\s+$", before):
                    continue  # "in none of the children aged 7 years or more": a group's bound, not an age
                if _WHEN_WAS.search(before) and (_RELAPSE_AFTER.match(s.text, m.end(), m.end() + 100)
                                                 or _REVISED_BEFORE.search(s.text, 0, m.start())):
                    # "When he was 15 years old, an infection was followed by a relapse", "the diagnosis was changed
                    # to anti-HMGCR myopathy when he was 16": times in the course
                    continue
                taken.append((m.start(), m.end()))
                groups = m.groupdict()
                years = _number_word(groups["y"]) if groups.get("y") else 0.0
                months = _number_word(groups["m"]) if groups.get("m") else 0.0
                # the age now, years after the illness ("this now 19-year-old woman", "a boy now aged 17"): the
                # patient's age only when the text gives no other
                ages = self.current_ages if _NOW_AGE.search(before) or _NOW_AGE_INSIDE.search(m.group(0)) else self.ages
                ages.append((round(years + months / 12, 2), s.start + m.start(), s.start + m.end(),
                             self.conf["age_pattern"], m.group(0)))
        intro = self.intro_span
        if self.onset is None:
            m = next(filter(None, (p.search(s.text) for p in _ONSET_YM)), None)
            if m and not (intro and intro[0] <= s.start + m.start() < intro[1]):
                self.onset = (_years_months(m), s.start + m.start(), s.start + m.end())
        if self.onset is None:
            m = _ONSET.search(s.text) or next(filter(None, (p.search(s.text) for p in _ONSET_AT_AGE)), None)
            if m and not (intro and intro[0] <= s.start + m.start() < intro[1]):
                self.onset = (_number_word(m.group("y") or m.group("y2")), s.start + m.start(), s.start + m.end())
        if (self.diagnosed is None and "iagnos" in s.text and (m := _DIAGNOSED_AT_AGE.search(s.text))
                and not (_HISTORY_INCLUDED.search(s.text, 0, m.start()) or _PAST_HISTORY.search(s.text, 0, m.start()))):
            # (not "her history included a juvenile idiopathic arthritis diagnosed at the age of 8": another illness)
            self.diagnosed = (_number_word(m.group("y")), s.start + m.start("y"), s.start + m.end())
        if self.diagnosed is None and " when " in s.text and (m := _DIAGNOSED_WHEN.search(s.text)):
            self.diagnosed = (_number_word(m.group("y")), s.start + m.start("y"), s.start + m.end())
        if self.onset is None and s.predicate:  # ", at 11 years 7 months in Case 2": the onset verb is gapped
            virtual = s.predicate + s.text
            for p in _ONSET_YM:
                m = p.search(virtual)
                if m and m.start("y" if m.group("y") else "mo") >= len(s.predicate):
                    a, b = max(0, m.start() - len(s.predicate)), m.end() - len(s.predicate)
                    self.onset = (_years_months(m), s.start + a, s.start + b)
                    break
        if self.onset is None and s.predicate and (verb := _ONSET_VERB_RE.search(s.predicate)):
            # "The first girl developed symptoms at the age of 5 and the second at the age of 9": the onset verb
            # of the first clause, the age of this one
            head = s.predicate[: verb.end()] + " "
            for p in _ONSET_AT_AGE:
                m = p.search(head + s.text)
                y = m and (m.groupdict().get("y") and "y" or m.groupdict().get("y2") and "y2")
                if y and m.start(y) >= len(head):
                    self.onset = (_number_word(m.group(y)), s.start + m.start(y) - len(head), s.start + m.end() - len(head))
                    break

    def _ethnicity(self, s: _Sentence, shared: bool) -> None:
        if self.case.record["ethnicity"] is not None:
            return
        from spacy.util import filter_spans

        # the longest name wins: "African American girls" is not "African"
        for span in filter_spans([s.span.doc[a:b] for _, a, b in self.eng.ethnic(s.span)]):
            a, b = span.start, span.end
            if a > 0 and s.span.doc[a - 1].text in _COMPASS:  # "our North Indian children"
                a -= 1
            after = s.span.doc[b: b + 3].text.lower()
            # "a Chinese schoolgirl", "a white (Caucasian) girl": the name just before the patient noun
            if re.match(r"\)?\s*(?:\w+ )?(?:girls?|boys?|schoolgirls?|schoolboys?|child|children|patients?|females?|"
                        r"males?|adolescents?|teenagers?|infants?|toddlers?|woman|women|man|men|sisters|brothers|"
                        # (not "a West African children's hospital": the hospital's region)
                        r"siblings|twins)\b(?!\s*['’]\s*s\b)", after) or (
                    # "a 10-year-old girl of Indian origin" (or "of Somali background"): the origin qualifies the
                    # patient noun just before it
                    re.match(r"(?:origin|descent|ancestry|heritage|extraction|background|parentage)\b", after)
                    and _OF_ORIGIN.search(s.span.doc[max(0, a - 4): a].text)) or (
                    # "a male infant, African American, aged 7 months": the origin in apposition to the patient
                    after.startswith(",") and _PATIENT_BEFORE_COMMA.search(s.span.doc[max(0, a - 3): a].text)) or (
                    # "three adolescent girls, all African American, ...": the group's origin
                    a > 2 and s.span.doc[a - 1].lower_ in ("all", "both")
                    and _GROUP_BEFORE_COMMA.search(s.span.doc[max(0, a - 4): a - 1].text)) or (
                    # "she was African American", "all three were African American": the origin as a predicate
                    _ORIGIN_PREDICATE.search(s.span.doc[max(0, a - 5): a].text)
                    and re.match(r"(?:[.,;]|and\b|$)", after)) or (
                    # the family telling its own origin, the child in it: "we are a Somali family", "our family is
                    # Moroccan" (not "her parents are of Pakistani origin": the parents' only)
                    _FAMILY_ORIGIN.search(s.span.doc[max(0, a - 5): a].text)
                    and re.match(r"(?:famil(?:y|ies)\b|[.,;]|and\b|$)", after)) or (
                    # a form's field: "Ethnicity: Japanese", "Race / ethnicity: African American"
                    _ETHNICITY_FIELD.search(s.span.doc[max(0, a - 8): a].text) and re.match(r"(?:[.,;]|$)", after)):
                token_span = s.span.doc[a:b]
                self.case.record["ethnicity"] = self.eng.ethnicity_form.get(_ethnicity_key(token_span.text),
                                                                             token_span.text)
                self._note("ethnicity", token_span.start_char, token_span.end_char, self.conf["ethnicity"], shared)
                return

    def _labs(self, s: _Sentence, shared: bool) -> None:
        record = self.case.record
        if s.predicate:
            self._gapped_lab(s, shared)
        several = shared and (len(_LAB_VALUE.findall(s.text)) > 1 or bool(_VALUE_LIST.search(s.text)))
        for key, (analyte, name) in _ANALYTES.items():
            peak_only = record[key] is not None  # a later value replaces the first only as the stated peak
            if peak_only and not (_RISE.search(s.text) or _CLIMB.search(s.text)):
                continue
            if several and re.search(name, s.text):
                self.case.review_flags.append(flag(
                    "ambiguous", key, "a sentence about several patients gives more than one value; none was "
                                      f"read: {s.text.strip()[:120]!r}"))
                continue  # "both had a raised CK (12,000 and 8,400 U/L)": which value is whose?
            for m in re.finditer(name, s.text):
                window = s.text[m.end(): m.end() + 70]
                bare = None
                v = bare = _UNITLESS.match(window) if key in self.lex["unitless"] else None
                v = v or _UNIT_FIRST.match(window) or _LAB_VALUE.search(window)
                if not v and key in self.lex["bare_units"]:
                    v = bare = _BARE_UNITS.search(window)  # "aldolase was 9.8 units": the lexicon names the unit
                if not v and key in self.lex["bare_iu"]:
                    v = bare = _BARE_IU.search(window)  # "CPK 953 IU": read as IU/L, flagged
                if not v and (later := _PEAK_LATER.match(s.text[m.end(): m.end() + 200])):
                    v, window = later, later.string  # "... too high to measure; the highest value reported was
                    # 517 600 U/L": the peak told after a clause of its own
                if not v:
                    mass = _MASS_UNIT.search(window) if key in self.lex["mass_units"] else None
                    if mass and not _OTHER_ANALYTE.search(window[: mass.start()]):
                        self.case.review_flags.append(flag(
                            "suspect_unit", key, f"{m.group(0)} {mass.group(0)!r}: a unit of mass, which enzyme activity "
                                                 "is not reported in; not read as a value (extraction lexicon): check the "
                                                 "source"))
                    continue
                if bare is not None and v.re is _UNITLESS and (mass := _MASS_UNIT_AFTER.match(window, v.end())):
                    self.case.review_flags.append(flag(
                        "suspect_unit", key, f"'{m.group(0)} {v.group('num')}{mass.group(0)}': a unit of mass, which "
                                             "enzyme activity is not reported in; not read as a value (extraction "
                                             "lexicon): check the source"))
                    continue  # "a creatine phosphokinase of 403, reported in mg/dL"
                gap = window[: v.start()]
                if _OTHER_ANALYTE.search(gap) or ";" in gap or re.search(r"[<>≤≥]|\bnormal\b|\bupper\b", gap):
                    continue
                if _LIMIT_OF.search(s.text, max(0, m.start() - 40), m.start()):
                    continue  # "the laboratory's upper limit for CK being 145 U/L": a reference limit, no value
                if re.search(r"\d\s*(?:-|–|to|and)\s*$", gap):
                    continue  # "fluctuated between 400 and 1000 U/L", "CK 400-1000 U/L": a range, no one value
                if _BOUND.search(gap):
                    continue  # "peaked at more than 13,000 U/L": a bound, not a value a reviewer would enter
                if _FALL.search(gap) or _NADIR.search(gap):
                    continue  # "his CK fell to 180 U/L at 12 months", "(lowest value 651)": a value on treatment
                named = _RISE.search(gap) or _RISE_BEFORE.search(s.text[max(0, m.start() - 25): m.start()])
                if peak_only and not (named or _CLIMB.search(gap)):
                    continue
                if bare:
                    value, ambiguous = _parse_lab_number(v.group("num"), "u/l")
                    unit = (self.lex["unitless"][key] if v.re is _UNITLESS else "IU/L" if v.re is _BARE_IU
                            else self.lex["bare_units"][key])
                    missing = (f"{v.group('num')!r} is printed with no unit" if v.re is _UNITLESS
                               else f"{v.group(0)!r} names no volume")
                    self.case.review_flags.append(flag(
                        "suspect_unit", key, f"{missing}; read as {unit} (extraction lexicon, unverified); "
                                             "check the source"))
                else:
                    value, ambiguous = _parse_lab_number(v.group("num"), v.group("unit"))
                    unit = _unit_as_written(v.group("unit"))
                iu = to_reference_unit(analyte, value, unit)
                if iu is None:
                    continue
                start, end = s.start + m.start(), s.start + m.end() + v.end()
                if peak_only:
                    if iu <= record[key]:
                        break
                    first = next((lab["as_written"] for lab in reversed(record["labs"]) if lab["analyte"] == analyte),
                                 f"{record[key]:g}")
                    if not named:
                        self.case.review_flags.append(flag(
                            "ambiguous", key, f"the text gives {first!r} first and later {self.text[start:end]!r}, "
                                              "not called the peak; the first value is recorded"))
                        break
                    self.case.review_flags.append(flag(
                        "ambiguous", key, f"the text gives {first!r} first and a peak of {self.text[start:end]!r}; "
                                          "the peak is recorded"))
                    self.case.evidence.pop(key, None)
                conf = self.conf["lab_dot_thousands" if ambiguous else "lab_bare_units" if bare else "lab_value"]
                self._set_lab(key, analyte, iu, value, unit, self.text[start:end], start, end, conf, shared)
                if ambiguous:
                    self.case.review_flags.append(flag(
                        "ambiguous", key, f"{v.group('num')!r} read as {value:g} (a dot before three digits "
                                          f"taken as a thousands separator); check the source"))
                break

    def _gapped_lab(self, s: _Sentence, shared: bool) -> None:
        """"The younger had a CK of 8,400 U/L, and the elder 12,600 U/L": the second patient's clause names no
        analyte; its value is of the one the first clause named (the last named, if the first named several)."""
        v = _LAB_VALUE.search(s.text)
        if v is None or re.search(r"[<>≤≥]|\bnormal\b|\d\s*(?:-|–|to|and)\s*$", s.text[: v.start()]) or _OTHER_ANALYTE.search(
                s.text[: v.start()]) or any(re.search(name, s.text) for _, name in _ANALYTES.values()):
            return
        named = [(m.start(), key, analyte) for key, (analyte, name) in _ANALYTES.items()
                 for m in re.finditer(name, s.predicate)]
        if not named:
            return
        _, key, analyte = max(named)
        if self.case.record[key] is not None:
            return
        value, ambiguous = _parse_lab_number(v.group("num"), v.group("unit"))
        unit = _unit_as_written(v.group("unit"))
        iu = to_reference_unit(analyte, value, unit)
        if iu is None or ambiguous:
            return
        start, end = s.start + v.start(), s.start + v.end()
        self._set_lab(key, analyte, iu, value, unit, self.text[start:end], start, end, self.conf["lab_value"], shared)

    def _set_lab(self, key: str, analyte: str, iu: float, value: float, unit: str, as_written: str, start: int,
                 end: int, conf: float, shared: bool) -> None:
        """A lab value read: the field in IU/L, the value as the text gives it, and its evidence."""
        self.case.record[key] = round(iu, 2)
        self.case.record["labs"].append({"analyte": analyte, "value": value, "unit": unit, "as_written": as_written})
        self._note(key, start, end, conf, shared)

    def _antibodies(self, s: _Sentence, shared: bool) -> None:
        mentions = []
        for m in self.eng.antigen_any.finditer(s.text):
            ag = m.group("ag").lower()
            of_type = _of_type(s.text, m)
            if ag in self.eng.feature_of["short"] and not (m.group("anti") or of_type):
                continue
            if not (m.group("anti") or m.group("ab") or re.match(r"[- ]?(?:positive|negative|\+)", s.text[m.end():])
                    or _ANTIBODIES_TO.search(s.text, max(0, m.start() - 90), m.start())
                    # ("positive for something called HMGCR", a family's words)
                    or re.search(r"(?:positive|negative) for(?: (?:something|an antibody|one|a thing) called)?\s*$",
                                 s.text[: m.start()])
                    or _REACTED.search(s.text[: m.start()]) or of_type or _included_in_negative(s.text, m)):
                continue
            if mentions and re.fullmatch(r"\s*\(\s*", s.text[mentions[-1].end(): m.start()]) and (
                    self.eng.antigen_of[mentions[-1].group("ag").lower()] == self.eng.antigen_of[ag]):
                continue  # "the signal recognition particle (SRP)": the name's abbreviation, one mention
            mentions.append(m)
        record = self.case.record
        # ("It was positive; anti-HMGCR was negative": the result before the first antibody named)
        word = (re.compile(r"positive|found|detected|present|identified", re.IGNORECASE).search(
                    s.text, 0, mentions[0].start() if mentions else len(s.text))
                if s.implied_antigen and s.implied_antigen not in record["antibodies"] else None)
        if word:  # (a clause cut from the sentence that does not hold the result says nothing of it)
            record["antibodies"][s.implied_antigen] = "positive"
            self._note("antibodies", s.start + word.start(), s.start + word.end(), self.conf["antibody"], shared)
        exclusive = _exclusive_in_group(s.text, mentions, self.eng) if shared else set()
        for k, m in enumerate(mentions):
            antigen = self.eng.antigen_of[m.group("ag").lower()]
            if antigen in exclusive:
                continue  # "two children with anti-SRP54 and anti-HMGCR antibodies": one each, not told whose
            if antigen == "u1rnp" and re.match(r"\s*/\s*Sm\b", s.text[m.end():], re.IGNORECASE):
                continue  # "anti-RNP/Sm" is a combined assay, not anti-U1-RNP alone
            result = "negative" if _included_in_negative(s.text, m) else _antibody_result(
                s.text, m, mentions[k + 1].start() if k + 1 < len(mentions) else len(s.text),
                heading=not k and bool(_DIAGNOSIS_HEADING.search(self.text, max(0, s.start - 60), s.start)))
            if result is None and s.predicate and k == 0:  # "... and the second anti-HMGCR antibodies"
                stop = mentions[1].start() if len(mentions) > 1 else len(s.text)
                virtual = s.predicate + s.text[m.start(): stop]
                gapped = self.eng.antigen_re.match(virtual, len(s.predicate))
                result = _antibody_result(virtual, gapped, len(virtual)) if gapped else None
            if result is None and s.gapped_first and k == 0 and len(mentions) == 1 and not _VERB.search(s.text):
                # "..., and anti-NXP2 antibody in cases 2 and 3": the first clause's verb, after its antibody
                before = self.eng.antigen_re.search(s.gapped_first)
                tail = _ANTIBODY_WORD.sub("", s.gapped_first[before.end():], count=1) if before else ""
                virtual = s.text[m.start():].rstrip(" ,;.") + " " + tail
                result = _antibody_result(virtual, self.eng.antigen_re.match(virtual), len(virtual)) if tail else None
            j = k
            while result is None and j + 1 < len(mentions) and _COORDINATED.fullmatch(
                    s.text[mentions[j].end(): mentions[j + 1].start()]):
                j += 1  # "anti-SRP54 and anti-Ro52 antibodies were positive": the result is stated once
                result = _antibody_result(s.text, mentions[j],
                                          mentions[j + 1].start() if j + 1 < len(mentions) else len(s.text))
            if result is None:
                continue
            if antigen in self.conflicting:
                continue
            if record["antibodies"].get(antigen, result) != result:
                del record["antibodies"][antigen]
                self.conflicting.add(antigen)
                self.case.review_flags.append(flag("inconsistency", "antibodies", f"anti-{antigen} is reported "
                                                   "both positive and negative; left empty"))
                continue
            record["antibodies"][antigen] = result
            self._note("antibodies", s.start + m.start(), s.start + m.end(), self.conf["antibody"], shared)

    def _features(self, s: _Sentence, shared: bool) -> None:
        from spacy.util import filter_spans

        found = [(span.label_, span.start_char, span.end_char)
                 for span in filter_spans(self.eng.features(s.span, as_spans=True))]
        for feature, pattern in map(self.eng.feature_res.__getitem__, self.eng.feature_gate.candidates(s.text)):
            for m in pattern.finditer(s.text):
                a, b = s.start + m.start(), s.start + m.end()
                overlapping = [x for x in found if a < x[2] and x[1] < b]
                if all(a <= start and end <= b and (start, end) != (a, b) for _, start, end in overlapping):
                    # a wording that holds a shorter phrase names the finding ("nail-fold erythema": the
                    # periungual change, not the "erythema" of a rash inside it)
                    found = [x for x in found if x not in overlapping]
                    found.append((feature, a, b))
        for feature, start, end in found:
            if feature == _NOT_A_FEATURE:
                continue  # "immune thrombocytopenic purpura": a disease's name, not a skin finding
            if self.eng.feature_hedge.search(self.text, max(s.start, start - 40), start) or _HEDGED_AFTER.match(
                    self.text, end):
                continue  # "none had more than a minimal rash", "rash was either absent or at most minimal": neither
                # a rash nor its absence
            history = _PAST_HISTORY.search(s.text, 0, start - s.start)
            if history and (not s.text[: history.start()].strip() or ";" not in s.text[history.end(): start - s.start]):
                continue  # "In the antecedents she had a polyarticular JIA ...; this arthritis was treated with
                # naproxen": another illness, before this one (a sentence it opens, else its own clause)
            if _GENERAL_AFTER.match(self.text, end):
                continue  # "cardiac disease can surface when ...": what a disease may do, not this patient's finding
            if _CAUSES_BEFORE.search(s.text, 0, start - s.start) or _ASSOCIATED_BEFORE.search(s.text, 0, start - s.start):
                continue  # "something that causes a rash", "anti-NXP2 is known to be associated with calcinosis":
                # what a disease or an antibody does, not this patient's finding
            if _RELATIVES_OWN.search(s.text, 0, start - s.start) or (
                    _NARRATOR_HAS.search(s.text, 0, start - s.start) and self._parent_speaks(s.start)):
                continue  # "her grandmother has rheumatoid arthritis", a parent's "I have Raynaud's myself"
            if _SUPPOSED_BEFORE.search(s.text, 0, start - s.start) or _ONLY_SUPPOSED.match(s.text):
                continue
            if _ARGUED_AGAINST.search(s.text, 0, start - s.start) or _UNLIKELY_AFTER.match(self.text, end):
                continue  # a look-alike the discussant weighs, not the patient's finding
            if (_ON_THE_LOOKOUT.search(s.text, 0, start - s.start) or _EXPLAINED_AS_POSSIBLE.match(s.text, end - s.start)
                    or (_IF_LIST_BEFORE.search(s.text, 0, start - s.start) and _IF_LIST_VERB.match(s.text, end - s.start))):
                continue  # what a care plan watches for, teaches the family to spot or acts on if it comes
            if (m := _ON_A_DRUG.match(self.text, end)) and _is_drug(m.group("drug")):
                continue  # "hair loss on methotrexate": a drug's side effect, not a sign of the myositis
            if feature == "calcinosis" and _OTHER_ORGAN.search(s.text):
                continue  # "parotid ultrasound showed punctiform calcifications": not calcinosis of skin or muscle
            negated = self._negated(s, start, end) or bool(_FOUND_NONE.match(self.text, end))
            if s.answer is False:
                negated = not negated  # "Was there a rash? No."
            if negated and _LATER_POINT.search(s.text) and not _NEVER.search(s.text):
                continue  # "one year from onset she had no skin lesions": gone by then, not absent from the start
            if s.gap_negated and not negated:
                continue  # "the first had no rash and the second dysphagia": had the second dysphagia or not?
            conf = self.conf["feature_negated"] if negated else self.conf["feature"]
            previous = self.features.get(feature)
            if previous is not None and previous[0] != (not negated):
                self.case.review_flags.append(flag("ambiguous", "features", f"{feature} is both stated and "
                                                   "negated in the text; kept as present"))
            # (the case's own "he denied any rash" outranks a discussion's "dermatomyositis (rash; absent in this
            # boy)": a stated feature replaces an absence only from the same part of the report or the case)
            if previous is None or (not negated and not previous[0] and not (s.section and not self.feature_in_section[feature])):
                self.features[feature] = (not negated, start, end, conf * (
                    self.conf["shared_factor"] if shared else 1))
                self.feature_in_section[feature] = bool(s.section)

    def _parent_speaks(self, at: int) -> bool:
        """Whether the line at ``at`` is in a parent's voice: its speaker's tag if it has one ("Mother: I have
        Raynaud's myself"), else the text's own words for the child ("my daughter")."""
        line = self.text[self.text.rfind("\n", 0, at) + 1:]
        tag = _SPEAKER_TAG.match(line)
        if tag and not re.search(r"\d", tag.group("who")):
            return bool(_PARENT_TAG.search(tag.group("who")))
        return bool(_PARENT_WORDS.search(self.text))

    def _normal_tests(self, s: _Sentence, shared: bool) -> None:
        """"The echocardiogram was normal": the feature the test looks for is absent (unless stated)."""
        if not self.eng.normal_test_any.search(s.text):
            return
        words = "|".join(re.escape(w) for w in self.lex["normal_words"])
        for feature, tests in self.lex["normal_tests"].items():
            for test in tests:
                for m in re.finditer(rf"\b{re.escape(test)}\b", s.text, re.IGNORECASE):
                    after = s.text[m.end(): m.end() + 30]
                    before = s.text[max(0, m.start() - 40): m.start()]
                    # ("a heart ultrasound, which was normal")
                    if (re.match(rf"(?:,\s*which)?\s+(?:was|were|is|are)\s+(?:also\s+|entirely\s+|all\s+|otherwise\s+)?"
                                 rf"(?:{words})\b", after)
                            or re.match(r"\s+(?:showed|revealed|found|demonstrated) no (?:abnormalit(?:y|ies)|"
                                        r"pathological findings?)\b", after)
                            or re.match(rf"^\s*(?::|\s[-–]|\s?=)?\s*(?:{words})\b", after)
                            or _normal_list(words).match(s.text, m.end())
                            or re.search(rf"(?<!ab)\b(?:{words})\b,?\s+and so (?:was|were) (?:the |an? )?$", before)
                            or re.search(rf"(?<!ab)\b(?:{words}) $", before)):
                        if feature not in self.features:
                            self.features[feature] = (False, s.start + m.start(), s.start + m.end(),
                                                      self.conf["feature_negated"] * (
                                                          self.conf["shared_factor"] if shared else 1))
                            self.feature_in_section[feature] = bool(s.section)
                        break

    def _drugs(self, s: _Sentence, shared: bool) -> None:
        from spacy.util import filter_spans

        spans = list(self.eng.drugs(s.span, as_spans=True))
        defined = _defined_abbreviations(s.span.doc, self.eng)
        if defined:  # "cyclophosphamide (CTX)" earlier in the text: "Pred and CTX" names it here
            spans += [span for m in defined[0].finditer(s.text)
                      if (span := s.span.doc.char_span(s.start + m.start(), s.start + m.end())) is not None]
        spans = sorted(filter_spans(spans), key=lambda x: x.start_char)
        record = self.case.record
        hedged = self._hedged(spans) if spans and _OR.search(s.text) else set()  # every hedge has an "or"
        for k, span in enumerate(spans):
            if k in hedged or self._negated(s, span.start_char, span.end_char):
                continue
            if (self.eng.local_before.search(self.text[max(s.start, span.start_char - 30): span.start_char])
                    or self.eng.local_after.match(self.text[span.end_char: span.end_char + 14])):
                continue  # "topical steroids", "a steroid cream": local, not a systemic treatment
            if (kin := _RELATIVE_ON_DRUG.search(self.text, s.start, span.start_char)) and not (
                    kin.group("kin") and kin.group("kin").lower().split()[-1].rstrip("s") == (self.patient.noun or "").rstrip("s")):
                continue  # "Sibling on CsA for nephrotic syndrome", "Family history: mother with SLE on HCQ" (not "her
                # brother received IVIG" when the brother is the patient read)
            if _AVOIDED_AFTER.match(self.text, span.end_char):
                continue  # "CYC deliberately avoided", "cyclophosphamide avoided, which ...": not given
            if _NOT_FOR_THE_MYOSITIS.match(self.text, span.end_char) or _PROPHYLACTIC.search(
                    self.text, max(s.start, span.start_char - 14), span.start_char):
                continue  # "a steroid-sparing agent", "ciclosporin prophylaxis": not a course for the myositis
            if _AVOIDED_BEFORE.search(self.text, max(s.start, span.start_char - 30), span.start_char):
                continue  # "the decision to avoid CY from the start": the drug named is the one not given
            if _NOT_GIVEN_CLAUSE.match(self.text, span.end_char):
                continue  # "azathioprine, which neither boy received, is a classic cause ...": named, not given
            if (chose := _CHOSE_INSTEAD.search(s.text)) and span.start_char < s.start + chose.start():
                continue  # "cyclophosphamide carries a gonadal risk, so we chose tacrolimus instead": not given
            if (_CHEMOTHERAPY_LIST.search(self.text[max(s.start, span.start_char - 120): span.start_char])
                    and _CANCER.search(self.text)):
                continue  # "chemotherapy (cyclophosphamide, etoposide ...)" for a retinoblastoma, named in this
                # sentence or another: not the myositis's
            written = span.text
            if written.lower() == "cs" and not self._cs_is_a_steroid(spans, k):
                continue  # "born by CS at term": a caesarean section; "CS 1 mg/kg + MMF" is the steroid
            named = defined[1].get(written, written) if defined else written
            if (written.lower() in ("immunoglobulin", "immunoglobulins") and _LAB_CONTEXT.search(s.text)
                    and not _GIVEN.search(self.text, max(s.start, span.start_char - 30), min(s.end, span.end_char + 30))):
                continue  # "immunoglobulins, complement and urinalysis were normal": the serum test, not the drug
            if written.lower() == "immunoglobulin" and (
                    self.text[span.start_char - 1: span.start_char] == "-"
                    or re.match(r"\s+fusion protein\b", self.text[span.end_char: span.end_char + 20])):
                continue  # "abatacept, a CTLA-4-immunoglobulin fusion protein": part of another drug's name
            try:
                drug = normalise_drug(named)
            except ValueError:
                continue
            after = k + 1
            if after < len(spans) and _OPENS_ITS_ABBREVIATION.fullmatch(self.text, span.end_char, spans[after].start_char):
                after += 1  # "prednisone (Pred, 2 mg/kg per day)": the drug's own abbreviation, its dose after it
            stop = spans[after].start_char if after < len(spans) else s.end
            window = self.text[span.end_char: min(stop, span.end_char + 60)]
            # (the next step: "prednisone, then MTX 15 mg/m2"; not "cyclophosphamide was then given at 500 mg/m2")
            window = re.split(r"[;]|(?<!was )(?<!were )(?<!been )\bthen\b|\bfollowed by\b", window)[0]
            course = {"drug": drug.value, "drug_as_written": written, "agent": None, "dose": None,
                      "dose_unit": None, "route": None, "as_written": written}
            agent = self.lex["agents"].get(written.lower().replace(" ", "-")) or self.lex["agents"].get(written.lower())
            if agent:
                course["agent"] = agent
            before = self.text[max(s.start, span.start_char - 16): span.start_char].lower()
            if re.search(r"\b(?:iv|intravenous(?:ly)?|pulsed?)\s*$", before):
                course["route"] = "iv"
            elif re.search(r"\boral(?:ly)?\s*$", before):
                course["route"] = "oral"
            elif re.search(r"\bsubcutaneous(?:ly)?\s*$", before):
                course["route"] = "sc"
            dose = first = _DOSE.search(window)
            if dose and not dose.group("per") and (weighted := _WEIGHED_DOSE.match(window, dose.end())):
                dose = weighted  # "Prednisolone 30 mg OD (1 mg/kg)": the dose by weight the letter gives beside it
            if dose and not re.search(r"\d", window[: first.start()]) and not _TAPER_LEVEL.search(window[: first.start()]):
                self._dose(course, dose, span.end_char, shared)
            existing = next((c for c in record["courses"] if c["drug"] == drug.value), None)
            if existing is None:
                record["courses"].append(course)
                record["treatments_as_written"].append(written)
                self._note("treatments", span.start_char, span.end_char, self.conf["drug"], shared)
            elif existing["dose"] is None and course["dose"] is not None:
                existing.update({k2: course[k2] for k2 in ("dose", "dose_unit")})
        record["treatments"] = sorted({c["drug"] for c in record["courses"]}, key=_drug_order().index)

    def _cs_is_a_steroid(self, spans: list, k: int) -> bool:
        """"CS" names corticosteroids in a note only with a dose after it or another drug of its list beside it;
        alone it may be a caesarean section."""
        span = spans[k]
        if _DOSE_NEXT.match(self.text, span.end_char):
            return True
        near = [spans[j] for j in (k - 1, k + 1) if 0 <= j < len(spans)]
        return any(_DRUG_JOIN.fullmatch(self.text[min(span.end_char, o.end_char): max(span.start_char, o.start_char)])
                   for o in near)

    def _hedged(self, spans: list) -> set[int]:
        """Drug mentions given as alternatives ("steroids or IVIG", "methotrexate, azathioprine or mycophenolate",
        "steroids and/or immunosuppressants"): none of them is a statement that the drug was given. A list
        joined by "or" whose drugs are all one class ("prednisolone or methylprednisolone") still gives it."""
        classes = []
        for span in spans:
            try:
                classes.append(normalise_drug(span.text))
            except ValueError:
                classes.append(None)
        hedged: set[int] = set()
        # "methylprednisolone (IVMP) and/or plasma exchange": a drug's abbreviation in brackets is the same mention
        named = [k for k in range(len(spans)) if not (k and re.fullmatch(r"\s*\(\s*", self.text[
            spans[k - 1].end_char: spans[k].start_char]) and re.match(r"\s*\)", self.text[spans[k].end_char:]))]
        start = 0
        for n, k in enumerate(named):  # chains of drugs joined by list separators
            after = named[n + 1] if n + 1 < len(named) else len(spans)
            if after < len(spans) and _LIST_SEPARATOR.fullmatch(self.text[spans[k].end_char: spans[after].start_char]):
                continue
            chain, last = range(start, after), spans[after - 1].end_char
            mentions = [i for i in chain if i in named]
            seps = [self.text[spans[i].end_char: spans[j].start_char] for i, j in pairwise(mentions)]
            if any(_OR.search(x) for x in seps) and len({classes[i] for i in chain}) > 1:
                hedged.update(chain)
            elif len(mentions) > 1 and _OR_AFTER.match(self.text, last):
                hedged.update(chain)  # "steroids, methotrexate or other agents": the list is of alternatives
            if (self.eng.hedge_after.match(self.text, last)
                    or self.eng.hedge_before.search(self.text[max(0, spans[start].start_char - 80):
                                                              spans[start].start_char])):
                hedged.update(chain)
            start = after
        return hedged

    def _dose(self, course: dict, dose: re.Match, offset: int, shared: bool) -> None:
        value = float(dose.group("num").replace(",", "."))
        if value <= 0:
            return
        unit = "g" if dose.group("unit").lower() in ("gm", "gr") else dose.group("unit").lower()  # "1 gm/kg"
        per = dose.group("per")
        if per:
            unit += "/kg" if per.lower() == "kg" else "/m2"
        course["dose"], course["dose_unit"] = value, unit
        start, end = offset + dose.start(), offset + dose.end()
        course["as_written"] = f"{course['drug_as_written']} {self.text[start:end]}"
        self._note("doses", start, end, self.conf["dose"], shared)
        allowed = self.lex["dose_units"].get(course["drug"], [])
        floor = self.lex["dose_unit_floor"].get(course["drug"], {}).get(unit)
        if floor is not None and value < floor:
            self.case.review_flags.append(flag(
                "suspect_unit", "treatments", f"{course['drug_as_written']} {self.text[start:end]}: less than {floor:g} "
                                              f"{unit}, the least plausible {course['drug']} dose in {unit}: a g/kg dose "
                                              f"written in {unit}?"))
        elif allowed and unit not in allowed:
            self.case.review_flags.append(flag(
                "suspect_unit", "treatments", f"{course['drug_as_written']} {self.text[start:end]}: {unit} is "
                                              f"not a unit {course['drug']} is prescribed in ({', '.join(allowed)})"))

    def _outcome(self, s: _Sentence, shared: bool) -> None:
        # most sentences name no outcome: only the phrases whose words the sentence holds are searched for
        for cls, kind, pattern, alternative in map(self.eng.outcome_res.__getitem__,
                                                   self.eng.outcome_gate.candidates(s.text)):
            for m in pattern.finditer(s.text):
                a, b = s.start + m.start(), s.start + m.end()
                if self._negated(s, a, b, outcome=True):
                    continue
                relative = _RELATIVE.search(re.split(r"[;,]", s.text[: m.start()])[-1])
                if relative and relative.group(0).lower() != self.patient.noun:
                    continue  # "a maternal uncle died at 9": a relative's course, not the patient's (unless
                    # the report has that relative as a patient: "myositis in a girl and her father")
                if _PAST_POINT.search(s.text, max(0, m.start() - 40), m.start()):
                    continue  # "came back 8 years after remission": a point in the course, not its end
                if (_INTERVAL_AFTER.match(s.text, m.end()) or _NOT_UNTIL.match(s.text, m.end())
                        or _PAST_HISTORY.search(s.text, 0, m.start())):
                    continue  # "free of disease for 14 months, and after that ...", "in the antecedents ..."
                if _EVENT_OUTCOME.search(s.text):
                    continue  # "Outcome of the event: full recovery within 72 h": an episode's end, not the disease's
                if _DRUG_REACTION.search(s.text, 0, m.start()):
                    continue  # "attributed to IVIG-induced aseptic meningitis, and she recovered completely": the
                    # recovery from a reaction to a drug, not the myositis's outcome
                # ("at the latest follow-up both had a permanent loss of strength, and both had developed atrophy": the
                # end, whatever the sentence's other words)
                at_presentation = _AT_PRESENTATION.search(s.text) and not _AT_THE_LAST.search(s.text, 0, m.start())
                if cls in _COURSE_CLASSES and (at_presentation or not self._course_begun(s, m.end())):
                    continue  # "a week after admission she could not walk": the course, not the outcome
                if cls != "death" and (subject := _ORGAN_SUBJECT.search(s.text, 0, m.start())) and not _MUSCLE_WORDS.search(
                        s.text, _clause_start(s.text, subject.start()), m.end()):
                    continue  # "the subcutaneous calcinosis improved markedly": the deposits' course, not the myositis's
                if _STRENGTH.search(m.group(0)) and not _LATER_STATE.search(s.text) and (
                        at_presentation or not self._course_begun(s, m.end())):
                    continue  # "at triage he had normal strength in his legs": an examination before any course
                conf = self.conf["outcome_exact" if kind == "exact" else "outcome_generic"]
                # an outcome the discussion restates counts only when the case itself tells none
                (self.closing_outcomes if s.section else self.outcomes).append(
                    (a, cls, kind, a, b, conf * (self.conf["shared_factor"] if shared else 1), s.text.strip(),
                     alternative))

    def _course_begun(self, s: _Sentence, at: int) -> bool:
        """Whether a drug or a word of treatment or follow-up comes before ``at`` (the end of an outcome phrase,
        which may carry it: "at follow-up she had mild weakness") in this patient's sentences."""
        return bool(self.case.record["courses"]) or _COURSE_BEGUN.search(s.text, 0, at) is not None or (
            _AT_THE_LAST.search(s.text, at) is not None) or any(
            _COURSE_BEGUN.search(o.text) for o in self.patient.sentences if o.start < s.start)

    def _follow_up(self, s: _Sentence, shared: bool) -> None:
        if not _FOLLOW_UP_HINT.search(s.text):
            return
        if not shared and (m := _VISIT_HEADING.match(s.text)):
            n = _number_word(m.group("n"))
            self.visit_times.append((n * 12 if m.group("u").lower().startswith("year") else n,
                                     s.start + m.start("n"), s.start + m.end("u")))
        for pattern in _FOLLOW_UP:
            for m in pattern.finditer(s.text):
                if _TREATMENT_EVENT.search(s.text[max(0, m.start() - 40): m.start()]):
                    continue  # "methotrexate was added three months after diagnosis": when, not how long followed
                if _RANGE_BEFORE.search(s.text, max(0, m.start("n") - 12), m.start("n")):
                    continue  # "during 7 to 9 months of follow-up": a range over a series, nobody's follow-up
                if _LATER_EVENT.match(s.text, m.end()):
                    continue  # "in remission for two years of follow-up, but she later died": an interval, not the whole
                n, end = _number_word(m.group("n")), m.end()
                if s.text.startswith(" and a half", end):  # "at one year and a half": 18 months
                    n, end = n + 0.5, end + len(" and a half")
                months = n * 12 if m.group("u").lower().startswith("year") else n
                self.follow_up.append((months, s.start + m.start(), s.start + end))
                self.follow_up_named = True
        # a time point with a state ("six months after onset she had improved") stands for the follow-up until
        # one is named; of several, the latest ("at the time of the first report, six months after onset ...
        # six years after onset")
        if not self.follow_up_named:
            for m in _FOLLOW_UP_WITH_OUTCOME.finditer(s.text):
                if (_TREATMENT_EVENT.search(s.text[max(0, m.start() - 40): m.start()])
                        or _WORSENED_BEFORE.search(s.text, max(0, m.start() - 40), m.start())
                        or not self.eng.outcome_any.search(s.text, m.end(), _clause_end(s.text, m.end()))):
                    continue  # "began to improve after five months": when it began, not how long followed
                state = m.end() + len(_OF_STATE.match(s.text, m.end()).group())
                if self.eng.outcome_any.match(s.text, state) and not _STATE_SUBJECT.match(s.text, state):
                    continue  # "a third course after 14 months free of disease": how long the state held
                if m.group("n4"):
                    self.follow_up.append((round(int(m.group("n4")) * 12 / 52, 1), s.start + m.start(), s.start + m.end()))
                    continue
                n = _number_word(m.group("n") or m.group("n2") or m.group("n3") or m.group("n5") or m.group("n6")
                                 or m.group("n7") or m.group("n8"))
                unit = (m.group("u") or m.group("u2") or m.group("u3") or m.group("u5") or m.group("u6")
                        or m.group("u7") or m.group("u8"))
                months = n * 12 if unit.lower().startswith("year") else n
                self.follow_up.append((months, s.start + m.start(), s.start + m.end()))
        if not self.follow_up and _FOLLOW_UP_AT.search(s.text):
            for o in self.eng.outcome_any.finditer(s.text):
                if (m := _AT_TIME_AFTER_OUTCOME.match(s.text, o.end())) and not _BEGAN_TO.search(s.text, max(0, o.start() - 20), o.end()):
                    n = _number_word(m.group("n"))
                    months = n * 12 if m.group("u").lower().startswith("year") else n
                    self.follow_up.append((months, s.start + o.start(), s.start + m.end()))
                    break

    def _after_outcome(self, b: int) -> str:
        """This patient's own text after an outcome phrase (from ``b`` to the end of its last sentence)."""
        own = [o for o in self.patient.sentences if o.end > b]
        return " ".join([self.text[b: own[0].end]] + [o.text for o in own[1:]]) if own else ""

    def _around_outcome(self, a: int) -> str:
        """The sentence of an outcome phrase at ``a`` and the patient's next sentence ("she stayed at normal
        strength. Her CK was back in the normal range by 4 weeks")."""
        own = self.patient.sentences
        k = next((i for i, o in enumerate(own) if o.start <= a < o.end), None)
        return " ".join(o.text for o in own[k: k + 2]) if k is not None else ""

    # after all sentences ----------------------------------------------------------------------------

    def finish(self) -> None:
        record, conf = self.case.record, self.conf
        if self.onset is None:  # no onset told: the age at diagnosis stands for it
            self.onset = self.diagnosed
        sexes = {v for v, *_ in self.sex_votes}
        if len(sexes) == 1:
            record["sex"] = sexes.pop()
            for _, a, b, c in self.sex_votes:
                self._note("sex", a, b, c, False)
        elif len(sexes) > 1:
            self.case.review_flags.append(flag("ambiguous", "sex", "the text names both sexes for this patient"))
        elif (self.pronouns["F"] > 0) != (self.pronouns["M"] > 0):
            record["sex"] = "F" if self.pronouns["F"] else "M"
            if self.pronoun_at:
                self._note("sex", *self.pronoun_at, conf["sex_pronoun"], False)
        if not self.ages:
            self.ages = self.current_ages
        if not self.ages and self.onset is not None:  # only the onset is told ("at the age of 12")
            record["age_years"] = self.onset[0]
            record["age_as_written"] = self.text[self.onset[1]:self.onset[2]]
            self._note("age_years", self.onset[1], self.onset[2], conf["age_onset"], False)
        if self.ages:
            age, a, b, c, written = self.ages[0]
            if self.onset is not None and self.onset[0] < age:
                record["age_years"], record["age_at_presentation_years"] = self.onset[0], age
                self._note("age_years", self.onset[1], self.onset[2], conf["age_onset"], False)
                self._note("age_at_presentation_years", a, b, c, False)
            else:
                record["age_years"] = age
                self._note("age_years", a, b, c, False)
            record["age_as_written"] = written
            others = {x[0] for x in self.ages[1:] if x[0] != age}
            if others:
                self.case.review_flags.append(flag(
                    "inconsistency", "age_years", f"the text gives {written!r} and also "
                                                  f"{', '.join(x[4] for x in self.ages[1:] if x[0] != age)!r}"))
        present = [f for f, (p, *_) in self.features.items() if p]
        for f in list(present):
            implied = FEATURE_IMPLIES.get(Feature(f))
            if implied is not None and implied.value not in present:
                present.append(implied.value)
        for f, (p, a, b, c) in self.features.items():
            self._note("features" if p else "features_absent", a, b, c, False)
        absent = [f for f, (p, *_) in self.features.items() if not p and f not in present]
        record["features"] = [f.value for f in Feature if f.value in present]
        record["features_absent"] = [f.value for f in Feature if f.value in absent]
        self.outcomes = self.outcomes or self.closing_outcomes
        if self.outcomes:
            # a phrase inside a longer one is read as part of it: "recovered substantially, with residual
            # weakness" is the improvement, not the "residual weakness" in it
            self.outcomes = [o for o in self.outcomes if not any(
                p[3] <= o[3] and o[4] <= p[4] and p[4] - p[3] > o[4] - o[3] for p in self.outcomes)]
            exact = [o for o in self.outcomes if o[2] == "exact"]
            chosen = max(exact or self.outcomes, key=lambda o: (o[0], o[4]))
            if chosen[1] in ("marked_improvement", "improvement"):
                # "Remission was induced, and each regained near-normal strength": the remission the sentence
                # names is the outcome; the strength is how the remission looks
                chosen = next((o for o in exact if o[1] == "remission" and o[6] == chosen[6]), chosen)
            _, cls, _, a, b, c, sentence, alternative = chosen
            after = self._after_outcome(b)
            relapse = next((m for m in _RELAPSE.finditer(after) if not _NOT_BEFORE.search(after, 0, m.start())
                            and _LOST.search(after, m.end())), None)
            if relapse is not None:
                # "she improved considerably; she then stopped the drugs, flared, and was lost to follow-up"
                self.case.review_flags.append(flag(
                    "ambiguous", "outcome_class", f"{self.text[a:b]!r} is followed by {relapse.group(0)!r} and no "
                                                  "later outcome; no outcome class was read"))
                self.outcomes = []
        if self.outcomes:
            remission_kept = _KEPT_STATE.search(self.text, a, b) and any(
                o[1] == "remission" and o[2] == "exact" and o[4] <= a for o in self.outcomes)
            if cls == "marked_improvement" and alternative == "remission" and remission_kept:
                # "she was in clinical remission ... and she has remained free of symptoms since": the state kept
                # is the remission the text has named
                cls, alternative = "remission", "marked_improvement"
            elif cls == "marked_improvement" and alternative == "remission" and _ENZYMES_NORMAL.search(
                    self._around_outcome(a)):
                # "his strength had recovered completely and the CK was back within the normal range": normal
                # strength and normal enzymes, the vocabulary's remission
                cls, alternative = "remission", "marked_improvement"
            record["outcome_class"] = cls
            record["outcome_text"] = sentence[:500]
            self._note("outcome_class", a, b, c, False)
            if alternative:
                self.case.review_flags.append(flag(
                    "ambiguous", "outcome_class", f"{self.text[a:b]!r} read as {cls}, the nearer class; "
                                                  f"{alternative} is the alternative"))
        if record["outcome_class"] and not self.follow_up_named and (
                dated := [t for t in self.visit_times if t[2] <= self.case.evidence["outcome_class"][0].start]):
            self.follow_up.append(dated[-1])  # the state told under a letter's dated heading
        if self.follow_up_given is not None:
            self.follow_up = [self.follow_up_given]
        death = self.case.evidence.get("outcome_class") if record["outcome_class"] == "death" else None
        if self.follow_up and death and all(b <= death[0].start for _, _, b in self.follow_up) and _LATER_DEATH.search(
                record["outcome_text"] or ""):
            # "a remission that lasted through two years of follow-up ... a fistula later needed repair, and she died":
            # the follow-up told is an interval before the death, not the whole observation
            self.follow_up = []
        if self.follow_up:
            months, a, b = max(self.follow_up)
            record["follow_up_months"] = round(months, 2)
            self._note("follow_up_months", a, b, conf["follow_up"], False)
        ivig = next((c for c in record["courses"] if c["drug"] == "ivig" and c["dose"]), None)
        if ivig:
            record["ivig_dose"] = f"{ivig['dose']:g} {ivig['dose_unit']}"


#: What a negation cue governs up to a finding when the finding ends a list: "no fever, night sweats, muscle or
#: joint pain, rash or breathing complaints" (items of a few words, none a verb; the cue reaches past its window).
_NEGATED_LIST = re.compile(rf"\s*(?:{_LIST_WORD}(?:\s+{_LIST_WORD}){{0,3}}(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+))+",
                           re.IGNORECASE)


#: A relapse told after the last outcome phrase, with the patient then lost ("... flared, and was lost to
#: follow-up"): the report's last word on the course is a flare, and no class fits it. A flare that was brought
#: back under control ("he flared and the steroid schedule was changed") keeps the outcome before it.
_LOST = re.compile(r"\blost to follow[- ]?up\b|\bno (?:further|later) follow[- ]?up\b|\bnot seen again\b",
                   re.IGNORECASE)
_RELAPSE = re.compile(r"\b(?:flared|relapsed|had a (?:flare|relapse)|the disease (?:came back|returned))\b", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:not|never|neither|nor|no|without)\b[^.;,]{0,40}$", re.IGNORECASE)
#: The muscle enzymes back to normal: "CK was back within the normal range", "the enzymes returned to normal".
_ENZYMES_NORMAL = re.compile(
    r"\b(?:CK|CPK|creatine (?:phospho)?kinase|(?:muscle )?enzymes?|aldolase)\b[^.;]{0,60}?\b(?:(?:with)?in (?:the )?"
    r"normal (?:range|limits)|(?:back |returned |came back |fell |went )?to normal\b|normali[sz]ed)"
    # ("full strength and a normal CK")
    r"|\bnormal (?:serum )?(?:CK|CPK|creatine (?:phospho)?kinase|muscle enzymes)\b", re.IGNORECASE)


@cache
def _normal_list(words: str) -> re.Pattern:
    return re.compile(rf"{_NORMAL_LIST}(?:{words})\b", re.IGNORECASE)


#: Words up to a relative's drug that do not turn back to the patient ("her mother noticed the rash and she was
#: treated with prednisolone": her own).
_NOT_THE_PATIENT = r"(?:(?!\b(?:she|he|her|him|the (?:girl|boy|child|patient)|our patient)\b)[^.;])"
#: A relative's own drug, told in a letter's family history: "Sibling on CsA for nephrotic syndrome", "her brother
#: takes ciclosporin", "Family history: mother has SLE, on hydroxychloroquine" (matched up to the drug's name).
_RELATIVE_ON_DRUG = re.compile(
    rf"(?:(?<!both )(?<!two )(?<!three )(?<!all )(?<!the )\b(?P<kin>{_KIN}|siblings?|{_SIBLINGS}|twins?)\b(?:\s+\([^)]*\))?{_NOT_THE_PATIENT}{{0,60}}?\b(?:is |are |was |were )?(?:on|takes?|"
    rf"taking|took|treated with|receives?|receiving|received|uses?|using)\b{_NOT_THE_PATIENT}{{0,30}}$|^\W*(?:family history|FHx|FH)\b[^.]*$)",
    re.IGNORECASE)
#: A reaction to a treatment named before an outcome phrase in its sentence: the recovery is the reaction's.
_OPENS_ITS_ABBREVIATION = re.compile(r"\s*\(\s*")
_DOSE_NEXT = re.compile(r"\s*\d+(?:[.,]\d+)?\s*(?:mg|g)\b|\s+(?:dose|doses|dosage|taper|tapering|pulses?|therapy|"
                        r"treatment|courses?)\b", re.IGNORECASE)
_DRUG_JOIN = re.compile(r"\s*(?:[+/,]|->|→|and|or|then)\s*", re.IGNORECASE)
#: The end of an episode within the course (a reaction, an infection), told in hours or named so (a myositis that
#: "recovered completely within 14 days" is the disease's own outcome).
_EVENT_OUTCOME = re.compile(r"\b(?:outcome|course|resolution) of the (?:event|episode|reaction|complication|infection|"
                            r"meningitis|crisis)\b|\b(?:recovery|recovered|resolved)\b[^.;]{0,20}\bwithin\s+\d+\s*"
                            r"(?:h|hrs?|hours?)\b", re.IGNORECASE)
_DRUG_REACTION = re.compile(r"\b(?:IVIG|immunoglobulin|drug|infusion|steroid|methotrexate|rituximab|treatment)[- ](?:induced|"
                            r"related)\b|\b(?:adverse|allergic|anaphylactic|infusion|drug) reactions?\b|\bside[- ]effects?\b",
                            re.IGNORECASE)


def _clause_start(text: str, at: int) -> int:
    """Where the clause that holds ``at`` begins (after the last comma or semicolon before it)."""
    return max(text.rfind(",", 0, at), text.rfind(";", 0, at)) + 1


def _clause_end(text: str, start: int) -> int:
    """Where the clause that runs from ``start`` ends (the next semicolon, else the sentence's end)."""
    end = text.find(";", start)
    return end if end >= 0 else len(text)


def _parse_lab_number(raw: str, unit: str) -> tuple[float, bool]:
    """(value, ambiguous): '11 426' and '11,426' are thousands; '11.426' too for U/L (flagged), not for ukat/L."""
    compact = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+", compact):
        return float(re.sub(r"[ ,]", "", compact)), False
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
        if "kat" in unit.lower():
            return float(compact), False
        return float(compact.replace(".", "")), True
    return float(compact.replace(",", ".")), False


def _unit_as_written(unit: str) -> str:
    key = unit.lower().replace("µ", "u").replace("μ", "u")
    if "lit" in key or key.startswith("unit"):  # "units/L", "IU per litre" are U/L or IU/L written out
        return "IU/L" if key.startswith("iu") else "U/L"
    return {"u/l": "U/L", "iu/l": "IU/L", "ui/l": "U/L", "mu/ml": "mU/mL", "ukat/l": "ukat/L",
            "nkat/l": "nkat/L"}.get(key, unit)


#: "positives", "negatives": the adjective agreeing with its plural noun, as authors writing English as a second
#: language carry it over ("antibodies anti-SRP were positives").
#: (a letter's or a table's label and its result: "Anti-SRP: positive", "anti-NXP-2 - negative")
_POS_AFTER = re.compile(r"^(?:\s*[:=]|\s+[-–]\s)?[\s\w,/-]{0,60}?\b(?:was|were|tested|came back|returned)?\s*(?:strongly |weakly |also )?"
                        r"(?:positives?|detected|present|elevated|high|found|identified|demonstrated|confirmed)\b(?!\s+for)",
                        re.IGNORECASE)
_NEG_AFTER = re.compile(r"^(?:\s*[:=]|\s+[-–]\s)?[\s\w,/-]{0,60}?(?:\b(?:was|were|tested|came back|returned)\s+)?(?:negatives?\b(?!\s+for)|"
                        r"not (?:detected|found|present)|absent\b|"
                        # "were sought in each of the five children and none was positive"
                        r"\b(?:none|neither|no one|nobody)\s+(?:of them\s+)?(?:was|were|tested|proved)\s+positive\b)",
                        re.IGNORECASE)
_LIST_SEP = r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/\s*)"
#: "anti-U1 RNP, anti-La and anti-Jo-1 were all negative": antibodies outside the vocabulary may stand between
#: two that share one result.
_COORDINATED = re.compile(rf"{_LIST_SEP}(?:anti-?[\w/-]+(?:\s+(?:I|II|\d+))?(?:\s*\([^()]*\))?{_LIST_SEP})*",
                          re.IGNORECASE)
_SUFFIX = re.compile(r"^[- ]?(positive|negative|\+|-(?=\W))(?!\w)", re.IGNORECASE)


#: A diagnosis named after its antibody: "anti-MDA5 (juvenile) dermatomyositis", "anti-Jo-1 antisynthetase
#: syndrome", "anti-HMGCR myopathy".
_DIAGNOSIS_AFTER = re.compile(
    r"\s*(?:antibody[- ](?:positive|associated) |-?associated |positive )?(?:(?:juvenile|paediatric|pediatric|"
    r"childhood[- ]onset|clinically amyopathic|amyopathic|hypomyopathic|immune[- ]mediated)\s+)?(?:myopathy|myositis|necroti[sz]ing|IMNM|"
    r"NAM|dermatomyositis|polymyositis|JDM|anti-?synthetase syndrome)\b", re.IGNORECASE)
#: ... and the words before such a diagnosis that make it this patient's: "a boy with", "she developed", or a
#: title "Anti-MDA5 dermatomyositis in a 7-year-old girl".
#: ("Dx: anti-SRP IMNM", "diagnosis anti-SRP myopathy": a note's diagnosis line, the shorthand spelled out)
_DIAGNOSIS_BEFORE = re.compile(r"\b(?:with|has|had|have|of|developed|diagnosed with|diagnosis of|(?<!differential )"
                               r"diagnosis(?::| was| is)?)\s+$|"
                               # the minutes' item line: "Patient 3, 12 y M - anti-MDA5 JDM", "13 y - anti-NXP2 JDM"
                               r"\b(?:female|male|years?)[ \t]*[-–—,][ \t]*$", re.IGNORECASE)
#: A conference's diagnosis under its own heading ("Final Diagnosis", "Clinical diagnosis", "Dr. Patel's
#: Diagnosis"), on the line before the one that names it (not a "Differential diagnosis").
_DIAGNOSIS_HEADING = re.compile(r"(?<!differential )\bdiagnos[ie]s[ \t]*:?[ \t]*\n\s*$", re.IGNORECASE)
#: "... had juvenile polymyositis with anti-SRP", "necrotising myopathy and anti-HMGCR (antibodies)" at a clause's end.
_DISEASE_WITH = re.compile(r"\b(?:myopathy|myositis|polymyositis|dermatomyositis|JDM|IMNM|NAM)\s+(?:with|and)\s+$",
                           re.IGNORECASE)
_CLAUSE_ENDS = re.compile(r"\s*(?:(?:auto)?antibod(?:y|ies)\s*)?(?:[.;)]|,(?!\s*(?:which|that)\s+(?:were|was)\b)|$)",
                          re.IGNORECASE)
_TITLE_PATIENT = re.compile(rf"[^.;]{{0,60}}?\bin (?:an?|two|three|four|{_N}) (?:[\w-]+ ){{0,3}}?(?:{_PATIENT_NOUN}|"
                            r"girls|boys|children|patients|siblings|sisters|brothers)\b", re.IGNORECASE)


#: "her serum reacted with both TIF1γ and Mi-2": antigens a serum reacted with, named without "anti-".
_REACTED = re.compile(r"\breact(?:ed|s|ive|ivity) (?:with|to|against)\s+(?:both\s+)?(?:[\w/γ-]+(?:\s*,\s*|\s+and\s+))*$",
                      re.IGNORECASE)

#: "an antibody of the OJ type": a named type between "antibody of the" and "type".
_OF_TYPE_BEFORE = re.compile(r"\bantibod(?:y|ies) of the\s*$", re.IGNORECASE)
_OF_TYPE_AFTER = re.compile(r"\s+type\b", re.IGNORECASE)


def _of_type(text: str, m: re.Match, lead: str | None = None) -> bool:
    """Whether the antigen ``m`` is named as a type of antibody ("an antibody of the OJ type")."""
    return bool(_OF_TYPE_AFTER.match(text, m.end()) and _OF_TYPE_BEFORE.search(text[: m.start()] if lead is None
                                                                               else lead))


#: A test that returned the antibody itself: only other antibody names, articles and "and" in between (not
#: "MRI showed oedema, and the anti-SRP result was awaited").
_TEST_FOUND = re.compile(r"\b(?:returned|revealed|showed|identified|detected|(?<=testing )found|(?<=test )found|"
                         r"(?<=panel )found|(?<=immunoblot )found|(?<=assay )found|(?<=tests )found|(?<=screen )found|"
                         # ("testing for myositis-specific antibodies found antibody to NXP2")
                         r"(?<=screening )found|(?<=serology )found|(?<=profile )found|(?<=antibodies )found)\s+(?:(?:anti-?[\w-]+|and|the|an?|"
                         r"high[- ]titre|serum)\s+)*$", re.IGNORECASE)


#: "antibodies to Mi-2 and to MDA5", "autoantibodies against SRP": the antibody named before its antigen (up to
#: two other antigens between).
_ANTIBODIES_TO = re.compile(r"\b(?:auto)?antibod(?:y|ies)\s+(?:directed\s+)?(?:to|against)\s+"
                            r"(?:(?:[\w-]+(?:\s+alpha|\s+beta)?,?\s+(?:and\s+|or\s+)?(?:to\s+|against\s+)?){0,2}|"
                            # "antibodies against transcription intermediary factor 1-gamma (anti-TIF1-gamma)"
                            r"[^()\n]{3,80}\(\s*)$", re.IGNORECASE)


#: The antigen named in apposition to an antibody the patient had: "the only one of the four with a myositis-specific
#: autoantibody, anti-Mi-2", "he had an antibody called anti-SRP".
_HAD_AN_ANTIBODY = re.compile(r"\b(?:with|had|has|carried|carries)\s+(?:an?\s+|one\s+)?(?:[\w-]+\s+){0,3}?(?:auto)?antibod(?:y|ies)"
                              r"(?:,|\s+called|\s+named|\s+known as)\s*$", re.IGNORECASE)


def _antibody_result(text: str, m: re.Match, next_start: int, heading: bool = False) -> str | None:
    """positive/negative from the nearest explicit cue in the clause (ConText-style), else None (``heading``: the
    sentence stands under a diagnosis heading)."""
    eng = engine()
    lead = text[: m.start()]
    # "with anti-transcription intermediary factor 1-γ (anti-TIF1-γ) antibodies": the abbreviation in brackets
    # stands for the name before it, and the antibodies word follows the bracket
    spelled = re.search(r"\banti-[^()]{3,80}\(\s*$", lead) if lead.endswith("(") else None
    antibodies_after = m.group("ab") or (spelled and re.match(r"\s*\)\s*(?:auto)?antibod(?:y|ies)\b", text[m.end():]))
    if spelled:
        lead = lead[: spelled.start()]
    to = _ANTIBODIES_TO.search(lead)
    if to:  # "serology showed antibodies to Mi-2 and to MDA5": the antibodies word comes first
        lead, antibodies_after = lead[: to.start()], True
    if _of_type(text, m, lead):
        # "the immunoblot found an anti-synthetase antibody of the OJ type"
        return "positive" if re.search(r"\b(?:found|detected|showed|revealed|identified|positive)\b", lead,
                                       re.IGNORECASE) and not re.search(r"\b(?:no|not|negative)\b", lead,
                                                                        re.IGNORECASE) else None
    if any(p.search(text[: m.start()]) for p in eng.not_a_result_before) or any(
            p.match(text[m.end():]) for p in eng.not_a_result_after):
        return None  # "suspected anti-MDA5", "anti-MDA5 was not tested": no result is reported
    # "anti-HMGCR antibody by chemiluminescence (INNOVA, Werfen) was POSITIVE": the method's parenthesis is
    # not a clause boundary
    after = _PARENTHESIS.sub("", text[m.end(): next_start])
    suffix = _SUFFIX.match(text[m.end():])
    if suffix:
        return "negative" if suffix.group(1).lower() in ("negative", "-") else "positive"
    clause_after = re.split(r"[;,(]|\b(?:and|but|whereas|while)\b", after)[0] if after else ""
    # the antibody's own clause first: "... were detected, and a search for a tumour was negative" is positive
    for clause in (clause_after, after):
        if _NEG_AFTER.match(clause):
            return "negative"
        if _POS_AFTER.match(clause):
            return "positive"
    # "Case 1 had anti-HMGCR antibodies", "a girl with necrotising myopathy and anti-HMGCR antibodies"
    if antibodies_after and re.search(r"\b(?:had|has|have|with)\s+(?:(?:high[- ]titre|strongly positive|serum)\s+|"
                                      r"(?:(?!(?:no|not|without|negative)\b)[\w-]+\s+){1,4}and\s+)?$",
                                      lead) and not re.match(
            r"[\s,]*(?:which |that )?(?:were |was )?(?:tested|measured|checked|sent|requested|assessed|screened)\b",
            text[m.end():], re.IGNORECASE):
        return "positive"  # the antibodies were found
    if _HAD_AN_ANTIBODY.search(lead):
        return "positive"  # "the only one with a myositis-specific autoantibody, anti-Mi-2"
    if _TEST_FOUND.search(lead if to else text[: m.start()]) and not _NEGATION_WORD.search(re.split(r"[;,]", lead)[-1]):
        return "positive"  # "the panel returned anti-MDA5 and anti-Ro52 antibodies"
    diagnosis = m.group("anti") and _DIAGNOSIS_AFTER.match(text, m.end())
    if diagnosis and (_DIAGNOSIS_BEFORE.search(text[: m.start()]) or (heading and not text[: m.start()].strip())
                      or (not text[: m.start()].strip() and _TITLE_PATIENT.match(text, diagnosis.end()))):
        return "positive"  # "a boy with anti-HMGCR myopathy": the diagnosis names the antibody
    if m.group("anti") and _DISEASE_WITH.search(text, 0, m.start()) and _CLAUSE_ENDS.match(text, m.end()):
        return "positive"  # "girls who had juvenile polymyositis with anti-SRP.": the disease carries the antibody
    before = re.split(r"[;]|\b(?:but|whereas|while)\b", text[: m.start()])[-1]
    pos = [x.start() for x in re.finditer(r"\b(?:positive|positivity|seropositiv\w*|detected|high|elevated|raised|"
                                          r"proven|proved|confirmed|"
                                          r"presence|carried|carrying|carries|(?<=to )carry|harbou?r(?:ed|ing|s)?|contain(?:ed|s|ing)?|"
                                          r"react(?:ed|s|ive|ivity) (?:with|to|against))\b", before,
                                          re.IGNORECASE)]
    neg = [x.start() for x in re.finditer(r"\b(?:negative|no|without|absence|absent)\b", before, re.IGNORECASE)
           # "without skin lesions and anti-NXP2 antibodies": a preposition that governs another finding
           if not re.match(r"(?:no|without|absence|absent)\b(?:\s+(?:of\s+)?\S+){3,}\s*$", before[x.start():],
                           re.IGNORECASE)]
    if not pos and not neg:
        return None
    last_pos, last_neg = max(pos, default=-1), max(neg, default=-1)
    gap = before[max(last_pos, last_neg):]
    if re.search(r"[.]\s", gap) or len(gap) > 120:
        return None
    return "negative" if last_neg > last_pos else "positive"
