from django.urls import path, re_path

from newsdesk.serve.web import (
    account_views,
    ai_views,
    app_password_views,
    browse_views,
    comment_views,
    feed_views,
    folder_views,
    pwa,
    reader_views,
    search_views,
    stories,
    views,
)

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:pk>/", views.article_detail, name="article"),
    path("s/<str:domain>/", views.source_detail, name="source"),
    path("sources/", views.source_list, name="sources"),
    path("story/<int:pk>/", stories.story_detail, name="story"),
    path("stories/", browse_views.story_list, name="stories"),
    path("topics/", browse_views.topic_list, name="topics"),
    path("entities/", browse_views.entity_list, name="entities"),
    path("healthz", views.healthz, name="healthz"),
    # Feeds out (RSS 2.0, Atom 1.0, JSON Feed 1.1) and the subscriptions as OPML.
    re_path(r"^feeds/top\.(?P<fmt>rss|atom|json)$", feed_views.top_feed, name="top_feed"),
    re_path(
        r"^s/(?P<domain>[^/]+)/feed\.(?P<fmt>rss|atom|json)$",
        feed_views.source_feed,
        name="source_feed",
    ),
    re_path(
        r"^t/(?P<topic>[^/]+)/feed\.(?P<fmt>rss|atom|json)$",
        feed_views.topic_feed,
        name="topic_feed",
    ),
    path("sources.opml", feed_views.sources_opml, name="sources_opml"),
    # Topics (an article's section), following and saving.
    path("t/<str:topic>/", reader_views.topic_detail, name="topic"),
    path("for-you/", reader_views.for_you, name="for_you"),
    path("saved/", reader_views.saved, name="saved"),
    path("s/<str:domain>/follow", reader_views.follow_source, name="follow_source"),
    path("topics/follow", reader_views.follow_topic, name="follow_topic"),
    path("a/<int:pk>/save", reader_views.save_article, name="save_article"),
    path("entities/<int:pk>/follow", reader_views.follow_entity, name="follow_entity"),
    # Comments.
    path("a/<int:pk>/comments/", comment_views.comment_add, name="comment_add"),
    path(
        "a/<int:pk>/comments/<int:comment_id>/edit", comment_views.comment_edit, name="comment_edit"
    ),
    path(
        "a/<int:pk>/comments/<int:comment_id>/delete",
        comment_views.comment_delete,
        name="comment_delete",
    ),
    path(
        "a/<int:pk>/comments/<int:comment_id>/report",
        comment_views.comment_report,
        name="comment_report",
    ),
    # Last among the article's paths: a slug could be "comments".
    path("a/<int:pk>/<str:slug>/", views.article_detail, name="article_slug"),
    # Search.
    path("search/", search_views.search, name="search"),
    # Accounts.
    path("account/signup/", account_views.signup, name="signup"),
    path("account/login/", account_views.LoginView.as_view(), name="login"),
    path("account/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("account/", account_views.profile, name="profile"),
    path("account/delete/", account_views.delete_account, name="delete_account"),
    path("account/apps/", app_password_views.app_password, name="app_password"),
    # A reader's folders and subscriptions as OPML.
    path("account/folders/", folder_views.folder_set, name="folder_set"),
    path(
        "account/subscriptions.opml",
        folder_views.subscriptions_opml,
        name="subscriptions_opml",
    ),
    path(
        "account/subscriptions/import",
        folder_views.subscriptions_import,
        name="subscriptions_import",
    ),
    path("account/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/reset/sent/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The installable app.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    # AI: entity pages, "ask this article / this story".
    path("entity/<path:key>/", ai_views.entity_detail, name="entity"),
    path("a/<int:pk>/ask", ai_views.ask_article, name="ask_article"),
    path("story/<int:pk>/ask", ai_views.ask_story, name="ask_story"),
    path("a/<int:pk>/ask/stream", ai_views.ask_article_stream, name="ask_article_stream"),
    path("story/<int:pk>/ask/stream", ai_views.ask_story_stream, name="ask_story_stream"),
]
