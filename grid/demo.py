"""Demo register for 福祥社区 (grids fuxiang-g1..g3) and some weeks of visits by demo-grid.

Deterministic (seeded random), idempotent (skips what exists: households per grid, visits of
demo-grid) and fast (bulk_create; then one refresh per household for the due dates).
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from taijiang.core.crypto import lookup_hash
from taijiang.core.validators import id_number_with_check_digit

from .migrations_data import DEFAULT_TAGS
from .models import Building, Household, Resident, ResidentEvent, Tag, Visit
from .services.policy import refresh_household

SURNAMES = "陈林黄郑王张李吴刘蔡杨许何江余高叶周游罗"
GIVEN_M = ["建国", "志强", "国华", "明辉", "文斌", "德福", "振兴", "家豪", "子轩", "宇航", "永福", "清泉"]
GIVEN_F = ["秀英", "美华", "丽珍", "淑芬", "玉兰", "雪梅", "婷婷", "诗涵", "欣怡", "月娇", "桂香", "碧霞"]
PERIODS = {1: 7, 2: 30, 3: 90}


def seed(*, stdout) -> None:
    tags = _seed_tags()
    rng = random.Random(4)
    created = 0
    with transaction.atomic():
        for building in Building.objects.filter(grid__code__in=["fuxiang-g1", "fuxiang-g2", "fuxiang-g3"]) \
                .select_related("grid").order_by("grid__code", "name"):
            if Household.objects.filter(building=building).exists():
                continue
            created += _seed_building(building, rng, tags)
        visits = _seed_visits(random.Random(44))
    stdout.write(f"  grid: {created} households, {visits} visits (福祥社区)")


def _seed_tags() -> dict:
    for code, name, tier in DEFAULT_TAGS:
        if not Tag.objects.filter(name=name).exists():
            Tag.objects.get_or_create(code=code, defaults={"name": name, "tier": tier})
    return {t.name: t for t in Tag.objects.all()}


def _person(rng, *, age_range, sex, today, seq):
    age = rng.randint(*age_range)
    birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    serial = f"{seq % 100:02d}{(rng.randrange(1, 10, 2) if sex == 'M' else rng.randrange(0, 10, 2))}"
    id_number = id_number_with_check_digit(f"350103{birth:%Y%m%d}{serial}")
    return birth, id_number, age


def _seed_building(building, rng, tags) -> int:
    today = timezone.localdate()
    doors = [f"{floor}0{unit}" for floor in range(1, 7) for unit in (1, 2)]
    chosen = sorted(rng.sample(doors, rng.randint(7, 10)))
    households = Household.objects.bulk_create([Household(building=building, door_number=door) for door in chosen])
    residents, tag_rows, seq = [], [], 0
    for household in households:
        shape = rng.random()
        if shape < 0.18:  # an elderly person living alone
            members = [("户主", (80, 93), rng.choice("MF"), ["独居老人", "高龄老人"])]
            household.living_situation = Household.LivingSituation.ALONE
        elif shape < 0.33:  # an elderly couple, children elsewhere
            members = [("户主", (68, 86), "M", ["空巢老人"]), ("配偶", (66, 84), "F", ["空巢老人"])]
            household.living_situation = Household.LivingSituation.EMPTY_NEST
        else:
            members = [("户主", (35, 60), "M", []), ("配偶", (33, 58), "F", [])]
            members += [("子女", (1, 17), rng.choice("MF"), []) for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.3:
                members.append(("父母", (70, 90), rng.choice("MF"), []))
        for relation, ages, sex, member_tags in members:
            seq += 1
            birth, id_number, age = _person(rng, age_range=ages, sex=sex, today=today, seq=seq)
            extra = list(member_tags)
            roll = rng.random()
            if roll < 0.06:
                extra.append("残疾人")
            elif roll < 0.10:
                extra.append("低保户")
            elif roll < 0.13 and age >= 60:
                extra.append("慢性病")
            elif roll < 0.15 and age >= 70:
                extra.append("失能老人")
            elif roll < 0.22 and 40 <= age <= 75:
                extra.append(rng.choice(["退役军人", "党员", "志愿者"]))
            if age <= 3:
                extra.append("婴幼儿")
            if age >= 80 and "高龄老人" not in extra:
                extra.append("高龄老人")
            phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}" \
                if age >= 16 else ""
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
            residents.append((Resident(
                household=household, name=name, sex=sex, birth_date=birth, id_number=id_number,
                id_number_hash=lookup_hash(id_number), phone=phone, phone_hash=lookup_hash(phone) if phone else "",
                relation_to_head=relation, political_status="中共党员" if "党员" in extra else "群众",
            ), extra))
    Household.objects.bulk_update(households, ["living_situation"])
    saved = Resident.objects.bulk_create([r for r, _extra in residents])
    for resident, (_r, extra) in zip(saved, residents, strict=True):
        tag_rows += [Resident.tags.through(resident_id=resident.pk, tag_id=tags[name].pk) for name in set(extra)]
    Resident.tags.through.objects.bulk_create(tag_rows)
    ResidentEvent.objects.bulk_create([ResidentEvent(resident=r, kind=ResidentEvent.Kind.MOVED_IN,
                                                     date=today - datetime.timedelta(days=365 * 3),
                                                     note="入户登记") for r in saved])
    for household in households:
        refresh_household(household)
    return len(households)


def _seed_visits(rng) -> int:
    worker = get_user_model().objects.filter(username="demo-grid").first()
    if worker is None or Visit.objects.filter(worker=worker).exists():
        return 0
    now = timezone.now()
    households = list(Household.objects.filter(building__grid__in=worker.grids.all())
                      .prefetch_related("residents").order_by("pk"))
    visits, met_rows = [], []
    first_gap = {1: [1, 2, 3, 4, 5, 6, 6, 9, 12], 2: [4, 10, 18, 25, 28, 41], 3: [8, 25, 45, 60, 75, 88, 100]}
    for household in households:
        period = PERIODS[household.risk_rank]
        days_ago = rng.choice(first_gap[household.risk_rank])
        while days_ago <= 120:
            when = (now - datetime.timedelta(days=days_ago)).replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
            nobody = rng.random() < 0.12
            visit = Visit(household=household, grid_id=household.building.grid_id, worker=worker, visited_at=when,
                          kind=Visit.Kind.PHONE if rng.random() < 0.15 else Visit.Kind.HOME,
                          outcome=Visit.Outcome.NOBODY_HOME if nobody else Visit.Outcome.MET,
                          observations={} if nobody else {"health": "ok", "living": "ok", "wiring": "ok", "gas": "ok",
                                                          "stairwell": "issue" if rng.random() < 0.1 else "ok"},
                          note="" if not nobody else "敲门无人应答，已留联系卡",
                          client_uuid=uuid.UUID(int=rng.getrandbits(128)))
            visits.append((visit, [] if nobody else list(household.residents.all())[:1]))
            days_ago += period + rng.randint(-1, 3)
    saved = Visit.objects.bulk_create([v for v, _met in visits])
    for visit, (_v, met) in zip(saved, visits, strict=True):
        met_rows += [Visit.met_residents.through(visit_id=visit.pk, resident_id=r.pk) for r in met]
    Visit.met_residents.through.objects.bulk_create(met_rows)
    for household in households:
        refresh_household(household)
    return len(saved)
