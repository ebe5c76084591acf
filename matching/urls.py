from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("request/", views.request_create, name="request"),
    path("my/", views.my_page, name="my"),
    path("my/requests/<uuid:uuid>/withdraw/", views.request_withdraw_view, name="withdraw"),
    path("my/requests/<uuid:uuid>/different/", views.request_different_view, name="different"),
    path("my/requests/<uuid:uuid>/choose/", views.choose_view, name="choose"),
    path("my/matches/<uuid:uuid>/feedback/", views.feedback_view, name="feedback"),
    path("matching/queue/", views.queue, name="queue"),
    path("matching/bulk/<int:program_pk>/", views.bulk_view, name="bulk"),
    path("matching/queue/<uuid:uuid>/propose/", views.queue_propose, name="propose"),
    path("matching/queue/<uuid:uuid>/decline/", views.queue_decline, name="decline"),
    path("matches/", views.supporter_matches, name="supporter_matches"),
    path("matches/<uuid:uuid>/accept/", views.match_accept_view, name="accept"),
    path("matches/<uuid:uuid>/decline/", views.match_decline_view, name="supporter_decline"),
    path("matches/<uuid:uuid>/close/", views.match_close_view, name="close"),
    path("matches/<uuid:uuid>/pause/", views.match_pause_view, name="pause"),
    path("matches/<uuid:uuid>/plan/", views.plan_view, name="plan"),
]
