from django.urls import path

from submissions import views

app_name = "submissions"

# Fixed paths first: campaign slugs may not take these names (a DB constraint).
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("leaderboard/<int:year>/", views.leaderboard, name="leaderboard_year"),
    path("leaderboard/<int:year>/<int:month>/", views.leaderboard, name="leaderboard_month"),
    path("points/", views.points, name="points"),
    path("mine/", views.my_submissions, name="mine"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:slug>/submit/", views.submission_create, name="submission_create"),
    path("<slug:slug>/follow/", views.campaign_subscribe, name="campaign_subscribe"),
    path("<slug:slug>/unfollow/", views.campaign_unsubscribe, name="campaign_unsubscribe"),
    path("<slug:slug>/acknowledgments/", views.acknowledgments, name="acknowledgments"),
    path(
        "<slug:slug>/acknowledgments.md",
        views.acknowledgments_markdown,
        name="acknowledgments_markdown",
    ),
]
