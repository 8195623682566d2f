from tests.conftest import demo_data  # noqa: F401  (the same demo data `make run` loads)
