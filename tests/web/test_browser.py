"""The pages in a real browser: Debian's Chromium driven by Playwright against uvicorn on loopback.

A clinician signs in, enters the letter's girl through the case form (CK 11 426 U/L, range 26-192,
anti-SRP54 positive, necrotising biopsy), sees CK 59.5 x ULN and the ENMC 2017 anti-SRP IMNM
classification, opens her follow-up and forecast; a researcher opens the cohort explorer and filters
it. Every page is saved as a screenshot in tests/web/screenshots/ (git-ignored; the path is printed).

Playwright's own browser download is never used. Chromium comes from ``scripts/ensure-chromium.sh``
(apt-get); when it cannot be installed the test is skipped with the reason, except in CI (``CI=true``),
where that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("IMNM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.timeout(300)


def _chromium() -> str:
    """The browser's path, installing it with apt-get when missing; skip (fail in CI) if impossible."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-chromium.sh")], check=False, capture_output=True,
                          text=True, env={**os.environ, "IMNM_CHROMIUM": CHROMIUM}, timeout=900)
    if done.returncode == 0 and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"Chromium is not installed at {CHROMIUM} and could not be installed: " + (
        done.stderr.strip().splitlines() or ["ensure-chromium.sh failed"])[-1]
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, web_template):
    """The app on uvicorn in a thread, on a copy of the seeded SQLite registry with one user per role."""
    import uvicorn

    from imnm.literature.medline import iter_medline
    from imnm.store import open_registry
    from imnm.store.literature import save_search_run
    from imnm.web.app import create_app
    from imnm.web.settings import Settings

    url = web_template.copy(tmp_path_factory.mktemp("browser"))
    registry = open_registry(url)
    save_search_run(registry, iter_medline(ROOT / "examples" / "pubmed.xml"), source="PubMed")
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(database_url=url)), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", registry
    uv.should_exit = True
    thread.join(timeout=10)
    registry.dispose()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _say_where_the_screenshots_are(capsys):
    yield
    with capsys.disabled():
        print(f"\nscreenshots in {SCREENSHOTS}", end=" ")


def _shot(page, name: str) -> Path:
    """Save the page as it looks now; the file is written afresh (never last run's left in place)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    print(f"screenshot: {path}")
    return path


def _sign_in(page, base: str, name: str, shot: str | None = None) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    if shot:
        _shot(page, shot)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _field(page, name: str):
    return page.locator(f'[id="{name}"]')


#: The letter's girl as typed at the bedside: (input id, value); selects are chosen by value.
INDEX_PATIENT = [
    ("sex", "F"), ("age_years", "10"), ("age_at_presentation_years", "11"), ("weight_kg", "52"),
    ("height_cm", "157.9"), ("body_surface_area_m2", "1.51"),
    ("labs[0].value", "11 426"), ("labs[0].unit", "U/L"), ("labs[0].reference_low", "26"),
    ("labs[0].reference_high", "192"),
    ("labs[1].value", "94.2"), ("labs[1].unit", "IU/L"), ("labs[1].reference_low", "1"),
    ("labs[1].reference_high", "7.5"),
    ("antibody_srp", "positive"), ("antibody_ro52", "positive"),
    ("examination.proximal_weakness_upper_limbs", "true"), ("examination.proximal_weakness_lower_limbs", "true"),
    ("examination.axial_weakness", "true"), ("examination.weakness_severity", "marked"),
    ("examination.skin_lesions", "none"), ("examination.dysphagia_or_oesophageal_dysmotility", "true"),
    ("visits[0].cmas", "9"),
    ("findings.muscle_biopsy.necrosis", "true"), ("findings.muscle_biopsy.regeneration", "true"),
    ("findings.muscle_biopsy.inflammation", "minimal"), ("findings.muscle_biopsy.hla_class_i", "focal"),
    ("findings.muscle_biopsy.p62", "present"),
    ("feature_dysphagia", "true"), ("feature_pulmonary", "false"), ("feature_cardiac", "false"),
    ("feature_cutaneous", "false"), ("feature_arthritis", "false"), ("feature_raynaud", "false"),
    ("treatments[0].drug", "ivig"), ("treatments[0].dose", "1"), ("treatments[0].dose_unit", "g/kg"),
]


def _unlabelled(page) -> list[str]:
    """Form controls a screen reader could not name (no label, no aria-label)."""
    return page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
        .map(e => e.name || e.id)""")


