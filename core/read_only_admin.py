"""Admin pages that show records the application's workflow alone may write.

Claims, invoices, audit decisions, partner reports and their history carry the audit
trail: an edit in the admin would change them without a decision, an event or a line of
history saying who did it and why. The team keeps the list, search, filter and detail
pages to look things up; every change goes through the application.
"""

from django.core.exceptions import PermissionDenied


class ReadOnlyAdminMixin:
    """View only: no add, change or delete, whoever signs in (superusers too)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdminMixin(ReadOnlyAdminMixin):
    """For a SimpleHistoryAdmin: its history may be read, never reverted.

    simple_history saves a posted revert form after checking only that the user may see
    the record, so the post itself is refused here.
    """

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
