import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Role, User
from accounts.roles import ensure_roles

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    display_name = factory.Faker("name")
    trust_level = 1
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        obj.save()

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            if Group.objects.filter(name__in=extracted).count() < len(extracted):
                ensure_roles()  # flushed by a live-server test
            obj.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """``mfa=True``: the member has turned on two-factor authentication (staff must)."""
        if create and extracted:
            from allauth.mfa.models import Authenticator

            Authenticator.objects.create(user=obj, type=Authenticator.Type.TOTP, data={"secret": "test"})


def member(**kwargs) -> User:
    return UserFactory(**kwargs)


def agent(**kwargs) -> User:
    return UserFactory(roles=[Role.AGENT], trust_level=2, **kwargs)


def moderator(**kwargs) -> User:
    return UserFactory(roles=[Role.MODERATOR], trust_level=3, **kwargs)


def manager(**kwargs) -> User:
    return UserFactory(roles=[Role.MANAGER], trust_level=4, **kwargs)
