"""The abstract note that the apps' encrypted notes are made from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from peersupport.models.accounts import User


class AuthoredNote(models.Model):
    """A piece of encrypted text someone added to a record, with who and when.

    Concrete notes add the record they belong to and their own `text` field
    (an EncryptedTextField with its own length and name).
    """

    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"
