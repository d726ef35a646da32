from django.urls import path

from recognition import views

app_name = "recognition"

urlpatterns = [
    path("", views.hall_of_fame, name="hall"),
    path("<int:year>/", views.year, name="year"),
    path("essay-competition/", views.essays, name="essays"),
]
