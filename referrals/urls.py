from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.queue, name="queue"),
    path("referrals/raise/<int:person_id>/", views.raise_referral, name="raise"),
    path("referrals/<uuid:uuid>/", views.detail, name="detail"),
    path("referrals/<uuid:uuid>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("referrals/<uuid:uuid>/accept/", views.accept, name="accept"),
    path("referrals/<uuid:uuid>/start/", views.start, name="start"),
    path("referrals/<uuid:uuid>/close/", views.close, name="close"),
    path("referrals/<uuid:uuid>/decline/", views.decline, name="decline"),
    path("referrals/<uuid:uuid>/notes/", views.note, name="note"),
    path("referrals/<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
]
