"""The store's pages: rewards on offer, a reward's order form, the member's orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, perform
from store import selectors, services
from store.errors import StoreError
from store.forms import CancelForm, OrderForm
from submissions import selectors as ledger_selectors

PAGE_SIZE = 24


def _balance(user) -> int | None:
    return ledger_selectors.points_balance(member=user) if user.is_authenticated else None


def reward_list(request):
    page = Paginator(selectors.rewards_on_offer(), PAGE_SIZE).get_page(request.GET.get("page"))
    taken = selectors.orders_taken(member=request.user, rewards=[r.pk for r in page.object_list])
    balance = _balance(request.user)
    rewards = [_offer(reward, balance, taken.get(reward.pk, 0)) for reward in page.object_list]
    return render(
        request, "store/reward_list.html", {"page": page, "rewards": rewards, "balance": balance}
    )


def _offer(reward, balance, taken):
    """What the page says of a reward for this member."""
    reward.taken = taken
    reward.left_for_member = max(reward.per_member_limit - taken, 0)
    reward.affordable = balance is not None and balance >= reward.price
    reward.can_order = reward.affordable and reward.stock > 0 and reward.left_for_member > 0
    return reward


def reward_detail(request, pk):
    reward = selectors.reward_for_viewer(pk=pk)
    if reward is None:
        raise Http404
    form = None
    if request.user.is_authenticated:
        data = request.POST if request.method == "POST" else None
        form = OrderForm(data, reward=reward)
        if request.method == "POST" and form.is_valid():
            try:
                order = services.order_place(
                    member=request.user,
                    reward=reward,
                    shipping_address=form.cleaned_data.get("shipping_address", ""),
                )
            except StoreError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your order is placed."))
                return redirect(order)
    elif request.method == "POST":
        return redirect(f"{_login_url()}?next={request.path}")
    balance = _balance(request.user)
    taken = selectors.orders_taken(member=request.user, rewards=[reward.pk]).get(reward.pk, 0)
    return render(
        request,
        "store/reward_detail.html",
        {"reward": _offer(reward, balance, taken), "form": form, "balance": balance},
    )


def _login_url():
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@login_required
def my_orders(request):
    page = Paginator(selectors.member_orders(member=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "store/my_orders.html", {"page": page})


@login_required
def order_detail(request, pk):
    may_ship = services.may_ship(request.user)
    order = selectors.order_for_viewer(pk=pk, user=request.user, may_ship=may_ship)
    if order is None:
        raise Http404
    return render(
        request,
        "store/order_detail.html",
        {
            "order": order,
            "history": order.transitions.select_related("actor"),
            "can_cancel": order.member_id == request.user.pk and order.state == "placed",
            "cancel_form": CancelForm(),
        },
    )


@login_required
@require_POST
def order_cancel(request, pk):
    order = selectors.order_for_viewer(pk=pk, user=request.user, may_ship=False)
    if order is None:
        raise Http404
    form = CancelForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    perform(
        request,
        lambda: services.order_cancel(order=order, actor=request.user, comment=comment),
        _("Your order is cancelled; the points are back on your balance."),
    )
    return redirect(order)
