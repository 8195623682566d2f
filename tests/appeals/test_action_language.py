"""Page-action tables are built at import; their messages must still follow the reader's language."""

import pytest
from django.urls import reverse

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_an_action_message_is_in_the_language_of_the_request(client, people, categories):
    appeal = submit(people["resident"], category=categories["noise"])
    client.force_login(people["worker_g1"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(reverse("appeals:act", args=[appeal.pk, "accept"]), follow=True).content.decode()
    assert "Accepted." in page and "已受理。" not in page
