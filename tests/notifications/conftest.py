import pytest

from .backends import DedupingProviderSmsBackend


@pytest.fixture
def provider(settings):
    """A real-looking SMS provider (idempotency keys honoured) instead of the logging backend."""
    DedupingProviderSmsBackend.reset()
    settings.SMS_BACKEND = "tests.notifications.backends.DedupingProviderSmsBackend"
    yield DedupingProviderSmsBackend
    DedupingProviderSmsBackend.reset()
