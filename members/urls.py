from django.urls import path

from members.views import certifications, mentorship, profiles, promotions, tiers, volunteering

app_name = "members"

urlpatterns = [
    # Profiles and the directory
    path("", profiles.directory, name="directory"),
    path("profile/", profiles.profile_edit, name="profile_edit"),
    path("search/", profiles.member_search, name="search"),
    path("people/<str:username>/", profiles.profile, name="profile"),
    # The member's own standing
    path("me/tier/", tiers.tier, name="tier"),
    path(
        "me/tier/requests/<int:pk>/withdraw/",
        tiers.tier_request_withdraw_view,
        name="tier_request_withdraw",
    ),
    path("me/certifications/", certifications.my_certifications, name="certifications"),
    # Reviewers: members who meet the next tier and have not asked
    path("promotions/", promotions.suggested_promotions, name="suggested_promotions"),
    path(
        "promotions/<str:username>/<str:level>/start/",
        promotions.suggested_promotion_start,
        name="suggested_promotion_start",
    ),
    path(
        "me/certifications/applications/<int:pk>/withdraw/",
        certifications.application_withdraw,
        name="certification_application_withdraw",
    ),
    path("me/mentorship/", mentorship.my_mentorship, name="mentorship"),
    # Certifications and public certificates
    path("certifications/", certifications.levels, name="certification_levels"),
    path("certifications/<slug:slug>/", certifications.level_detail, name="certification_level"),
    path("certifications/<slug:slug>/apply/", certifications.apply, name="certification_apply"),
    path("certificates/verify/", certifications.verify, name="certificate_verify"),
    path(
        "certificates/status/<int:list_number>.json",
        certifications.certificate_status_list,
        name="certificate_status_list",
    ),
    path(
        "certificates/status/<int:list_number>.jwt",
        certifications.certificate_status_list_jwt,
        name="certificate_status_list_jwt",
    ),
    path("certificates/<str:number>/", certifications.certificate, name="certificate"),
    path(
        "certificates/<str:number>/print/",
        certifications.certificate_print,
        name="certificate_print",
    ),
    path("certificates/<str:number>/qr.svg", certifications.certificate_qr, name="certificate_qr"),
    path(
        "certificates/<str:number>/credential.json",
        certifications.certificate_credential,
        name="certificate_credential",
    ),
    path(
        "certificates/<str:number>/credential.jwt",
        certifications.certificate_credential_jwt,
        name="certificate_credential_jwt",
    ),
    path(
        "certificates/<str:number>/renewal/",
        certifications.renewal_request,
        name="certificate_renewal",
    ),
    # Volunteer groups
    path("volunteer-groups/", volunteering.group_list, name="volunteer_groups"),
    path("volunteer-groups/overdue/", volunteering.overdue_view, name="volunteer_overdue"),
    path(
        "volunteer-groups/applications/<int:pk>/answer/",
        volunteering.application_answer,
        name="volunteer_application_answer",
    ),
    path(
        "volunteer-groups/applications/<int:pk>/withdraw/",
        volunteering.application_withdraw,
        name="volunteer_application_withdraw",
    ),
    path("volunteer-groups/<slug:slug>/", volunteering.group_detail, name="volunteer_group"),
    path(
        "volunteer-groups/<slug:slug>/applications/",
        volunteering.group_applications_view,
        name="volunteer_applications",
    ),
    # Mentorship
    path("mentors/", mentorship.mentor_list, name="mentors"),
    path("mentors/slots/<int:pk>/ask/", mentorship.ask, name="mentorship_ask"),
    path("me/mentorship/profile/", mentorship.mentor_profile_update, name="mentor_update"),
    path("me/mentorship/slots/", mentorship.slot_add, name="mentor_slot_add"),
    path("me/mentorship/slots/<int:pk>/close/", mentorship.slot_close, name="mentor_slot_close"),
    path("me/mentorship/<int:pk>/end/", mentorship.mentorship_end_view, name="mentorship_end"),
    path(
        "me/mentorship/<int:pk>/<str:action>/",
        mentorship.mentorship_action,
        name="mentorship_action",
    ),
]
