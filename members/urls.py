from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
]
