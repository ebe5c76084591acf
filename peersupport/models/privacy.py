"""The data subject's request for erasure."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peersupport.models.accounts import User


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COMPLETED = "completed", _("Completed")


class ErasureRequest(models.Model):
    """A person asking for their data to be deleted; a coordinator completes it.

    Once completed, the request keeps only that it happened (and when, and by whom):
    the person's row is anonymised in place, so no name stays here either.
    """

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        User,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="requested"),
                name="one_open_erasure_request",
                violation_error_message=_("Your request for deletion is already with us."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.requested_at:%Y-%m-%d}"
