from rest_framework.pagination import LimitOffsetPagination


class UnitPagination(LimitOffsetPagination):
    """100 rows by default; ``limit`` is capped so one call cannot ask for everything."""

    default_limit = 100
    max_limit = 1000
