"""The programme team's narrative: written per section, translated beside the original, read in a report's language."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from grants.models import Programme
from reporting.models import NarrativeSection, ProgrammeNarrative
from reporting.selectors import programme_narrative

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
SECTIONS = [s.value for s in NarrativeSection]


def narrative_url(year=2025, code=GLOBE):
    return reverse("reporting:programme-narrative", kwargs={"code": code, "year": year})


def globe():
    return Programme.objects.get(code=GLOBE)


def form_data(year=2025, **changes):
    """The narrative page's form as the browser sends it back, with some fields changed."""
    written = {n.section: n for n in ProgrammeNarrative.objects.filter(programme__code=GLOBE, year=year)}
    data = {}
    for section in SECTIONS:
        narrative = written.get(section)
        for field in ("language", "text", "translation_nl", "translation_fr", "translation_es", "translation_en"):
            default = "nl" if field == "language" else ""
            data[f"{section}-{field}"] = getattr(narrative, field) if narrative else default
    data.update(changes)
    return data


def test_the_demo_narrative_of_2025_has_all_five_sections_in_dutch_with_translations():
    narratives = ProgrammeNarrative.objects.filter(programme__code=GLOBE, year=2025)

    assert sorted(narratives.values_list("section", flat=True)) == sorted(SECTIONS)
    for narrative in narratives:
        assert narrative.language == "nl" and narrative.is_demo
        assert narrative.translation_fr and narrative.translation_es and narrative.translation_en
    assert ProgrammeNarrative.objects.filter(programme__code=GLOBE, year__in=[2022, 2023, 2024]).count() == 3


def test_a_section_is_written_once_per_programme_and_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeNarrative.objects.create(programme=globe(), year=2025, section="synthesis", language="nl", text="x")


def test_the_narrative_reads_in_the_original_language_or_its_translation():
    dutch = programme_narrative(globe(), 2025, "nl")
    french = programme_narrative(globe(), 2025, "fr")
    synthesis = ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2025, section="synthesis")

    assert list(dutch) == SECTIONS
    assert dutch["synthesis"].text == synthesis.text and dutch["synthesis"].original_language == ""
    assert french["synthesis"].text == synthesis.translation_fr and french["synthesis"].original_language == ""
    assert french["synthesis"].section == "synthesis"


def test_without_a_translation_the_original_is_marked_with_its_language():
    ProgrammeNarrative.objects.filter(programme__code=GLOBE, year=2025, section="follow_up").update(translation_es="")

    spanish = programme_narrative(globe(), 2025, "es")

    follow_up = ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2025, section="follow_up")
    assert spanish["follow_up"].text == follow_up.text
    assert spanish["follow_up"].original_language == "nl"
    assert spanish["synthesis"].original_language == ""


def test_a_section_without_text_and_a_year_without_narrative_give_no_passage():
    ProgrammeNarrative.objects.filter(programme__code=GLOBE, year=2025, section="lessons_learned").update(
        text="", translation_fr="", translation_es="", translation_en=""
    )

    assert "lessons_learned" not in programme_narrative(globe(), 2025, "fr")
    assert programme_narrative(globe(), 2026, "fr") == {}


@pytest.mark.parametrize("username", ["perere", "sanfelipe", "auditor", "anzegem"])
def test_only_programme_managers_read_or_write_the_narrative(client, sign_in, username):
    before = ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2025, section="synthesis").text
    sign_in(username)

    page = client.get(narrative_url())
    save = client.post(narrative_url(), form_data(**{"synthesis-text": "Overschreven"}))

    assert page.status_code == save.status_code == 403
    assert ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2025, section="synthesis").text == before


def test_the_team_writes_a_section_and_its_translation_with_history(client, sign_in):
    coordinator = sign_in("coordinator")

    response = client.post(
        narrative_url(2026),
        form_data(
            2026,
            **{
                "synthesis-text": "Het laatste jaar van het programma.",
                "synthesis-translation_fr": "La dernière année du programme.",
            },
        ),
    )

    saved = ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2026)
    assert response.status_code == 302
    assert (saved.section, saved.language, saved.translation_fr) == (
        "synthesis",
        "nl",
        "La dernière année du programme.",
    )
    assert saved.updated_by == coordinator
    assert saved.history.count() == 1
    assert programme_narrative(globe(), 2026, "es")["synthesis"].original_language == "nl"


def test_saving_an_unchanged_narrative_adds_no_history(client, sign_in):
    sign_in("coordinator")
    before = ProgrammeNarrative.history.count()

    client.post(narrative_url(), form_data())

    assert ProgrammeNarrative.history.count() == before


def test_a_translation_without_original_is_refused_beside_the_original(client, sign_in):
    sign_in("coordinator")

    response = client.post(narrative_url(2026), form_data(2026, **{"follow_up-translation_en": "Only a translation"}))

    forms = dict(response.context["forms"])
    assert response.status_code == 200
    assert list(forms[NarrativeSection.FOLLOW_UP].errors) == ["text"]
    assert not ProgrammeNarrative.objects.filter(programme__code=GLOBE, year=2026).exists()


def test_an_unknown_language_or_a_year_outside_the_programme_is_refused(client, sign_in):
    sign_in("coordinator")

    bad_language = client.post(narrative_url(), form_data(**{"synthesis-language": "de"}))
    outside = client.get(narrative_url(2030))

    assert "language" in dict(bad_language.context["forms"])[NarrativeSection.SYNTHESIS].errors
    assert outside.status_code == 404


def test_the_page_shows_the_original_and_translations_and_links_back_to_the_results(client, sign_in):
    sign_in("coordinator")
    synthesis = ProgrammeNarrative.objects.get(programme__code=GLOBE, year=2025, section="synthesis")

    page = client.get(narrative_url()).content.decode()

    assert synthesis.text.split(";")[0] in page
    assert reverse("reporting:programme-results", kwargs={"code": GLOBE}) in page
