from django.urls import path

from alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.mark_read, name="mark_read"),
    path("meldingen/voorkeuren/", views.preferences, name="preferences"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("volgen/", views.follow_create, name="follow"),
    path("volgen/<int:pk>/verwijderen/", views.follow_delete, name="unfollow"),
    path("feeds/<str:token>/", feeds.NotificationsFeed(), name="feed"),
    path("feeds/<str:token>/volg/<int:follow_id>/", feeds.NotificationsFeed(), name="follow_feed"),
    path("feeds/<str:token>/zoeken/", feeds.SearchFeed(), name="search_feed"),
]
