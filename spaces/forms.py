import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.forms import DateInput
from taijiang.core.validators import validate_plausible_date

from .models import Activity, Function, Room, SliceException, TimeSlice

DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _aware(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


class TimeRangeMixin:
    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["start"], data["end"] = _aware(day, start), _aware(day, end)
        return data


class BookingForm(TimeRangeMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE, validators=[validate_plausible_date])
    start_time = forms.TimeField(label=_("开始时间"), widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), widget=TIME)
    purpose = forms.ChoiceField(label=_("用途"), choices=Function.choices)
    title = forms.CharField(label=_("活动名称"), max_length=80)
    attendees = forms.IntegerField(label=_("人数"), min_value=1, initial=1)
    organisation = forms.CharField(label=_("组织名称（以组织名义预约时填写）"), max_length=80, required=False)
    weeks = forms.IntegerField(label=_("每周重复（周数，1 表示不重复）"), min_value=1, max_value=26, initial=1)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["centre", "name", "kind", "area_m2", "capacity", "equipment", "description", "bookable", "bookers",
                  "needs_approval", "follows_centre_hours", "min_notice_hours", "max_notice_days",
                  "min_duration_minutes", "max_duration_minutes", "buffer_minutes", "weekly_quota",
                  "check_in_required", "release_after_minutes", "is_active"]

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("照片"))
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class SliceForm(forms.ModelForm):
    class Meta:
        model = TimeSlice
        fields = ["weekday", "starts", "ends", "function", "audience", "valid_from", "valid_until"]
        widgets = {"starts": TIME, "ends": TIME, "valid_from": DATE, "valid_until": DATE}

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["starts"] >= data["ends"]:
            self.add_error("ends", _("结束时间必须晚于开始时间。"))
        return data


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = SliceException
        fields = ["date", "kind", "starts", "ends", "function", "audience", "note"]
        widgets = {"date": DATE, "starts": TIME, "ends": TIME}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if (starts is None) != (ends is None):
            self.add_error("ends", _("开始和结束时间要么都填，要么都不填。"))
        elif starts and ends and starts >= ends:
            self.add_error("ends", _("结束时间必须晚于开始时间。"))
        if data.get("kind") == SliceException.Kind.OVERRIDE and not (starts and ends):
            self.add_error("starts", _("改变用途需要填写时间。"))
        return data


class ActivityForm(TimeRangeMixin, forms.Form):
    room = forms.ModelChoiceField(label=_("房间"), queryset=Room.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=80)
    date = forms.DateField(label=_("日期"), widget=DATE, validators=[validate_plausible_date])
    start_time = forms.TimeField(label=_("开始时间"), widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), widget=TIME)
    capacity = forms.IntegerField(label=_("名额"), min_value=1)
    waitlist = forms.BooleanField(label=_("满员后可候补"), required=False, initial=True)
    description = forms.CharField(label=_("介绍"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agenda = forms.CharField(label=_("议程（议事协商）"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    appeal_numbers = forms.CharField(label=_("相关诉求编号（逗号或空格分隔）"), required=False)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class RecordForm(forms.Form):
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    appeal_numbers = forms.CharField(label=_("相关诉求编号（逗号或空格分隔）"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)
