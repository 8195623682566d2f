"""What OPTIONS answers on the API (settings.REST_FRAMEWORK)."""

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """OPTIONS names the formats spoken; the fields are in the schema (/api/schema/). DRF's default
    would build each write's serializer, and on an action without an object it fails."""

    def determine_actions(self, request, view):
        return {}