def _fill(page, values: list[tuple[str, str]]) -> None:
    for name, value in values:
        field = _field(page, name)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_clinician_enters_the_letters_girl_and_reads_her_assessment(server, browser):
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "clinician", shot="00-sign-in")
    assert page.url.endswith("/patients")
    header = page.locator("header.top")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 83, 148)"  # the CSS loaded
    _shot(page, "01-patients")

    page.get_by_role("link", name="New patient").click()
    assert _unlabelled(page) == []
    _fill(page, [*INDEX_PATIENT[:2], ("weight_kg", "-52")] + INDEX_PATIENT[4:])
    _shot(page, "02-case-form")
    page.get_by_role("button", name="Save and assess").click()
    weight = _field(page, "weight_kg")
    assert weight.get_attribute("aria-invalid") == "true"
    assert "got '-52'; expected more than 0" in page.locator('[id="weight_kg-error"]').inner_text()
    _shot(page, "03-case-form-error")

    weight.fill("52")
    page.get_by_role("button", name="Save and assess").click()
    page.wait_for_url("**/patients/local-*")
    ck_row = page.locator("#labs + table tbody tr").filter(has_text="creatine kinase")
    assert "59.5" in ck_row.inner_text()
    assert "26–192" in ck_row.inner_text()
    assert page.locator("#enmc-h + p.verdict").inner_text() == "anti-SRP IMNM"
    assert page.get_by_text("ENMC 2017 (immune-mediated necrotising myopathy)").is_visible()
    _shot(page, "04-assessment")

    page.get_by_role("link", name="Follow-up").click()
    assert page.locator("figure.chart svg").count() == 1
    _shot(page, "05-follow-up")
    page.get_by_role("link", name="Patients like mine and forecast").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Patients like mine", exact=True).is_visible()
    assert page.get_by_role("heading", name="Validation").is_visible()
    assert "%" in page.locator("p.verdict").inner_text()
    _shot(page, "06-forecast")
    page.close()


def test_a_researcher_explores_the_cohort(server, browser):
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "researcher")
    assert page.url.endswith("/cohort")
    assert page.get_by_role("link", name="Patients").count() == 0
    assert page.get_by_role("heading", name="Table 1").is_visible()
    caption = page.locator("h2:text-is('Table 1') ~ table caption")
    everyone = int(caption.inner_text().split()[0])
    assert _unlabelled(page) == []
    _shot(page, "07-cohort")
    page.get_by_label("Sex").select_option("F")
    page.get_by_label("Antibody positive").select_option("srp")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/cohort?*sex=F*")
    assert 0 < int(caption.inner_text().split()[0]) < everyone
    assert page.get_by_label("Sex").input_value() == "F"
    _shot(page, "08-cohort-filtered")
    page.close()


def test_a_reviewer_and_an_admin_see_their_pages(server, browser):
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "reviewer")
    assert page.url.endswith("/literature")
    assert _unlabelled(page) == []
    awaiting = page.get_by_role("heading", name="Screening queue")
    before = awaiting.inner_text()
    page.get_by_role("button", name="Include").first.click()
    page.wait_for_load_state()
    assert awaiting.inner_text() != before
    assert page.locator("figure.chart svg").count() == 1  # the PRISMA flow diagram
    _shot(page, "09-literature")
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, base, "admin")
    assert page.url.endswith("/admin/users")
    assert page.get_by_role("cell", name="clinician", exact=True).count() >= 1
    _shot(page, "10-users")
    page.get_by_role("link", name="Audit log").click()
    assert page.get_by_role("cell", name="login").count() >= 1
    _shot(page, "11-audit")
    page.close()
