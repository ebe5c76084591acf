"""Counting failed sign-ins, to slow down guessing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInThrottle(models.Model):
    """Failed sign-ins counted per account and per address, with the lock they earned.

    A lock lasts longer each time the same key is locked again (doubling), and a
    successful sign-in clears the account's count (not the address's).
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    lockouts = models.PositiveIntegerField(_("lockouts"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return self.key
