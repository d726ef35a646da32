from django.urls import path

from programs import views

app_name = "programs"

# Fixed paths come before "<slug>/": models.RESERVED_SLUGS keeps programs off them.
urlpatterns = [
    path("", views.program_list, name="list"),
    path("showcase/", views.showcase, name="showcase"),
    path("applications/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/answer/", views.named_member_answer, name="named_member_answer"),
    path("letters/<str:token>/", views.letter, name="letter"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/apply/", views.application_create, name="apply"),
]
