"""Password reset e-mails leave from the background worker, in the person's language.

The page only queues the person's id: the link and its token are made by the worker when
it sends, so no token waits in the task table, and a mail server that is down delays the
e-mail (retried as every e-mail is, project.mail) instead of breaking the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from project.mail import send_or_retry

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.html"


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send_password_reset.enqueue(context["user"].pk, context["domain"], context["site_name"], context["protocol"])


@task()
def send_password_reset(user_id: int, domain: str, site_name: str, protocol: str, attempt: int = 0) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    email = getattr(user, user.get_email_field_name())
    context = {
        "email": email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(user.language):
        # Rendered and sent here rather than by PasswordResetForm.send_mail, which logs
        # a failure and carries on, so that it would never be tried again.
        subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
        body = render_to_string(BODY_TEMPLATE, context)
        send_or_retry(
            lambda: send_mail(subject, body, None, [email]),
            send_password_reset,
            (user_id, domain, site_name, protocol),
            attempt,
            f"Password reset e-mail to user {user_id}",
        )
