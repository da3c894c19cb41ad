"""The reports list holds two forms (filters, opening a period) without giving two elements one id."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1


def test_the_reports_list_gives_every_id_once(client):
    make_report()
    client.force_login(make_user(role=Role.PROGRAMME_MANAGER))

    response = client.get(reverse("reporting:report-list"))

    parser = Ids()
    parser.feed(response.content.decode())
    assert response.context["period_form"] is not None
    assert {"id_year", "period-year"} <= set(parser.ids)
    assert [name for name, count in parser.ids.items() if count > 1] == []
