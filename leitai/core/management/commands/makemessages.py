"""`makemessages` that also extracts `N_(...)`: messages marked now and translated when shown."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # The import modules write `from django.utils.translation import gettext_noop as N_`.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
