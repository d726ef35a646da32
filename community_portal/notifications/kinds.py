"""Every kind of notification the portal sends, with sample parameters.

The services store a notification's subject and body as gettext message ids
(the English text, marked with ``gettext_noop``) and its parameters; this list
names each combination they send, so that reviewers can preview every e-mail
in every language (the admin's preview page) without sending anything. A test
keeps it complete: every ``gettext_noop`` text in the code is here, as a
subject, a body, a digest line or a parameter label.
"""

from dataclasses import dataclass, field

from django.conf import settings

from community_portal.core.messages import message_lines, translatable

# Texts marked with gettext_noop that are parameters, not subjects or bodies.
PARAMETER_TEXTS = (
    "tier request",
    "certification application",
    "certificate renewal",
    "program application",
    "station founding request",
    "submission to a campaign",
    "no comment",
    "(no comment)",
)

DIGEST_LINE = "- %(kind)s: %(title)s, waiting since %(date)s\n  %(link)s"
DIGEST_MORE = "…and %(count)s more in the admin."

# One value per placeholder name, for the preview: proper names stay as people wrote
# them; what the portal translates is a ``translatable`` label.
SAMPLE_PARAMS = {
    "actor": "Chen Jie",
    "amount": "-20",
    "answer": "Welcome! Our next call is on Thursday.",
    "applicant": "Lin Xiao",
    "applied": "2026-11-20",
    "author": "Wang Lei",
    "before": translatable("Contributor"),
    "campaign": "Cluster stories 2026",
    "channel": translatable("Blog post"),
    "comment": "Thank you, this is clear and well written.",
    "community": "Open Source Community",
    "count": 3,
    "date": "2026-12-31",
    "days": 7,
    "end": "2027-05-31",
    "event": "Shanghai meetup: time series at scale",
    "group": "Documentation translators",
    "level": "Certified Associate",
    "link": "https://portal.example.org/admin/",
    "member": "Sofia Rossi",
    "mentor": "Zhao Min",
    "message": "I can help with query tuning on Thursdays.",
    "milestone": "First production cluster",
    "name": "Hangzhou",
    "number": "DEMO-AAAA-VALI-D234",
    "organization": "Northwind Data",
    "original": "Article selected",
    "place": "Room 301, Innovation Center",
    "points": 20,
    "program": "Co-construction 2026",
    "proposer": "Lin Xiao",
    "reason": "The same link was already rewarded.",
    "response": "Welcome! See you at the next meetup.",
    "rule": "Article selected",
    "start": "2026-12-01",
    "starts": "2026-12-12 14:00",
    "state": translatable("approved"),
    "station": "Shanghai",
    "step": translatable("eligibility confirmed"),
    "submissions": "- Running openGemini on a Raspberry Pi",
    "tier": translatable("Core contributor"),
    "timezone": "Asia/Shanghai",
    "title": "Running openGemini on a Raspberry Pi",
}


@dataclass(frozen=True)
class NotificationKind:
    id: str
    subject: str
    body: str = ""
    # Parameters beyond SAMPLE_PARAMS (a digest's lines, say).
    params: dict = field(default_factory=dict)

    def sample_params(self) -> dict:
        return {**SAMPLE_PARAMS, "community": settings.COMMUNITY_NAME, **self.params}


K = NotificationKind

