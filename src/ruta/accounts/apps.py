from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ruta.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from ruta.accounts.api import schema  # noqa: F401  (registers OpenAPI extensions)
        from ruta.accounts.selectors import account_holder_institution_ids, user_institution_ids
        from ruta.core.registry import account_institutions

        # An event about a person's account concerns every institution they belong to.
        account_institutions.register("accounts.user", user_institution_ids)
        for label in ("accounts.membership", "accounts.apitoken", "accounts.totpdevice"):
            account_institutions.register(label, account_holder_institution_ids)
