"""Paging long lists whose cost must not grow with the page number."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from community_portal.core.page_cache import cached_result


class KeysFirstPaginator(Paginator):
    """Reads a page in two steps: the page's primary keys, then those rows.

    An OFFSET over whole rows makes the database fetch every skipped row from the
    table; over the primary keys alone PostgreSQL reads them from a covering index
    (an index-only scan), so page 500 of the member directory costs about what
    page 1 does. The rows then come with their joins and prefetches, in page order:
    one query more per page, whatever its size.

    With ``count_key`` and ``count_tags`` the total is a cached result of the page
    cache, kept until one of those content tags changes: counting 100,000 members
    costs more than the page itself.
    """

    def __init__(self, object_list, per_page, *, count_key="", count_tags=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.count_tags = tuple(count_tags)

    @cached_property
    def count(self):
        if not self.count_key:
            return super().count
        return cached_result(
            f"pagination-count:{self.count_key}",
            self.count_tags,
            lambda: Paginator.count.func(self),
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom: int, top: int) -> list:
        """The rows from ``bottom`` to ``top`` (exclusive), keys first (the API's offsets)."""
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        return [rows[key] for key in keys if key in rows]
