from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("supporters/apply/", views.apply, name="apply"),
    path("supporters/me/", views.supporter_home, name="supporter_home"),
    path("supporters/me/edit/", views.supporter_edit, name="supporter_edit"),
    path("my/checkin/<int:enrollment_pk>/", views.checkin, name="checkin"),
]
