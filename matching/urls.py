from django.urls import path

from matching.views import plan, queue, requests, supporter

app_name = "matching"

urlpatterns = [
    path("request/", requests.request_create, name="request"),
    path("my/", requests.my_page, name="my"),
    path("my/requests/<uuid:uuid>/withdraw/", requests.request_withdraw_view, name="withdraw"),
    path("my/requests/<uuid:uuid>/different/", requests.request_different_view, name="different"),
    path("my/requests/<uuid:uuid>/choose/", requests.choose_view, name="choose"),
    path("my/matches/<uuid:uuid>/feedback/", requests.feedback_view, name="feedback"),
    path("matching/queue/", queue.queue, name="queue"),
    path("matching/bulk/<int:program_pk>/", queue.bulk_view, name="bulk"),
    path("matching/queue/<uuid:uuid>/propose/", queue.queue_propose, name="propose"),
    path("matching/queue/<uuid:uuid>/decline/", queue.queue_decline, name="decline"),
    path("matches/", supporter.supporter_matches, name="supporter_matches"),
    path("matches/<uuid:uuid>/accept/", supporter.match_accept_view, name="accept"),
    path("matches/<uuid:uuid>/decline/", supporter.match_decline_view, name="supporter_decline"),
    path("matches/<uuid:uuid>/close/", supporter.match_close_view, name="close"),
    path("matches/<uuid:uuid>/pause/", supporter.match_pause_view, name="pause"),
    path("matches/<uuid:uuid>/plan/", plan.plan_view, name="plan"),
]
