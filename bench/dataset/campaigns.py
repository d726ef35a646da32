"""Campaigns with their reward rule, submissions, the followers of the two campaigns
closing soon (the campaign-end reminder's burst) and the points ledger."""

from datetime import UTC, datetime, timedelta

from bench.dataset.rows import copy_rows, first_id, skewed
from bench.dataset.vocabulary import CHANNELS

# Synthetic awards point at submissions that are no longer there, far past the real ids:
# the ledger keeps an award whatever became of its source.
SYNTHETIC_SOURCE_OFFSET = 10**12


def load_campaigns(rng, count, ref_now) -> list[dict]:
    today = ref_now.date()
    first = first_id("submissions_campaign")
    first_rule = first_id("submissions_rewardrule")
    campaigns = []
    for n in range(count):
        if n >= count - 2:
            # Open now, closing in 5 days: the campaign-end reminder's burst.
            opens, closes = today - timedelta(days=90), today + timedelta(days=5)
        else:
            closes = today - timedelta(days=40 * (count - 2 - n) + 10)
            opens = closes - timedelta(days=90)
        campaigns.append(
            {
                "id": first + n,
                "slug": f"bench-campaign-{n + 1:02d}",
                "title": f"Community writing campaign {n + 1}",
                "opens_on": opens,
                "closes_on": closes,
                "rule_id": first_rule + n,
                "selected": 0,
            }
        )
    copy_rows(
        "submissions_campaign",
        [
            "id",
            "title",
            "slug",
            "summary",
            "description",
            "opens_on",
            "closes_on",
            "channels",
            "is_published",
            "created_at",
        ],
        (
            (
                c["id"],
                c["title"],
                c["slug"],
                "Write about the project and earn points.",
                "## What we look for\n\nArticles, pull requests and bug reports.",
                c["opens_on"],
                c["closes_on"],
                '["forum_post", "blog_post", "pull_request", "bug_report"]',
                True,
                datetime.combine(c["opens_on"], datetime.min.time(), UTC) - timedelta(days=7),
            )
            for c in campaigns
        ),
    )
    copy_rows(
        "submissions_rewardrule",
        [
            "id",
            "position",
            "name",
            "kind",
            "channels",
            "starts_on",
            "ends_on",
            "limit",
            "points",
            "multiplier",
            "min_points",
            "max_points",
            "campaign_id",
        ],
        (
            (
                c["rule_id"],
                0,
                "Selected content",
                "date_range",
                "[]",
                c["opens_on"],
                c["closes_on"],
                None,
                200,
                "1.00",
                None,
                None,
                c["id"],
            )
            for c in campaigns
        ),
    )
    return campaigns


def _window_moment(rng, campaign, ref_now) -> datetime:
    start = datetime.combine(campaign["opens_on"], datetime.min.time(), UTC)
    end = min(datetime.combine(campaign["closes_on"], datetime.max.time(), UTC), ref_now)
    return start + (end - start) * rng.random()


