from django.urls import path

from sessions import views

app_name = "sessions"

urlpatterns = [
    path("sessions/", views.caseload, name="list"),
    path("sessions/supervision/", views.supervision, name="supervision"),
    path("sessions/matches/<uuid:uuid>/", views.match_history, name="match"),
    path("sessions/matches/<uuid:uuid>/log/", views.log_session, name="log_new"),
    path("sessions/logs/<uuid:uuid>/", views.log_detail, name="log"),
    path("sessions/logs/<uuid:uuid>/correct/", views.log_correct, name="correct"),
    path("sessions/logs/<uuid:uuid>/addendum/", views.log_addendum, name="addendum"),
]
