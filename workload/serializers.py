"""API input and output of the workload app (input re-checked by the services)."""

from rest_framework import serializers

from grid.models import Community
from taijiang.core.serializers import ModelSerializer, Serializer

from .models import Application, ApplicationReview, Task, TaskList


class TaskSerializer(ModelSerializer):
    department = serializers.CharField(source="department.short_name", default="", read_only=True)
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    merged_into = serializers.CharField(source="merged_into.code", default=None, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "code", "title", "category", "task_list", "department", "legal_basis", "ledgers_required",
                  "resources", "disposition", "merged_into", "origin", "baseline_number", "communities",
                  "in_force_from", "in_force_until"]


class ReviewSerializer(ModelSerializer):
    street = serializers.CharField(source="street.name", read_only=True)

    class Meta:
        model = ApplicationReview
        fields = ["street", "agrees", "opinion", "at"]


class ApplicationSerializer(ModelSerializer):
    department = serializers.CharField(source="department.short_name", read_only=True)
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    task = serializers.CharField(source="task.code", default=None, read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "department", "title", "category", "task_list", "legal_basis", "ledgers_required",
                  "hours_per_month", "workload_note", "resources_offered", "start_date", "communities", "filed_on",
                  "decision_due", "is_overdue", "status", "decided_at", "decision_reason", "task", "reviews"]

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue_on(self.context["today"])


class ApplicationCreateSerializer(Serializer):
    title = serializers.CharField(max_length=120)
    category = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    # The negative list is refused by application_file with its reason (a field error, 400).
    task_list = serializers.ChoiceField(choices=TaskList.choices)
    legal_basis = serializers.CharField(max_length=2000)
    ledgers_required = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    hours_per_month = serializers.IntegerField(min_value=1, max_value=744)
    workload_note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    resources_offered = serializers.CharField(max_length=2000)
    start_date = serializers.DateField()
    communities = serializers.PrimaryKeyRelatedField(many=True, required=False, default=list,
                                                     queryset=Community.objects.all())


class ReviewInputSerializer(Serializer):
    agrees = serializers.BooleanField()
    opinion = serializers.CharField(max_length=2000)


class DecideSerializer(Serializer):
    admit = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


class ReasonSerializer(Serializer):
    reason = serializers.CharField(max_length=2000)
