from django.apps import AppConfig


class KnowledgeBaseConfig(AppConfig):
    name = "knowledge_base"

    def ready(self):
        from knowledge_base import search_index

        search_index.register()
