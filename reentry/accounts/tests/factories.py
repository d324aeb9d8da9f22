from __future__ import annotations

import factory

from reentry.accounts.models import User
from reentry.accounts.roles import Role

TEST_PASSWORD = "Mat-khau-thu-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    role = Role.COMMUNE_OFFICER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


def api_token_key(user: User, **kwargs: object) -> str:
    """A fresh API token's key for ``user`` (through the service, as ``issue_token`` does)."""
    from reentry.accounts.services import api_token_issue

    _token, key = api_token_issue(actor=None, username=user.username, via="test", **kwargs)  # type: ignore[arg-type]
    return key
