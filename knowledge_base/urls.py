from django.urls import path

from knowledge_base import views, views_manage

app_name = "knowledge_base"
urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("labels/<str:slug>/", views.label_detail, name="label"),
    path("articles/<int:pk>/", views.article_redirect, name="article_short"),
    path("articles/<int:pk>-<str:slug>/", views.article_detail, name="article"),
    path("articles/<int:pk>/vote", views.article_vote, name="vote"),
    path("manage/", views_manage.manage, name="manage"),
    path("manage/preview", views_manage.preview, name="preview"),
    path("manage/articles/new", views_manage.article_create, name="article_create"),
    path("manage/articles/<int:pk>/", views_manage.article_edit, name="article_edit"),
    path("manage/articles/<int:pk>/promote", views_manage.article_promote, name="article_promote"),
    path("manage/articles/<int:pk>/status", views_manage.article_status, name="article_status"),
    path("manage/articles/<int:pk>/revisions/", views_manage.revisions, name="revisions"),
    path(
        "manage/articles/<int:pk>/revisions/<int:number>/restore",
        views_manage.revision_restore,
        name="revision_restore",
    ),
    path("manage/categories/new", views_manage.category_form, name="category_create"),
    path("manage/categories/<int:pk>/", views_manage.category_form, name="category_edit"),
    path("manage/sections/new", views_manage.section_form, name="section_create"),
    path("manage/sections/<int:pk>/", views_manage.section_form, name="section_edit"),
]
