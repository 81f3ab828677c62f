from django.utils.functional import SimpleLazyObject


def roles(request):
    user = getattr(request, "user", None)

    def compute():
        if not user or not user.is_authenticated:
            return {}
        return {
            "agent": user.has_perm("accounts.answer_officially"),
            "writer": user.has_perm("accounts.write_articles"),
            "moderator": user.has_perm("accounts.moderate"),
            "manager": user.has_perm("accounts.manage_community"),
        }

    return {"can": SimpleLazyObject(compute)}