def load_submissions(rng, count, campaigns, active, ref_now, bench_member) -> list[tuple]:
    """Returns the selected submissions as (id, author id, selected_at).

    Each submission has its history as the review services write it: the step that
    submitted it and, once answered, the reviewer's step (the review-time charts
    read them)."""
    first = first_id("submissions_submission")
    steps = []
    closed_states = ["selected"] * 50 + ["rejected"] * 40 + ["withdrawn"] * 10
    open_states = ["submitted"] * 35 + ["changes_requested"] * 15 + ["selected"] * 30
    open_states += ["rejected"] * 15 + ["withdrawn"] * 5
    selected = []
    bench_share = min(50, max(2, count // 1000))

    def rows():
        for n in range(count):
            submission_id = first + n
            campaign = campaigns[n % len(campaigns)]
            is_open = campaign["closes_on"] >= ref_now.date()
            state = rng.choice(open_states if is_open else closed_states)
            author = bench_member.pk if n < bench_share else skewed(rng, active)
            submitted = _window_moment(rng, campaign, ref_now)
            decided = selected_at = rule = None
            steps.append((submission_id, author, "", "submitted", submitted))
            if state in ("selected", "rejected", "changes_requested"):
                decided = min(submitted + timedelta(days=rng.uniform(0.5, 6)), ref_now)
                steps.append((submission_id, None, "submitted", state, decided))
            if state == "selected":
                selected_at, rule = decided, campaign["rule_id"]
                campaign["selected"] += 1
                selected.append((submission_id, author, selected_at))
            yield (
                submission_id,
                f"Notes on running the database, part {n + 1}",
                CHANNELS[n % 4],
                f"https://example.org/posts/{submission_id}/",
                f"https://example.org/posts/{submission_id}",
                "What I learned, with examples.",
                state,
                submitted,
                submitted,
                decided,
                selected_at,
                author,
                campaign["id"],
                rule,
            )

    copy_rows(
        "submissions_submission",
        [
            "id",
            "title",
            "channel",
            "url",
            "url_key",
            "summary",
            "state",
            "created_at",
            "submitted_at",
            "decided_at",
            "selected_at",
            "author_id",
            "campaign_id",
            "reward_rule_id",
        ],
        rows(),
    )
    copy_rows(
        "submissions_submissiontransition",
        ["submission_id", "actor_id", "from_state", "to_state", "created_at", "comment"],
        ((*step, "") for step in steps),
    )
    return selected


def load_subscriptions(rng, recipients, closing, member_ids, ref_now) -> None:
    """``recipients`` (campaign, member) pairs following the two campaigns closing soon."""
    first = first_id("submissions_campaignsubscription")
    half = recipients // 2
    pairs = [(closing[0]["id"], m) for m in member_ids[:half]]
    pairs += [(closing[1]["id"], m) for m in member_ids[: recipients - half]]
    copy_rows(
        "submissions_campaignsubscription",
        ["id", "created_at", "campaign_id", "member_id"],
        (
            (first + n, ref_now - timedelta(days=rng.uniform(1, 60)), campaign_id, member_id)
            for n, (campaign_id, member_id) in enumerate(pairs)
        ),
    )


def load_ledger(rng, count, selected, active, bench_member_id, admin_id, source_type, ref_now):
    """Awards for the selected submissions, older awards to fill up to ``count`` (their
    submissions gone), and 2 % of them corrected by a reversing entry."""
    first = first_id("submissions_pointentry")
    reversals = count // 50
    synthetic = max(0, count - reversals - len(selected))
    awards = []  # (id, member, amount, source_id, created_at)
    next_id = first
    for submission_id, author, selected_at in selected:
        awards.append((next_id, author, 200, submission_id, selected_at))
        next_id += 1
    start = ref_now - timedelta(days=3 * 365)
    bench_share = min(300, max(5, count // 3000))
    month_start = (ref_now.replace(day=1) - timedelta(days=1)).replace(day=10)
    for n in range(synthetic):
        member = bench_member_id if n < bench_share else skewed(rng, active)
        # Denser towards now, as a growing community is.
        moment = start + (ref_now - start) * (rng.random() ** 0.6)
        if n < 3:
            # The bench member has a rank on the month's (and so the year's) board.
            moment = month_start + timedelta(days=rng.uniform(0, 9))
        awards.append(
            (
                next_id,
                member,
                rng.choice((10, 20, 50, 100, 200)),
                SYNTHETIC_SOURCE_OFFSET + n,
                moment,
            )
        )
        next_id += 1
    rows = [
        (
            award_id,
            amount,
            "Selected content" if source_id < SYNTHETIC_SOURCE_OFFSET else "Community contribution",
            source_id,
            moment,
            admin_id,
            member,
            None,
            source_type,
        )
        for award_id, member, amount, source_id, moment in awards
    ]
    for award_id, member, amount, source_id, moment in rng.sample(
        awards, min(reversals, len(awards))
    ):
        rows.append(
            (
                next_id,
                -amount,
                "Counted twice",
                source_id,
                min(moment + timedelta(days=1), ref_now),
                admin_id,
                member,
                award_id,
                source_type,
            )
        )
        next_id += 1
    copy_rows(
        "submissions_pointentry",
        [
            "id",
            "amount",
            "reason",
            "source_id",
            "created_at",
            "awarded_by_id",
            "member_id",
            "reverses_id",
            "source_type_id",
        ],
        rows,
    )
