"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from peersupport.models import User

TEST_PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.co.id")
    department = "Produksi"
    site = "Jakarta"
    languages = factory.LazyFunction(lambda: ["id", "en"])
    preferred_language = "en"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """`UserFactory(roles=["supporter"])` puts the person in those role groups."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
            if "coordinator" in extracted:
                self.is_staff = True
                self.save(update_fields=["is_staff"])
            if {"coordinator", "counselor"} & set(extracted):
                # Their role requires a second factor: the cast has one set up already
                # (tests of the set-up itself delete it).
                from django_otp.plugins.otp_totp.models import TOTPDevice

                TOTPDevice.objects.get_or_create(
                    user=self, name="authenticator", defaults={"confirmed": True}
                )
