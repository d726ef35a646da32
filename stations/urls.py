from django.urls import path

from stations import views

app_name = "stations"

manage = "<slug:slug>/manage/"
event = "<slug:slug>/events/<int:pk>/"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("found/", views.found, name="found"),
    # Two segments: no station slug can take it ("<slug>/" has one).
    path("events/mine/", views.my_events, name="my_events"),
    path("found/<int:pk>/withdraw/", views.founding_withdraw, name="founding_withdraw"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.station_feed, name="feed"),
    path("<slug:slug>/past-events/", views.past_events, name="past_events"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/join/withdraw/", views.join_withdraw, name="join_withdraw"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path(event, views.event_detail, name="event"),
    path(f"{event}calendar.ics", views.event_feed, name="event_feed"),
    path(f"{event}register/", views.register, name="register"),
    path(f"{event}cancel-registration/", views.cancel_registration, name="cancel_registration"),
    path(f"{event}feedback/", views.event_feedback, name="event_feedback"),
    path(manage, views.manage, name="manage"),
    path(f"{manage}page/", views.manage_page, name="manage_page"),
    path(f"{manage}roles/", views.manage_roles, name="manage_roles"),
    path(f"{manage}chat/", views.manage_chat, name="manage_chat"),
    path(f"{manage}roles/appoint/", views.role_appoint, name="role_appoint"),
    path(f"{manage}roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path(f"{manage}roles/hand-over/", views.lead_hand_over, name="lead_hand_over"),
    path(f"{manage}join-requests/", views.join_requests, name="join_requests"),
    path(f"{manage}join-requests/<int:pk>/", views.join_request_decide, name="join_request_decide"),
    path(f"{manage}events/new/", views.event_create, name="event_create"),
    path(f"{manage}events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(f"{manage}events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path(f"{manage}events/<int:pk>/check-in/", views.check_in, name="check_in"),
    path(f"{manage}events/<int:pk>/summary/", views.event_summary, name="event_summary"),
    path(f"{manage}events/<int:pk>/results/", views.event_results, name="event_results"),
    path(
        f"{manage}events/<int:pk>/check-in/<int:registration_pk>/",
        views.check_in_toggle,
        name="check_in_toggle",
    ),
]
