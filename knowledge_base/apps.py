from django.apps import AppConfig


class KnowledgeBaseConfig(AppConfig):
    name = "knowledge_base"

    def ready(self):
        from knowledge_base import search_index, services  # noqa: F401  (services registers the view-count hook)

        search_index.register()

        from core.home import register_section
        from knowledge_base.views import home_section

        register_section(home_section, order=10)
