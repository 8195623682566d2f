"""/api/v1/workload/tasks/ and /api/v1/workload/applications/ (decisions as actions). HTTP only."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from grid.models import Community
from taijiang.core.exceptions import NotAllowed

from . import permissions, selectors, services
from .models import Application, ApplicationStatus, Disposition, Task, TaskList
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    DecideSerializer,
    ReasonSerializer,
    ReviewInputSerializer,
    TaskSerializer,
)

STATUS_CHOICES = [("in_force", _("在册执行")), ("upcoming", _("待生效")), ("ended", _("已停止"))]


class TaskFilter(django_filters.FilterSet):
    list = django_filters.ChoiceFilter(field_name="task_list", choices=TaskList.choices)
    disposition = django_filters.ChoiceFilter(choices=Disposition.choices)
    # field_name names the model field so the schema knows the type; the method applies the real rule.
    community = django_filters.ModelChoiceFilter(field_name="communities", queryset=Community.objects.all(),
                                                method="filter_community")
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")

    class Meta:
        model = Task
        fields = ["list", "disposition", "community", "status", "origin"]

    def filter_community(self, queryset, name, value):
        return queryset.filter(selectors.applies_to(value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(selectors.task_status_q(value, timezone.localdate()))


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The register: tasks with their list, department, disposition and dates."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        permissions.require_register(self.request.user)
        return selectors.tasks_visible_to(self.request.user).order_by("code")


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)

    class Meta:
        model = Application
        fields = ["status", "task_list"]


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """Admission applications: liaisons see their department's; streets those concerning them; the district all."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if not permissions.can_see_register(self.request.user):
            raise NotAllowed(_("准入申请仅向管理员和区职能部门开放。"))
        return selectors.applications_visible_to(self.request.user).prefetch_related("communities",
                                                                                       "reviews__street")

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": timezone.localdate()}

    def _done(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationSerializer(application, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        permissions.require_file(request.user)
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_file(actor=request.user, **data.validated_data)
        return self._done(application, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        application = self.get_object()
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.application_review(application=application, actor=request.user,
                                                      **data.validated_data))

    @extend_schema(request=DecideSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.application_decide(application=application, actor=request.user,
                                                      **data.validated_data))

    @extend_schema(request=ReasonSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.application_withdraw(application=application, actor=request.user,
                                                        reason=data.validated_data["reason"]))


router = SimpleRouter()
router.register("workload/tasks", TaskViewSet, basename="workload-task")
router.register("workload/applications", ApplicationViewSet, basename="workload-application")

urlpatterns = router.urls
