from django.urls import path

from titles import views

app_name = "titles"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("terms/<int:pk>/request/", views.request_for_term, name="request_for_term"),
    path("groups/<slug:slug>/request/", views.request_for_group, name="request_for_group"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
