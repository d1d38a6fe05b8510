import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Follow(models.Model):
    """Something a user follows: a question set, a member, a party, a ministry or a search."""

    class Kind(models.TextChoices):
        SET = "set", _("Vragenset")
        MEMBER = "member", _("Kamerlid")
        PARTY = "party", _("Partij")
        MINISTRY = "ministry", _("Ministerie")
        SEARCH = "search", _("Zoekopdracht")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    # A set's primary key; a member's name, a party, a ministry or a search as written.
    value = models.CharField(_("wat"), max_length=300)
    created_at = models.DateTimeField(_("gevolgd sinds"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "value"], name="follow_unique")
        ]
        verbose_name = _("gevolgd")
        verbose_name_plural = _("gevolgd")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class AlertProfile(models.Model):
    """How a user wants to hear: a mail per event or one a day, and the feeds' secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_profile",
        verbose_name=_("gebruiker"),
    )
    daily_digest = models.BooleanField(_("één overzicht per dag"), default=False)
    feed_token = models.CharField(
        _("geheime sleutel van de feeds"), max_length=64, unique=True, default=new_feed_token
    )

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """One event for one user, whatever made them follow it: shown in the app, mailed once."""

    class Event(models.TextChoices):
        ANSWER = "answer", _("Antwoord")
        NOTICE = "notice", _("Uitstelbericht")
        LINK = "link", _("Bevestigde koppeling")
        DEADLINE = "deadline", _("Termijn verloopt")

    class Mail(models.TextChoices):
        PENDING = "pending", _("Nog te versturen")
        CLAIMED = "claimed", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        NONE = "none", _("Geen mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    follow = models.ForeignKey(
        Follow, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("gevolgd")
    )
    event = models.CharField(_("gebeurtenis"), max_length=12, choices=Event.choices)
    # What happened, once: "answer:document:12", "link:event:40", "deadline:set:7:2026-12-04".
    key = models.CharField(_("sleutel"), max_length=100)
    question_set = models.ForeignKey(
        "kamervragen.QuestionSet",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("vragenset"),
    )
    title = models.TextField(_("titel"))
    path = models.CharField(_("adres"), max_length=300)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen"), null=True, blank=True)
    mail = models.CharField(_("mail"), max_length=8, choices=Mail.choices, default=Mail.PENDING)
    mailed_at = models.DateTimeField(_("gemaild"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")
        ]
        indexes = [models.Index(fields=["mail", "user"], name="notification_mail_idx")]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return self.title


class ScanMark(models.Model):
    """How far the collector has looked, per source (one row each)."""

    source = models.CharField(_("bron"), max_length=32, unique=True)
    until = models.DateTimeField(_("tot"))

    class Meta:
        verbose_name = _("verzamelstand")
        verbose_name_plural = _("verzamelstanden")

    def __str__(self) -> str:
        return f"{self.source}: {self.until:%Y-%m-%d %H:%M}"
