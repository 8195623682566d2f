"""Factories for the bottom layer (territory and users). Apps add their own in tests/<app>/."""

import factory
from django.contrib.auth import get_user_model

from grid.models import Building, Community, Grid, ServiceCentre, Street
from taijiang.users.models import Role

PASSWORD = "correct-horse-battery"


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"street-{n}")
    name = factory.Sequence(lambda n: f"测试街道{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    code = factory.Sequence(lambda n: f"community-{n}")
    name = factory.Sequence(lambda n: f"测试社区{n}")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    code = factory.Sequence(lambda n: f"grid-{n}")
    name = factory.Sequence(lambda n: f"第{n}网格")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    grid = factory.SubFactory(GridFactory)
    name = factory.Sequence(lambda n: f"{n}号楼")
    address = factory.LazyAttribute(lambda o: f"台江区{o.name}")


class ServiceCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCentre

    community = factory.SubFactory(CommunityFactory)
    street = factory.LazyAttribute(lambda o: o.community.street)
    name = factory.LazyAttribute(lambda o: f"{o.community.name}党群服务中心")
    address = "台江区测试路1号"
    total_area_m2 = 400


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    role = Role.RESIDENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def grids(self, create, extracted, **kwargs):
        if create and extracted:
            self.grids.set(extracted)
        if create:
            self.save()


def resident(**kwargs):
    return UserFactory(role=Role.RESIDENT, **kwargs)


def grid_worker(*grids, **kwargs):
    community = grids[0].community if grids else CommunityFactory()
    return UserFactory(role=Role.GRID_WORKER, community=community, street=community.street, grids=list(grids),
                       **kwargs)


def window_staff(community, **kwargs):
    return UserFactory(role=Role.WINDOW_STAFF, community=community, street=community.street, **kwargs)


def community_admin(community, **kwargs):
    return UserFactory(role=Role.COMMUNITY_ADMIN, community=community, street=community.street, **kwargs)


def street_admin(street, **kwargs):
    return UserFactory(role=Role.STREET_ADMIN, street=street, **kwargs)


def district_admin(**kwargs):
    return UserFactory(role=Role.DISTRICT_ADMIN, **kwargs)
