from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("request/", views.request_create, name="request"),
    path("my/", views.my_page, name="my"),
    path("my/requests/<uuid:uuid>/withdraw/", views.request_withdraw_view, name="withdraw"),
    path("matching/queue/", views.queue, name="queue"),
    path("matching/queue/<uuid:uuid>/propose/", views.queue_propose, name="propose"),
    path("matching/queue/<uuid:uuid>/decline/", views.queue_decline, name="decline"),
    path("matches/", views.supporter_matches, name="supporter_matches"),
    path("matches/<uuid:uuid>/accept/", views.match_accept_view, name="accept"),
    path("matches/<uuid:uuid>/decline/", views.match_decline_view, name="supporter_decline"),
]
