"""Every kind of notification the portal sends, with sample parameters.

The services store a notification's subject and body as gettext message ids
(the English text, marked with ``gettext_noop``) and its parameters; this list
names each combination they send, so that reviewers can preview every e-mail
in every language (the admin's preview page) without sending anything. A test
keeps it complete: every ``gettext_noop`` text in the code is here, as a
subject, a body, a digest line or a parameter label.

It is also the one registry of what a member may choose (see ``preferences``):
each kind has a category (a group on the preferences page), whether it is
``mandatory`` (account and security messages: never switched off, no unsubscribe
link), whether it is ``urgent`` (sent at once even to a member who takes the daily
digest) and the channels it can reach. Variants of one occasion (a text with and
without a comment, say) share the ``preference`` of the kind that names it.
A notification is matched to its kind by its subject and body, so the services
that send them need not name it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from community_portal.core.formatting import month_param
from community_portal.core.messages import message_lines, translatable


class Channel(models.TextChoices):
    """Where a notification reaches a member. A channel added here (a member's own
    chat, say) appears on the preferences page for the kinds that list it."""

    EMAIL = "email", _("E-mail")
    INBOX = "inbox", _("Inbox")


# The groups of the preferences page, in their order.
CATEGORIES = {
    "account": _("Account and security"),
    "tiers": _("Tiers and certificates"),
    "community": _("Volunteering and mentorship"),
    "programs": _("Programs"),
    "partners": _("Partner program"),
    "stations": _("Stations and events"),
    "submissions": _("Submissions and points"),
    "reviewing": _("Reviewing"),
    "digest": _("Daily digest"),
}
# Shown to reviewers only: the rest of the members never receive them.
REVIEWER_CATEGORIES = {"reviewing"}

# The account e-mails django-allauth sends itself, outside the outbox: listed on the
# preferences page as mandatory, never carrying an unsubscribe link.
ACCOUNT_EMAILS = (
    _("Confirm your e-mail address (sign-up, a new address)"),
    _("Reset your password"),
    _("Your password or e-mail address was changed"),
)

DAILY_DIGEST_LINE = "- %(subject)s\n  %(link)s"

# Texts marked with gettext_noop that are parameters, not subjects or bodies.
PARAMETER_TEXTS = (
    "tier request",
    "certification application",
    "certificate renewal",
    "program application",
    "partner application",
    "station founding request",
    "submission to a campaign",
    "no comment",
    "(no comment)",
    DAILY_DIGEST_LINE,
    # Why a webhook endpoint was disabled (a line of its notification).
    "The endpoint answered 410 Gone.",
    "Every attempt failed for %(days)s days.",
    # Lines of the succession suggestion (stations/reminders.py).
    "- %(member)s, %(role)s: activity %(activity)s",
    "(none: the station has no deputy or committee member)",
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
    "months": 4,
    "lead": "Zhang Wei",
    "kind": translatable("tier request"),
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
    "reward": "Community T-shirt",
    "role": translatable("station lead"),
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
    category: str = ""
    # What the preferences page calls it; a variant (``preference`` set) has none.
    label: Promise | str = ""
    # The kind whose choices this one follows (its own id when empty).
    preference: str = ""
    # Account and security: delivered on every channel whatever the member chose.
    mandatory: bool = False
    # Sent at once, never held for the daily digest.
    urgent: bool = False
    channels: tuple[str, ...] = (Channel.EMAIL, Channel.INBOX)

    def sample_params(self) -> dict:
        return {**SAMPLE_PARAMS, "community": settings.COMMUNITY_NAME, **self.params}

    @property
    def preference_id(self) -> str:
        return self.preference or self.id


K = NotificationKind

KINDS = [
    # Members: accounts and tiers
    K(
        "members.welcome",
        "Welcome to %(community)s",
        "Your e-mail address is verified and your account is ready. Complete your "
        "profile, then look around: programs, stations and campaigns are waiting.",
        category="account",
        label=_("Welcome when your account is ready"),
        mandatory=True,
    ),
    K(
        "members.tier_changed",
        "Your tier is now: %(tier)s",
        "Your tier changed from %(before)s to %(tier)s. Reason: %(reason)s",
        category="account",
        label=_("Your tier changes (what your account may do)"),
        mandatory=True,
    ),
    K(
        "members.tier_requested",
        "%(member)s asks for the tier %(tier)s",
        "A tier request waits for a decision.",
        category="reviewing",
        label=_("A member asks for a tier"),
    ),
    K(
        "members.tier_request_declined",
        "Your request for the tier %(tier)s is declined",
        "Reason: %(reason)s",
        category="tiers",
        label=_("Your tier request is declined"),
    ),
    # Members: certifications
    K(
        "members.certification_applied",
        "%(member)s applies for %(level)s",
        "A certification application waits for its eligibility review.",
        category="reviewing",
        label=_("A member applies for a certification"),
    ),
    K(
        "members.certification_step",
        "Your application for %(level)s: %(step)s",
        "Next: %(state)s. %(comment)s",
        category="tiers",
        label=_("Your certification application moves on"),
    ),
    K(
        "members.certificate_issued",
        "Your certificate is issued: %(level)s",
        "Congratulations! Certificate %(number)s is on your profile; anyone can verify it "
        "by its number.",
        category="tiers",
        label=_("Your certificate is issued"),
    ),
    K(
        "members.certificate_renewal_asked",
        "%(member)s asks to renew %(level)s",
        "Certificate %(number)s is valid until %(date)s.",
        category="reviewing",
        label=_("A member asks to renew a certificate"),
    ),
    K(
        "members.certificate_renewed",
        "Your certificate %(level)s is renewed",
        "Certificate %(number)s is now valid until %(date)s.",
        category="tiers",
        label=_("Your certificate is renewed"),
    ),
    K(
        "members.certificate_revoked",
        "Your certificate %(level)s is revoked",
        "Certificate %(number)s is no longer valid. Reason: %(reason)s",
        category="tiers",
        label=_("Your certificate is revoked"),
    ),
    K(
        "members.certificate_expires_soon",
        "Your certificate %(level)s is valid until %(date)s",
        "Certificate %(number)s is valid until %(date)s. Ask for its renewal before then: "
        "reviewers can renew it only while it is valid.",
        category="tiers",
        label=_("Your certificate expires soon"),
        urgent=True,
    ),
    # Members: volunteering
    K(
        "members.volunteer_applied",
        "%(member)s applies to join %(group)s",
        "Please answer by %(date)s (7 working days).",
        category="community",
        label=_("Someone applies to a group you lead"),
    ),
    K(
        "members.volunteer_answered",
        "Your application to %(group)s: %(state)s",
        "Their message: %(answer)s",
        category="community",
        label=_("A group answers your application"),
    ),
    K(
        "members.volunteer_answer_overdue",
        "%(member)s is waiting for your answer: %(group)s",
        "%(member)s applied to join %(group)s on %(applied)s. The answer was due by %(date)s "
        "(7 working days). Please accept or decline the application.",
        category="community",
        label=_("An application to your group is still unanswered"),
    ),
    # Members: mentorship
    K(
        "members.mentorship_asked",
        "%(member)s asks you to be their mentor",
        "From %(start)s to %(end)s. Please accept or decline.",
        category="community",
        label=_("Someone asks you to be their mentor"),
    ),
    K(
        "members.mentorship_accepted",
        "%(mentor)s is your mentor",
        "Your mentorship runs from %(start)s to %(end)s.",
        category="community",
        label=_("A mentor accepts your ask"),
    ),
    K(
        "members.mentorship_declined",
        "%(mentor)s cannot mentor you in this slot",
        "Their message: %(message)s",
        category="community",
        label=_("A mentor declines your ask"),
    ),
    K(
        "members.mentorship_cancelled",
        "%(member)s cancelled their ask",
        category="community",
        label=_("A member cancels their ask for mentoring"),
    ),
    K(
        "members.mentorship_ended",
        "%(member)s ended your mentorship",
        "Their message: %(message)s",
        category="community",
        label=_("Your mentorship is ended"),
    ),
    # Programs
    K(
        "programs.named",
        "%(applicant)s named you in an application to %(program)s",
        "%(organization)s applies to %(program)s and names you as one of its community "
        "members. Open the application to confirm or decline.",
        category="programs",
        label=_("You are named in an application"),
    ),
    K(
        "programs.named_confirmed",
        "%(member)s confirmed being named for %(organization)s",
        category="programs",
        label=_("A member you named confirms"),
    ),
    K(
        "programs.named_declined",
        "%(member)s declined being named for %(organization)s",
        category="programs",
        label=_("A member you named declines"),
    ),
    K(
        "programs.application_submitted",
        "New application to review: %(organization)s for %(program)s",
        "%(applicant)s submitted it. Review it in the admin.",
        category="reviewing",
        label=_("A program application is submitted for review"),
    ),
    K(
        "programs.application_resubmitted",
        "Application resubmitted: %(organization)s for %(program)s",
        "%(applicant)s submitted it. Review it in the admin.",
        category="reviewing",
        preference="programs.application_submitted",
    ),
    K(
        "programs.application_in_review",
        "Your application for %(organization)s is in review",
        "A reviewer started reviewing your application to %(program)s.",
        category="programs",
        label=_("Your application is in review"),
    ),
    K(
        "programs.application_approved",
        "Approved: %(organization)s joins %(program)s",
        "The reviewers approved the application of %(organization)s. It now appears on the "
        "showcase.\n\nComment from the reviewers:\n%(comment)s",
        category="programs",
        label=_("Your application is approved"),
    ),
    K(
        "programs.application_rejected",
        "Not approved: %(organization)s for %(program)s",
        "The reviewers did not approve the application of %(organization)s to "
        "%(program)s.\n\nComment from the reviewers:\n%(comment)s",
        category="programs",
        label=_("Your application is not approved"),
    ),
    K(
        "programs.application_changes_requested",
        "Changes requested: %(organization)s for %(program)s",
        "The reviewers ask for changes before they decide. The applicant can edit the "
        "application and submit it again.\n\nComment from the reviewers:\n%(comment)s",
        category="programs",
        label=_("Changes are requested to your application"),
    ),
    K(
        "programs.application_withdrawn",
        "Withdrawn: %(organization)s for %(program)s",
        "%(applicant)s withdrew the application.",
        category="programs",
        label=_("An application is withdrawn"),
    ),
    K(
        "programs.application_withdrawn_for_reviewers",
        "Withdrawn: %(organization)s for %(program)s",
        "%(applicant)s withdrew the application; it needs no review.",
        category="reviewing",
        label=_("A program application is withdrawn"),
    ),
    K(
        "programs.participation_completed_letter",
        "Completed: %(organization)s in %(program)s",
        "The participation is complete. The community thanks you with a letter: "
        "open it to read and print it.\n\nComment from the reviewers:\n%(comment)s",
        category="programs",
        label=_("A participation is complete"),
    ),
    K(
        "programs.participation_completed",
        "Completed: %(organization)s in %(program)s",
        "The participation is complete.\n\nComment from the reviewers:\n%(comment)s",
        category="programs",
        preference="programs.participation_completed_letter",
    ),
    K(
        "programs.milestone",
        "New milestone for %(organization)s: %(milestone)s",
        "The maintainers recorded it on the showcase of %(program)s.",
        category="programs",
        label=_("A milestone is recorded for your organization"),
    ),
    K(
        "programs.applications_close_soon",
        "%(program)s: applications close on %(date)s",
        "You have a draft application to %(program)s. Applications close at the end of "
        "%(date)s; submit yours before then. It can be submitted once every field is filled "
        "in and enough of the members you named have confirmed.",
        category="programs",
        label=_("Applications close soon and you have a draft"),
        urgent=True,
    ),
    # Stations
    K(
        "stations.founding_requested",
        "New station founding request: %(name)s",
        "%(proposer)s asks to found the %(name)s station. Review it in the admin.",
        category="reviewing",
        label=_("A station founding request is submitted"),
    ),
    K(
        "stations.founded_with_comment",
        "Your station %(name)s is founded",
        "Your request was approved and you are the lead of the %(name)s station. "
        "Complete its page and plan its first event. The reviewers' comment: %(comment)s",
        category="stations",
        preference="stations.founded",
    ),
    K(
        "stations.founded",
        "Your station %(name)s is founded",
        "Your request was approved and you are the lead of the %(name)s station. "
        "Complete its page and plan its first event.",
        category="stations",
        label=_("Your station is founded"),
    ),
    K(
        "stations.founding_rejected",
        "Your request to found %(name)s was not approved",
        "The reviewers' answer: %(comment)s",
        category="stations",
        label=_("Your station founding request is not approved"),
    ),
    K(
        "stations.join_requested",
        "%(member)s asks to join %(station)s",
        "Accept or decline the request on the station's management page.",
        category="stations",
        label=_("A member asks to join your station"),
    ),
    K(
        "stations.join_accepted",
        "Welcome to the %(station)s station",
        "The station's answer: %(response)s",
        category="stations",
        label=_("A station accepts you"),
    ),
    K(
        "stations.join_declined",
        "Your request to join %(station)s was declined",
        "The station's answer: %(response)s",
        category="stations",
        label=_("A station declines your request"),
    ),
    K(
        "stations.deputy_appointed",
        "You are now a deputy lead of the %(station)s station",
        category="stations",
        label=_("Your role in a station changes"),
    ),
    K(
        "stations.committee_appointed",
        "You are now a committee member of the %(station)s station",
        category="stations",
        preference="stations.deputy_appointed",
    ),
    K(
        "stations.deputy_removed",
        "You are no longer a deputy lead of the %(station)s station",
        category="stations",
        preference="stations.deputy_appointed",
    ),
    K(
        "stations.committee_removed",
        "You are no longer a committee member of the %(station)s station",
        category="stations",
        preference="stations.deputy_appointed",
    ),
    K(
        "stations.lead_handed_over",
        "You are now the lead of the %(station)s station",
        "You run its page, its members and its events from now on.",
        category="stations",
        preference="stations.deputy_appointed",
    ),
    K(
        "stations.lead_changed",
        "%(member)s is now the lead of the %(station)s station",
        category="stations",
        label=_("Your station has a new lead"),
    ),
    K(
        "stations.event_changed",
        "%(event)s has changed",
        "The organizers of %(station)s changed the event. It now starts on %(starts)s. "
        "Check the time and place before you go.",
        category="stations",
        label=_("An event you registered for changes"),
        urgent=True,
    ),
    K(
        "stations.event_cancelled",
        "%(event)s is cancelled",
        "The organizers of %(station)s cancelled the event: %(reason)s",
        category="stations",
        label=_("An event you registered for is cancelled"),
        urgent=True,
    ),
    K(
        "stations.seat_opened",
        "A seat opened up: you are registered for %(event)s",
        "You were on the waiting list and now hold a seat at %(event)s on %(starts)s. If you "
        "can no longer come, cancel so the next person gets it.",
        category="stations",
        label=_("A seat opens up for you at an event"),
        urgent=True,
    ),
    K(
        "stations.event_reminder",
        "Reminder: %(event)s starts on %(starts)s",
        "You have a seat at %(event)s of %(station)s, starting on %(starts)s (%(timezone)s).\n"
        "Where: %(place)s\n\nIf you cannot come, cancel your registration so that someone on "
        "the waiting list gets your seat.",
        category="stations",
        label=_("A reminder the day before an event"),
        urgent=True,
    ),
    K(
        "stations.event_feedback",
        "How was %(event)s?",
        "Thank you for coming to %(event)s of %(station)s. Three short questions help the "
        "organizers plan the next one: a rating from 1 to 5, what was good and what to improve. "
        "Your answers are shown without your name.",
        category="stations",
        label=_("A request for feedback after an event you attended"),
    ),
    # Submissions and points
    K(
        "submissions.submitted",
        "New submission to %(campaign)s: %(title)s",
        "%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s.",
        category="reviewing",
        label=_("A submission is sent for review"),
    ),
    K(
        "submissions.resubmitted",
        "Submission updated for review: %(title)s",
        "%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s.",
        category="reviewing",
        preference="submissions.submitted",
    ),
    K(
        "submissions.selected_with_points",
        "“%(title)s” was selected: +%(points)s points",
        "Your submission to %(campaign)s was selected and %(points)s points were added "
        "to your account (%(rule)s).\n\nComment from the reviewer: %(comment)s",
        category="submissions",
        label=_("Your submission is selected"),
    ),
    K(
        "submissions.selected",
        "“%(title)s” was selected",
        "Your submission to %(campaign)s was selected. No reward rule of the campaign "
        "applied on the day of the selection, so it earned no points.\n\n"
        "Comment from the reviewer: %(comment)s",
        category="submissions",
        preference="submissions.selected_with_points",
    ),
    K(
        "webhooks.endpoint_disabled",
        "Webhook endpoint disabled: %(endpoint)s",
        "The portal stopped sending webhooks to %(endpoint)s (%(host)s). %(reason)s "
        "Nothing is lost: the messages wait, and are sent once you activate the endpoint "
        "again in the admin.",
        category="account",
        label=_("A webhook endpoint you own was disabled"),
        mandatory=True,
        urgent=True,
        params={
            "endpoint": "Shop",
            "host": "shop.example.org",
            "reason": "Every attempt failed for 3 days.",
        },
    ),
    K(
        "integrations.draft_found",
        "Confirm your submission to %(campaign)s",
        "We found “%(title)s” (%(channel)s). It counts for %(campaign)s once you "
        "confirm it; or discard it.",
        category="submissions",
        label=_("A merged pull request or a forum topic of yours awaits your confirmation"),
    ),
    K(
        "submissions.not_selected",
        "“%(title)s” was not selected",
        "Your submission to %(campaign)s was not selected this time.\n\n"
        "Comment from the reviewer: %(comment)s",
        category="submissions",
        label=_("Your submission is not selected"),
    ),
    K(
        "submissions.changes_requested",
        "Changes requested for “%(title)s”",
        "A reviewer asks for changes to your submission to %(campaign)s before deciding:\n\n"
        "%(comment)s\n\nEdit it and send it back for review.",
        category="submissions",
        label=_("Changes are requested to your submission"),
    ),
    K(
        "submissions.campaign_ends_soon",
        "%(campaign)s ends on %(date)s",
        "You asked to be reminded: %(campaign)s accepts submissions until the end of %(date)s.",
        category="submissions",
        label=_("A campaign ends soon (you asked to be reminded)"),
        urgent=True,
    ),
    K(
        "submissions.campaign_ends_changes_awaited",
        "%(campaign)s ends on %(date)s: your changes are awaited",
        "A reviewer asked for changes to your submissions to %(campaign)s:\n%(submissions)s\n\n"
        "Edit them and send them back for review before the end of %(date)s.",
        category="submissions",
        label=_("A campaign ends soon and your changes are awaited"),
        urgent=True,
    ),
    K(
        "submissions.points_corrected",
        "A correction of %(amount)s points on your account",
        "An entry of your points history (%(original)s) was corrected: %(reason)s",
        category="submissions",
        label=_("Your points are corrected"),
    ),
    # The points store
    K(
        "store.order_placed",
        "Your order of %(reward)s is placed",
        "%(points)s points were taken from your balance. We will tell you when it is sent.",
        category="submissions",
        label=_("Your order in the points store is placed"),
    ),
    K(
        "store.order_shipped",
        "Your order of %(reward)s is on its way",
        "Comment: %(comment)s",
        category="submissions",
        label=_("Your order in the points store is on its way"),
    ),
    K(
        "store.order_cancelled",
        "Your order of %(reward)s is cancelled",
        "%(points)s points are back on your balance. Comment: %(comment)s",
        category="submissions",
        label=_("Your order in the points store is cancelled (points refunded)"),
        urgent=True,
    ),
    # Certificates of service (titles)
    K(
        "titles.term_ended_review",
        "A term of service ended: %(member)s, %(role)s (%(place)s)",
        "From %(start)s to %(end)s. A certificate of service is proposed for your review.",
        category="reviewing",
        label=_("A term of service ended: its certificate of service waits for review"),
    ),
    K(
        "titles.term_ended",
        "Thank you for your service as %(role)s (%(place)s)",
        "Your term ended on %(end)s. A certificate of service is proposed to the reviewers; "
        "we will tell you when it is issued.",
        category="tiers",
        label=_("Your term of service ended and its certificate is proposed"),
    ),
    K(
        "titles.certificate_requested",
        "%(member)s asks for a certificate of service",
        "%(role)s (%(place)s), from %(start)s to %(end)s.",
        category="reviewing",
        label=_("A member asks for a certificate of service"),
    ),
    K(
        "titles.certificate_issued",
        "Your certificate of service is issued: %(role)s (%(place)s)",
        "Certificate %(number)s attests your service from %(start)s to %(end)s; anyone "
        "can verify it by its number.",
        category="tiers",
        label=_("Your certificate of service is issued"),
    ),
    K(
        "titles.certificate_declined",
        "No certificate of service for %(role)s (%(place)s)",
        "The reviewers declined it: %(comment)s",
        category="tiers",
        label=_("Your request for a certificate of service is declined"),
    ),
    # The partner program
    K(
        "partners.applied",
        "%(organization)s applies to be a partner: %(level)s",
        "A partner application waits for qualification review.",
        params={"level": "Technical partner"},
        category="reviewing",
        label=_("An organization applies to the partner program"),
    ),
    K(
        "partners.evaluation_due",
        "Partner evaluation due: %(organization)s",
        "The term of %(organization)s (%(level)s) ends on %(date)s. Record its yearly "
        "evaluation in the admin, then decide: renew, change the level or end.",
        params={"level": "Technical partner"},
        category="reviewing",
        label=_("A partner's yearly evaluation is due before its term ends"),
    ),
    K(
        "partners.review_started",
        "Your partner application for %(organization)s is in review",
        "A reviewer is checking that %(organization)s qualifies as a partner at the "
        "level %(level)s. You will hear the decision.",
        params={"level": "Technical partner"},
        category="partners",
        label=_("Your partner application is in qualification review"),
    ),
    K(
        "partners.qualified",
        "%(organization)s qualifies as a partner: %(level)s",
        "The reviewers will send you the partnership agreement to sign. "
        "Comment from the reviewers: %(comment)s",
        params={"level": "Technical partner"},
        category="partners",
        label=_("Your organization qualifies: the agreement comes next"),
    ),
    K(
        "partners.rejected",
        "Your partner application for %(organization)s is declined",
        "Comment from the reviewers: %(comment)s",
        category="partners",
        label=_("Your partner application is declined"),
    ),
    K(
        "partners.active",
        "%(organization)s is now a partner: %(level)s",
        "The agreement was signed on %(date)s; its term ends on %(end)s. Your "
        "organization now appears on the partners page.",
        params={"level": "Technical partner"},
        category="partners",
        label=_("The agreement is signed: your organization is a partner"),
    ),
    K(
        "partners.renewed",
        "The partnership with %(organization)s is renewed",
        "It is renewed at the level %(level)s until %(end)s. "
        "Comment from the reviewers: %(comment)s",
        params={"level": "Technical partner"},
        category="partners",
        label=_("Your partnership is renewed, at its level or another"),
    ),
    K(
        "partners.level_changed",
        "The partnership with %(organization)s changes level",
        "It is renewed at the level %(level)s until %(end)s. "
        "Comment from the reviewers: %(comment)s",
        params={"level": "Strategic partner"},
        category="partners",
        preference="partners.renewed",
    ),
    K(
        "partners.ended",
        "The partnership with %(organization)s has ended",
        "Comment from the reviewers: %(comment)s",
        category="partners",
        label=_("Your partnership ends"),
        urgent=True,
    ),
    # Stars of the month and of the year, the essay competition (recognition)
    K(
        "recognition.star_of_month",
        "You are a star of the month: %(month)s",
        "The reviewers chose you as a star of %(month)s. Their citation:\n\n%(citation)s",
        params={
            "month": month_param(date(2025, 3, 1)),
            "citation": "Three chapters of the DBA tutorial.",
        },
        category="submissions",
        label=_("You are chosen as a star of the month"),
    ),
    K(
        "recognition.star_of_year",
        "You are a star of the year %(year)s",
        "The reviewers chose you, among the year's stars of the month, as a star of "
        "the year %(year)s. Their citation:\n\n%(citation)s",
        params={"year": 2025, "citation": "Twelve months of tutorial chapters."},
        category="submissions",
        label=_("You are chosen as a star of the year"),
    ),
    K(
        "recognition.essay_recommended",
        "“%(title)s” is recommended to the essay competition",
        "A reviewer sent your selected submission straight to the essay competition's "
        "judges (the green channel). Good luck!",
        category="submissions",
        label=_("Your submission is recommended to the essay competition"),
    ),
    K(
        "recognition.essay_for_judges",
        "For the essay competition: “%(title)s” by %(author)s",
        "A reviewer recommended this selected submission to the judges.",
        category="submissions",
        label=_("A submission is recommended to the essay competition (judges)"),
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
        category="reviewing",
        label=_("The daily digest of reviews waiting too long"),
        urgent=True,
    ),
    # What a member who takes the daily digest receives instead of the e-mails it
    # collects (they are in the inbox already).
    K(
        "notifications.daily_digest",
        "Your daily digest: %(count)s notifications",
        "What happened since your last digest:\n\n%(items)s\n\nChoose what reaches you, "
        "and how, in your notification settings: %(settings_link)s",
        params={
            "items": message_lines(
                [
                    (
                        DAILY_DIGEST_LINE,
                        {
                            "subject": message_lines(
                                [
                                    (
                                        "“%(title)s” was not selected",
                                        {"title": "Running openGemini on a Raspberry Pi"},
                                    )
                                ]
                            ),
                            "link": "https://portal.example.org/notifications/",
                        },
                    ),
                ]
            ),
            "settings_link": "https://portal.example.org/notifications/preferences/",
        },
        category="digest",
        label=_("The daily digest"),
        urgent=True,
        channels=(Channel.EMAIL,),
    ),
    K(
        "notifications.review_escalated",
        "Escalated: %(kind)s waiting %(days)s working days: %(title)s",
        "Waiting for a reviewer since %(date)s, twice the review deadline: %(kind)s "
        "“%(title)s”. Please decide it or ask a reviewer to.\n\n%(link)s",
        params={"days": 14},
        category="reviewing",
        label=_("A review waits twice its deadline (maintainers)"),
    ),
    K(
        "members.tier_suggested",
        "%(member)s is suggested for the tier %(tier)s",
        "A tier request suggested by the portal waits for a decision.",
        category="reviewing",
        label=_("A member is suggested for the next tier"),
    ),
    K(
        "members.tier_suggestion_started",
        "The reviewers are considering you for the tier %(tier)s",
        "Your activity meets what the tier %(tier)s asks for, so the portal suggested "
        "your promotion and a reviewer started it. You will hear the decision.",
        category="tiers",
        label=_("The reviewers consider you for the next tier"),
    ),
    K(
        "members.tier_qualified",
        "You meet what the tier %(tier)s asks for",
        "Your activity in the community meets every threshold of the tier %(tier)s. You can "
        "ask for the promotion on your tier page; reviewers also see you among the "
        "suggested promotions.",
        category="tiers",
        label=_("You meet what the next tier asks for"),
    ),
    # Station health
    K(
        "stations.quiet",
        "%(station)s has held no event for %(months)s months",
        "The last event of %(station)s was on %(date)s. Members come back for meetups: plan "
        "the next one on the station's management pages.",
        category="stations",
        label=_("Your station has held no event for months (leads and deputies)"),
    ),
    K(
        "stations.dormant_proposal",
        "Proposal: mark %(station)s dormant",
        "%(station)s has held no event since %(date)s, for %(months)s months. Mark it dormant "
        "with the action “Mark the selected stations dormant” in the station admin; its next "
        "event makes it active again.\n\n%(link)s",
        params={"months": 6},
        category="reviewing",
        label=_("A station is proposed for dormancy"),
    ),
    K(
        "stations.succession",
        "Succession suggested for %(station)s",
        "%(lead)s, the lead of %(station)s, has not been active in the community for "
        "%(months)s months. The deputies and committee members, the most active first:\n"
        "%(candidates)s\n\n%(link)s",
        params={
            "months": 6,
            "candidates": message_lines(
                [
                    (
                        "- %(member)s, %(role)s: activity %(activity)s",
                        {
                            "member": "Sofia Rossi",
                            "role": translatable("deputy lead", "station role"),
                            "activity": 12,
                        },
                    )
                ]
            ),
        },
        category="reviewing",
        label=_("Succession is suggested for a station"),
    ),
]

KINDS_BY_ID = {kind.id: kind for kind in KINDS}
_KINDS_BY_TEXT = {(kind.subject, kind.body): kind for kind in KINDS}


def kind_of(subject: str, body: str = "") -> NotificationKind | None:
    """The kind a notification with this subject and body is, if it is a listed one."""
    return _KINDS_BY_TEXT.get((subject, body))


def preference_kinds() -> list[NotificationKind]:
    """The kinds a member chooses about (variants follow them), by category."""
    order = list(CATEGORIES)
    # The daily digest is chosen on its own (and switched off by its link).
    chosen = [kind for kind in KINDS if not kind.preference and kind.category != "digest"]
    return sorted(chosen, key=lambda kind: order.index(kind.category))


def preference_kind(preference_id: str) -> NotificationKind | None:
    kind = KINDS_BY_ID.get(preference_id)
    return kind if kind is not None and not kind.preference else None
