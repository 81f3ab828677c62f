"""Messages of allauth and Django whose Dutch Gilde chooses itself.

allauth's Dutch catalogue says "Aanmelden" for signing in while its "Sign Up"
is "Registreren"; Gilde's pages say "Inloggen" / "Registreren" / "Uitloggen".
Django's password rules address the reader as "u"; Gilde says "je".
Listing these msgids here (gettext_noop, ngettext_lazy: nothing is translated
at import) keeps them in locale/nl/LC_MESSAGES/django.po, which comes first in
LOCALE_PATHS, so its translations replace allauth's and Django's. tests/i18n
checks that no "aanmeld" wording is left on any page.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ALLAUTH = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Sign-In Code"),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Other sign-in options"),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "Enabling passwordless operation allows you to sign in using just this key, but imposes additional "
        "requirements such as biometrics or PIN protection."
    ),
    gettext_noop(
        "An account already exists with this email address. Please sign in to that account first, then "
        "connect your %s account."
    ),
    gettext_noop("Third-Party Login Failure"),
    gettext_noop("You can sign in to your account using any of the following third-party accounts:"),
    gettext_noop("Sign In Via %(provider)s"),
    gettext_noop("Login Cancelled"),
    gettext_noop(
        "You decided to cancel logging in to our site using one of your existing accounts. If this was a "
        'mistake, please proceed to <a href="%(login_url)s">sign in</a>.'
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact "
        "us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not "
        "see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not "
        "receive it within a few minutes."
    ),
]

DJANGO = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
