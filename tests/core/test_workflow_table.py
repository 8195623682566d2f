"""The shared Workflow: the table and the per-action sources are the whole truth."""

import pytest
from django.db import models

from taijiang.core.exceptions import InvalidTransition
from taijiang.core.workflow import Step, Workflow


class Light(models.TextChoices):
    RED = "red", "红灯"
    GREEN = "green", "绿灯"
    AMBER = "amber", "黄灯"


FLOW = Workflow(Light, {Light.RED: {Light.GREEN}, Light.GREEN: {Light.AMBER}, Light.AMBER: {Light.RED}},
                actions={"go": Step({Light.RED}, "通行"),
                         "slow": Step({Light.GREEN}, refusal="只有绿灯时可以减速（当前：%(status)s）。")})


def test_a_move_outside_the_table_is_refused_with_the_labels_of_the_choices():
    with pytest.raises(InvalidTransition) as refused:
        FLOW.check(Light.RED, Light.AMBER)
    assert refused.value.message == "不能从“红灯”变为“黄灯”。"


def test_a_move_in_the_table_passes():
    FLOW.check(Light.RED, Light.GREEN)
    assert FLOW.allowed(Light.GREEN) == {Light.AMBER}


def test_an_action_from_a_source_it_does_not_list_is_refused_with_its_message():
    with pytest.raises(InvalidTransition) as generic:
        FLOW.check_action("go", Light.GREEN)
    assert generic.value.message == "当前状态为“绿灯”，不能通行。"
    with pytest.raises(InvalidTransition) as own:
        FLOW.check_action("slow", Light.AMBER)
    assert own.value.message == "只有绿灯时可以减速（当前：黄灯）。"
    FLOW.check_action("go", Light.RED)
    assert FLOW.can_act("slow", Light.GREEN) and not FLOW.can_act("slow", Light.RED)


def test_a_status_the_choices_do_not_have_is_a_mistake_in_the_table():
    with pytest.raises(ValueError):
        Workflow(Light, {Light.RED: {"blue"}})
    with pytest.raises(ValueError):
        Workflow(Light, {}, actions={"go": Step({"blue"})})