KINDS = [
    # Members: accounts and tiers
    K(
        "members.welcome",
        "Welcome to %(community)s",
        "Your e-mail address is verified and your account is ready. Complete your "
        "profile, then look around: programs, stations and campaigns are waiting.",
    ),
    K(
        "members.tier_changed",
        "Your tier is now: %(tier)s",
        "Your tier changed from %(before)s to %(tier)s. Reason: %(reason)s",
    ),
    K(
        "members.tier_requested",
        "%(member)s asks for the tier %(tier)s",
        "A tier request waits for a decision.",
    ),
    K(
        "members.tier_request_declined",
        "Your request for the tier %(tier)s is declined",
        "Reason: %(reason)s",
    ),
    # Members: certifications
    K(
        "members.certification_applied",
        "%(member)s applies for %(level)s",
        "A certification application waits for its eligibility review.",
    ),
    K(
        "members.certification_step",
        "Your application for %(level)s: %(step)s",
        "Next: %(state)s. %(comment)s",
    ),
    K(
        "members.certificate_issued",
        "Your certificate is issued: %(level)s",
        "Congratulations! Certificate %(number)s is on your profile; anyone can verify it "
        "by its number.",
    ),
    K(
        "members.certificate_renewal_asked",
        "%(member)s asks to renew %(level)s",
        "Certificate %(number)s is valid until %(date)s.",
    ),
    K(
        "members.certificate_renewed",
        "Your certificate %(level)s is renewed",
        "Certificate %(number)s is now valid until %(date)s.",
    ),
    K(
        "members.certificate_revoked",
        "Your certificate %(level)s is revoked",
        "Certificate %(number)s is no longer valid. Reason: %(reason)s",
    ),
    K(
        "members.certificate_expires_soon",
        "Your certificate %(level)s is valid until %(date)s",
        "Certificate %(number)s is valid until %(date)s. Ask for its renewal before then: "
        "reviewers can renew it only while it is valid.",
    ),
    # Members: volunteering
    K(
        "members.volunteer_applied",
        "%(member)s applies to join %(group)s",
        "Please answer by %(date)s (7 working days).",
    ),
    K(
        "members.volunteer_answered",
        "Your application to %(group)s: %(state)s",
        "Their message: %(answer)s",
    ),
    K(
        "members.volunteer_answer_overdue",
        "%(member)s is waiting for your answer: %(group)s",
        "%(member)s applied to join %(group)s on %(applied)s. The answer was due by %(date)s "
        "(7 working days). Please accept or decline the application.",
    ),
    # Members: mentorship
    K(
        "members.mentorship_asked",
        "%(member)s asks you to be their mentor",
        "From %(start)s to %(end)s. Please accept or decline.",
    ),
    K(
        "members.mentorship_accepted",
        "%(mentor)s is your mentor",
        "Your mentorship runs from %(start)s to %(end)s.",
    ),
    K(
        "members.mentorship_declined",
        "%(mentor)s cannot mentor you in this slot",
        "Their message: %(message)s",
    ),
    K("members.mentorship_cancelled", "%(member)s cancelled their ask"),
    K(
        "members.mentorship_ended",
        "%(member)s ended your mentorship",
        "Their message: %(message)s",
    ),
    # Programs
    K(
        "programs.named",
        "%(applicant)s named you in an application to %(program)s",
        "%(organization)s applies to %(program)s and names you as one of its community "
        "members. Open the application to confirm or decline.",
    ),
    K("programs.named_confirmed", "%(member)s confirmed being named for %(organization)s"),
    K("programs.named_declined", "%(member)s declined being named for %(organization)s"),
    K(
        "programs.application_submitted",
        "New application to review: %(organization)s for %(program)s",
        "%(applicant)s submitted it. Review it in the admin.",
    ),
    K(
        "programs.application_resubmitted",
        "Application resubmitted: %(organization)s for %(program)s",
        "%(applicant)s submitted it. Review it in the admin.",
    ),
    K(
        "programs.application_in_review",
        "Your application for %(organization)s is in review",
        "A reviewer started reviewing your application to %(program)s.",
    ),
    K(
        "programs.application_approved",
        "Approved: %(organization)s joins %(program)s",
        "The reviewers approved the application of %(organization)s. It now appears on the "
        "showcase.\n\nComment from the reviewers:\n%(comment)s",
    ),
    K(
        "programs.application_rejected",
        "Not approved: %(organization)s for %(program)s",
        "The reviewers did not approve the application of %(organization)s to "
        "%(program)s.\n\nComment from the reviewers:\n%(comment)s",
    ),
    K(
        "programs.application_changes_requested",
        "Changes requested: %(organization)s for %(program)s",
        "The reviewers ask for changes before they decide. The applicant can edit the "
        "application and submit it again.\n\nComment from the reviewers:\n%(comment)s",
    ),
    K(
        "programs.application_withdrawn",
        "Withdrawn: %(organization)s for %(program)s",
        "%(applicant)s withdrew the application.",
    ),
    K(
        "programs.application_withdrawn_for_reviewers",
        "Withdrawn: %(organization)s for %(program)s",
        "%(applicant)s withdrew the application; it needs no review.",
    ),
    K(
        "programs.participation_completed_letter",
        "Completed: %(organization)s in %(program)s",
        "The participation is complete. The community thanks you with a letter: "
        "open it to read and print it.\n\nComment from the reviewers:\n%(comment)s",
    ),
    K(
        "programs.participation_completed",
        "Completed: %(organization)s in %(program)s",
        "The participation is complete.\n\nComment from the reviewers:\n%(comment)s",
    ),
    K(
        "programs.milestone",
        "New milestone for %(organization)s: %(milestone)s",
        "The maintainers recorded it on the showcase of %(program)s.",
    ),
    K(
        "programs.applications_close_soon",
        "%(program)s: applications close on %(date)s",
        "You have a draft application to %(program)s. Applications close at the end of "
        "%(date)s; submit yours before then. It can be submitted once every field is filled "
        "in and enough of the members you named have confirmed.",
    ),
    # Stations
    K(
        "stations.founding_requested",
        "New station founding request: %(name)s",
        "%(proposer)s asks to found the %(name)s station. Review it in the admin.",
    ),
    K(
        "stations.founded_with_comment",
        "Your station %(name)s is founded",
        "Your request was approved and you are the lead of the %(name)s station. "
        "Complete its page and plan its first event. The reviewers' comment: %(comment)s",
    ),
    K(
        "stations.founded",
        "Your station %(name)s is founded",
        "Your request was approved and you are the lead of the %(name)s station. "
        "Complete its page and plan its first event.",
    ),
    K(
        "stations.founding_rejected",
        "Your request to found %(name)s was not approved",
        "The reviewers' answer: %(comment)s",
    ),
    K(
        "stations.join_requested",
        "%(member)s asks to join %(station)s",
        "Accept or decline the request on the station's management page.",
    ),
    K(
        "stations.join_accepted",
        "Welcome to the %(station)s station",
        "The station's answer: %(response)s",
    ),
    K(
        "stations.join_declined",
        "Your request to join %(station)s was declined",
        "The station's answer: %(response)s",
    ),
    K("stations.deputy_appointed", "You are now a deputy lead of the %(station)s station"),
    K("stations.committee_appointed", "You are now a committee member of the %(station)s station"),
    K("stations.deputy_removed", "You are no longer a deputy lead of the %(station)s station"),
    K(
        "stations.committee_removed",
        "You are no longer a committee member of the %(station)s station",
    ),
    K(
        "stations.lead_handed_over",
        "You are now the lead of the %(station)s station",
        "You run its page, its members and its events from now on.",
    ),
    K("stations.lead_changed", "%(member)s is now the lead of the %(station)s station"),
    K(
        "stations.event_changed",
        "%(event)s has changed",
        "The organizers of %(station)s changed the event. It now starts on %(starts)s. "
        "Check the time and place before you go.",
    ),
    K(
        "stations.event_cancelled",
        "%(event)s is cancelled",
        "The organizers of %(station)s cancelled the event: %(reason)s",
    ),
    K(
        "stations.seat_opened",
        "A seat opened up: you are registered for %(event)s",
        "You were on the waiting list and now hold a seat at %(event)s on %(starts)s. If you "
        "can no longer come, cancel so the next person gets it.",
    ),
    K(
        "stations.event_reminder",
        "Reminder: %(event)s starts on %(starts)s",
        "You have a seat at %(event)s of %(station)s, starting on %(starts)s (%(timezone)s).\n"
        "Where: %(place)s\n\nIf you cannot come, cancel your registration so that someone on "
        "the waiting list gets your seat.",
    ),
    K(
        "stations.event_feedback",
        "How was %(event)s?",
        "Thank you for coming to %(event)s of %(station)s. Three short questions help the "
        "organizers plan the next one: a rating from 1 to 5, what was good and what to improve. "
        "Your answers are shown without your name.",
    ),
    # Submissions and points
    K(
        "submissions.submitted",
        "New submission to %(campaign)s: %(title)s",
        "%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s.",
    ),
    K(
        "submissions.resubmitted",
        "Submission updated for review: %(title)s",
        "%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s.",
    ),
    K(
        "submissions.selected_with_points",
        "“%(title)s” was selected: +%(points)s points",
        "Your submission to %(campaign)s was selected and %(points)s points were added "
        "to your account (%(rule)s).\n\nComment from the reviewer: %(comment)s",
    ),
    K(
        "submissions.selected",
        "“%(title)s” was selected",
        "Your submission to %(campaign)s was selected. No reward rule of the campaign "
        "applied on the day of the selection, so it earned no points.\n\n"
        "Comment from the reviewer: %(comment)s",
    ),
    K(
        "submissions.not_selected",
        "“%(title)s” was not selected",
        "Your submission to %(campaign)s was not selected this time.\n\n"
        "Comment from the reviewer: %(comment)s",
    ),
    K(
        "submissions.changes_requested",
        "Changes requested for “%(title)s”",
        "A reviewer asks for changes to your submission to %(campaign)s before deciding:\n\n"
        "%(comment)s\n\nEdit it and send it back for review.",
    ),
    K(
        "submissions.campaign_ends_soon",
        "%(campaign)s ends on %(date)s",
        "You asked to be reminded: %(campaign)s accepts submissions until the end of %(date)s.",
    ),
    K(
        "submissions.campaign_ends_changes_awaited",
        "%(campaign)s ends on %(date)s: your changes are awaited",
        "A reviewer asked for changes to your submissions to %(campaign)s:\n%(submissions)s\n\n"
        "Edit them and send them back for review before the end of %(date)s.",
    ),
    K(
        "submissions.points_corrected",
        "A correction of %(amount)s points on your account",
        "An entry of your points history (%(original)s) was corrected: %(reason)s",
    ),
    # Reviewers
    K(
        "notifications.review_digest",
        "Reviews waiting longer than %(days)s working days: %(count)s",
        "These have waited longer than %(days)s working days for a reviewer, the oldest "
        "first:\n\n%(items)s",
        params={
            "items": message_lines(
                [
                    (
                        DIGEST_LINE,
                        {
                            "kind": translatable("tier request"),
                            "title": "Sofia Rossi → Core contributor",
                            "date": "2026-11-18",
                            "link": "https://portal.example.org/admin/members/tierrequest/1/",
                        },
                    ),
                    (DIGEST_MORE, {"count": 2}),
                ]
            )
        },
    ),
]

KINDS_BY_ID = {kind.id: kind for kind in KINDS}
