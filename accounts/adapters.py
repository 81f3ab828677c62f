from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        from branding.services import brand_get

        return super().send_mail(template_prefix, email, {**context, "brand": brand_get()})
